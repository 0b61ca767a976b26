import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../electron/backend/app/createBackend';
import { serveHttp, type Served } from '../../electron/backend/http/serveHttp';
import { API_ARGUMENTS } from '../../shared/contract/api';
import { LIMITS } from '../../shared/contract/limits';
import { tempDir } from '../support/audit';
import { BIN, ROOT, cli } from '../support/cli';
import { fixture } from '../support/fixtures';
import { imageMeanRegressor, linearRegressor } from '../support/onnxBuilder';

/**
 * Inputs a careless or hostile file or caller can carry, each refused in one place with a message that
 * names it and quotes at most a short excerpt, through real files, real processes and a real server.
 */
const dir = tempDir('lw-hostile-');
const BC = [
  'explain',
  fixture('breast_cancer_rf.onnx'),
  '--data',
  fixture('breast_cancer.test.csv'),
  '--label-column',
  'label',
];
const header = readFileSync(fixture('breast_cancer.test.csv'), 'utf8').split('\n')[0];

function refused(r: { status: number | null; stdout: string; stderr: string }, message: RegExp): void {
  expect(r.stdout).toBe('');
  expect(r.stderr).toMatch(message);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.status).toBe(2);
}

describe('bad input on the command line', () => {
  it('refuses an image model declaring a 50000 × 50000 input before allocating anything', async () => {
    const model = join(dir, 'huge.onnx');
    writeFileSync(model, imageMeanRegressor(50_000, 50_000));
    refused(
      await cli(['explain', model, '--data', fixture('fashion_mnist.test/00001_2.png')]),
      /huge\.onnx: expected an image input of at most 8192 pixels a side and 40000000 pixels, found 50000×50000/,
    );
  });

  it('refuses a CSV of 100,000 columns at its header', async () => {
    const wide = join(dir, 'wide.csv');
    writeFileSync(
      wide,
      `${Array.from({ length: 100_000 }, (_, i) => `c${i}`).join(',')}\n${Array(100_000).fill('1').join(',')}\n`,
    );
    refused(
      await cli(['explain', fixture('breast_cancer_rf.onnx'), '--data', wide]),
      /wide\.csv: expected a CSV of at most 10000 columns, found 100000 in its header/,
    );
  });

  it('quotes at most 80 characters of a 10 MB cell', async () => {
    const big = join(dir, 'big-cell.csv');
    const cells: string[] = header.split(',').map((c) => (c === 'label' ? '0' : '1'));
    cells[0] = 'x'.repeat(10_000_000);
    writeFileSync(big, `${header}\n${cells.join(',')}\n`);
    const r = await cli([...BC.slice(0, 3), big, '--label-column', 'label']);
    refused(r, /column "mean radius": expected numbers .*found text "x{80}…" \(10000000 characters\)/);
    expect(r.stderr.length).toBeLessThan(400);
  });

  it('refuses JSON Lines with invalid UTF-8, naming the line and the byte offset', async () => {
    const bad = join(dir, 'latin1.jsonl');
    writeFileSync(
      bad,
      Buffer.concat([
        Buffer.from('{"text": "a fine first line"}\n{"text": "caf'),
        Buffer.from([0xe9]),
        Buffer.from(' au lait"}\n'),
      ]),
    );
    refused(
      await cli(['explain', fixture('debian_text_bow.onnx'), '--data', bad, '--row', '1']),
      /latin1\.jsonl line 2 \(byte offset 43\): expected UTF-8 text, found the byte 0xe9/,
    );
  });

  it('registers nothing in the audit when the first explanation fails', async () => {
    const broken = join(dir, 'broken.onnx');
    writeFileSync(broken, linearRegressor([1, 2], 0, ['N', 3])); // declares 3 inputs, multiplies by 2 weights
    const data = join(dir, 'abc.csv');
    writeFileSync(data, 'a,b,c\n1,2,3\n4,5,6\n');
    const store = join(dir, 'failed.lwa');
    const r = await cli(['explain', broken, '--data', data, '--store', store]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/onnxruntime could not load the model/);
    const db = new Database(store, { readonly: true });
    expect(
      db
        .prepare(
          'SELECT (SELECT count(*) FROM models) AS models, (SELECT count(*) FROM datasets) AS datasets, (SELECT count(*) FROM explanation_runs) AS runs',
        )
        .get(),
    ).toEqual({ models: 0, datasets: 0, runs: 0 });
    db.close();
    expect((await cli(['verify', '--store', store])).status).toBe(0);
  });

  it('stops quietly with exit 0 when the reader closes the pipe, keeping the runs it committed', async () => {
    const store = join(dir, 'piped.lwa');
    const child = spawn(
      process.execPath,
      [BIN, ...BC, '--rows', '0-19', '--num-samples', '500', '--format', 'json', '--store', store],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    // As `| head -c 600` does: read a little, then close the pipe.
    child.stdout.once('data', () => child.stdout.destroy());
    const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).not.toMatch(/EPIPE|Error/);
    expect(status).toBe(0);
    const db = new Database(store, { readonly: true });
    const runs = (db.prepare('SELECT count(*) AS n FROM explanation_runs').get() as { n: number }).n;
    db.close();
    expect(runs).toBeGreaterThanOrEqual(1);
    expect(runs).toBeLessThan(20);
    expect((await cli(['verify', '--store', store])).status).toBe(0);
  }, 60_000);

  it('refuses a text neighbourhood too large to hold, before allocating it', async () => {
    const words = Array.from({ length: 100 }, (_, i) => `word${i}`).join(' ');
    refused(
      await cli(['explain', fixture('debian_text_bow.onnx'), '--text', words, '--num-samples', '1000000']),
      /text of row 0: expected at most 50000000 samples × features, found 1000000 samples × 100 features/,
    );
  });

  it('refuses a text of more tokens than a model with no fixed length may take', async () => {
    const long = join(dir, 'long.jsonl');
    writeFileSync(long, `${JSON.stringify({ text: 'game '.repeat(40_000) })}\n`);
    refused(
      await cli(['explain', fixture('debian_text_bow.onnx'), '--data', long, '--num-samples', '100']),
      /debian_text_bow\.onnx: expected a text of at most 32768 tokens .*found 40000/,
    );
  });

  it('holds sample and run counts to the same limits as the API', async () => {
    refused(
      await cli([...BC, '--num-samples', String(LIMITS.numSamples + 1)]),
      /--num-samples: expected a whole number from 2 to 1000000, found "1000001"/,
    );
    refused(await cli([...BC, '--runs', '1001']), /--runs: expected a whole number from 1 to 1000, found "1001"/);
    const params = (p: object) =>
      API_ARGUMENTS.runExplanation.safeParse({ modelId: 1, datasetId: 1, rows: [0], params: p }).success;
    expect(params({ numSamples: LIMITS.numSamples, runs: LIMITS.runs })).toBe(true);
    expect(params({ numSamples: LIMITS.numSamples + 1 })).toBe(false);
    expect(params({ runs: LIMITS.runs + 1 })).toBe(false);
  });
});

