#!/usr/bin/env node
// `npm test`: typecheck, lint, build (the e2e suite serves the built renderer), then every vitest
// project. Ends with one plain line "N passed, N failed, N skipped". With PULSE_REQUIRE_ALL=1 (CI),
// any skipped test fails the run: a green CI must mean every suite really ran.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';

const steps = [
  ['typecheck', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']],
  ['lint', 'npx', ['biome', 'check', '.']],
  ['build', 'npx', ['electron-vite', 'build']],
];
const only = process.argv.slice(2);
for (const [name, command, args] of steps) {
  if (only.includes('--tests-only')) break;
  console.log(`\n== ${name}`);
  const result = spawnSync(command, args, { stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`\n${name} failed (exit ${result.status}).`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
}

mkdirSync('test-results', { recursive: true });
console.log('\n== tests');
const vitestArgs = ['vitest', 'run', '--reporter=default', '--reporter=json', '--outputFile.json=test-results/vitest.json'];
const run = spawnSync('npx', [...vitestArgs, ...only.filter((a) => a !== '--tests-only')], { stdio: 'inherit' });

let passed = 0;
let failed = 0;
let skipped = 0;
try {
  const report = JSON.parse(readFileSync('test-results/vitest.json', 'utf8'));
  passed = report.numPassedTests;
  failed = report.numFailedTests + (report.numRuntimeErrorTestSuites ?? 0);
  skipped = report.numPendingTests + report.numTodoTests;
  if (report.numFailedTestSuites > 0 && failed === 0) failed = report.numFailedTestSuites;
} catch {
  failed = Math.max(1, failed);
}
if (process.env.PULSE_REQUIRE_ALL === '1' && skipped > 0) {
  console.error(`\nPULSE_REQUIRE_ALL=1 and ${skipped} test(s) were skipped: every suite must run in CI.`);
  failed += skipped;
}
console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(run.status === 0 && failed === 0 ? 0 : 1);
