import type { CommandIo } from './io';

/** How a long command reports progress on stderr: `--progress json` lines, a terminal line, or nothing (`--quiet`). */
export interface ProgressOptions {
  progress?: 'json' | null;
  quiet?: boolean;
}

/** A line rewritten in place goes only to a terminal, and not with --quiet or --progress json. */
function toTerminal(options: ProgressOptions): boolean {
  return !options.quiet && options.progress !== 'json' && process.stderr.isTTY === true;
}

/**
 * A batch's progress on stderr: with --progress json one line per finished row; on a terminal (unless
 * --quiet) one line rewritten in place at most four times a second: rows done of total, rate, time left.
 */
export function batchProgress(
  total: number,
  options: ProgressOptions,
  io: CommandIo,
): ((row: number, runId: number | undefined) => void) & { end: () => void } {
  const started = Date.now();
  const terminal = toTerminal(options) && total > 1;
  let done = 0;
  let shown = 0;
  const line = () => {
    const elapsed = (Date.now() - started) / 1000;
    const rate = done / Math.max(elapsed, 1e-3);
    const left = rate > 0 ? Math.round((total - done) / rate) : 0;
    process.stderr.write(`\r${done}/${total} rows, ${rate.toFixed(1)} rows/s, ${left} s left   `);
  };
  const report = (row: number, runId: number | undefined) => {
    done++;
    if (options.progress === 'json')
      io.err(
        JSON.stringify({
          done,
          total,
          row,
          ...(runId === undefined ? {} : { runId }),
          elapsedMs: Date.now() - started,
        }),
      );
    else if (terminal && (Date.now() - shown > 250 || done === total)) {
      shown = Date.now();
      line();
    }
  };
  return Object.assign(report, { end: () => terminal && process.stderr.write('\n') });
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
