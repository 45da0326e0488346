/**
 * Self time per function of a V8 .cpuprofile (`node --cpu-prof`, or profile/render.ts --save=DIR), the
 * summary every optimisation in ../README.md started from:
 *   node test/bench/profile/selfTime.mjs FILE.cpuprofile [TOP]
 * Idle time is listed but left out of the total the percentages are of.
 */
import { readFileSync } from 'node:fs';

const [file, top = '30'] = process.argv.slice(2);
if (!file) throw new Error('usage: selfTime.mjs FILE.cpuprofile [TOP]');
const profile = JSON.parse(readFileSync(file, 'utf8'));
const sampled = new Map();
for (const [i, id] of profile.samples.entries()) {
  sampled.set(id, (sampled.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
}
const selfMs = new Map();
let busyMs = 0;
for (const node of profile.nodes) {
  const ms = (sampled.get(node.id) ?? 0) / 1000;
  const frame = node.callFrame;
  const key = `${frame.functionName || '(anonymous)'} ${frame.url.split('/').slice(-2).join('/')}:${frame.lineNumber}`;
  selfMs.set(key, (selfMs.get(key) ?? 0) + ms);
  if (frame.functionName !== '(idle)') busyMs += ms;
}
console.log(`busy ${busyMs.toFixed(0)} ms`);
for (const [key, ms] of [...selfMs].sort((a, b) => b[1] - a[1]).slice(0, Number(top))) {
  console.log(`${ms.toFixed(0).padStart(7)} ms ${((100 * ms) / busyMs).toFixed(1).padStart(5)}%  ${key}`);
}
