import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** How many audits the recent list keeps. */
const KEEP = 10;

export interface RecentAudits {
  /** The audits that still exist, most recent first. */
  paths: string[];
  /** Listed audits that no longer exist: dropped from the list (and the file) now. */
  dropped: string[];
}

const listFile = (dataDir: string) => join(dataDir, 'recent-audits.json');

/**
 * The recent-audits list kept in the user-data folder. An audit that no longer exists is dropped (and the
 * caller told, to say so); an unreadable or malformed list counts as empty rather than stopping the app.
 */
export function readRecentAudits(dataDir: string, exists: (path: string) => boolean = existsSync): RecentAudits {
  let listed: string[] = [];
  try {
    const parsed: unknown = JSON.parse(readFileSync(listFile(dataDir), 'utf8'));
    if (Array.isArray(parsed)) listed = parsed.filter((p): p is string => typeof p === 'string');
  } catch {
    // missing or not a JSON list: no recent audits
  }
  const paths = listed.filter((p) => exists(p));
  const dropped = listed.filter((p) => !paths.includes(p));
  if (dropped.length) write(dataDir, paths);
  return { paths, dropped };
}

/** Puts `path` first in the recent list; returns the list. */
export function rememberAudit(dataDir: string, path: string): string[] {
  const paths = [path, ...readRecentAudits(dataDir).paths.filter((p) => p !== path)].slice(0, KEEP);
  write(dataDir, paths);
  return paths;
}

/** Written whole through a temporary file, so a crash never leaves half a list. */
function write(dataDir: string, paths: string[]): void {
  mkdirSync(dataDir, { recursive: true });
  const file = listFile(dataDir);
  writeFileSync(`${file}.tmp`, JSON.stringify(paths, null, 1));
  renameSync(`${file}.tmp`, file);
}
