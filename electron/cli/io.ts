/** Where a command writes: stdout gets only results, stderr everything else. */
export interface CommandIo {
  out(text: string): void;
  err(text: string): void;
  /** Aborted when the reader of stdout went away (`| head`): a batch stops between rows. */
  closed?: AbortSignal;
}

const stdoutClosed = new AbortController();

/** Marks stdout closed; returns false for any other error of the stream. */
export function onStdoutError(error: NodeJS.ErrnoException): boolean {
  if (error.code !== 'EPIPE') return false;
  stdoutClosed.abort();
  return true;
}

export const processIo: CommandIo = {
  out: (text) => void (stdoutClosed.signal.aborted || process.stdout.write(text.endsWith('\n') ? text : `${text}\n`)),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
  closed: stdoutClosed.signal,
};
