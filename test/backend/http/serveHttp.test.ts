import { networkInterfaces } from 'node:os';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../../electron/backend/app/createBackend';
import { CONTENT_SECURITY_POLICY } from '../../../electron/backend/http/rendererFiles';
import { serveHttp, type Served } from '../../../electron/backend/http/serveHttp';
import { API_METHODS } from '../../../shared/contract/api';
import { readLog } from '../../../electron/backend/store/auditLog';
import { openAudit } from '../../../electron/backend/store/openAudit';
import { tempDir } from '../../support/audit';
import { ROOT } from '../../support/fixtures';

/** Arguments each method must refuse: a wrong type, a missing field, or a field it does not take. */
const MALFORMED: Record<string, unknown[]> = {
  getAudit: [{ extra: 1 }, 'text'],
  openAudit: [{}, { path: 7 }, { path: '' }, { path: 'a.lwa', create: 'yes' }],
  listModels: [{ x: true }],
  addModel: [{}, { path: ['a'] }, { path: 'm.onnx', family: '' }],
  updateModelProfile: [
    { modelId: 1 },
    { modelId: 1, profile: { task: 'clustering' } },
    { modelId: 1, profile: { classNames: 'a,b' } },
  ],
  listDatasets: [[]],
  addDataset: [{}, { path: null }],
  getDatasetRows: [{}, { datasetId: -1 }, { datasetId: 1, limit: 100000 }, { datasetId: 1.5 }],
  runExplanation: [
    {},
    { modelId: 1, datasetId: 1, rows: [] },
    { modelId: 1, datasetId: 1, rows: [0], params: { numSamples: 1 } },
    { modelId: 1, datasetId: 1, rows: [0], params: { bogus: 1 } },
  ],
  pickInstances: [
    { modelId: 1, datasetId: 1, rows: [0, 1] },
    { modelId: 1, datasetId: 1, rows: [0, 1], budget: 0 },
    { modelId: 1, datasetId: 1, rows: [0], budget: 2.5 },
    { modelId: 1, datasetId: 1, rows: [0], budget: 2, params: { method: 'shap' } },
  ],
  cancelJob: [{}, { jobId: '' }],
  listRuns: [{ verdict: 'maybe' }, { modelId: 'one' }, { limit: 5000 }, { flag: 'odd' }, { sort: 'random' }],
  getRun: [{}, { runId: 0 }],
  prepareModel: [{}, { modelId: -1 }, { modelId: 1, extra: true }, { modelId: 1, datasetId: 0.5 }],
  saveAnnotation: [
    { runId: 1, verdict: 'trusted', rationale: '  ', reviewer: 'a' },
    { runId: 1, verdict: 'great', rationale: 'x', reviewer: 'a' },
    { runId: 1, verdict: 'trusted', rationale: 'x' },
  ],
  saveAnnotations: [
    { verdict: 'trusted', rationale: 'x', reviewer: 'a' },
    { runIds: [1], filter: {}, verdict: 'trusted', rationale: 'x', reviewer: 'a' },
    { runIds: [], verdict: 'trusted', rationale: 'x', reviewer: 'a' },
    { filter: { flag: 'odd' }, verdict: 'trusted', rationale: 'x', reviewer: 'a' },
  ],
  compareRuns: [{ runIds: [1] }, { runIds: [1, 'two'] }],
  createStudy: [
    { modelAId: 1, modelBId: 2, datasetId: 1 },
    { modelAId: 1, modelBId: 2, datasetId: 1, rows: [0], where: 'age > 3' },
    { modelAId: 1, modelBId: 1, datasetId: 1, rows: [0] },
    { modelAId: 1, modelBId: 2, datasetId: 1, where: '' },
    { modelAId: 1, modelBId: 2, datasetId: 1, rows: [0], params: { numSamples: 1 } },
  ],
  resumeStudy: [{}, { studyId: 'one' }],
  listStudies: [{ all: true }],
  listPicks: [{ modelId: 1 }],
  getStudy: [{}, { studyId: 0 }],
  saveStudyAnnotation: [
    { studyId: 1, verdict: 'trusted', reviewer: 'a' },
    { studyId: 1, verdict: 'fine', rationale: 'x', reviewer: 'a' },
  ],
  verifyAudit: [{ deep: true }],
  exportReport: [{}, { path: 'r.pdf', paper: 'A3' }, { path: 'r.pdf', redact: 'age' }],
  exportRedactedCopy: [{}, { out: 'copy.lwa', redact: 'age' }, { out: 'copy.lwa', passphrase: 'short' }],
  listKeys: [{ reviewer: 'x' }],
  useKey: [{}, { key: 'alice', passphrase: 7 }, { key: '' }],
};

