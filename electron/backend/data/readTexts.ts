import { readFile } from 'node:fs/promises';
import { WorkbenchError, invalidInput } from '../../../shared/contract/errors';
import { LIMITS, quote } from '../../../shared/contract/limits';
import { decodeUtf8 } from './utf8';

/** Texts to explain, by row: JSON Lines with a `text` field (row = line), or a plain text file (row 0). */
export async function readTexts(path: string): Promise<{ texts: string[]; sha256Source: Buffer }> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      throw new WorkbenchError('not-found', `${path}: expected a text file or JSON Lines, found no such file`);
    throw invalidInput(path, 'a readable text file', (error as Error).message);
  }
  const text = decodeUtf8(bytes, path);
  if (!/\.(jsonl|ndjson)$/i.test(path)) {
    if (text.length > LIMITS.textCharacters)
      throw invalidInput(path, `a text of at most ${LIMITS.textCharacters} characters`, `${text.length}`);
    return { texts: [text], sha256Source: bytes };
  }
  const texts = text
    .split('\n')
    .map((line, i) => ({ line: line.trim(), i }))
    .filter(({ line }) => line.length > 0)
    .map(({ line, i }) => {
      let json: unknown;
      try {
        json = JSON.parse(line);
      } catch {
        throw invalidInput(`${path} line ${i + 1}`, 'a JSON object', 'text that is not JSON');
      }
      const value = (json as { text?: unknown })?.text;
      if (typeof value !== 'string')
        throw invalidInput(`${path} line ${i + 1}`, 'an object with a "text" string', quote(JSON.stringify(json)));
      if (value.length > LIMITS.textCharacters)
        throw invalidInput(
          `${path} line ${i + 1}`,
          `a text of at most ${LIMITS.textCharacters} characters`,
          `${value.length}`,
        );
      return value;
    });
  if (texts.length === 0) throw invalidInput(path, 'at least one line of JSON', 'an empty file');
  return { texts, sha256Source: bytes };
}