describe('bad requests through the API', () => {
  let backend: Backend;
  let served: Served;
  const events: unknown[] = [];
  beforeAll(async () => {
    backend = createBackend({ storePath: join(dir, 'api.lwa'), create: true });
    backend.onEvent((e) => events.push(e));
    served = await serveHttp({ backend, rendererDir: join(ROOT, 'dist', 'renderer') });
  });
  afterAll(async () => {
    await served.close();
    await backend.close();
  });

  it('refuses labels the model does not have, labels on a regression model, and labels with top labels, before any job, as the command line says it', async () => {
    const classifier = await backend.api.addModel({ path: fixture('breast_cancer_rf.onnx') });
    const dataset = await backend.api.addDataset({ path: fixture('breast_cancer.test.csv') });
    const linear = join(dir, 'linear.onnx');
    writeFileSync(linear, linearRegressor([1, 2], 0));
    writeFileSync(join(dir, 'xy.csv'), 'a,b\n1,2\n');
    const regression = await backend.api.addModel({ path: linear });
    const xy = await backend.api.addDataset({ path: join(dir, 'xy.csv') });
    const cases = [
      [
        { modelId: classifier.id, datasetId: dataset.id, labelColumn: 'label', rows: [0], params: { labels: [2] } },
        [...BC, '--labels', '2'],
      ],
      [
        { modelId: regression.id, datasetId: xy.id, rows: [0], params: { labels: [0] } },
        ['explain', linear, '--data', join(dir, 'xy.csv'), '--labels', '0'],
      ],
      [
        {
          modelId: classifier.id,
          datasetId: dataset.id,
          labelColumn: 'label',
          rows: [0],
          params: { labels: [0], topLabels: 1 },
        },
        [...BC, '--labels', '0', '--top-labels', '1'],
      ],
    ] as const;
    for (const [args, flags] of cases) {
      const reply = await backend.dispatch('runExplanation', args);
      const line = (await cli([...flags])).stderr.trim().replace(/^lime-workbench: /, '');
      expect(reply).toEqual({ ok: false, error: { code: 'invalid-argument', message: line } });
    }
    expect(events).toEqual([]);
  }, 60_000);

  function raw(path: string, body: Buffer | string): Promise<{ status: number; body: string; connection?: string }> {
    return new Promise((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: served.port,
          path,
          method: 'POST',
          headers: {
            host: `127.0.0.1:${served.port}`,
            'content-type': 'application/json',
            'x-lime-token': served.token,
            'content-length': Buffer.byteLength(body),
          },
        },
        (res) => {
          let data = '';
          res.on('data', (d) => (data += d));
          res.on('end', () => resolve({ status: res.statusCode!, body: data, connection: res.headers.connection }));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  it('answers a malformed percent-escape in the path with 400', async () => {
    const r = await raw('/api/%E0%A4%A', '{}');
    expect(r.status).toBe(400);
    expect(r.body).toMatch(/malformed percent-encoding/);
  });

  it('answers a 50 MB body with a 413 the client receives, then closes the connection', async () => {
    const r = await raw('/api/getAudit', Buffer.alloc(50 * 1024 * 1024, 0x20));
    expect(r.status).toBe(413);
    expect(r.body).toMatch(/request body over 1048576 bytes/);
    expect(r.connection).toBe('close');
    // The server is still there for the next call.
    expect((await raw('/api/getAudit', '{}')).status).toBe(200);
  }, 30_000);
});
