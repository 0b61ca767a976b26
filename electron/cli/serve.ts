import { existsSync } from 'node:fs';
import { dirname, join, resolve as resolvePath } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WorkbenchError } from '../../shared/contract/errors';
import { createBackend } from '../backend/app/createBackend';
import { demoAuditPath, demoMaterialDir, ensureDemoAudit } from '../backend/app/demoAudit';
import { DATA_DIR_ENV, userDataDir } from '../backend/app/userDataDir';
import { serveHttp } from '../backend/http/serveHttp';
import { confinedTo } from '../backend/app/pathPolicy';
import { intFlag, parseFlags, usage } from './args';
import type { CommandIo } from './io';

export const SERVE_HELP = `Usage: lime-workbench serve [--store FILE] [--port N] [--create] [--allow DIR ...]

Serves the workbench in a browser, on 127.0.0.1 only, with a random token in its address (printed).
Without --store it opens the bundled demo audit, built on first start in the user's data folder
($${DATA_DIR_ENV}, else $XDG_DATA_HOME/lime-workbench or ~/.local/share/lime-workbench).
--create makes FILE if missing. Stops on Ctrl-C.

The page may name, read and write files only under the folders given with --allow (repeatable; by
default the audit's folder and the current folder) and the user's data folder, symlinks followed; any
other path is refused without saying whether it exists.
`;

/** The repository (or installed package) root: the nearest folder above this bundle with a package.json. */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

export async function serveCommand(argv: string[], io: CommandIo): Promise<number> {
  const { values: f, positionals } = parseFlags('serve', argv, {
    store: { type: 'string' },
    port: { type: 'string' },
    create: { type: 'boolean' },
    allow: { type: 'string', multiple: true as const },
  });
  if (f.help) return (io.out(SERVE_HELP), 0);
  if (positionals.length) throw usage(`serve: expected no positional arguments, found ${positionals.join(' ')}`);
  const root = packageRoot();
  const dataDir = userDataDir();
  const store = f.store ? resolvePath(f.store) : demoAuditPath(dataDir);
  if (!f.store)
    await ensureDemoAudit(store, demoMaterialDir(root), (message, done, total) =>
      io.err(done > 0 && done < total ? `  ${done}/${total} ${message}` : message),
    );
  else if (!f.create && !existsSync(store))
    throw new WorkbenchError(
      'not-found',
      `--store ${f.store}: expected an audit file, found no such file (add --create to make a new audit there)`,
    );
  for (const dir of f.allow ?? [])
    if (!existsSync(dir))
      throw new WorkbenchError('not-found', `--allow ${dir}: expected a folder, found no such folder`);
  const allowed = [...(f.allow?.length ? f.allow : [dirname(store), process.cwd()]), dataDir];
  const backend = createBackend({
    storePath: store,
    create: f.create ?? false,
    workers: 1,
    warm: true,
    paths: confinedTo(allowed),
  });
  const served = await serveHttp({
    backend,
    rendererDir: join(root, 'dist', 'renderer'),
    port: f.port === undefined ? 0 : intFlag('--port', f.port, 0, 0, 65535),
  });
  io.err(
    `LIME Workbench is serving ${store} on 127.0.0.1 only, with access to ${allowed.join(', ')}. Open this address in a browser (Ctrl-C stops):`,
  );
  io.out(served.url);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await served.close();
  await backend.close();
  return 0;
}
