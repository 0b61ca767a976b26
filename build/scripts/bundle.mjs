// Bundles the Node entry points (command line, explanation worker, desktop main and preload) into dist/ with
// esbuild. Pure-JavaScript libraries are bundled in, so the installed app needs no node_modules for them and a
// worker started from app.asar.unpacked finds everything it imports; only what cannot be bundled stays external
// (see RUNTIME_EXTERNALS), and a test (test/package/bundleImports.test.ts) holds the bundles to that list.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { rmSync } from 'node:fs';
import { RUNTIME_EXTERNALS } from './runtimeExternals.mjs';
import { buildKernels } from './wasm.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const started = Date.now();
// The engine's WebAssembly kernels first: the bundles carry their bytes.
await buildKernels();
// Chunks are named by content hash: clear the old ones so dist/ holds only what the entries import.
rmSync(join(root, 'dist', 'chunks'), { recursive: true, force: true });
// CommonJS libraries bundled into an ES module still call require() for Node built-ins.
const requireShim =
  "import { createRequire as __limeCreateRequire } from 'node:module'; const require = __limeCreateRequire(import.meta.url);";
const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  // Migrations ship inside the bundle as text.
  loader: { '.sql': 'text' },
  logLevel: 'warning',
  external: RUNTIME_EXTERNALS,
};
const esm = { ...common, format: 'esm', outExtension: { '.js': '.mjs' }, banner: { js: requireShim } };
// The command line loads each command when it runs: split into chunks (dist/chunks), so `--help` loads no
// native module. The worker is one file of its own: the installed app starts it from app.asar.unpacked.
await build({
  ...esm,
  entryPoints: {
    'lime-workbench': 'electron/cli/main.ts',
    // `--bench` adds the benchmark, which `npm run bench` runs from dist/.
    ...(process.argv.includes('--bench') ? { bench: 'test/bench/run.ts' } : {}),
  },
  outdir: 'dist',
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
});
await build({ ...esm, entryPoints: { explainWorker: 'electron/backend/jobs/explainWorker.ts' }, outdir: 'dist' });
// The desktop shell: main as ESM like the rest; the preload as one CommonJS file, as sandboxed preloads must be.
await build({ ...esm, entryPoints: { main: 'electron/main/main.ts' }, outdir: 'dist/electron' });
await build({
  ...common,
  entryPoints: { preload: 'electron/preload/preload.ts' },
  outdir: 'dist/electron',
  outExtension: { '.js': '.cjs' },
  format: 'cjs',
});
if (!process.env.npm_lifecycle_event?.startsWith('pre')) console.error(`bundled dist/ in ${Date.now() - started} ms`);