function post(
  served: Served,
  path: string,
  body: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: served.port,
        path,
        method: 'POST',
        headers: { host: `127.0.0.1:${served.port}`, ...headers },
      },
      (res) => {
        let data = '';
        res.on('data', (d) => (data += d));
        res.on('end', () => resolve({ status: res.statusCode!, body: data, headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('browser mode over HTTP', () => {
  let backend: Backend;
  let served: Served;
  let store: string;
  beforeAll(async () => {
    store = join(tempDir('lw-http-'), 'audit.lwa');
    backend = createBackend({ storePath: store, create: true });
    served = await serveHttp({ backend, rendererDir: join(ROOT, 'dist', 'renderer') });
  });
  afterAll(async () => {
    await served.close();
    await backend.close();
  });
  const call = (method: string, args: unknown, token = served.token) =>
    post(served, `/api/${method}`, JSON.stringify(args), { 'content-type': 'application/json', 'x-lime-token': token });

  it('has a malformed-argument case for every API method', () => {
    expect(Object.keys(MALFORMED).sort()).toEqual([...API_METHODS].sort());
  });

  it('answers every malformed call with invalid-argument naming the method, and writes nothing', async () => {
    const before = readLog(openAudit(store)).length;
    for (const [method, cases] of Object.entries(MALFORMED)) {
      for (const args of cases) {
        const r = await call(method, args);
        expect(r.status).toBe(200);
        const result = JSON.parse(r.body);
        expect(result.ok, `${method} ${JSON.stringify(args)}`).toBe(false);
        expect(result.error.code).toBe('invalid-argument');
        expect(result.error.message.startsWith(`${method}: `)).toBe(true);
      }
    }
    const db = openAudit(store);
    expect(readLog(db).length).toBe(before);
    expect((db.prepare('SELECT count(*) AS n FROM models').get() as { n: number }).n).toBe(0);
    db.close();
  });

  it('answers a well-formed call, and a call for something missing with not-found', async () => {
    expect(JSON.parse((await call('getAudit', {})).body)).toMatchObject({ ok: true, value: { runs: 0, models: 0 } });
    expect(JSON.parse((await call('getRun', { runId: 99 })).body)).toMatchObject({
      ok: false,
      error: { code: 'not-found' },
    });
    expect(JSON.parse((await call('addModel', { path: '/no/such.onnx' })).body)).toMatchObject({
      ok: false,
      error: { code: 'not-found', message: expect.stringMatching(/no such file/) },
    });
    expect(JSON.parse((await call('noSuchMethod', {})).body)).toMatchObject({
      ok: false,
      error: { code: 'invalid-argument' },
    });
  });

  it('refuses calls without the session token, from another Host, or not in JSON', async () => {
    expect((await call('getAudit', {}, 'wrong')).status).toBe(401);
    expect(
      (
        await post(served, '/api/getAudit', '{}', {
          'content-type': 'application/json',
          'x-lime-token': served.token,
          host: 'evil.example:80',
        })
      ).status,
    ).toBe(421);
    expect(
      (
        await post(served, '/api/getAudit', 'a=1', {
          'content-type': 'application/x-www-form-urlencoded',
          'x-lime-token': served.token,
        })
      ).status,
    ).toBe(415);
    const bad = JSON.parse(
      (
        await post(served, '/api/getAudit', '{not json', {
          'content-type': 'application/json',
          'x-lime-token': served.token,
        })
      ).body,
    );
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
  });

  it('serves the page with a strict Content-Security-Policy, and nothing outside the renderer', async () => {
    const page = await fetch(`http://127.0.0.1:${served.port}/`);
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(await page.text()).toMatch(/<div id="root">/);
    expect((await fetch(`http://127.0.0.1:${served.port}/..%2f..%2fpackage.json`)).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${served.port}/api/events`)).status).toBe(401);
  });

  it('listens on 127.0.0.1 only: the socket is bound to the loopback address, not to every interface', async () => {
    expect(served.address).toEqual({ address: '127.0.0.1', family: 'IPv4', port: served.port });
    // Nothing answers on the machine's other addresses (where it has one).
    const others = Object.values(networkInterfaces())
      .flat()
      .filter((i) => i && i.family === 'IPv4' && !i.internal)
      .map((i) => i!.address);
    for (const address of others)
      await expect(fetch(`http://${address}:${served.port}/`, { signal: AbortSignal.timeout(2000) })).rejects.toThrow();
  });
});
