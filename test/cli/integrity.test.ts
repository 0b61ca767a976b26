import { chmodSync, copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { appendLog } from '../../electron/backend/store/auditLog';
import { migrate } from '../../electron/backend/store/migrate';
import { MIGRATIONS } from '../../electron/backend/store/migrations';
import { sha256 } from '../../electron/backend/store/canonical';
import { ANNOTATE, EXPLAIN, headFrom, ok, reseal, reviewedAudit, session, tamper } from '../support/forgery';

/**
 * What an audit file can prove, tried as a forger would: real audit files written by the real command,
 * edited with SQLite directly, then checked by the real `verify` in its own process.
 */

describe('verify is strict and read-only', () => {
  it('leaves every byte as it was, also on a read-only copy, and an untouched audit verifies', async () => {
    const s = session();
    const head = await reviewedAudit(s);
    const before = readFileSync(s.store);
    const r = ok(await s.run(['verify', '--store', s.store, '--expect-head', head]));
    expect(r.stdout).toMatch(/: verified\n/);
    expect(r.stdout).toContain(`head       ${head} (`);
    expect(r.stdout).toMatch(/anchor {5}found at \d+; 0 entries after it/);
    expect(readFileSync(s.store).equals(before)).toBe(true);
    const copy = join(s.dir, 'archived.lwa');
    copyFileSync(s.store, copy);
    chmodSync(copy, 0o444);
    ok(await s.run(['verify', '--store', copy]));
    expect(readFileSync(copy).equals(before)).toBe(true);
    expect((await s.run(['head', '--store', s.store])).stdout.trim()).toBe(head);
  }, 60_000);

  it('verifies an audit of an older schema as it is, never migrating it, and says what that version cannot prove', async () => {
    const s = session();
    const db = new Database(s.store);
    db.pragma('journal_mode = WAL');
    migrate(
      db,
      s.store,
      MIGRATIONS.filter((m) => m.version <= 3),
    );
    db.prepare(
      "INSERT INTO audit (id, title, purpose, created_at, tool_version) VALUES (1, 'old review', '', '2025-01-01T00:00:00Z', '0.0.9')",
    ).run();
    db.transaction(() =>
      appendLog(db, 'ana', 'audit.created', 'audit', { title: 'old review', toolVersion: '0.0.9' }),
    ).immediate();
    db.close();
    const before = readFileSync(s.store);
    const r = ok(await s.run(['verify', '--store', s.store]));
    expect(r.stdout).toMatch(
      /! schema version 3: the audit row \(title, purpose, creation date\) is not in the chain; opening the file for work records it/,
    );
    expect(readFileSync(s.store).equals(before)).toBe(true);
    // Opened for work it migrates and chains the audit row; from then on an edit of it is caught.
    ok(await s.run(EXPLAIN(s.store, '0-0')));
    tamper(s.store, "UPDATE audit SET purpose = 'rewritten'");
    expect((await s.run(['verify', '--store', s.store])).stdout).toMatch(
      /audit row 1: changed since audit log entry 2 recorded it/,
    );
  }, 60_000);

  it('names a deleted audit row and writes nothing back', async () => {
    const s = session();
    await reviewedAudit(s);
    tamper(s.store, 'DELETE FROM audit');
    const before = readFileSync(s.store);
    const r = await s.run(['verify', '--store', s.store]);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/audit row 1: recorded by audit log entry 1, but missing/);
    expect(readFileSync(s.store).equals(before)).toBe(true);
  }, 60_000);

  it.each([
    [
      'an edited title',
      "UPDATE audit SET title = 'Q3 review (approved)'",
      /audit row 1: changed since audit log entry 1 recorded it/,
    ],
    [
      'an edited purpose and creation date',
      "UPDATE audit SET purpose = 'none', created_at = '2020-01-01T00:00:00Z'",
      /audit row 1: changed since/,
    ],
    [
      'a changed migration hash',
      "UPDATE schema_migrations SET sha256 = '" + '0'.repeat(64) + "' WHERE version = 1",
      /schema: migration 1 is recorded as 0001-init with SHA-256 000000000000…, which is not the migration this build ships/,
    ],
    [
      'an extra trigger',
      'CREATE TRIGGER sneaky AFTER INSERT ON annotations BEGIN SELECT 1; END',
      /schema: trigger sneaky is not part of the audit schema/,
    ],
  ])(
    'fails on %s',
    async (_, sql, message) => {
      const s = session();
      await reviewedAudit(s);
      tamper(s.store, sql);
      const r = await s.run(['verify', '--store', s.store]);
      expect(r.status).toBe(1);
      expect(r.stdout).toMatch(message);
    },
    60_000,
  );

  it('fails when the append-only triggers were dropped and left dropped, naming each', async () => {
    const s = session();
    await reviewedAudit(s);
    tamper(s.store, 'SELECT 1', false);
    const r = await s.run(['verify', '--store', s.store]);
    expect(r.status).toBe(1);
    for (const t of [
      'audit_log_append_only_delete',
      'annotations_append_only_update',
      'log_signatures_append_only_delete',
    ]) {
      expect(r.stdout).toContain(`schema: trigger ${t} is missing (an append-only guard`);
    }
  }, 60_000);
});

