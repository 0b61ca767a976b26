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

export interface CliOptions {
  cwd?: string;
  /** Added to this process's environment. */
  env?: Record<string, string>;
  /** Node's own flags, before the command (e.g. --import a module hook). */
  nodeArgs?: string[];
}

/** Runs the real `lime-workbench` command as a separate process, from the repository root. */
export function cli(args: string[], options: CliOptions = {}): Promise<CliResult> {
  return runNode([...(options.nodeArgs ?? []), BIN, ...args], {
    cwd: options.cwd ?? ROOT,
    env: { ...process.env, ...options.env },
  });
}

/** Runs Node with these arguments in its own process, with exactly this environment; collects its output. */
export function runNode(args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}
