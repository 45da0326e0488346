import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export const productName = 'CSCX Pulse';

/**
 * The same folder Electron's app.getPath('userData') gives the desktop app, so the CLI and the app
 * share one workspace by default. --data-dir / PULSE_DATA_DIR override it.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', productName);
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), productName);
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), productName);
}

export function resolveDataDir(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (flag) return resolve(flag);
  if (env.PULSE_DATA_DIR) return resolve(env.PULSE_DATA_DIR);
  return defaultDataDir(env);
}

export function databasePathIn(dataDir: string): string {
  return join(dataDir, 'pulse.db');
}
