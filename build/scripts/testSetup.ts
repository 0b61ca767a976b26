import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** vitest global setup: bundle dist/ (command line, worker) and build the renderer before any test runs. */
export default function setup(): void {
  execFileSync(process.execPath, [fileURLToPath(new URL('./bundle.mjs', import.meta.url))], { stdio: 'inherit' });
  const vite = fileURLToPath(new URL('../../node_modules/vite/bin/vite.js', import.meta.url));
  execFileSync(
    process.execPath,
    [vite, 'build', '--config', fileURLToPath(new URL('../vite.renderer.config.ts', import.meta.url))],
    { stdio: 'inherit' },
  );
}
