import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { migrate, SCHEMA_VERSION, userVersion } from '../../../electron/backend/store/migrate';
import { MIGRATIONS } from '../../../electron/backend/store/migrations';
import { openAudit } from '../../../electron/backend/store/openAudit';
import { ROOT } from '../../support/cli';
import { tempDir } from '../../support/audit';

const SNAPSHOT = join(ROOT, 'electron/backend/store/schema.snapshot.sql');
const MIGRATION_DIR = join(ROOT, 'electron/backend/store/migrations');

/** The schema as SQLite stores it, one statement per object, in a stable order. */
function schemaOf(db: Database.Database): string {
  const rows = db
    .prepare('SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY type, name')
    .all() as { sql: string }[];
  return `${rows.map((r) => `${r.sql};`).join('\n\n')}\n`;
}

describe('migrations', () => {
  it('are one numbered file each, all listed, strictly increasing', () => {
    const files = readdirSync(MIGRATION_DIR)
      .filter((f) => f.endsWith('.sql'))
      .sort();
    expect(MIGRATIONS.map((m) => `${m.name}.sql`)).toEqual(files);
    MIGRATIONS.forEach((m, i) => {
      expect(m.name.startsWith(String(m.version).padStart(4, '0'))).toBe(true);
      if (i > 0) expect(m.version).toBeGreaterThan(MIGRATIONS[i - 1].version);
    });
  });

  it('produce exactly the committed schema snapshot (set UPDATE_SCHEMA_SNAPSHOT=1 to accept a reviewed change)', () => {
    const db = new Database(':memory:');
    migrate(db, 'memory');
    const schema = schemaOf(db);
    if (process.env.UPDATE_SCHEMA_SNAPSHOT) writeFileSync(SNAPSHOT, schema);
    expect(schema).toBe(readFileSync(SNAPSHOT, 'utf8'));
  });

  it.each(MIGRATIONS.map((m) => [m.name, m.version] as const))(
    '%s applies on the schema before it and records itself',
    (_, version) => {
      const db = new Database(':memory:');
      const before = MIGRATIONS.filter((m) => m.version < version);
      if (before.length > 0) migrate(db, 'memory', before);
      migrate(
        db,
        'memory',
        MIGRATIONS.filter((m) => m.version <= version),
      );
      expect(userVersion(db)).toBe(version);
      const recorded = db.prepare('SELECT version, sha256 FROM schema_migrations WHERE version = ?').get(version) as {
        sha256: string;
      };
      expect(recorded.sha256).toMatch(/^[0-9a-f]{64}$/);
    },
  );

  it('sets WAL, foreign keys, STRICT tables and the current user_version on a new audit file', () => {
    const path = join(tempDir(), 'a.lwa');
    const db = openAudit(path, { create: true, title: 'Q3 credit model review' });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(userVersion(db)).toBe(SCHEMA_VERSION);
    expect(() =>
      db
        .prepare(
          "INSERT INTO datasets (path, sha256, columns_json, row_count, added_at) VALUES ('p', 's', '[]', 'many', 'now')",
        )
        .run(),
    ).toThrow(/cannot store TEXT value in INTEGER column/);
    expect(() =>
      db
        .prepare(
          "INSERT INTO explanation_runs (model_id, modality, instance_json, params_json, seed, prediction_json, runs_json, score, local_prediction, model_prediction, total_ms, inference_ms, tool_version, created_at) VALUES (999, 'tabular', '{}', '{}', 0, '[]', '[]', 0, 0, 0, 0, 0, 'x', 'now')",
        )
        .run(),
    ).toThrow(/FOREIGN KEY/);
    db.close();
    // Reopening applies nothing twice.
    const again = openAudit(path);
    expect((again.prepare('SELECT count(*) AS n FROM schema_migrations').get() as { n: number }).n).toBe(
      MIGRATIONS.length,
    );
    expect((again.prepare('SELECT title FROM audit').get() as { title: string }).title).toBe('Q3 credit model review');
    again.close();
  });

  it('refuses a file written by a newer version, and leaves it as it was', () => {
    const path = join(tempDir(), 'newer.lwa');
    openAudit(path, { create: true }).close();
    const raw = new Database(path);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    raw.close();
    const before = readFileSync(path);
    expect(() => openAudit(path)).toThrow(
      new RegExp(
        `expected an audit file of schema version ${SCHEMA_VERSION} or older, found version ${SCHEMA_VERSION + 1}`,
      ),
    );
    expect(readFileSync(path).equals(before)).toBe(true);
  });
});
