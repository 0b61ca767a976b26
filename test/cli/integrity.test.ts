import { spawn } from 'node:child_process';
import { chmodSync, copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { DATA_DIR_ENV } from '../../electron/backend/app/userDataDir';
import { appendLog, entryHash } from '../../electron/backend/store/auditLog';
import { migrate } from '../../electron/backend/store/migrate';
import { MIGRATIONS } from '../../electron/backend/store/migrations';
import { canonicalJson, sha256 } from '../../electron/backend/store/canonical';
import { RECORDED_TABLES, rowDigest, type RecordedTable } from '../../electron/backend/store/rowDigest';
import { tempDir } from '../support/audit';
import { BIN, ROOT, cli, type CliResult } from '../support/cli';
import { fixture } from '../support/fixtures';

/**
 * What an audit file can prove, tried as a forger would: real audit files written by the real command,
 * edited with SQLite directly, then checked by the real `verify` in its own process.
 */

/** A fresh user-data folder per test, so keys never leak between tests. */
function session() {
  const dir = tempDir('lw-integrity-');
  const env = { [DATA_DIR_ENV]: join(dir, 'data') };
  const run = (args: string[]) => cli(args, { env });
  return { dir, env, run, store: join(dir, 'review.lwa') };
}

const EXPLAIN = (store: string, rows = '0-1') => [
  'explain',
  fixture('breast_cancer_rf.onnx'),
  '--data',
  fixture('breast_cancer.test.csv'),
  '--label-column',
  'label',
  '--rows',
  rows,
  '--num-samples',
  '300',
  '--store',
  store,
];
const ANNOTATE = (store: string, run: string, ...who: string[]) => [
  'annotate',
  '--store',
  store,
  '--run',
  run,
  '--verdict',
  'trusted',
  '--rationale',
  'texture and concavity, as expected',
  ...who,
];

/** The anchor a writing command printed on stderr. */
function headFrom(r: CliResult): string {
  const m = /audit head (\d+:[0-9a-f]{64})/.exec(r.stderr);
  if (!m) throw new Error(`no head on stderr: ${r.stderr}`);
  return m[1];
}

function ok(r: CliResult): CliResult {
  if (r.status !== 0) throw new Error(`exit ${r.status}: ${r.stderr}${r.stdout}`);
  return r;
}

/**
 * A forger who knows the formats (they are in the source): drops the append-only triggers, edits, then
 * recomputes every row digest and the whole chain and puts the triggers back exactly as they were. The
 * file alone then looks untouched; only something from outside it can tell.
 */
function reseal(path: string, edit: (db: Database.Database) => void): void {
  const db = new Database(path);
  const triggers = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").all() as {
    name: string;
    sql: string;
  }[];
  for (const t of triggers) db.exec(`DROP TRIGGER ${t.name}`);
  edit(db);
  let prev = '0'.repeat(64);
  for (const row of db.prepare('SELECT * FROM audit_log ORDER BY seq').all() as {
    seq: number;
    at: string;
    actor: string;
    action: string;
    subject: string;
    details_json: string;
  }[]) {
    const details = JSON.parse(row.details_json) as { table?: RecordedTable; id?: number; digest?: string };
    if (details.table && RECORDED_TABLES.includes(details.table) && typeof details.id === 'number')
      details.digest = rowDigest(db, details.table, details.id) ?? details.digest;
    const next = { ...row, details_json: canonicalJson(details), prev_hash: prev };
    const hash = entryHash(next);
    db.prepare('UPDATE audit_log SET details_json = ?, prev_hash = ?, hash = ? WHERE seq = ?').run(
      next.details_json,
      prev,
      hash,
      row.seq,
    );
    prev = hash;
  }
  for (const t of triggers) db.exec(t.sql);
  db.close();
}

/** Raw SQL on a copy of the file, triggers dropped for the edit and (unless told) put back. */
function tamper(path: string, sql: string, restoreTriggers = true): void {
  const db = new Database(path);
  const triggers = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").all() as {
    name: string;
    sql: string;
  }[];
  for (const t of triggers) db.exec(`DROP TRIGGER ${t.name}`);
  db.exec(sql);
  if (restoreTriggers) for (const t of triggers) db.exec(t.sql);
  db.close();
}

/** An audit with two runs and a verdict on run 1, written by the command line. */
async function reviewedAudit(s: ReturnType<typeof session>, ...who: string[]) {
  ok(await s.run(EXPLAIN(s.store)));
  const annotated = ok(await s.run(ANNOTATE(s.store, '1', ...(who.length ? who : ['--reviewer', 'ana']))));
  return headFrom(annotated);
}

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

