import { join } from 'node:path';

export interface NativeBindingChoice {
  /** Passed to the worker as better-sqlite3's `nativeBinding`; null = better-sqlite3's own lookup. */
  path: string | null;
  /** Why the desktop app may fail to open the database, in plain words, when known in advance. */
  problem: string | null;
}

/**
 * better-sqlite3 compiled for Electron's ABI (architecture §9). node_modules keeps the plain-Node build
 * so tests and the CLI work; the desktop app uses its own copy:
 * - development: build/native/electron/better_sqlite3.node, built against Electron's headers
 *   (e.g. `npx @electron/rebuild -o better-sqlite3` into that folder);
 * - packaged: electron-builder rebuilt node_modules for Electron and unpacked it from the asar, so the
 *   file sits under process.resourcesPath (a copy under resources/native/ wins if one is shipped).
 */
export function chooseNativeBinding(options: {
  isPackaged: boolean;
  appPath: string;
  resourcesPath: string;
  exists: (path: string) => boolean;
}): NativeBindingChoice {
  if (options.isPackaged) {
    const candidates = [
      join(options.resourcesPath, 'native', 'better_sqlite3.node'),
      join(
        options.resourcesPath,
        'app.asar.unpacked',
        'node_modules',
        'better-sqlite3',
        'build',
        'Release',
        'better_sqlite3.node',
      ),
    ];
    return { path: candidates.find((candidate) => options.exists(candidate)) ?? null, problem: null };
  }
  const devBuild = join(options.appPath, 'build', 'native', 'electron', 'better_sqlite3.node');
  if (options.exists(devBuild)) return { path: devBuild, problem: null };
  return {
    path: null,
    problem:
      `better-sqlite3 has not been built for Electron (${devBuild} is missing), so the database may not open. ` +
      'Build it against Electron into build/native/electron/ (see docs/architecture.md §9).',
  };
}
