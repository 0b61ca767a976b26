import { existsSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { userInfo } from 'node:os';
import Database from 'better-sqlite3-multiple-ciphers';
import { WorkbenchError, invalidInput } from '../../../shared/contract/errors';
import type { AuditInfo } from '../../../shared/domain/audit';
import { TOOL_VERSION } from '../../../shared/version';
import { appendLog } from './auditLog';
import { checkSqliteFile } from './checkFile';
import { migrate, SCHEMA_VERSION } from './migrate';
import { rowDigest } from './rowDigest';

export type Db = Database.Database;

export interface OpenAuditOptions {
  /** Create the file when it does not exist (default false: a missing file is an error). */
  create?: boolean;
  /** For a new audit; default: the file's name. */
  title?: string;
  purpose?: string;
  /** Who acts, for the audit log; default: the operating-system user. */
  actor?: string;
  /** For a new audit: every verdict must be signed with a reviewer's key. */
  requireSignatures?: boolean;
  /**
   * The passphrase of an encrypted audit (default: the session's, see useStorePassphrase). A new audit made
   * with one is encrypted as a whole — pages, write-ahead log and journal — by SQLite3 Multiple Ciphers.
   */
  passphrase?: string | null;
  /** For a new audit: more to record in its first log entry (a redacted copy names its source there). */
  createdDetails?: Record<string, unknown>;
}

/** The audit passphrase of this process (the command line asks once, for the --store it was given). */
let sessionPassphrase: string | null = null;

export function currentStorePassphrase(): string | null {
  return sessionPassphrase;
}

/** Sets the passphrase every audit opened from now on is unlocked with; never stored, never logged. */
export function useStorePassphrase(passphrase: string | null): void {
  sessionPassphrase = passphrase;
}

/**
 * Unlocks an encrypted audit (ChaCha20-Poly1305, SQLite3 Multiple Ciphers' default cipher, key derived from
 * the passphrase), or makes a new one encrypted; given as hex, so no passphrase needs quoting in SQL. Must
 * run before anything else touches the file.
 */
function unlock(db: Db, passphrase: string | null): void {
  if (passphrase) db.pragma(`hexkey='${Buffer.from(passphrase, 'utf8').toString('hex')}'`);
}

/** A file that does not open as SQLite under the passphrase given (or none): a wrong key, or not an audit. */
function lockedOrForeign(path: string, passphrase: string | null, error: unknown): WorkbenchError {
  if (!/not a database|file is encrypted/i.test((error as Error).message))
    return invalidInput(path, 'a readable audit file', `SQLite says: ${(error as Error).message}`);
  return passphrase
    ? invalidInput(
        path,
        "the audit's passphrase",
        'a wrong passphrase (or a file that is not an audit); the file is left as it was',
      )
    : invalidInput(
        path,
        'an audit file',
        'an encrypted or unreadable file: give its passphrase (--store-passphrase-file FILE, or the prompt)',
      );
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
  if (!exists && !options.create)
    throw new WorkbenchError('not-found', `${path}: expected an audit file, found no such file`);
  const passphrase = options.passphrase === undefined ? sessionPassphrase : options.passphrase;
  // An encrypted file's header is ciphertext: the plain-SQLite checks apply only without a passphrase.
  if (exists && !passphrase) checkSqliteFile(path);
  let db: Db;
  try {
    db = new Database(path, { fileMustExist: exists, timeout: BUSY_TIMEOUT_MS });
  } catch (error) {
    throw invalidInput(path, 'an audit file SQLite can open', (error as Error).message);
  }
  try {
    unlock(db, passphrase);
    if (exists) {
      try {
        refuseForeign(db, path);
      } catch (error) {
        if (error instanceof WorkbenchError) throw error;
        throw lockedOrForeign(path, passphrase, error);
      }
    }
    enableWal(db);
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

/**
 * Puts the file in WAL mode. Changing the journal mode needs the file to itself, and SQLite answers "database
 * is locked" at once, without its busy timeout, while another process holds it (measured: two processes
 * creating one new audit failed this way 13 times in 60); so it is retried, a few milliseconds apart, for as
 * long as that timeout. A file already in WAL mode needs no change and no lock.
 */
function enableWal(db: Db): void {
  const deadline = Date.now() + BUSY_TIMEOUT_MS;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    try {
      if (db.pragma('journal_mode', { simple: true }) !== 'wal') db.pragma('journal_mode = WAL');
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== 'SQLITE_BUSY' || Date.now() > deadline) throw error;
      Atomics.wait(pause, 0, 0, 5 + Math.random() * 20);
    }
  }
}

/** An SQLite file that holds tables but no audit schema belongs to something else: leave it alone. */
function refuseForeign(db: Db, path: string): void {
  // One statement, one snapshot: another process may be creating the schema right now.
  const { version, tables } = db
    .prepare(
      "SELECT (SELECT user_version FROM pragma_user_version) AS version, (SELECT count(*) FROM sqlite_master WHERE type = 'table') AS tables",
    )
    .get() as { version: number; tables: number };
  if (version === 0 && tables > 0)
    throw invalidInput(
      path,
      'a LIME Workbench audit file',
      `an SQLite database of something else (${tables} tables, no audit schema)`,
    );
}

/**
 * A new audit's row, recorded in the chain. An audit made before the row was chained (schema version 3
 * and older) has it recorded the first time it is opened for work, so from then on it cannot change
 * unnoticed; `verify` says which audits were chained late.
 */
function ensureAuditRow(db: Db, options: OpenAuditOptions, path: string): void {
  const exists = db.prepare('SELECT 1 FROM audit WHERE id = 1').get() !== undefined;
  if (exists && auditRowRecorded(db)) return;
  db.transaction(() => {
    if (db.prepare('SELECT 1 FROM audit WHERE id = 1').get()) {
      if (!auditRowRecorded(db))
        appendLog(db, actorOf(options.actor), 'audit.recorded', 'audit', {
          table: 'audit',
          id: 1,
          digest: rowDigest(db, 'audit', 1),
        });
      return;
    }
    const title = options.title ?? basename(path, extname(path));
    db.prepare(
      'INSERT INTO audit (id, title, purpose, created_at, tool_version, require_signatures) VALUES (1, ?, ?, ?, ?, ?)',
    ).run(title, options.purpose ?? '', new Date().toISOString(), TOOL_VERSION, options.requireSignatures ? 1 : 0);
    appendLog(db, actorOf(options.actor), 'audit.created', 'audit', {
      ...options.createdDetails,
      table: 'audit',
      id: 1,
      digest: rowDigest(db, 'audit', 1),
      title,
      toolVersion: TOOL_VERSION,
      requireSignatures: options.requireSignatures ?? false,
    });
  }).immediate();
}

function auditRowRecorded(db: Db): boolean {
  return (
    db
      .prepare(
        "SELECT 1 FROM audit_log WHERE subject = 'audit' AND json_extract(details_json, '$.table') = 'audit' LIMIT 1",
      )
      .get() !== undefined
  );
}

export function readAuditInfo(db: Db): AuditInfo {
  const row = db.prepare('SELECT * FROM audit WHERE id = 1').get() as
    | { title: string; purpose: string; created_at: string; tool_version: string; require_signatures?: number }
    | undefined;
  if (!row)
    throw new WorkbenchError(
      'invalid-input',
      'the audit file has no audit row (title, purpose): it was damaged; verify names what else changed',
    );
  return {
    title: row.title,
    purpose: row.purpose,
    createdAt: row.created_at,
    toolVersion: row.tool_version,
    requireSignatures: row.require_signatures === 1,
  };
}

/**
 * Opens an audit file to read it and nothing else (verify, head): read-only at the SQLite level, no
 * journal-mode change, no migration, so its bytes stay exactly as they were. Refuses a file of a newer
 * schema, or one that is not an audit.
 */
export function openAuditReadOnly(path: string, passphrase: string | null = sessionPassphrase): Db {
  if (!existsSync(path)) throw new WorkbenchError('not-found', `${path}: expected an audit file, found no such file`);
  if (!passphrase) checkSqliteFile(path);
  let db: Db;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
  } catch (error) {
    throw invalidInput(path, 'an audit file SQLite can open', (error as Error).message);
  }
  try {
    unlock(db, passphrase);
    let version: number;
    try {
      version = (db.prepare('SELECT user_version FROM pragma_user_version').get() as { user_version: number })
        .user_version;
      db.prepare('SELECT count(*) FROM sqlite_master').get();
    } catch (error) {
      throw lockedOrForeign(path, passphrase, error);
    }
    if (version === 0)
      throw invalidInput(path, 'a LIME Workbench audit file', 'an SQLite database without the audit schema');
    if (version > SCHEMA_VERSION)
      throw invalidInput(
        path,
        `an audit file of schema version ${SCHEMA_VERSION} or older`,
        `version ${version}, written by a newer LIME Workbench`,
      );
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
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