describe('signed entries', () => {
  it('a re-sealed forgery fails without the reviewer key, passes only with it, and a swapped key is caught', async () => {
    const s = session();
    const passphrase = join(s.dir, 'passphrase');
    writeFileSync(passphrase, 'correct horse battery staple\n');
    const created = ok(await s.run(['keys', 'create', '--reviewer', 'ana', '--passphrase-file', passphrase]));
    const fingerprint = /fingerprint ([0-9a-f]{64})/.exec(created.stdout)![1];
    ok(await s.run(['create', '--store', s.store, '--title', 'Q3 credit review', '--require-signatures']));
    ok(await s.run(EXPLAIN(s.store)));

    const unsigned = await s.run(ANNOTATE(s.store, '1', '--reviewer', 'ana'));
    expect(unsigned.status).toBe(2);
    expect(unsigned.stderr).toMatch(/this audit requires every verdict to be signed/);

    const before = readFileSync(s.store);
    const wrong = join(s.dir, 'wrong');
    writeFileSync(wrong, 'tr0ub4dor\n');
    const badPass = await s.run(ANNOTATE(s.store, '1', '--key', 'ana', '--passphrase-file', wrong));
    expect(badPass.status).toBe(2);
    expect(badPass.stderr).toMatch(/ana\.key\.json: expected the key's passphrase, found a wrong passphrase/);
    expect(readFileSync(s.store).equals(before)).toBe(true);

    const signed = ok(await s.run(ANNOTATE(s.store, '1', '--key', 'ana', '--passphrase-file', passphrase)));
    expect(signed.stdout.trim()).toBe('Run 1: trusted (version 1, ana, signed)');
    ok(await s.run(EXPLAIN(s.store, '2-2')));
    const verified = ok(await s.run(['verify', '--store', s.store]));
    expect(verified.stdout).toContain(
      `signatures ana ${fingerprint.slice(0, 16).replace(/(.{4})(?!$)/g, '$1 ')}; 1 of 1 verdicts signed (required)`,
    );

    // A forger without the key: the verdict's signature no longer covers its hash.
    for (const [name, edit] of [
      ['verdict', (db: Database.Database) => db.exec("UPDATE annotations SET verdict = 'not-trusted'")],
      [
        'weights of a run recorded before the signed verdict',
        (db: Database.Database) =>
          db.exec(
            'UPDATE explanation_runs SET runs_json = replace(runs_json, \'"weight":\', \'"weight":0.5+\') WHERE id = 1',
          ),
      ],
    ] as const) {
      const copy = join(s.dir, 'forged.lwa');
      copyFileSync(s.store, copy);
      reseal(copy, edit);
      const r = await s.run(['verify', '--store', copy]);
      expect(r.status, name).toBe(1);
      expect(r.stdout, name).toMatch(
        /run\.annotated run:1\): its signature by ana \([0-9a-f ]+\) does not match the entry \(forged or re-sealed\)/,
      );
    }

    const { createKey, loadSigner } = await import('../../electron/backend/keys/reviewerKeys');
    /** Re-signs every signed entry of a re-sealed copy, as a forger holding `signer` would. */
    const resign = (path: string, signer: { sign(m: string): string }) => {
      const db = new Database(path);
      const triggers = db
        .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'log_signatures'")
        .all() as { name: string; sql: string }[];
      for (const t of triggers) db.exec(`DROP TRIGGER ${t.name}`);
      for (const { seq, hash } of db
        .prepare('SELECT l.seq, l.hash FROM audit_log l JOIN log_signatures s ON s.seq = l.seq')
        .all() as { seq: number; hash: string }[]) {
        db.prepare('UPDATE log_signatures SET signature = ? WHERE seq = ?').run(signer.sign(hash), seq);
      }
      for (const t of triggers) db.exec(t.sql);
      db.close();
    };

    // Only a forger holding ana's private key (and passphrase) gets a forgery past the signatures.
    const withKey = join(s.dir, 'with-key.lwa');
    copyFileSync(s.store, withKey);
    reseal(withKey, (db) => db.exec("UPDATE annotations SET verdict = 'not-trusted'"));
    resign(withKey, loadSigner('ana', 'correct horse battery staple', join(s.dir, 'data', 'keys')));
    const forged = await s.run(['verify', '--store', withKey]);
    expect(forged.status, forged.stdout).toBe(0);

    // A forger who also swaps in a key of their own under ana's name: caught by ana's real key.
    const forgerKeys = join(s.dir, 'forger');
    createKey('ana', null, forgerKeys);
    const forger = loadSigner('ana', null, forgerKeys);
    const swapped = join(s.dir, 'swapped.lwa');
    copyFileSync(s.store, swapped);
    reseal(swapped, (db) => {
      db.pragma('foreign_keys = OFF');
      db.exec("UPDATE annotations SET verdict = 'not-trusted'");
      db.prepare('UPDATE reviewer_keys SET fingerprint = ?, public_key = ?').run(forger.fingerprint, forger.publicKey);
      db.prepare('UPDATE log_signatures SET fingerprint = ?').run(forger.fingerprint);
    });
    resign(swapped, forger);
    const swappedCheck = await s.run(['verify', '--store', swapped]);
    expect(swappedCheck.status).toBe(1);
    expect(swappedCheck.stdout).toMatch(/recorded for reviewer ana is not their key \(trusted: /);
    const strict = await s.run(['verify', '--store', swapped, '--trusted-keys', join(s.dir, 'data', 'keys')]);
    expect(strict.stdout).toMatch(/is not their key/);
  }, 120_000);

  it('refuses a key file others can read, and an unknown key, with exit 2 and nothing written', async () => {
    const s = session();
    await reviewedAudit(s);
    ok(await s.run(['keys', 'create', '--reviewer', 'bo']));
    const key = join(s.dir, 'data', 'keys', 'bo.key.json');
    chmodSync(key, 0o644);
    const before = readFileSync(s.store);
    const open = await s.run(ANNOTATE(s.store, '2', '--key', 'bo'));
    expect(open.status).toBe(2);
    expect(open.stderr).toMatch(
      /bo\.key\.json: expected a key file only its owner can read \(chmod 600\), found permissions 644/,
    );
    const unknown = await s.run(ANNOTATE(s.store, '2', '--key', 'nobody'));
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/nobody\.key\.json: expected a reviewer's key file/);
    expect(readFileSync(s.store).equals(before)).toBe(true);
  }, 60_000);
});

describe('a sealed handover', () => {
  it('verifies the sealed file, names what changed after, and catches an edited seal', async () => {
    const s = session();
    ok(await s.run(['keys', 'create', '--reviewer', 'ana']));
    await reviewedAudit(s, '--key', 'ana');
    const sealed = ok(await s.run(['seal', '--store', s.store, '--key', 'ana']));
    expect(sealed.stdout).toMatch(/signed by ana/);
    const sealPath = `${s.store}.seal.json`;
    const seal = JSON.parse(readFileSync(sealPath, 'utf8'));
    expect(seal).toMatchObject({
      schema: 'lime-workbench/seal@1',
      sha256: sha256(readFileSync(s.store)),
      entries: seal.head.seq,
    });
    expect(ok(await s.run(['verify', '--store', s.store, '--seal', sealPath])).stdout).toMatch(
      /seal {7}the file is exactly the sealed one; signed by ana/,
    );

    const edited = join(s.dir, 'edited.seal.json');
    writeFileSync(edited, JSON.stringify({ ...seal, entries: seal.entries + 1 }));
    const badSeal = await s.run(['verify', '--store', s.store, '--seal', edited]);
    expect(badSeal.status).toBe(1);
    expect(badSeal.stdout).toMatch(/seal: the signature by ana .* does not match the seal/);

    ok(await s.run(ANNOTATE(s.store, '2', '--key', 'ana')));
    const after = await s.run(['verify', '--store', s.store, '--seal', sealPath]);
    expect(after.status).toBe(1);
    expect(after.stdout).toMatch(/seal: the file's SHA-256 is .*: 1 audit log entry was added after the seal/);

    const malformed = join(s.dir, 'bad.seal.json');
    writeFileSync(malformed, '{"schema": "something else"}');
    expect((await s.run(['verify', '--store', s.store, '--seal', malformed])).status).toBe(2);
  }, 90_000);
});

describe('verify beside a running serve', () => {
  it('reads the file the server holds open without disturbing it', async () => {
    const s = session();
    await reviewedAudit(s);
    const child = spawn(process.execPath, [BIN, 'serve', '--store', s.store], {
      cwd: ROOT,
      env: { ...process.env, ...s.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d) => {
          out += d;
          const m = /http:\/\/127\.0\.0\.1:\d+\/\?token=\S+/.exec(out);
          if (m) resolve(m[0]);
        });
        child.on('close', (status) => reject(new Error(`serve exited ${status}`)));
      });
      const call = async (method: string, body: unknown) => {
        const reply = await fetch(new URL(`/api/${method}`, url), {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-lime-token': new URL(url).searchParams.get('token')! },
          body: JSON.stringify(body),
        });
        return (await reply.json()) as { ok: boolean; value: { head: { seq: number } } };
      };
      const first = await call('saveAnnotation', {
        runId: 2,
        verdict: 'follow-up',
        rationale: 'check area',
        reviewer: 'bo',
      });
      expect(first.ok).toBe(true);
      const r = ok(await s.run(['verify', '--store', s.store]));
      expect(r.stdout).toMatch(/: verified/);
      const again = await call('saveAnnotation', {
        runId: 2,
        verdict: 'trusted',
        rationale: 'area fine',
        reviewer: 'bo',
      });
      expect(again.ok).toBe(true);
      const audit = await call('getAudit', {});
      expect(ok(await s.run(['head', '--store', s.store])).stdout.trim()).toMatch(
        new RegExp(`^${audit.value.head.seq}:`),
      );
    } finally {
      child.kill('SIGINT');
    }
  }, 60_000);
});
