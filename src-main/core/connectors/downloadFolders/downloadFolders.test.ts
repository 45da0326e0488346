import { existsSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../../../test/support/tempDir';
import { AMPLITUDE_DOWNLOADS, HELD_AT_MOST_MS, openDownloadFolder, STALE_AFTER_MS, sweepStaleDownloadFolders } from './index';

const HOUR = 60 * 60 * 1000;
/** Above any pid_max: no process has it. */
const DEAD_PID = 99_999_999;
/** Our parent (the vitest runner): alive, and not this process. */
const LIVE_PID = process.ppid;

let temp: ReturnType<typeof makeTempDir>;
let savedTmp: string | undefined;
beforeEach(() => {
  temp = makeTempDir('pulse-download-sweep-test-');
  // openDownloadFolder creates under os.tmpdir(): point it at this test's folder
  savedTmp = process.env.TMPDIR;
  process.env.TMPDIR = temp.path;
});
afterEach(() => {
  if (savedTmp === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = savedTmp;
  temp.remove();
});

/** A download folder with a half-written zip, last touched `ageMs` ago. */
function folder(name: string, ageMs: number, fileAgeMs = ageMs): string {
  const dir = join(temp.path, name);
  mkdirSync(dir);
  const zip = join(dir, 'export.zip');
  writeFileSync(zip, 'PK partial');
  const fileAt = (Date.now() - fileAgeMs) / 1000;
  utimesSync(zip, fileAt, fileAt);
  const dirAt = (Date.now() - ageMs) / 1000;
  utimesSync(dir, dirAt, dirAt);
  return dir;
}
const sweep = () => sweepStaleDownloadFolders({ tempDir: temp.path });
const left = (...dirs: string[]) => dirs.filter((d) => existsSync(d)).map((d) => basename(d));

describe('sweeping stale download folders', () => {
  it('removes folders of dead syncs older than an hour, and only those', async () => {
    const killed = folder(`${AMPLITUDE_DOWNLOADS}${DEAD_PID}-aaaaaa`, 2 * HOUR);
    const legacy = folder(`${AMPLITUDE_DOWNLOADS}bbbbbb`, 3 * HOUR); // named before process ids were recorded
    const recent = folder(`${AMPLITUDE_DOWNLOADS}${DEAD_PID}-cccccc`, STALE_AFTER_MS - 5 * 60 * 1000);
    const stillWriting = folder(`${AMPLITUDE_DOWNLOADS}${DEAD_PID}-dddddd`, 5 * HOUR, 60 * 1000);
    const unrelated = folder('pulse-something-else-eeeeee', 5 * HOUR);
    const plainFile = join(temp.path, `${AMPLITUDE_DOWNLOADS}notes.txt`);
    writeFileSync(plainFile, 'not a folder');
    utimesSync(plainFile, 0, 0);

    const removed = await sweep();

    expect(removed.sort()).toEqual([killed, legacy].sort());
    expect(left(killed, legacy, recent, stillWriting, unrelated, plainFile)).toEqual([
      basename(recent),
      basename(stillWriting),
      basename(unrelated),
      basename(plainFile),
    ]);
  });

  it('leaves a download another running process holds, until a day has passed (its id was reused)', async () => {
    const held = folder(`${AMPLITUDE_DOWNLOADS}${LIVE_PID}-ffffff`, 5 * HOUR);
    expect(await sweep()).toEqual([]);
    expect(existsSync(held)).toBe(true);
    const ancient = folder(`${AMPLITUDE_DOWNLOADS}${LIVE_PID}-gggggg`, HELD_AT_MOST_MS + HOUR);
    expect(await sweep()).toEqual([ancient]);
    expect(existsSync(held)).toBe(true);
  });

  it('never removes a folder this thread still has open, however old; sweeps it once released', async () => {
    const { dir, release } = await openDownloadFolder(AMPLITUDE_DOWNLOADS);
    expect(dir.startsWith(join(temp.path, `${AMPLITUDE_DOWNLOADS}${process.pid}-`))).toBe(true);
    const longAgo = (Date.now() - 3 * HOUR) / 1000;
    utimesSync(dir, longAgo, longAgo);
    expect(await sweep()).toEqual([]);
    release();
    // our own pid but no longer open: a worker of this process that was terminated left it
    expect(await sweep()).toEqual([dir]);
  });

  it('copes with a temp directory that does not exist', async () => {
    expect(await sweepStaleDownloadFolders({ tempDir: join(tmpdir(), 'no-such-dir-for-pulse-sweep') })).toEqual([]);
  });
});
