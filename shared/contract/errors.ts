/**
 * The closed set of error codes every API reply and command-line failure uses.
 * - invalid-argument: a call's arguments or flags are malformed
 * - invalid-input: a file or value given by the user is not what was expected (names input, expected, found)
 * - not-found: a file, run or model that does not exist
 * - unsupported: a valid request the workbench cannot do (yet)
 * - model-failed: the model itself failed or answered in an unexpected shape
 * - cancelled: the user cancelled a job
 * - internal: a bug
 */
export const ERROR_CODES = [
  'invalid-argument',
  'invalid-input',
  'not-found',
  'unsupported',
  'model-failed',
  'cancelled',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** An error meant for the user: its message names the input, what was expected and what was found. */
export class WorkbenchError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'WorkbenchError';
  }
}

/** Shorthand for the common case: a user input that is not what was expected. */
export function invalidInput(input: string, expected: string, found: string): WorkbenchError {
  return new WorkbenchError('invalid-input', `${input}: expected ${expected}, found ${found}`);
}

/** Whether an error is the user's to fix (command-line exit status 2) rather than a failure (1). */
export function isUserError(error: unknown): boolean {
  return (
    error instanceof WorkbenchError &&
    ['invalid-argument', 'invalid-input', 'not-found', 'unsupported'].includes(error.code)
  );
}

/** Names for a message: quoted, and cut after `max` with a count of the rest. */
export function nameList(names: readonly string[], max = 8): string {
  const shown = names
    .slice(0, max)
    .map((n) => `"${n}"`)
    .join(', ');
  return names.length > max ? `${shown} and ${names.length - max} more` : shown;
}
