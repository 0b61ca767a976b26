import { readFile } from 'node:fs/promises';
import { WorkbenchError, invalidInput } from '../../../shared/contract/errors';
import { describeIssues, profileOverrideSchema, type ProfileOverride } from '../../../shared/contract/profileSchema';

/** Reads and validates a model profile file (CLI.md "Model profile"). */
export async function readProfileFile(path: string): Promise<ProfileOverride> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new WorkbenchError('not-found', `${path}: expected a model profile (JSON), found no such file`);
    throw invalidInput(path, 'a readable model profile', (error as Error).message);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw invalidInput(path, 'a model profile in JSON', `invalid JSON (${(error as Error).message})`);
  }
  const parsed = profileOverrideSchema.safeParse(json);
  if (!parsed.success) throw invalidInput(path, 'a model profile (see CLI.md)', describeIssues(parsed.error));
  return parsed.data;
}
