import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../support/audit';
import { cli } from '../support/cli';

describe('report without playwright-core', () => {
  it('says what to install and exits 2, leaving no file', async () => {
    const dir = tempDir('lw-nopw-');
    const store = join(dir, 'a.lwa');
    expect(
      (
        await cli([
          'explain',
          'test/fixtures/wine_mlp.onnx',
          '--data',
          'test/fixtures/wine.test.csv',
          '--label-column',
          'label',
          '--row',
          '0',
          '--num-samples',
          '500',
          '--store',
          store,
        ])
      ).status,
    ).toBe(0);
    await cli([
      'annotate',
      '--store',
      store,
      '--run',
      '1',
      '--verdict',
      'trusted',
      '--rationale',
      'fine',
      '--reviewer',
      'ana',
    ]);
    const out = join(dir, 'r.pdf');
    const hook = fileURLToPath(new URL('../support/hooks/withoutPlaywright.mjs', import.meta.url));
    const { status, stderr } = await cli(['report', '--store', store, '--out', out], { nodeArgs: ['--import', hook] });
    expect(stderr).toContain('needs the npm package playwright-core and headless Chromium');
    expect(stderr).toContain('npm install playwright-core');
    expect(status).toBe(2);
    expect(existsSync(out)).toBe(false);
  });
});