describe('an anchor from outside the file', () => {
  it('catches a truncated tail and a rollback that the file alone cannot', async () => {
    const s = session();
    ok(await s.run(EXPLAIN(s.store)));
    const older = join(s.dir, 'older.lwa');
    copyFileSync(s.store, older);
    const anchor = headFrom(ok(await s.run(ANNOTATE(s.store, '1', '--reviewer', 'ana'))));
    const [seq] = anchor.split(':');

    // Tail truncation: the last entry and the verdict it recorded deleted, triggers put back.
    const truncated = join(s.dir, 'truncated.lwa');
    copyFileSync(s.store, truncated);
    tamper(truncated, `DELETE FROM annotations; DELETE FROM audit_log WHERE seq = ${seq}`);
    ok(await s.run(['verify', '--store', truncated]));
    const cut = await s.run(['verify', '--store', truncated, '--expect-head', anchor]);
    expect(cut.status).toBe(1);
    expect(cut.stdout).toMatch(
      new RegExp(
        `anchor ${seq}:[0-9a-f]{16}…: the audit log has ${Number(seq) - 1} entries and no entry ${seq}: it was truncated or rolled back`,
      ),
    );

    // Rollback: the whole file replaced by an older copy of itself.
    ok(await s.run(['verify', '--store', older]));
    const rolledBack = await s.run(['verify', '--store', older, '--expect-head', anchor]);
    expect(rolledBack.status).toBe(1);
    expect(rolledBack.stdout).toMatch(/truncated or rolled back to a copy older than the anchor/);

    // Later entries are fine: the anchor is still there, with one entry after it.
    ok(await s.run(ANNOTATE(s.store, '2', '--reviewer', 'bo')));
    expect(ok(await s.run(['verify', '--store', s.store, '--expect-head', anchor])).stdout).toMatch(
      /found at \d+; 1 entries after it/,
    );
  }, 60_000);

  it('catches re-sealed forgeries of a verdict, a run and a model that the file alone cannot', async () => {
    const s = session();
    const anchor = await reviewedAudit(s);
    const forgeries: [string, (db: Database.Database) => void][] = [
      ['verdict', (db) => db.exec("UPDATE annotations SET verdict = 'not-trusted'")],
      [
        'weights',
        (db) =>
          db.exec(
            'UPDATE explanation_runs SET runs_json = replace(runs_json, \'"weight":\', \'"weight":0.5+\') WHERE id = 1',
          ),
      ],
      ['model', (db) => db.exec("UPDATE models SET sha256 = '" + sha256('another model') + "'")],
    ];
    for (const [name, edit] of forgeries) {
      const copy = join(s.dir, `${name}.lwa`);
      copyFileSync(s.store, copy);
      reseal(copy, edit);
      const alone = await s.run(['verify', '--store', copy]);
      if (name === 'model') expect(alone.stdout, name).toMatch(/the file changed since it was registered/);
      else expect(alone.status, `${name}: ${alone.stdout}`).toBe(0);
      const anchored = await s.run(['verify', '--store', copy, '--expect-head', anchor]);
      expect(anchored.status, name).toBe(1);
      expect(anchored.stdout, name).toMatch(/the history up to the anchor was rewritten/);
    }
  }, 90_000);

  it('refuses a malformed anchor with exit 2, naming it', async () => {
    const s = session();
    await reviewedAudit(s);
    const r = await s.run(['verify', '--store', s.store, '--expect-head', '12:abc']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--expect-head: expected SEQ:HASH .*found "12:abc"/);
  }, 60_000);
});
