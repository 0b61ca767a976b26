import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../electron/backend/app/createBackend';
import { jobOutcome } from '../../electron/backend/app/jobOutcome';
import { DATA_DIR_ENV } from '../../electron/backend/app/userDataDir';
import { createKey, keysDir } from '../../electron/backend/keys/reviewerKeys';
import { shortFingerprint } from '../../shared/domain/audit';
import { serveHttp, type Served } from '../../electron/backend/http/serveHttp';
import { seriousViolations } from '../support/accessibility';
import { tempDir } from '../support/audit';
import { launchChromium } from '../support/browser';
import '../support/playwrightMatchers';
import { ROOT, fixture } from '../support/fixtures';

const SHOTS = join(ROOT, 'test-output', 'e2e');

/**
 * The workbench in browser mode, driven as a reviewer drives it, at 1280 px wide. The audit is seeded
 * through the API (two versions of the forest, the data, one explanation of row 0 under each), and every
 * test starts from that audit and a fresh page: each runs alone (`vitest -t NAME`) and in any order.
 * axe checks each screen in each state the tests reach (no serious or critical violation allowed).
 */
describe('the workbench in headless Chromium, browser mode', () => {
  let backend: Backend;
  let served: Served;
  let browser: Browser;
  let page: Page;
  const requests: string[] = [];
  const auditPath = join(tempDir('lw-e2e-'), 'review.lwa');
  const TITLE = 'E2E review of the breast cancer forest';
  /** The seeded explanations of row 0 under each version. */
  const seeded = { v1: 0, v2: 0 };

  const dataDir = process.env[DATA_DIR_ENV];
  let anaKey: { fingerprint: string };

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    // The reviewers' keys folder of this run: a key with a passphrase, as `keys create` makes it.
    process.env[DATA_DIR_ENV] = tempDir('lw-e2e-data-');
    anaKey = createKey('Ana Reviewer', 'correct horse', keysDir());
    backend = createBackend({ storePath: auditPath, create: true, title: TITLE });
    const { api } = backend;
    const v1 = await api.addModel({ path: fixture('breast_cancer_rf.onnx') });
    const v2 = await api.addModel({ path: fixture('breast_cancer_rf_v2.onnx') });
    const train = await api.addDataset({ path: fixture('breast_cancer.train.csv') });
    const test = await api.addDataset({ path: fixture('breast_cancer.test.csv') });
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
    served = await serveHttp({ backend, rendererDir: join(ROOT, 'dist', 'renderer') });
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    page.on('request', (r) => requests.push(r.url()));
  });

  // Every test starts on the seeded audit, signing with no key, on a freshly loaded page.
  beforeEach(async () => {
    if ((await backend.api.getAudit({})).path !== auditPath) await backend.api.openAudit({ path: auditPath });
    await backend.api.useKey({ key: null });
    await page.goto(served.url);
    await page.getByRole('heading', { level: 2, name: TITLE }).waitFor();
  });

  afterAll(async () => {
    if (dataDir === undefined) delete process.env[DATA_DIR_ENV];
    else process.env[DATA_DIR_ENV] = dataDir;
    await browser?.close();
    await served?.close();
    await backend?.close();
  });

  const screen = (name: string) => page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name });
  const shot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  /** No serious or critical axe violation in the page as it is now. */
  const accessible = async (state: string) => expect(await seriousViolations(page, state)).toEqual([]);
  /** Fills the Explain form for a breast-cancer forest on the test rows, trained on the training rows. */
  const explainForm = async (version: string, settings: { rows?: string; samples: string; runs: string }) => {
    await page.getByLabel('Model', { exact: true }).selectOption({ label: `breast_cancer_rf ${version} (tabular)` });
    await page.getByLabel('Data', { exact: true }).selectOption({ label: 'breast_cancer.test.csv (114 rows)' });
    await page.getByLabel('Training data', { exact: true }).selectOption({ label: 'breast_cancer.train.csv' });
    if (settings.rows !== undefined) await page.getByLabel('Rows', { exact: true }).fill(settings.rows);
    await page.getByLabel('Samples', { exact: true }).fill(settings.samples);
    await page.getByLabel('Runs (seeds)').fill(settings.runs);
  };
  const explainButton = () => page.getByRole('main').getByRole('button', { name: 'Explain', exact: true });
  /** The number in a run's heading ("Run 12 · …"). */
  const runIdOf = async (heading: Locator) => Number(/^Run (\d+)/.exec((await heading.textContent()) ?? '')?.[1]);

  it('opens on the audit', async () => {
    await expect(page.getByText(/^Head of the audit log/)).toBeVisibleSoon();
    await accessible('Audit, loaded');
    await shot('1-audit');
  });

  it('adds a model and shows its properties; a malformed profile is refused with a message', async () => {
    await screen('Models').click();
    await page.getByLabel('ONNX file').fill(fixture('wine_mlp.onnx'));
    await page.getByRole('button', { name: 'Add model' }).click();
    await expect(page.getByRole('heading', { name: /^wine_mlp v\d+$/ })).toBeVisibleSoon();
    await expect(page.getByText('float32[N,13]')).toBeVisibleSoon();
    expect(await page.getByRole('button', { name: /^v[12] · tabular classification/ }).count()).toBeGreaterThan(2);
    const editor = page.getByLabel('Profile JSON');
    await editor.fill('{ "classNames": ["class_0"');
    await page.getByRole('button', { name: 'Save profile' }).click();
    await expect(page.getByText(/expected JSON, found text that does not parse/)).toBeVisibleSoon();
    await accessible('Models, an error shown');
    await editor.fill(JSON.stringify({ classNames: ['class_0', 'class_1', 'class_2'] }));
    await page.getByRole('button', { name: 'Save profile' }).click();
    await expect(page.getByText('Profile saved; the change is in the audit log.')).toBeVisibleSoon();
    await accessible('Models, a model open');
    await shot('2-models');
  });

  it('loads data, searches and sorts it, and picks a row to explain', async () => {
    await screen('Data').click();
    await page.getByLabel('Add data').fill(fixture('diabetes.test.csv'));
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await expect(page.getByText(/^\d+ rows · 0 picked$/)).toBeVisibleSoon();
    await page.getByLabel('Dataset').selectOption({ label: 'breast_cancer.test.csv (table, 114 rows)' });
    await page.getByText('114 rows · 0 picked').waitFor();
    await page.getByRole('button', { name: 'mean radius' }).click();
    await expect(page.getByRole('columnheader', { name: 'mean radius' })).toHaveAttributeSoon('aria-sort', 'ascending');
    await page.getByLabel('Search').fill('13.82');
    await page.getByText('1 rows · 0 picked').waitFor();
    await page.getByLabel('pick row 0').check();
    await accessible('Data, loaded');
    await shot('3-data');
    await page.getByRole('button', { name: 'Explain the picked rows' }).click();
    await expect(page.getByLabel('Rows', { exact: true })).toHaveValueSoon('0');
  });

  it('explains a row under both versions, with progress, fidelity and stability', async () => {
    await screen('Explain').click();
    for (const version of ['v1', 'v2']) {
      await explainForm(version, { rows: '1', samples: '2000', runs: '3' });
      await explainButton().click();
      await page
        .getByRole('heading', { name: new RegExp(`Run \\d+ · breast_cancer_rf ${version} · row 1`) })
        .waitFor({ timeout: 30_000 });
    }
    await expect(page.getByText(/^Explaining (malignant|benign) \(label [01]\)$/)).toBeVisibleSoon();
    await expect(page.getByText('Top-10 features common to all runs')).toBeVisibleSoon();
    await expect(page.getByText(/The surrogate (misses|reproduces|explains)/)).toBeVisibleSoon();
    await expect(
      page.getByRole('figure', { name: /Weights for (malignant|benign) \(mean over 3 runs/ }),
    ).toBeVisibleSoon();
    // Per feature: the sign agreement and selection over the three runs.
    await page.getByText('Stability per feature over 3 runs').click();
    const perFeature = page.locator('details.stability tbody tr');
    expect(await perFeature.count()).toBeGreaterThanOrEqual(10);
    await expect(perFeature.first().locator('td').nth(3)).toHaveTextSoon(/^[0-3] of 3$/);
    await accessible('Explain, a run open');
    await shot('4-explain');
  });

  it('explains with the app default, auto samples, and shows whether the selection is stable', async () => {
    await screen('Explain').click();
    await explainForm('v1', { rows: '2', samples: '', runs: '1' });
    await page.getByLabel('Features', { exact: true }).fill('3');
    await expect(
      page.getByText(/^Samples: auto, until the chosen features are stable at 95 %, at most 2 s per run$/),
    ).toBeVisibleSoon();
    await explainButton().click();
    const heading = page.getByRole('heading', { name: /^Run \d+ · breast_cancer_rf v1 · row 2$/ });
    await heading.waitFor({ timeout: 30_000 });
    await expect(page.getByText(/^(✔ Stable at 95 % \(\d+ samples\)|⚠ Not stable at 95 % within)/)).toBeVisibleSoon();
    await page.getByText(/^Sample guarantee: \d+ samples after \d+ checks$/).click();
    await expect(page.locator('details.guarantee tbody tr')).toHaveCountSoon(3);
    await accessible('Explain, a guaranteed run open');
    await shot('4b-guarantee');
    // Review lists it with its verdict on stability.
    const runId = await runIdOf(heading);
    await screen('Review').click();
    const row = page
      .getByRole('row')
      .filter({ has: page.getByRole('button', { name: `Open run ${runId}`, exact: true }) });
    await expect(row.getByRole('cell').last()).toHaveTextSoon(/^(✔ yes|⚠ no)$/);
  });

  it('records a verdict and shows it in the history and the filters', async () => {
    await screen('Review').click();
    await page.getByRole('button', { name: `Open run ${seeded.v1}`, exact: true }).click();
    await page.getByRole('radio', { name: 'Trusted', exact: true }).check();
    await page.getByLabel('Rationale').fill('Texture and concavity lead, as expected; stable over three seeds.');
    await page.getByLabel('Reviewer').fill('Ana Reviewer');
    await page.getByRole('button', { name: 'Record verdict' }).click();
    await expect(page.getByText('Texture and concavity lead, as expected; stable over three seeds.')).toBeVisibleSoon();
    await accessible('Review, a run open');
    await page.getByLabel('Verdict', { exact: true }).selectOption({ label: 'Trusted' });
    await expect(page.getByRole('button', { name: `Open run ${seeded.v2}`, exact: true })).toBeHiddenSoon();
    await expect(page.getByRole('button', { name: `Open run ${seeded.v1}`, exact: true })).toBeVisibleSoon();
    await shot('5-review');
  });

  it('signs a verdict with a reviewer key chosen on the Audit screen, and marks it signed in the history', async () => {
    await page
      .getByLabel('Sign with')
      .selectOption({ label: `Ana Reviewer (${shortFingerprint(anaKey.fingerprint)})` });
    await page.getByLabel('Passphrase', { exact: true }).fill('wrong passphrase');
    await page.getByRole('button', { name: 'Use this key' }).click();
    await expect(page.getByText(/expected the key's passphrase, found a wrong passphrase/)).toBeVisibleSoon();
    await accessible('Audit, an error shown');
    await page.getByLabel('Passphrase', { exact: true }).fill('correct horse');
    await page.getByRole('button', { name: 'Use this key' }).click();
    await expect(page.getByText('Signing as')).toBeVisibleSoon();
    await shot('5b-signing');
    await screen('Review').click();
    await page.getByRole('button', { name: `Open run ${seeded.v1}`, exact: true }).click();
    const signedBefore = await page.getByText('✔ signed').count();
    await page.getByRole('radio', { name: 'Trusted', exact: true }).check();
    await page.getByLabel('Rationale').fill('Confirmed after checking the stability table.');
    await page.getByLabel('Reviewer').fill('Ana Reviewer');
    await page.getByRole('button', { name: 'Record verdict' }).click();
    await expect(page.getByText('Confirmed after checking the stability table.').last()).toBeVisibleSoon();
    await expect(page.getByText('✔ signed')).toHaveCountSoon(signedBefore + 1);
    await shot('5c-signed-verdict');
    await screen('Audit').click();
    await page.getByRole('button', { name: 'Stop signing' }).click();
    await expect(page.getByRole('button', { name: 'Use this key' })).toBeVisibleSoon();
  });

  it('compares the two versions on the same instance', async () => {
    await screen('Compare').click();
    await page.getByRole('button', { name: 'Two runs' }).click();
    await page
      .getByLabel('Run A')
      .selectOption({ index: optionIndex(await options(page.getByLabel('Run A')), seeded.v2) });
    await page
      .getByLabel('Run B')
      .selectOption({ index: optionIndex(await options(page.getByLabel('Run B')), seeded.v1) });
    await page.getByRole('main').getByRole('button', { name: 'Compare', exact: true }).click();
    await expect(
      page.getByText(new RegExp(`^Runs ${seeded.v2} \\(A\\) and ${seeded.v1} \\(B\\)\\. Same instance\\.`)),
    ).toBeVisibleSoon();
    await expect(page.getByRole('table').filter({ hasText: 'rank A' })).toBeVisibleSoon();
    await accessible('Compare, two runs open');
    await shot('6-compare');
  });

  it('checks an explanation against KernelSHAP and a kernel-width sweep, and keeps both with the run', async () => {
    await screen('Explain').click();
    await explainForm('v1', { rows: '5', samples: '1000', runs: '2' });
    await page.getByLabel('Kernel width').fill('auto');
    await page.getByLabel('Method').selectOption({ label: 'LIME, with KernelSHAP beside it' });
    await explainButton().click();
    const heading = page.getByRole('heading', { name: /^Run \d+ · breast_cancer_rf v1 · row 5$/ });
    await heading.waitFor({ timeout: 60_000 });
    const runId = await runIdOf(heading);
    const checks = page.getByRole('region', { name: 'Trust checks' });
    await expect(checks.getByRole('heading', { name: 'LIME against KernelSHAP' })).toBeVisibleSoon();
    await expect(
      checks.getByText(
        /LIME and KernelSHAP (rank the features alike|partly agree|disagree) \(ρ -?\d\.\d\d; \d of the top 5/,
      ),
    ).toBeVisibleSoon();
    await expect(
      checks.getByRole('figure', { name: /KernelSHAP values for malignant|KernelSHAP values for benign/ }),
    ).toBeVisibleSoon();
    expect(await checks.locator('table.sweep tbody tr').count()).toBe(5);
    await expect(checks.getByText(/\(chosen\)$/)).toBeVisibleSoon();
    await accessible('Explain, trust checks open');
    await shot('6b-trust-checks');
    // The same checks come back from the audit file in Review.
    await screen('Review').click();
    await page.getByRole('button', { name: `Open run ${runId}`, exact: true }).click();
    await expect(
      page.getByRole('region', { name: 'Trust checks' }).getByRole('heading', { name: 'Kernel width sweep' }),
    ).toBeVisibleSoon();
  });

  it('picks representative rows with SP-LIME and opens each picked run', async () => {
    await screen('Explain').click();
    await explainForm('v1', { rows: '10-29', samples: '800', runs: '1' });
    await page.getByLabel('Pick', { exact: true }).fill('0');
    await page.getByRole('button', { name: 'Pick representative rows' }).click();
    await expect(page.getByText(/Pick: expected a whole number of rows from 1 to 100, found “0”/)).toBeVisibleSoon();
    await accessible('Explain, an error shown');
    await page.getByLabel('Pick', { exact: true }).fill('3');
    await page.getByRole('button', { name: 'Pick representative rows' }).click();
    const panel = page.getByRole('region', { name: 'SP-LIME pick' });
    await expect(
      panel.getByText(/^Picked 3 of 20 rows; together their explanations cover \d+ % of the features' importance/),
    ).toBeVisibleSoon(30_000);
    await expect(
      panel.getByRole('figure', { name: 'Global importance over all 20 candidates (√Σ|weight|)' }),
    ).toBeVisibleSoon();
    const buttons = panel.getByRole('button', { name: /^Show run \d+$/ });
    expect(await buttons.count()).toBe(3);
    // The first pick is shown; another opens on request.
    const first = Number((await buttons.first().textContent())!.replace(/\D+/g, ''));
    await page
      .getByRole('heading', { name: new RegExp(`^Run ${first} · breast_cancer_rf v1 · row (1\\d|2\\d)$`) })
      .waitFor();
    await expect(page.getByText(/^not measured: one seed/)).toBeVisibleSoon(); // one run: no stability, and it says so
    await buttons.nth(2).click();
    await expect(buttons.nth(2)).toHaveAttributeSoon('aria-pressed', 'true');
    await accessible('Explain, a pick open');
    await shot('6c-pick');
  });

  it('reviews the two versions over a cohort: a study with its summary, charts, ranked rows and a verdict', async () => {
    await screen('Compare').click();
    await page.getByRole('button', { name: 'Studies' }).click();
    await page.getByLabel('Model A').selectOption({ label: 'breast_cancer_rf v1' });
    await page.getByLabel('Model B').selectOption({ label: 'breast_cancer_rf v2' });
    await page.getByLabel('Data', { exact: true }).selectOption({ label: 'breast_cancer.test.csv (114 rows)' });
    await page.getByLabel('Training data', { exact: true }).selectOption({ label: 'breast_cancer.train.csv' });
    await page.getByLabel('Label column').selectOption({ label: 'label' });
    await page.getByLabel('Rows by').selectOption({ label: 'a cohort filter' });
    await page.getByLabel('Cohort filter').fill('`worst area` > 600');
    await page.getByLabel('Samples per explanation').fill('300');
    await page.getByRole('button', { name: 'Start the study' }).click();
    await expect(page.getByText(/^Over \d+ rows, breast_cancer_rf v2 /)).toBeVisibleSoon(30_000);
    await expect(
      page.getByRole('figure', { name: /Importance shift per input, breast_cancer_rf v2 against breast_cancer_rf v1/ }),
    ).toBeVisibleSoon();
    await expect(page.getByRole('figure', { name: /Agreement of the two explanations per row/ })).toBeVisibleSoon();
    await expect(page.getByRole('figure', { name: /against the explanations' agreement, per row/ })).toBeVisibleSoon();
    await page
      .getByRole('button', { name: /^Open row \d+$/ })
      .first()
      .click();
    await expect(
      page.getByText(/^Runs \d+ \(breast_cancer_rf v1\) and \d+ \(breast_cancer_rf v2\)\. Same instance\./),
    ).toBeVisibleSoon();
    // The verdict's rationale starts as the study's summary, ready to edit.
    await expect(page.getByLabel('Rationale')).toHaveValueSoon(/^Over \d+ rows/);
    await page.getByRole('radio', { name: 'Needs follow-up' }).check();
    await page.getByLabel('Reviewer').fill('Ana Reviewer');
    await page.getByRole('button', { name: 'Record verdict' }).click();
    await expect(page.getByRole('cell', { name: 'Needs follow-up (Ana Reviewer)' }).first()).toBeVisibleSoon();
    await accessible('Compare, a study open');
    await shot('6a-study');
  });

  it('downloads the review report from the Audit screen (browser mode: the server writes no path)', async () => {
    const reviewed = (await backend.api.listRuns({})).total - (await backend.api.listRuns({ verdict: 'none' })).total;
    expect(reviewed).toBeGreaterThan(0);
    await expect(page.getByLabel('PDF file')).toBeHiddenSoon();
    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download the report' }).click();
    const download = await downloading;
    const pdf = join(tempDir('lw-e2e-report-'), 'report.pdf');
    await download.saveAs(pdf);
    expect(download.suggestedFilename()).toBe(`${TITLE} report.pdf`);
    expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
    await expect(
      page.getByText(new RegExp(`^Downloaded ${TITLE} report\\.pdf \\(\\d+ KiB\\): ${reviewed} reviewed explanations`)),
    ).toBeVisibleSoon();
    await shot('7-report-export');
  });

  it('keeps the session token out of the address bar', async () => {
    expect(new URL(page.url()).search).toBe('');
    expect(await page.evaluate(() => history.length >= 1 && !location.href.includes('token'))).toBe(true);
  });

  it('creates a new audit from the Audit screen (browser mode: a typed path) and opens it', async () => {
    const fresh = join(tempDir('lw-e2e-new-'), 'second.lwa');
    await page.getByRole('button', { name: 'New audit…' }).click();
    await page.getByLabel('New audit file').fill(fresh);
    await page.getByLabel('A new audit takes signed verdicts only').check();
    await page.getByRole('button', { name: 'Create' }).click();
    await page.getByRole('heading', { name: 'second', level: 2 }).waitFor();
    await expect(page.getByText(fresh)).toBeVisibleSoon();
    await expect(page.getByText('This audit takes signed verdicts only.')).toBeVisibleSoon();
    await shot('7b-new-audit');
  });

  it('creates an encrypted audit with a passphrase typed on the Audit screen', async () => {
    const fresh = join(tempDir('lw-e2e-enc-'), 'sealed-away.lwa');
    await page.getByRole('button', { name: 'New audit…' }).click();
    await page.getByLabel('New audit file').fill(fresh);
    await page.getByLabel(/^Passphrase \(an encrypted audit's/).fill('a long passphrase');
    await page.getByRole('button', { name: 'Create' }).click();
    await page.getByRole('heading', { name: 'sealed-away', level: 2 }).waitFor();
    const bytes = readFileSync(fresh);
    expect(bytes.includes('SQLite format 3')).toBe(false);
    expect(bytes.includes('sealed-away')).toBe(false);
    expect(await page.getByLabel(/^Passphrase \(an encrypted audit's/).inputValue()).toBe('');
  });

  it('passes axe on every screen, empty and loaded, with a job running and with its error', async () => {
    const screens = ['Audit', 'Models', 'Data', 'Explain', 'Compare', 'Review'];
    const visitAll = async (state: string) => {
      for (const name of screens) {
        await screen(name).click();
        await page.getByRole('heading', { level: 2 }).first().waitFor();
        await accessible(`${name}, ${state}`);
        await shot(`8-${name.toLowerCase()}-${state}`);
      }
    };
    // The check can fail: a button with no name is caught, and named.
    await page.evaluate(() =>
      document.body.append(Object.assign(document.createElement('button'), { id: 'nameless' })),
    );
    expect((await seriousViolations(page, 'probe')).join('\n')).toMatch(/button-name \(critical\).*#nameless/);
    await page.evaluate(() => document.getElementById('nameless')?.remove());
    await visitAll('loaded');
    await screen('Compare').click();
    await page.getByRole('button', { name: 'Two runs' }).click();
    await accessible('Compare two runs, loaded');
    // A job running: a long explanation, checked while its progress shows, then cancelled.
    await screen('Explain').click();
    await explainForm('v1', { rows: '0-9', samples: '200000', runs: '10' });
    await explainButton().click();
    await expect(page.getByRole('progressbar', { name: 'Explanation progress' })).toBeVisibleSoon();
    await accessible('Explain, a job running');
    await shot('8-explain-job-running');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect(page.getByRole('alert')).toHaveTextSoon(/cancelled/, 30_000);
    await accessible('Explain, a job cancelled');
    // Empty: a new audit with nothing in it.
    await screen('Audit').click();
    await page.getByRole('button', { name: 'New audit…' }).click();
    await page.getByLabel('New audit file').fill(join(tempDir('lw-e2e-empty-'), 'empty.lwa'));
    await page.getByRole('button', { name: 'Create' }).click();
    await page.getByRole('heading', { name: 'empty', level: 2 }).waitFor();
    await visitAll('empty');
  });

  it('explains a row and records a verdict with the keyboard alone', async () => {
    const focused = (target: Locator) => target.evaluate((el) => el === document.activeElement);
    /** Presses Tab until the target has the focus: fails if it cannot be reached so. */
    const tabTo = async (target: Locator) => {
      for (let i = 0; i < 400; i++) {
        await page.keyboard.press('Tab');
        if (await focused(target)) return;
      }
      throw new Error(`could not reach ${target.toString()} with Tab`);
    };
    const key = (k: string) => page.keyboard.press(k);
    await tabTo(screen('Explain'));
    await key('Enter');
    // Selects take the option typed (type-ahead), inputs what is typed after selecting their text.
    await tabTo(page.getByLabel('Model', { exact: true }));
    await page.keyboard.type('breast_cancer_rf v1');
    await tabTo(page.getByLabel('Data', { exact: true }));
    await page.keyboard.type('breast_cancer.test');
    await tabTo(page.getByLabel('Training data', { exact: true }));
    await page.keyboard.type('breast_cancer.train');
    for (const [label, value] of [
      ['Rows', '2'],
      ['Samples', '500'],
      ['Runs (seeds)', '2'],
    ]) {
      await tabTo(page.getByLabel(label, { exact: true }));
      await key('Control+A');
      await page.keyboard.type(value);
    }
    await tabTo(explainButton());
    await key('Enter');
    const heading = page.getByRole('heading', { name: /^Run \d+ · breast_cancer_rf v1 · row 2$/ });
    await heading.waitFor({ timeout: 30_000 });
    const runId = await runIdOf(heading);
    await tabTo(screen('Review'));
    await key('Enter');
    await tabTo(page.getByRole('button', { name: `Open run ${runId}`, exact: true }));
    await key('Enter');
    await page.getByRole('region', { name: `Run ${runId}` }).waitFor();
    // Tab reaches the group's checked radio; the arrows move the choice within the group.
    await tabTo(page.getByRole('radio', { checked: true }));
    const notTrusted = page.getByRole('radio', { name: 'Not trusted' });
    for (let i = 0; i < 3 && !(await notTrusted.isChecked()); i++) await key('ArrowRight');
    expect(await notTrusted.isChecked()).toBe(true);
    await tabTo(page.getByLabel('Rationale'));
    await page.keyboard.type('Reached and recorded without a mouse.');
    await tabTo(page.getByLabel('Reviewer'));
    await page.keyboard.type('Kay Board');
    await tabTo(page.getByRole('button', { name: 'Record verdict' }));
    await key('Enter');
    await expect(page.getByText('Reached and recorded without a mouse.')).toBeVisibleSoon();
    const history = await backend.api.getRun({ runId });
    expect(history.annotations.at(-1)).toMatchObject({ verdict: 'not-trusted', reviewer: 'Kay Board' });
    await shot('9-keyboard');
  });

  it('sends no request beyond 127.0.0.1', async () => {
    for (const name of ['Models', 'Data', 'Explain', 'Compare', 'Review', 'Audit']) await screen(name).click();
    expect(requests.length).toBeGreaterThan(5);
    const outside = requests.filter((u) => !u.startsWith(`http://127.0.0.1:${served.port}/`) && !u.startsWith('data:'));
    expect(outside).toEqual([]);
  });
});

/** The option labels of a select. */
function options(select: Locator): Promise<string[]> {
  return select.locator('option').allTextContents();
}

/** The index of the option naming run `runId`. */
function optionIndex(labels: string[], runId: number): number {
  const index = labels.findIndex((l) => l.startsWith(`run ${runId} `));
  if (index < 0) throw new Error(`no option for run ${runId} among ${labels.length}`);
  return index;
}
