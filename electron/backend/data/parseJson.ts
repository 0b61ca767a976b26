import { invalidInput } from '../../../shared/contract/errors';

/**
 * JSON.parse for a file's text whose errors name the file and the position only: V8's own message quotes
 * the text, and a path pointed at someone else's file must not turn its first bytes into an error message.
 */
export function parseJson(text: string, path: string, expected: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const at = /position (\d+)/.exec((error as Error).message);
    let where = '';
    if (at) {
      const offset = Number(at[1]);
      const before = text.slice(0, offset);
      const line = before.split('\n').length;
      where = ` (line ${line}, column ${offset - before.lastIndexOf('\n')})`;
    }
    throw invalidInput(path, expected, `text that is not JSON${where}`);
  }
}
