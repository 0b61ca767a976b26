import type Database from 'better-sqlite3-multiple-ciphers';
import { WorkbenchError } from '../../../shared/contract/errors';
import { sha256 } from './canonical';
import { MIGRATIONS, type Migration } from './migrations';

/** The schema version this build writes. */
export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;

/**
 * Brings a database to the latest schema: every pending migration in one IMMEDIATE transaction, with
 * `PRAGMA user_version` raised at the end, so a crash leaves the file at the old version, never between.
 * Two processes opening a new file at once serialise here; the second finds nothing left to do.
 * @param source names the file in errors
 */
export function migrate(db: Database.Database, source: string, migrations: readonly Migration[] = MIGRATIONS): void {
  const latest = migrations[migrations.length - 1].version;
  const refuseNewer = (current: number) => {
    if (current > latest) {
      throw new WorkbenchError(
        'invalid-input',
        `${source}: expected an audit file of schema version ${latest} or older, found version ${current}, written by a newer LIME Workbench`,
      );
    }
  };
  refuseNewer(userVersion(db));
  if (userVersion(db) === latest) return;
  db.transaction(() => {
    const current = userVersion(db);
    refuseNewer(current);
    for (const m of migrations) {
      if (m.version <= current) continue;
      db.exec(m.sql);
      // Prepared after the first migration has created the table.
      db.prepare('INSERT INTO schema_migrations (version, name, sha256, applied_at) VALUES (?, ?, ?, ?)').run(
        m.version,
        m.name,
        sha256(m.sql),
        new Date().toISOString(),
      );
    }
    // PRAGMA takes no bound parameters; `latest` is an integer from the code, never from input.
    db.pragma(`user_version = ${Math.trunc(latest)}`);
  }).immediate();
}

export function userVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}
