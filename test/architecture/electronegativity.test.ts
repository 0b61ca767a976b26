import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { tempDir } from '../support/audit';
import { ROOT } from '../support/fixtures';

/**
 * Electron's security checklist, checked mechanically: electronegativity over the desktop shell and the
 * backend it loads must report no HIGH or MEDIUM finding, except its standing advice to review the preload
 * (electron/preload/preload.ts exposes only the API's method names, events and dropped files' paths).
 */
it('electronegativity finds no HIGH or MEDIUM issue but the preload review', async () => {
  const out = join(tempDir('lw-eneg-'), 'findings.csv');
  const cli = join(ROOT, 'node_modules', '@doyensec', 'electronegativity', 'dist', 'index.js');
  await promisify(execFile)(process.execPath, [cli, '-i', join(ROOT, 'electron'), '-e', '45.0.0', '-o', out], {
    timeout: 120_000,
  });
  const rows = readFileSync(out, 'utf8').trim().split('\n').slice(1);
  const findings = rows.map((line) => {
    const [issue, severity] = line.split(',').map((c) => c.replace(/"/g, ''));
    return { issue, severity };
  });
  const serious = findings.filter(
    (f) => (f.severity === 'HIGH' || f.severity === 'MEDIUM') && f.issue !== 'PRELOAD_JS_CHECK',
  );
  expect(serious).toEqual([]);
  expect(findings.some((f) => f.issue === 'PRELOAD_JS_CHECK')).toBe(true); // the scan really ran over the shell
}, 150_000);
