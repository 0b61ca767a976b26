import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { expect, it } from 'vitest';
import { openAudit } from '../../../electron/backend/store/openAudit';
import { tempDir } from '../../support/audit';

/**
 * Switching a file to WAL needs it to itself, and SQLite refuses at once while another connection holds a
 * lock, without waiting its busy timeout. Two processes creating one new audit met that one time in five.
 * Here another thread holds the new file's write lock for 300 ms: opening it must wait, not fail.
 */
it('opens a new audit while another connection holds its lock, waiting instead of failing', async () => {
  const path = join(tempDir('lw-lock-'), 'shared.lwa');
  const holder = new Worker(
    `const Database = require('better-sqlite3-multiple-ciphers');
     const { parentPort, workerData } = require('node:worker_threads');
     const db = new Database(workerData);
     db.exec('BEGIN IMMEDIATE');
     db.exec('CREATE TABLE t (x)');
     parentPort.postMessage('locked');
     Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
     db.exec('ROLLBACK');
     db.close();
     parentPort.postMessage('released');`,
    { eval: true, workerData: path },
  );
  const released = new Promise((resolve) => holder.on('message', (m) => m === 'released' && resolve(m)));
  await new Promise((resolve) => holder.once('message', resolve));
  const started = Date.now();
  const db = openAudit(path, { create: true });
  try {
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    // It waited for the lock rather than failing at once.
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
  } finally {
    db.close();
  }
  await released;
  await holder.terminate();
});
