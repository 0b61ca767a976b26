// Bundles the Node entry points (command line, explanation worker) into dist/ with esbuild.
// Dependencies stay external: native modules (onnxruntime-node, better-sqlite3) load from node_modules.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const started = Date.now();
await build({
  absWorkingDir: root,
  entryPoints: {
    'lime-workbench': 'electron/cli/main.ts',
    explainWorker: 'electron/backend/jobs/explainWorker.ts',
    // `--bench` adds the benchmark, which `npm run bench` runs from dist/.
    ...(process.argv.includes('--bench') ? { bench: 'test/bench/run.ts' } : {}),
  },
  outdir: 'dist',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  // Migrations ship inside the bundle as text.
  loader: { '.sql': 'text' },
  logLevel: 'warning',
});
// The desktop shell: main as ESM like the rest; the preload as one CommonJS file, as sandboxed preloads must be.
const shell = { absWorkingDir: root, bundle: true, platform: 'node', target: 'node20', sourcemap: 'linked', logLevel: 'warning', loader: { '.sql': 'text' } };
await build({ ...shell, entryPoints: { main: 'electron/main/main.ts' }, outdir: 'dist/electron', outExtension: { '.js': '.mjs' }, format: 'esm', packages: 'external' });
await build({ ...shell, entryPoints: { preload: 'electron/preload/preload.ts' }, outdir: 'dist/electron', outExtension: { '.js': '.cjs' }, format: 'cjs', external: ['electron'] });
if (!process.env.npm_lifecycle_event?.startsWith('pre')) console.error(`bundled dist/ in ${Date.now() - started} ms`);
