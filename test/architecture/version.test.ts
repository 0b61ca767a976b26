import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { TOOL_VERSION } from '../../shared/version';
import { ROOT } from '../support/cli';

it('the version recorded in audits is the package version', () => {
  expect(TOOL_VERSION).toBe(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
});
