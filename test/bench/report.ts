import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { BIN } from '../support/cli';

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** 'met' or 'MISSED' against an upper bound. */
export const verdict = (value: number, target: number) => (value <= target ? 'met' : 'MISSED');

/** Prints the process's peak memory (KiB) on stderr as it exits. */
const REPORT_RSS = `data:text/javascript,${encodeURIComponent("process.on('exit', () => process.stderr.write('\\nmaxrss ' + process.resourceUsage().maxRSS + '\\n'));")}`;

export interface ShellRun {
  seconds: number;
  mib: number;
  /** The last run's exit status. */
  status: number | null;
}

/** A command's wall time and peak memory, each run a fresh process (medians). */
export function fromShell(args: string[], repeats: number): ShellRun {
  const runs = Array.from({ length: repeats }, () => {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, ['--import', REPORT_RSS, BIN, ...args], {
      encoding: 'utf8',
      maxBuffer: 64 << 20,
    });
    const wall = performance.now() - t0;
    const rss = Number(/maxrss (\d+)/.exec(r.stderr)?.[1] ?? NaN);
    return { wall, rss, status: r.status };
  });
  return {
    seconds: median(runs.map((r) => r.wall)) / 1000,
    mib: median(runs.map((r) => r.rss)) / 1024,
    status: runs[runs.length - 1].status,
  };
}
