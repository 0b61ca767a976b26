import { spawn } from 'node:child_process';
import { chmodSync, copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { sha256 } from '../../electron/backend/store/canonical';
import { BIN, ROOT } from '../support/cli';
import { ANNOTATE, EXPLAIN, ok, reseal, reviewedAudit, session } from '../support/forgery';

/**
 * Signed verdicts, sealed handovers and a verify beside a running serve, tried as a forger would: real
 * audit files written by the real command, edited with SQLite directly, checked by the real `verify`.
 */

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
