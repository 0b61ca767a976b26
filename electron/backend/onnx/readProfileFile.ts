import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { WorkbenchError, invalidInput } from '../../../shared/contract/errors';
import { parseJson } from '../data/parseJson';
import { describeIssues, profileOverrideSchema, type ProfileOverride } from '../../../shared/contract/profileSchema';

/** Reads and validates a model profile file (CLI.md "Model profile"). */
export async function readProfileFile(path: string): Promise<ProfileOverride> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      throw new WorkbenchError('not-found', `${path}: expected a model profile (JSON), found no such file`);
    throw invalidInput(
      path,
      'a readable model profile',
      `a file that cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
  const json = parseJson(text, path, 'a model profile in JSON');
  const parsed = profileOverrideSchema.safeParse(json);
  if (!parsed.success) throw invalidInput(path, 'a model profile (see CLI.md)', describeIssues(parsed.error));
  return resolvePaths(parsed.data, dirname(resolve(path)));
}

/** Paths inside a profile are relative to the profile file (CLI.md). */
function resolvePaths(profile: ProfileOverride, base: string): ProfileOverride {
  const tokenizer = profile.text?.tokenizer;
  if (!tokenizer) return profile;
  if (
    tokenizer.type === 'regex-vocab' &&
    typeof tokenizer.vocab === 'string' &&
    !tokenizer.vocab.startsWith('metadata:')
  ) {
    return {
      ...profile,
      text: { ...profile.text, tokenizer: { ...tokenizer, vocab: resolve(base, tokenizer.vocab) } },
    };
  }
  if (tokenizer.type === 'huggingface') {
    return {
      ...profile,
      text: {
        ...profile.text,
        tokenizer: {
          ...tokenizer,
          file: resolve(base, tokenizer.file),
          ...(tokenizer.config ? { config: resolve(base, tokenizer.config) } : {}),
        },
      },
    };
  }
  return profile;
}
