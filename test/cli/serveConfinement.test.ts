import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATA_DIR_ENV } from '../../electron/backend/app/userDataDir';
import { tempDir } from '../support/audit';
import { BIN, ROOT, cli } from '../support/cli';
import { fixture } from '../support/fixtures';

/**
 * Browser mode confined to what the user chose, tried over HTTP against a real `serve` process: anyone
 * holding the token may use the allowed folders, and learns nothing of any other path.
 */
describe('serve --allow: the API confined to the folders the user gave', () => {
  const base = tempDir('lw-confine-');
  const allowed = join(base, 'work');
  const outside = join(base, 'private');
  mkdirSync(allowed);
  mkdirSync(outside);
  const store = join(allowed, 'review.lwa');
  let child: ChildProcess;
  let url: URL;

  beforeAll(async () => {
    expect((await cli(['create', '--store', store])).status).toBe(0);
    writeFileSync(join(outside, 'secret.csv'), 'name,salary\nana,123456\n');
    writeFileSync(join(outside, 'diary.txt'), 'my first secret line\n');
    copyFileSync(fixture('breast_cancer.test.csv'), join(allowed, 'data.csv'));
    symlinkSync(join(outside, 'secret.csv'), join(allowed, 'link.csv'));
    writeFileSync(join(allowed, 'notes.txt'), 'not a PDF, keep me\n');
    writeFileSync(join(allowed, 'empty.lwa'), '');
    child = spawn(process.execPath, [BIN, 'serve', '--store', store, '--allow', allowed], {
      cwd: ROOT,
      env: { ...process.env, [DATA_DIR_ENV]: join(base, 'data') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    url = await new Promise<URL>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (d) => {
        out += d;
        const m = /http:\/\/127\.0\.0\.1:\d+\/\?token=\S+/.exec(out);
        if (m) resolve(new URL(m[0]));
      });
      child.on('close', (status) => reject(new Error(`serve exited ${status}`)));
    });
  }, 60_000);
  afterAll(() => void child?.kill('SIGINT'));

  const call = async (method: string, args: unknown, headers: Record<string, string> = {}) => {
    const reply = await fetch(new URL(`/api/${method}`, url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-lime-token': url.searchParams.get('token')!, ...headers },
      body: JSON.stringify(args),
    });
    return {
      status: reply.status,
      body: reply.headers.get('content-type')?.startsWith('application/json')
        ? ((await reply.json()) as { ok: boolean; error?: { code: string; message: string }; value?: unknown })
        : null,
    };
  };
  const refusal = (path: string) =>
    new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: outside the folders this session may use`);

  it('refuses a file outside the allowed folders, saying the same whether it exists or not', async () => {
    const existing = await call('addDataset', { path: join(outside, 'secret.csv') });
    const missing = await call('addDataset', { path: join(outside, 'nothing-here.csv') });
    expect(existing.body).toMatchObject({
      ok: false,
      error: { code: 'invalid-argument', message: expect.stringMatching(refusal(join(outside, 'secret.csv'))) },
    });
    expect(missing.body?.error?.message.replace('nothing-here.csv', 'X')).toBe(
      existing.body?.error?.message.replace('secret.csv', 'X'),
    );
    for (const path of ['/etc/passwd', join(allowed, '..', 'private', 'secret.csv')])
      expect((await call('addModel', { path })).body?.error?.message).toMatch(
        /outside the folders this session may use/,
      );
  });

  it('follows symlinks before deciding', async () => {
    expect((await call('addDataset', { path: join(allowed, 'link.csv') })).body?.error?.message).toMatch(
      refusal(join(allowed, 'link.csv')),
    );
    expect((await call('addDataset', { path: join(allowed, 'data.csv') })).body).toMatchObject({ ok: true });
  });

  it('never writes a report over a file of another kind, nor outside', async () => {
    const over = await call('exportReport', { path: join(allowed, 'notes.txt') });
    expect(over.body?.error?.message).toMatch(
      /notes\.txt: expected a new file, or a PDF to replace, found an existing file of another kind/,
    );
    expect(readFileSync(join(allowed, 'notes.txt'), 'utf8')).toBe('not a PDF, keep me\n');
    expect((await call('exportReport', { path: join(outside, 'report.pdf') })).body?.error?.message).toMatch(
      /outside the folders/,
    );
  });

  it('never turns an existing or empty file into an audit, and creates only *.lwa files', async () => {
    expect((await call('openAudit', { path: join(allowed, 'empty.lwa') })).body?.error?.message).toMatch(
      /empty\.lwa: expected an audit file, found an empty file/,
    );
    expect((await call('openAudit', { path: join(allowed, 'notes.txt'), create: true })).body?.error?.message).toMatch(
      /expected a new audit file, found a file already there/,
    );
    expect((await call('openAudit', { path: join(allowed, 'new.txt'), create: true })).body?.error?.message).toMatch(
      /expected a new audit file named \*\.lwa, found the extension "\.txt"/,
    );
    expect((await call('openAudit', { path: join(allowed, 'notes.txt') })).body?.error?.message).toMatch(
      /notes\.txt: expected a LIME Workbench audit file \(SQLite\)/,
    );
    expect(readFileSync(join(allowed, 'empty.lwa'))).toHaveLength(0);
  });

  it('checks profile file paths, and never quotes a file it could not parse', async () => {
    const model = await call('addModel', { path: fixture('debian_text_bow.onnx') });
    // The fixture lives outside the allowed folders: copy it in, then point its tokenizer elsewhere.
    expect(model.body?.error?.message).toMatch(/outside the folders/);
    copyFileSync(fixture('debian_text_bow.onnx'), join(allowed, 'text.onnx'));
    const added = (await call('addModel', { path: join(allowed, 'text.onnx') })).body as {
      ok: true;
      value: { id: number };
    };
    expect(added.ok).toBe(true);
    const vocab = (file: string) => ({
      modelId: added.value.id,
      profile: { text: { tokenizer: { type: 'regex-vocab', pattern: '[a-z]+', vocab: file } } },
    });
    expect((await call('updateModelProfile', vocab(join(outside, 'diary.txt')))).body?.error?.message).toMatch(
      /outside the folders/,
    );
    // A tokenizer path pointed at a file that is not JSON: the error names the file and where, never its text.
    writeFileSync(join(allowed, 'vocab.json'), 'my first secret line\n');
    for (const tokenizer of [
      { type: 'huggingface', file: 'vocab.json' },
      { type: 'regex-vocab', pattern: '[a-z]+', vocab: 'vocab.json' },
    ]) {
      writeFileSync(join(allowed, 'profile.json'), JSON.stringify({ text: { tokenizer } }));
      const r = await cli([
        'explain',
        join(allowed, 'text.onnx'),
        '--profile',
        join(allowed, 'profile.json'),
        '--text',
        'hello',
      ]);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/vocab\.json: expected .*, found text that is not JSON/);
      expect(r.stderr).not.toMatch(/secret/);
    }
  });

  it('refuses a call from another origin, and a body that is not exactly JSON', async () => {
    expect((await call('getAudit', {}, { origin: 'http://evil.example' })).status).toBe(403);
    expect((await call('getAudit', {}, { 'content-type': 'text/plain' })).status).toBe(415);
    expect((await call('getAudit', {}, { 'content-type': 'application/jsonp' })).status).toBe(415);
    expect((await call('getAudit', {}, { origin: `http://127.0.0.1:${url.port}` })).status).toBe(200);
  });
});
