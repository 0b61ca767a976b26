#!/usr/bin/env node
// The `lime-workbench` command: runs the bundle that `npm install` (prepare) and `npm run build` write.
import { existsSync } from 'node:fs';

const cli = new URL('../../dist/lime-workbench.mjs', import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write(
    'lime-workbench: the command line is not built yet (dist/lime-workbench.mjs is missing); run npm run build\n',
  );
  process.exit(1);
}
await import(cli.href);
