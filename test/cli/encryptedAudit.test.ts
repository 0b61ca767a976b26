import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createBackend } from '../../electron/backend/app/createBackend';
import { annotate } from '../../electron/backend/store/annotations';
import { openAudit } from '../../electron/backend/store/openAudit';
import { tempDir } from '../support/audit';
import { cli } from '../support/cli';
import { EXPLAIN } from '../support/forgery';

/**
 * Encrypted audit files (SQLite3 Multiple Ciphers through better-sqlite3-multiple-ciphers): no value, column
 * name or model name in the file, its write-ahead log or its journal; opened, verified and reported with
 * the passphrase, refused without it or with a wrong one, the file left as it was.
 */
const PLAIN = ['mean radius', '13.82', 'breast_cancer', 'looks fine', 'SQLite format 3'];

function holdsNone(path: string): void {
  if (!existsSync(path)) return;
  const bytes = readFileSync(path);
  for (const s of PLAIN) expect(bytes.includes(s), `${path} holds "${s}"`).toBe(false);
}

describe('encrypted audit files', () => {
  const dir = tempDir('lw-encrypted-');
  const store = join(dir, 'private.lwa');
  const pass = join(dir, 'pass');
  writeFileSync(pass, 'correct horse battery staple\n');
  const withPass = ['--store-passphrase-file', pass];

  it('hold nothing readable in the file, its write-ahead log or its journal', async () => {
    expect((await cli(['create', '--store', store, '--encrypt', ...withPass])).stdout).toMatch(/encrypted/);
    const explained = await cli([...EXPLAIN(store), ...withPass]);
    expect(explained.status, explained.stderr).toBe(0);
    expect(
      (
        await cli([
          'annotate',
          '--store',
          store,
          '--run',
          '1',
          '--verdict',
          'trusted',
          '--rationale',
          'mean radius 13.82 looks fine',
          '--reviewer',
          'ana',
          ...withPass,
        ])
      ).status,
    ).toBe(0);
    holdsNone(store);
    // While a connection writes, the write-ahead log holds the new pages: encrypted too.
    const db = openAudit(store, { passphrase: 'correct horse battery staple' });
    annotate(db, { runId: 2, verdict: 'follow-up', rationale: 'mean radius looks fine here too', reviewer: 'ana' });
    expect(existsSync(`${store}-wal`)).toBe(true);
    for (const suffix of ['', '-wal', '-shm', '-journal']) holdsNone(`${store}${suffix}`);
    db.close();
    holdsNone(store);
  }, 60_000);

  it('are refused without their passphrase or with a wrong one, and left as they were', async () => {
    const before = readFileSync(store);
    const none = await cli(['runs', '--store', store]);
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(
      /not an SQLite database \(an encrypted audit opens with its passphrase: --store-passphrase-file FILE\)/,
    );
    const wrong = join(dir, 'wrong');
    writeFileSync(wrong, 'tr0ub4dor&3\n');
    for (const args of [
      ['runs', '--store', store],
      ['verify', '--store', store],
      ['annotate', '--store', store, '--run', '1', '--verdict', 'trusted', '--rationale', 'x', '--reviewer', 'bo'],
    ]) {
      const r = await cli([...args, '--store-passphrase-file', wrong]);
      expect(r.status, args[0]).toBe(2);
      expect(r.stderr).toMatch(/private\.lwa: expected the audit's passphrase, found a wrong passphrase/);
    }
    expect(readFileSync(store).equals(before)).toBe(true);
  }, 60_000);

  it('are listed, verified and reported with the passphrase', async () => {
    const runs = JSON.parse((await cli(['runs', '--store', store, '--format', 'json', ...withPass])).stdout).runs;
    expect(runs.map((r: { verdict: string }) => r.verdict).sort()).toEqual(['follow-up', 'trusted']);
    expect((await cli(['verify', '--store', store, ...withPass])).stdout).toMatch(/: verified/);
    const pdf = join(dir, 'report.pdf');
    const r = await cli(['report', '--store', store, '--out', pdf, '--progress', 'json', ...withPass]);
    expect(r.status, r.stderr).toBe(0);
    expect(
      r.stderr
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { step: string }).step),
    ).toEqual([
      'gathering the reviewed explanations',
      'laying out 2 reviewed explanations',
      'printing 2 reviewed explanations to PDF',
    ]);
    expect(execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' })).toContain(
      'mean radius 13.82 looks fine',
    );
    holdsNone(store);
  }, 60_000);

  it('are created and opened encrypted through the API too', async () => {
    const first = join(dir, 'first.lwa');
    const backend = createBackend({ storePath: first, create: true });
    try {
      const second = join(dir, 'second.lwa');
      await backend.api.openAudit({
        path: second,
        create: true,
        title: 'mean radius review',
        passphrase: 'a long passphrase',
      });
      await backend.api.openAudit({ path: first });
      holdsNone(second);
      expect(readFileSync(second).includes('mean radius review')).toBe(false);
      await expect(backend.api.openAudit({ path: second, passphrase: 'not the passphrase' })).rejects.toThrow(
        /a wrong passphrase/,
      );
      expect((await backend.api.openAudit({ path: second, passphrase: 'a long passphrase' })).title).toBe(
        'mean radius review',
      );
    } finally {
      await backend.close();
    }
  });
});
