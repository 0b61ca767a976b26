import { WorkbenchError } from '../../../shared/contract/errors';
import type { AuditHead } from '../../../shared/domain/audit';
export { formatHead } from '../../../shared/domain/audit';
import type { Db } from './openAudit';

/** Parses `SEQ:HASH` from a flag; anything else is bad usage, named. */
export function parseHead(text: string, flag: string): AuditHead {
  const m = /^(\d{1,15}):([0-9a-f]{64})$/.exec(text.trim());
  if (!m)
    throw new WorkbenchError(
      'invalid-argument',
      `${flag}: expected SEQ:HASH (an entry number, a colon and 64 hex digits, as \`lime-workbench head\` prints), found "${text.slice(0, 80)}"`,
    );
  return { seq: Number(m[1]), hash: m[2] };
}

/**
 * Whether the chain holds the anchored entry at its position. An anchor taken earlier catches what the
 * file alone cannot: a log cut short (truncation) or the file replaced by an older copy (rollback).
 */
export function checkAnchor(
  db: Db,
  anchor: AuditHead,
): { found: boolean; entriesAfter: number; failure: string | null } {
  const entry = db.prepare('SELECT hash FROM audit_log WHERE seq = ?').get(anchor.seq) as { hash: string } | undefined;
  const { total, after } = db
    .prepare('SELECT count(*) AS total, coalesce(sum(seq > ?), 0) AS after FROM audit_log')
    .get(anchor.seq) as { total: number; after: number };
  const name = `anchor ${anchor.seq}:${anchor.hash.slice(0, 16)}…`;
  if (!entry)
    return {
      found: false,
      entriesAfter: 0,
      failure: `${name}: the audit log has ${total} entries and no entry ${anchor.seq}: it was truncated or rolled back to a copy older than the anchor`,
    };
  if (entry.hash !== anchor.hash)
    return {
      found: false,
      entriesAfter: after,
      failure: `${name}: entry ${anchor.seq} has hash ${entry.hash.slice(0, 16)}…: the history up to the anchor was rewritten, or the file replaced by a copy that diverged`,
    };
  return { found: true, entriesAfter: after, failure: null };
}
