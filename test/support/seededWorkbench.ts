import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import { createBackend, type Backend } from '../../electron/backend/app/createBackend';
import { jobOutcome } from '../../electron/backend/app/jobOutcome';
import { DATA_DIR_ENV } from '../../electron/backend/app/userDataDir';
import { createKey, keysDir } from '../../electron/backend/keys/reviewerKeys';
import { serveHttp, type Served } from '../../electron/backend/http/serveHttp';
import { seriousViolations } from './accessibility';
import { tempDir } from './audit';
import { launchChromium } from './browser';
import './playwrightMatchers';
import { ROOT, fixture } from './fixtures';

/** Where the end-to-end tests leave their screenshots. */
const SHOTS = join(ROOT, 'test-output', 'e2e');

/** The seeded audit's title. */
export const TITLE = 'E2E review of the breast cancer forest';

/** What a seeded workbench has once its beforeAll has run. */
export interface Workbench {
  backend: Backend;
  served: Served;
  page: Page;
  auditPath: string;
  /** The seeded explanations of row 0 under each version. */
  seeded: { v1: number; v2: number };
  /** A reviewer key (passphrase "correct horse") in this run's keys folder. */
  anaKey: { fingerprint: string };
}

/**
 * The workbench in browser mode, driven as a reviewer drives it, at 1280 px wide: called inside a
 * `describe`, it registers the hooks that seed an audit through the API (two versions of the forest, the
 * data, one explanation of row 0 under each, a verdict on v2's), serve it and open headless Chromium on
 * it, and that start every test on that audit, signing with no key, on a freshly loaded page, so that each
 * test runs alone (`vitest -t NAME`) and in any order. Each test file gets its own audit and browser.
 */
export function seededWorkbench() {
  let current: Workbench | null = null;
  let browser: Browser | null = null;
  const requests: string[] = [];
  const dataDir = process.env[DATA_DIR_ENV];
  const now = (): Workbench => {
    if (!current) throw new Error('the seeded workbench is used before its beforeAll ran');
    return current;
  };

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    // The reviewers' keys folder of this run: a key with a passphrase, as `keys create` makes it.
    process.env[DATA_DIR_ENV] = tempDir('lw-e2e-data-');
    const anaKey = createKey('Ana Reviewer', 'correct horse', keysDir());
    const auditPath = join(tempDir('lw-e2e-'), 'review.lwa');
    const backend = createBackend({ storePath: auditPath, create: true, title: TITLE });
    const { api } = backend;
    const v1 = await api.addModel({ path: fixture('breast_cancer_rf.onnx') });
    const v2 = await api.addModel({ path: fixture('breast_cancer_rf_v2.onnx') });
    const train = await api.addDataset({ path: fixture('breast_cancer.train.csv') });
    const test = await api.addDataset({ path: fixture('breast_cancer.test.csv') });
    const seeded = { v1: 0, v2: 0 };
    for (const [version, model] of [
      ['v1', v1],
      ['v2', v2],
    ] as const) {
      const done = await jobOutcome(backend, () =>
        api.runExplanation({
          modelId: model.id,
          datasetId: test.id,
          trainDatasetId: train.id,
          labelColumn: 'label',
          rows: [0],
          params: { numSamples: 2000, runs: 3 },
        }),
      );
      seeded[version] = done.runIds[0];
    }
    await api.saveAnnotation({
      runId: seeded.v2,
      verdict: 'follow-up',
      rationale: 'Seeded: the second version is to be compared first.',
      reviewer: 'Seed Reviewer',
    });
    const served = await serveHttp({ backend, rendererDir: join(ROOT, 'dist', 'renderer') });
    browser = await launchChromium();
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    page.on('request', (r) => requests.push(r.url()));
    current = { backend, served, page, auditPath, seeded, anaKey };
  });

  beforeEach(async () => {
    const { backend, page, served, auditPath } = now();
    if ((await backend.api.getAudit({})).path !== auditPath) await backend.api.openAudit({ path: auditPath });
    await backend.api.useKey({ key: null });
    await page.goto(served.url);
    await page.getByRole('heading', { level: 2, name: TITLE }).waitFor();
  });

  afterAll(async () => {
    if (dataDir === undefined) delete process.env[DATA_DIR_ENV];
    else process.env[DATA_DIR_ENV] = dataDir;
    await browser?.close();
    await current?.served.close();
    await current?.backend.close();
  });

  const page = () => now().page;
  /** A screen's button in the navigation. */
  const screen = (name: string) => page().getByRole('navigation', { name: 'Screens' }).getByRole('button', { name });
  return {
    now,
    screen,
    shot: (name: string) => page().screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true }),
    /** No serious or critical axe violation in the page as it is now. */
    accessible: async (state: string) => expect(await seriousViolations(page(), state)).toEqual([]),
    /** Fills the Explain form for a breast-cancer forest on the test rows, trained on the training rows. */
    explainForm: async (version: string, settings: { rows?: string; samples: string; runs: string }) => {
      const p = page();
      await p.getByLabel('Model', { exact: true }).selectOption({ label: `breast_cancer_rf ${version} (tabular)` });
      await p.getByLabel('Data', { exact: true }).selectOption({ label: 'breast_cancer.test.csv (114 rows)' });
      await p.getByLabel('Training data', { exact: true }).selectOption({ label: 'breast_cancer.train.csv' });
      if (settings.rows !== undefined) await p.getByLabel('Rows', { exact: true }).fill(settings.rows);
      await p.getByLabel('Samples', { exact: true }).fill(settings.samples);
      await p.getByLabel('Runs (seeds)').fill(settings.runs);
    },
    explainButton: () => page().getByRole('main').getByRole('button', { name: 'Explain', exact: true }),
    /** The number in a run's heading ("Run 12 · …"). */
    runIdOf: async (heading: Locator) => Number(/^Run (\d+)/.exec((await heading.textContent()) ?? '')?.[1]),
    /**
     * A test: every screen visited, and no request the page made since the file's first test went beyond
     * this server (run it last in a file, to cover the file's tests).
     */
    staysLocal: async () => {
      for (const name of ['Models', 'Data', 'Explain', 'Compare', 'Review', 'Audit']) await screen(name).click();
      expect(requests.length).toBeGreaterThan(5);
      const origin = `http://127.0.0.1:${now().served.port}/`;
      expect(requests.filter((u) => !u.startsWith(origin) && !u.startsWith('data:'))).toEqual([]);
    },
  };
}
