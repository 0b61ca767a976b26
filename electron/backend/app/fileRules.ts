import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import { invalidInput } from '../../../shared/contract/errors';

/** The audit file extension new audits are made with. */
export const AUDIT_EXTENSION = '.lwa';

/**
 * What an API call may open as an audit: an existing, non-empty file (SQLite's header is checked later),
 * or, to create one, a path with the audit extension where nothing exists yet. No other file is ever
 * turned into an audit.
 */
export function checkAuditTarget(path: string, create: boolean): void {
  const exists = existsSync(path);
  if (create) {
    if (exists)
      throw invalidInput(path, 'a new audit file', 'a file already there (open it instead, or choose another name)');
    if (extname(path) !== AUDIT_EXTENSION)
      throw invalidInput(
        path,
        `a new audit file named *${AUDIT_EXTENSION}`,
        `the extension "${extname(path) || '(none)'}"`,
      );
    return;
  }
  if (exists && statSync(path).size === 0)
    throw invalidInput(path, 'an audit file', 'an empty file (create a new audit instead)');
}

/**
 * Refuses to write over an existing file of another kind: a report only replaces a report, judged by the
 * first bytes of what is there.
 */
export function refuseOverwrite(path: string, kind: string, isKind: (head: string) => boolean): void {
  if (!existsSync(path)) return;
  if (!statSync(path).isFile()) throw invalidInput(path, `a file to write ${kind} to`, 'a folder');
  const head = Buffer.alloc(8);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, head, 0, 8, 0);
  } finally {
    closeSync(fd);
  }
  if (!isKind(head.toString('latin1')))
    throw invalidInput(path, `a new file, or ${kind} to replace`, 'an existing file of another kind (left as it was)');
}

/** Files a profile names (tokenizer vocabularies and tokenizer.json), to check before any is read. */
export function profileFiles(profile: {
  text?: { tokenizer?: { type: string; vocab?: unknown; file?: string; config?: string } };
}): string[] {
  const t = profile.text?.tokenizer;
  if (!t) return [];
  if (t.type === 'regex-vocab') return typeof t.vocab === 'string' && !t.vocab.startsWith('metadata:') ? [t.vocab] : [];
  if (t.type === 'huggingface' && t.file) return [t.file, ...(t.config ? [t.config] : [])];
  return [];
}
