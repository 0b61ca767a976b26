import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { invalidInput } from '../../../shared/contract/errors';

const MAGIC = 'SQLite format 3\u0000';

/**
 * Reads an existing file's SQLite header without opening it as a database, so a file that is not
 * SQLite, or is shorter than its header says (truncated), is refused before SQLite could write to it.
 * A zero-byte file passes: SQLite treats it as an empty database.
 */
export function checkSqliteFile(path: string): void {
  const size = statSync(path).size;
  if (size === 0) return;
  const header = Buffer.alloc(100);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, header, 0, 100, 0);
  } finally {
    closeSync(fd);
  }
  if (size < 100 || header.toString('latin1', 0, 16) !== MAGIC) {
    throw invalidInput(
      path,
      'a LIME Workbench audit file (SQLite)',
      'a file that is not an SQLite database (an encrypted audit opens with its passphrase: --store-passphrase-file FILE)',
    );
  }
  const rawPageSize = header.readUInt16BE(16);
  const pageSize = rawPageSize === 1 ? 65536 : rawPageSize;
  const pages = header.readUInt32BE(28);
  // The in-header page count is valid when the two change counters agree (SQLite file format §1.3.7).
  const countValid = header.readUInt32BE(24) === header.readUInt32BE(92) && pages > 0;
  if (countValid && size < pages * pageSize) {
    throw invalidInput(
      path,
      `an SQLite file of ${pages * pageSize} bytes (${pages} pages)`,
      `${size} bytes: the file is truncated`,
    );
  }
}
