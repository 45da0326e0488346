import { join, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { workerScriptPath } from './workerScript';

describe('workerScriptPath', () => {
  it('runs the worker next to main in development', () => {
    const mainDir = join(sep, 'repo', 'out', 'main');
    expect(workerScriptPath(mainDir)).toBe(join(mainDir, 'worker.js'));
  });

  it('runs the unpacked copy when main sits inside app.asar', () => {
    const mainDir = join(sep, 'opt', 'CSCX Pulse', 'resources', 'app.asar', 'out', 'main');
    expect(workerScriptPath(mainDir)).toBe(
      join(sep, 'opt', 'CSCX Pulse', 'resources', 'app.asar.unpacked', 'out', 'main', 'worker.js'),
    );
  });
});
