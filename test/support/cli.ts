import { spawn } from 'node:child_process';
import { join } from 'node:path';

import { ROOT } from './fixtures';

export { ROOT };
export const BIN = join(ROOT, 'build', 'bin', 'lime-workbench.mjs');

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real `lime-workbench` command as a separate process, from the repository root. */
export function cli(args: string[], options: { cwd?: string } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: options.cwd ?? ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}
