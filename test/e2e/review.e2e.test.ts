import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../electron/backend/app/createBackend';
import { reviewedExplanations } from '../../shared/report/reportModel';
import { seriousViolations } from '../support/accessibility';
import { tempDir } from '../support/audit';
import '../support/playwrightMatchers';
import { seededWorkbench, TITLE, type Workbench } from '../support/seededWorkbench';

/**
 * Reviewing an audit in the workbench (browser mode, headless Chromium, 1280 px): comparing runs and
 * versions, trust checks, SP-LIME, a version study, the report, new and encrypted audits, and axe on every
 * screen in every state. Every test starts from the seeded audit on a fresh page
 * (support/seededWorkbench.ts). Building it: workbench.e2e.test.ts.
 */
describe('reviewing an audit in the workbench, headless Chromium, browser mode', () => {
  const workbench = seededWorkbench();
  const { screen, shot, accessible, explainForm, explainButton, runIdOf, staysLocal } = workbench;
  let page: Page;
  let backend: Backend;
  let seeded: Workbench['seeded'];
  beforeAll(() => {
    ({ page, backend, seeded } = workbench.now());
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
      page.getByText(
        new RegExp(`^Downloaded ${TITLE} report\\.pdf \\(\\d+ KiB\\): ${reviewedExplanations(reviewed)}\\.$`),
      ),
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

  it('sends no request beyond 127.0.0.1', staysLocal);
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
