import { homedir } from 'node:os';
import { join } from 'node:path';

/** Overrides the user-data folder of browser mode and the command line (tests, portable setups). */
export const DATA_DIR_ENV = 'LIME_WORKBENCH_DATA_DIR';

/**
 * Where browser mode and the command line keep what they write (the demo audit, recent audits, keys): the
 * platform's usual place for an application's data, never beside the code, which may be read-only once
 * installed. The desktop app uses Electron's `app.getPath('userData')` instead.
 * - `$LIME_WORKBENCH_DATA_DIR` when set;
 * - Linux and the rest: `$XDG_DATA_HOME/lime-workbench`, else `~/.local/share/lime-workbench`;
 * - Windows: `%APPDATA%\lime-workbench`; macOS: `~/Library/Application Support/lime-workbench`.
 */
export function userDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string {
  if (env[DATA_DIR_ENV]) return env[DATA_DIR_ENV];
  if (platform === 'win32') return join(env.APPDATA || join(home, 'AppData', 'Roaming'), 'lime-workbench');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'lime-workbench');
  return join(env.XDG_DATA_HOME || join(home, '.local', 'share'), 'lime-workbench');
}
