import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATA_DIR_ENV } from '../../electron/backend/app/userDataDir';
import { tempDir } from '../support/audit';
import { BIN, cli, ROOT } from '../support/cli';

describe('serve', () => {
  it('refuses an audit file that does not exist, and says --create makes it', async () => {
    const missing = join(tempDir('lw-serve-'), 'missing.lwa');
    const { status, stdout, stderr } = await cli(['serve', '--store', missing]);
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(`--store ${missing}: expected an audit file, found no such file`);
    expect(stderr).toContain('--create');
    expect(existsSync(missing)).toBe(false);
  });

  it('without --store builds the demo audit in the user-data folder, not beside the code, and serves it', async () => {
    const data = join(tempDir('lw-serve-data-'), 'lime data');
    const child = spawn(process.execPath, [BIN, 'serve'], {
      cwd: ROOT,
      env: { ...process.env, [DATA_DIR_ENV]: data },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (d) => {
        stdout += d;
        const match = /http:\/\/127\.0\.0\.1:\d+\/\?token=\S+/.exec(stdout);
        if (match) resolve(match[0]);
      });
      child.on('close', (status) => reject(new Error(`serve exited ${status}: ${stderr}`)));
    });
    try {
      expect(existsSync(join(data, 'demo', 'demo-audit.lwa'))).toBe(true);
      expect(stderr).toContain(`Building the demo audit in ${join(data, 'demo', 'demo-audit.lwa')}`);
      expect(stderr).toMatch(/24\/24|Demo audit ready/);
      const token = new URL(url).searchParams.get('token')!;
      const reply = await fetch(new URL('/api/getAudit', url), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-lime-token': token },
        body: '{}',
      });
      const audit = (await reply.json()) as { ok: boolean; value: { path: string; models: number } };
      expect(audit).toMatchObject({ ok: true, value: { path: join(data, 'demo', 'demo-audit.lwa'), models: 7 } });
    } finally {
      child.kill('SIGINT');
    }
    expect(existsSync(join(ROOT, 'dist', 'demo'))).toBe(false);
  }, 60_000);
});
