import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** vitest global setup: bundle dist/ once before any test file runs. */
export default function setup(): void {
  execFileSync(process.execPath, [fileURLToPath(new URL('./bundle.mjs', import.meta.url))], { stdio: 'inherit' });
}
