import { choiceFlag } from './args';
import type { CommandIo } from './io';

/** How a long command reports progress on stderr: `--progress json` lines, a terminal line, or nothing (`--quiet`). */
export interface ProgressOptions {
  progress?: 'json' | null;
  quiet?: boolean;
}

/** The flags every long command takes: `--progress json` and `--quiet`. */
export const PROGRESS_FLAGS = { progress: { type: 'string' }, quiet: { type: 'boolean' } } as const;

/** `--progress json` / `--quiet` → the options (any other --progress value is bad usage, named). */
export function progressOptions(f: { progress?: string; quiet?: boolean }): ProgressOptions {
  return {
    progress: f.progress === undefined ? null : choiceFlag('--progress', f.progress, ['json'] as const, 'json'),
    quiet: !!f.quiet,
  };
}

/** A line rewritten in place goes only to a terminal, and not with --quiet or --progress json. */
function toTerminal(options: ProgressOptions): boolean {
  return !options.quiet && options.progress !== 'json' && process.stderr.isTTY === true;
}

/** Progress as counts: told `done` of `total` (and what just finished, for the JSON line); `end` clears the terminal line. */
export type CountProgress = ((done: number, total: number, fields?: Record<string, unknown>) => void) & {
  end: () => void;
};

/**
 * A long command's progress on stderr: with --progress json one line per update ({done, total, …fields,
 * elapsedMs}); on a terminal (unless --quiet) one line rewritten in place at most four times a second: done
 * of total, rate, time left.
 * @param unit what is counted, for the terminal line ("rows", "runs")
 */
export function countProgress(options: ProgressOptions, io: CommandIo, unit = 'rows'): CountProgress {
  const started = Date.now();
  const terminal = toTerminal(options);
  let shown = 0;
  let drawn = false;
  const report = (done: number, total: number, fields: Record<string, unknown> = {}) => {
    if (options.progress === 'json')
      io.err(JSON.stringify({ done, total, ...fields, elapsedMs: Date.now() - started }));
    else if (terminal && total > 1 && (Date.now() - shown > 250 || done === total)) {
      shown = Date.now();
      drawn = true;
      const elapsed = (Date.now() - started) / 1000;
      const rate = done / Math.max(elapsed, 1e-3);
      const left = rate > 0 ? Math.round((total - done) / rate) : 0;
      process.stderr.write(`\r\x1b[K${done}/${total} ${unit}, ${rate.toFixed(1)} ${unit}/s, ${left} s left`);
    }
  };
  return Object.assign(report, { end: () => drawn && process.stderr.write('\n') });
}

/** A batch of rows: one update per finished row, naming it and the run it was saved as. */
export function batchProgress(
  total: number,
  options: ProgressOptions,
  io: CommandIo,
): ((row: number, runId: number | undefined) => void) & { end: () => void } {
  const progress = countProgress(options, io);
  let done = 0;
  const report = (row: number, runId: number | undefined) =>
    progress(++done, total, { row, ...(runId === undefined ? {} : { runId }) });
  return Object.assign(report, { end: progress.end });
}

/**
 * The checks of a long command as they begin: with --progress json one line each ({"step", "elapsedMs"}); on a
 * terminal one line rewritten in place, cleared at the end.
 */
export function stepProgress(
  command: string,
  options: ProgressOptions,
  io: CommandIo,
): ((step: string) => void) & { end: () => void } {
  const started = Date.now();
  const terminal = toTerminal(options);
  const report = (step: string) => {
    if (options.progress === 'json') io.err(JSON.stringify({ step, elapsedMs: Date.now() - started }));
    else if (terminal) process.stderr.write(`\r\x1b[K${command}: ${step}…`);
  };
  return Object.assign(report, { end: () => terminal && process.stderr.write('\r\x1b[K') });
}
