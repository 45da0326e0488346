import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Temporary folders that vendor downloads are spooled into (an Amplitude export zip can be gigabytes).
 * A sync that ends cleans its folder up; a killed one (the app quit hard, the worker was terminated) cannot,
 * so every sync start sweeps the stale ones.
 *
 * Folder names carry the creating process id (`pulse-amplitude-<pid>-XXXXXX`) so a sweep leaves alone a
 * download that another running Pulse (a CLI sync beside the app) is still using.
 */
export const AMPLITUDE_DOWNLOADS = 'pulse-amplitude-';
const knownPrefixes = [AMPLITUDE_DOWNLOADS];

/** A download untouched this long belongs to no running sync (downloads write continuously; a parse of one zip takes minutes). */
export const STALE_AFTER_MS = 60 * 60 * 1000;
/** Past this, even a folder whose process id is alive again is swept: the id was reused by an unrelated process. */
export const HELD_AT_MOST_MS = 24 * 60 * 60 * 1000;

/** Folders this thread created and has not finished with: never swept, whatever their age. */
const inUse = new Set<string>();

/** Creates a download folder under the OS temp directory; `release` (after removing it) ends its protection. */
export async function openDownloadFolder(prefix: string): Promise<{ dir: string; release(): void }> {
  const dir = await mkdtemp(join(tmpdir(), `${prefix}${process.pid}-`));
  inUse.add(dir);
  return { dir, release: () => void inUse.delete(dir) };
}

export interface SweepOptions {
  /** Default: the OS temp directory. */
  tempDir?: string;
  now?: number;
  staleAfterMs?: number;
}

/**
 * Removes download folders left by syncs that are no longer running: older than `staleAfterMs` by their
 * newest file, not open in this thread, and not created by another live process. Never throws (a folder
 * that cannot be read or removed is left for the next sweep); returns the folders removed.
 */
export async function sweepStaleDownloadFolders(options: SweepOptions = {}): Promise<string[]> {
  const tempDir = options.tempDir ?? tmpdir();
  const now = options.now ?? Date.now();
  const staleAfterMs = options.staleAfterMs ?? STALE_AFTER_MS;
  const names = await readdir(tempDir).catch(() => [] as string[]);
  const removed: string[] = [];
  for (const name of names) {
    const prefix = knownPrefixes.find((p) => name.startsWith(p));
    if (!prefix) continue;
    const dir = join(tempDir, name);
    if (inUse.has(dir)) continue;
    const touched = await lastTouched(dir);
    if (touched === null) continue;
    const age = now - touched;
    if (age < staleAfterMs) continue;
    const owner = ownerPid(name.slice(prefix.length));
    if (owner !== null && owner !== process.pid && isRunning(owner) && age < HELD_AT_MOST_MS) continue;
    try {
      await rm(dir, { recursive: true, force: true });
      removed.push(dir);
    } catch {
      // busy or not ours to remove: the next sweep tries again
    }
  }
  return removed;
}

/** Newest modification time of the folder and the files directly in it; null when it is not a readable folder. */
async function lastTouched(dir: string): Promise<number | null> {
  try {
    const folder = await stat(dir);
    if (!folder.isDirectory()) return null;
    let newest = folder.mtimeMs;
    for (const entry of await readdir(dir)) {
      const file = await stat(join(dir, entry)).catch(() => null);
      if (file && file.mtimeMs > newest) newest = file.mtimeMs;
    }
    return newest;
  } catch {
    return null;
  }
}

/** "<pid>-XXXXXX" → pid; folders named before ids were recorded have none. */
function ownerPid(rest: string): number | null {
  const match = /^(\d+)-/.exec(rest);
  return match ? Number(match[1]) : null;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
