import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../electron/backend/app/createBackend';
import { DATA_DIR_ENV } from '../../electron/backend/app/userDataDir';
import { createKey, keysDir } from '../../electron/backend/keys/reviewerKeys';
import { shortFingerprint } from '../../shared/domain/audit';
import { serveHttp, type Served } from '../../electron/backend/http/serveHttp';
import { tempDir } from '../support/audit';
import { launchChromium } from '../support/browser';
import '../support/playwrightMatchers';
import { ROOT, fixture } from '../support/fixtures';

const SHOTS = join(ROOT, 'test-output', 'e2e');

describe('the workbench in headless Chromium, browser mode', () => {
  let backend: Backend;
  let served: Served;
  let browser: Browser;
  let page: Page;
  const requests: string[] = [];

  const dataDir = process.env[DATA_DIR_ENV];
  let anaKey: { fingerprint: string };

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    // The reviewers' keys folder of this run: a key with a passphrase, as `keys create` makes it.
    process.env[DATA_DIR_ENV] = tempDir('lw-e2e-data-');
    anaKey = createKey('Ana Reviewer', 'correct horse', keysDir());
    backend = createBackend({
      storePath: join(tempDir('lw-e2e-'), 'review.lwa'),
      create: true,
      title: 'E2E review of the breast cancer forest',
    });
    served = await serveHttp({ backend, rendererDir: join(ROOT, 'dist', 'renderer') });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(served.url);
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
  /** Fills the Explain form for a breast-cancer forest on the test rows, trained on the training rows. */
  const explainForm = async (version: string, settings: { rows?: string; samples: string; runs: string }) => {
    await page.getByLabel('Model', { exact: true }).selectOption({ label: `breast_cancer_rf ${version} (tabular)` });
    await page.getByLabel('Data', { exact: true }).selectOption({ label: 'breast_cancer.test.csv (114 rows)' });
    await page.getByLabel('Training data', { exact: true }).selectOption({ label: 'breast_cancer.train.csv' });
    if (settings.rows !== undefined) await page.getByLabel('Rows', { exact: true }).fill(settings.rows);
    await page.getByLabel('Samples', { exact: true }).fill(settings.samples);
    await page.getByLabel('Runs (seeds)').fill(settings.runs);
  };

  it('opens on the audit', async () => {
    await expect(page.getByRole('heading', { name: 'E2E review of the breast cancer forest' })).toBeVisibleSoon();
    await shot('1-audit');
  });

  it('adds two versions of a model and shows their properties', async () => {
    await screen('Models').click();
    for (const file of ['breast_cancer_rf.onnx', 'breast_cancer_rf_v2.onnx']) {
      await page.getByLabel('ONNX file').fill(fixture(file));
      await page.getByRole('button', { name: 'Add model' }).click();
      await page.getByRole('heading', { name: /breast_cancer_rf v\d/ }).waitFor();
    }
    await expect(page.getByRole('heading', { name: 'breast_cancer_rf v2' })).toBeVisibleSoon();
    await expect(page.getByText('float32[N,30]')).toBeVisibleSoon();
    expect(await page.getByRole('button', { name: /^v[12] · tabular classification/ }).count()).toBe(2);
    // Edit the profile: name the classes; a malformed edit is refused with a message.
    const editor = page.getByLabel('Profile JSON');
    await editor.fill('{ "classNames": ["malignant"');
    await page.getByRole('button', { name: 'Save profile' }).click();
    await expect(page.getByText(/expected JSON, found text that does not parse/)).toBeVisibleSoon();
    await editor.fill(JSON.stringify({ classNames: ['malignant', 'benign'] }));
    await page.getByRole('button', { name: 'Save profile' }).click();
    await expect(page.getByText('Profile saved; the change is in the audit log.')).toBeVisibleSoon();
    await shot('2-models');
  });

  it('loads data, searches and sorts it, and picks a row to explain', async () => {
    await screen('Data').click();
    for (const [file, rows] of [
      ['breast_cancer.train.csv', 455],
      ['breast_cancer.test.csv', 114],
    ] as const) {
      await page.getByLabel('Add data').fill(fixture(file));
      await page.getByRole('button', { name: 'Add', exact: true }).click();
      await page.getByText(`${rows} rows · 0 picked`).waitFor();
    }
    await page.getByRole('button', { name: 'mean radius' }).click();
    await expect(page.getByRole('columnheader', { name: 'mean radius' })).toHaveAttributeSoon('aria-sort', 'ascending');
    await page.getByLabel('Search').fill('13.82');
    await page.getByText('1 rows · 0 picked').waitFor();
    await page.getByLabel('pick row 0').check();
    await shot('3-data');
    await page.getByRole('button', { name: 'Explain the picked rows' }).click();
    await expect(page.getByLabel('Rows', { exact: true })).toHaveValueSoon('0');
  });

  it('explains the row under both versions, with progress, fidelity and stability', async () => {
    for (const version of ['v1', 'v2']) {
      await explainForm(version, { samples: '2000', runs: '3' });
      await page.getByRole('button', { name: 'Explain', exact: true }).last().click();
      await page
        .getByRole('heading', { name: new RegExp(`Run \\d+ · breast_cancer_rf ${version} · row 0`) })
        .waitFor({ timeout: 30_000 });
    }
    await expect(page.getByText('Top-10 features common to all runs')).toBeVisibleSoon();
    await expect(page.getByText(/The surrogate (misses|reproduces|explains)/)).toBeVisibleSoon();
    await expect(page.getByRole('figure', { name: /Weights for malignant \(mean over 3 runs/ })).toBeVisibleSoon();
    // Per feature: the sign agreement and selection over the three runs.
    await page.getByText('Stability per feature over 3 runs').click();
    const perFeature = page.locator('details.stability tbody tr');
    expect(await perFeature.count()).toBeGreaterThanOrEqual(10);
    await expect(perFeature.first().locator('td').nth(3)).toHaveTextSoon(/^[0-3] of 3$/);
    await shot('4-explain');
  });

  it('records a verdict and shows it in the history', async () => {
    await screen('Review').click();
    await page.getByRole('button', { name: 'Open run 1', exact: true }).click();
    await page.getByRole('radio', { name: 'Trusted', exact: true }).check();
    await page.getByLabel('Rationale').fill('Texture and concavity lead, as expected; stable over three seeds.');
    await page.getByLabel('Reviewer').fill('Ana Reviewer');
    await page.getByRole('button', { name: 'Record verdict' }).click();
    await expect(page.getByText('by Ana Reviewer', { exact: false })).toBeVisibleSoon();
    await page.getByLabel('Verdict', { exact: true }).selectOption({ label: 'Trusted' });
    await expect(page.getByRole('button', { name: 'Open run 2', exact: true })).toBeHiddenSoon();
    await shot('5-review');
  });

  it('signs a verdict with a reviewer key chosen on the Audit screen, and marks it signed in the history', async () => {
    await screen('Audit').click();
    await page
      .getByLabel('Sign with')
      .selectOption({ label: `Ana Reviewer (${shortFingerprint(anaKey.fingerprint)})` });
    await page.getByLabel('Passphrase', { exact: true }).fill('wrong passphrase');
    await page.getByRole('button', { name: 'Use this key' }).click();
    await expect(page.getByText(/expected the key's passphrase, found a wrong passphrase/)).toBeVisibleSoon();
    await page.getByLabel('Passphrase', { exact: true }).fill('correct horse');
    await page.getByRole('button', { name: 'Use this key' }).click();
    await expect(page.getByText('Signing as')).toBeVisibleSoon();
    await shot('5b-signing');
    await screen('Review').click();
    await page.getByLabel('Verdict', { exact: true }).selectOption({ label: 'any' });
    await page.getByRole('button', { name: 'Open run 1', exact: true }).click();
    await page.getByRole('radio', { name: 'Trusted', exact: true }).check();
    await page.getByLabel('Rationale').fill('Confirmed after checking the stability table.');
    await page.getByLabel('Reviewer').fill('Ana Reviewer');
    await page.getByRole('button', { name: 'Record verdict' }).click();
    await expect(page.getByText('✔ signed')).toBeVisibleSoon();
    expect(await page.getByText('✔ signed').count()).toBe(1);
    await shot('5c-signed-verdict');
    await screen('Audit').click();
    await page.getByRole('button', { name: 'Stop signing' }).click();
    await expect(page.getByRole('button', { name: 'Use this key' })).toBeVisibleSoon();
  });

  it('compares the two versions on the same instance', async () => {
    await screen('Compare').click();
    await page.getByRole('button', { name: 'Two runs' }).click();
    await page.getByLabel('Run A').selectOption({ index: 2 });
    await page.getByLabel('Run B').selectOption({ index: 1 });
    await page.getByRole('button', { name: 'Compare', exact: true }).last().click();
    await expect(page.getByText(/Same instance\./)).toBeVisibleSoon();
    await expect(page.getByRole('table').filter({ hasText: 'rank A' })).toBeVisibleSoon();
    await shot('6-compare');
  });

  it('checks an explanation against KernelSHAP and a kernel-width sweep, and keeps both with the run', async () => {
    await screen('Explain').click();
    await explainForm('v1', { rows: '5', samples: '1000', runs: '2' });
    await page.getByLabel('Kernel width').fill('auto');
    await page.getByLabel('Method').selectOption({ label: 'LIME, with KernelSHAP beside it' });
    await page.getByRole('button', { name: 'Explain', exact: true }).last().click();
    await page.getByRole('heading', { name: /Run 3 · breast_cancer_rf v1 · row 5/ }).waitFor({ timeout: 60_000 });
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
    await shot('6b-trust-checks');
    // The same checks come back from the audit file in Review.
    await screen('Review').click();
    await page.getByRole('button', { name: 'Open run 3', exact: true }).click();
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
    await page.getByLabel('Pick', { exact: true }).fill('3');
    await page.getByRole('button', { name: 'Pick representative rows' }).click();
    const panel = page.getByRole('region', { name: 'SP-LIME pick' });
    await expect(
      panel.getByText(/^Picked 3 of 20 rows; together their explanations cover \d+ % of the features' importance/),
    ).toBeVisibleSoon();
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
    await expect(page.getByText(/^not measured: one seed/)).toBeVisibleSoon(); // one run: no stability to show, and it says so
    await buttons.nth(2).click();
    await expect(buttons.nth(2)).toHaveAttributeSoon('aria-pressed', 'true');
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
    await expect(page.getByRole('cell', { name: 'Needs follow-up (Ana Reviewer)' })).toBeVisibleSoon();
    await shot('6a-study');
  });

  it('downloads the review report from the Audit screen (browser mode: the server writes no path)', async () => {
    await screen('Audit').click();
    await expect(page.getByLabel('PDF file')).toBeHiddenSoon();
    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download the report' }).click();
    const download = await downloading;
    const pdf = join(tempDir('lw-e2e-report-'), 'report.pdf');
    await download.saveAs(pdf);
    expect(download.suggestedFilename()).toBe('E2E review of the breast cancer forest report.pdf');
    expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
    await expect(
      page.getByText(
        /^Downloaded E2E review of the breast cancer forest report\.pdf \(\d+ KiB\): 1 reviewed explanations/,
      ),
    ).toBeVisibleSoon();
    await shot('7-report-export');
  });

  it('keeps the session token out of the address bar', async () => {
    expect(new URL(page.url()).search).toBe('');
    expect(await page.evaluate(() => history.length >= 1 && !location.href.includes('token'))).toBe(true);
  });

  it('creates a new audit from the Audit screen (browser mode: a typed path) and opens it', async () => {
    await screen('Audit').click();
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
    await screen('Audit').click();
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

  it('sent no request beyond 127.0.0.1 during the whole flow', () => {
    expect(requests.length).toBeGreaterThan(10);
    const outside = requests.filter((u) => !u.startsWith(`http://127.0.0.1:${served.port}/`) && !u.startsWith('data:'));
    expect(outside).toEqual([]);
  });
});
