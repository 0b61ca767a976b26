import { existsSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { userInfo } from 'node:os';
import Database from 'better-sqlite3';
import { WorkbenchError, invalidInput } from '../../../shared/contract/errors';
import type { AuditInfo } from '../../../shared/domain/audit';
import { TOOL_VERSION } from '../../../shared/version';
import { appendLog } from './auditLog';
import { checkSqliteFile } from './checkFile';
import { migrate } from './migrate';

export type Db = Database.Database;

export interface OpenAuditOptions {
  /** Create the file when it does not exist (default false: a missing file is an error). */
  create?: boolean;
  /** For a new audit; default: the file's name. */
  title?: string;
  purpose?: string;
  /** Who acts, for the audit log; default: the operating-system user. */
  actor?: string;
}

/** SQLite's busy timeout: the app and the command line may write the same file at once. */
const BUSY_TIMEOUT_MS = 10_000;

/**
 * Opens (or creates) an audit file: refuses a file that is not SQLite, is truncated, or was written by a
 * newer version, before anything is written to it; then WAL mode, foreign keys, a busy timeout, and the
 * pending migrations.
 */
export function openAudit(path: string, options: OpenAuditOptions = {}): Db {
  const exists = existsSync(path);
  if (!exists && !options.create) throw new WorkbenchError('not-found', `${path}: expected an audit file, found no such file`);
  if (exists) checkSqliteFile(path);
  let db: Db;
  try {
    db = new Database(path, { fileMustExist: exists, timeout: BUSY_TIMEOUT_MS });
  } catch (error) {
    throw invalidInput(path, 'an audit file SQLite can open', (error as Error).message);
  }
  try {
    if (exists) refuseForeign(db, path);
    db.pragma('journal_mode = WAL');
    // NORMAL in WAL mode: a killed process never loses a committed transaction; only a power cut may.
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    migrate(db, path);
    ensureAuditRow(db, options, path);
    return db;
  } catch (error) {
    db.close();
    if (error instanceof WorkbenchError) throw error;
    throw invalidInput(path, 'a readable audit file', `SQLite says: ${(error as Error).message}`);
  }
}

/** An SQLite file that holds tables but no audit schema belongs to something else: leave it alone. */
function refuseForeign(db: Db, path: string): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  const tables = (db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get() as { n: number }).n;
  if (version === 0 && tables > 0) throw invalidInput(path, 'a LIME Workbench audit file', `an SQLite database of something else (${tables} tables, no audit schema)`);
}

function ensureAuditRow(db: Db, options: OpenAuditOptions, path: string): void {
  if (db.prepare('SELECT 1 FROM audit WHERE id = 1').get()) return;
  db.transaction(() => {
    const created = db
      .prepare('INSERT OR IGNORE INTO audit (id, title, purpose, created_at, tool_version) VALUES (1, ?, ?, ?, ?)')
      .run(options.title ?? basename(path, extname(path)), options.purpose ?? '', new Date().toISOString(), TOOL_VERSION);
    if (created.changes === 1) appendLog(db, actorOf(options.actor), 'audit.created', 'audit', { title: options.title ?? basename(path, extname(path)), toolVersion: TOOL_VERSION });
  }).immediate();
}

export function readAuditInfo(db: Db): AuditInfo {
  const row = db.prepare('SELECT title, purpose, created_at, tool_version FROM audit WHERE id = 1').get() as { title: string; purpose: string; created_at: string; tool_version: string };
  return { title: row.title, purpose: row.purpose, createdAt: row.created_at, toolVersion: row.tool_version };
}

/** The named actor, or the operating-system user. */
export function actorOf(actor?: string): string {
  if (actor) return actor;
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}
