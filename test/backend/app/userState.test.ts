import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRecentAudits, rememberAudit } from '../../../electron/backend/app/recentAudits';
import { DATA_DIR_ENV, userDataDir } from '../../../electron/backend/app/userDataDir';
import { tempDir } from '../../support/audit';

describe('the user-data folder of browser mode and the command line', () => {
  it('is the platform’s usual place, overridable by the environment', () => {
    expect(userDataDir({}, 'linux', '/home/ana')).toBe('/home/ana/.local/share/lime-workbench');
    expect(userDataDir({ XDG_DATA_HOME: '/data/ana' }, 'linux', '/home/ana')).toBe('/data/ana/lime-workbench');
    expect(userDataDir({ APPDATA: 'C:\\Users\\ana\\AppData\\Roaming' }, 'win32', 'C:\\Users\\ana')).toBe(
      join('C:\\Users\\ana\\AppData\\Roaming', 'lime-workbench'),
    );
    expect(userDataDir({}, 'darwin', '/Users/ana')).toBe('/Users/ana/Library/Application Support/lime-workbench');
    expect(userDataDir({ [DATA_DIR_ENV]: '/tmp/lw', XDG_DATA_HOME: '/data/ana' }, 'linux', '/home/ana')).toBe(
      '/tmp/lw',
    );
  });
});

describe('recent audits', () => {
  it('keeps the most recent first, without repeats, at most ten', () => {
    const dir = tempDir('lw-recent-');
    const audits = Array.from({ length: 12 }, (_, i) => join(dir, `a${i}.lwa`));
    audits.forEach((a) => writeFileSync(a, ''));
    audits.forEach((a) => rememberAudit(dir, a));
    rememberAudit(dir, audits[5]);
    const { paths, dropped } = readRecentAudits(dir);
    expect(paths).toEqual([
      audits[5],
      audits[11],
      audits[10],
      audits[9],
      audits[8],
      audits[7],
      audits[6],
      audits[4],
      audits[3],
      audits[2],
    ]);
    expect(dropped).toEqual([]);
  });

  it('drops an audit that no longer exists, says which, and keeps the rest', () => {
    const dir = tempDir('lw-recent-');
    const kept = join(dir, 'kept.lwa');
    writeFileSync(kept, '');
    rememberAudit(dir, kept);
    rememberAudit(dir, join(dir, 'gone.lwa'));
    expect(readRecentAudits(dir)).toEqual({ paths: [kept], dropped: [join(dir, 'gone.lwa')] });
    // The list on disk no longer names it: the note is given once.
    expect(JSON.parse(readFileSync(join(dir, 'recent-audits.json'), 'utf8'))).toEqual([kept]);
    expect(readRecentAudits(dir).dropped).toEqual([]);
  });

  it('reads a missing, malformed or foreign list as empty rather than stopping the app', () => {
    const dir = tempDir('lw-recent-');
    expect(readRecentAudits(dir)).toEqual({ paths: [], dropped: [] });
    writeFileSync(join(dir, 'recent-audits.json'), '{"not": "a list"');
    expect(readRecentAudits(dir)).toEqual({ paths: [], dropped: [] });
    writeFileSync(join(dir, 'recent-audits.json'), JSON.stringify([7, null, { path: 'x' }]));
    expect(readRecentAudits(dir)).toEqual({ paths: [], dropped: [] });
    expect(existsSync(join(dir, 'recent-audits.json.tmp'))).toBe(false);
  });
});
