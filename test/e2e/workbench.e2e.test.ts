import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../electron/backend/app/createBackend';
import { shortFingerprint } from '../../shared/domain/audit';
import { fixture } from '../support/fixtures';
import '../support/playwrightMatchers';
import { seededWorkbench, type Workbench } from '../support/seededWorkbench';

/**
 * Building an audit in the workbench (browser mode, headless Chromium, 1280 px): models, data, explaining,
 * verdicts with and without a reviewer key, and all of it with the keyboard alone. Every test starts from
 * the seeded audit on a fresh page (support/seededWorkbench.ts); axe checks each screen in each state the
 * tests reach (no serious or critical violation allowed). Reviewing it: review.e2e.test.ts.
 */
describe('building an audit in the workbench, headless Chromium, browser mode', () => {
  const workbench = seededWorkbench();
  const { screen, shot, accessible, explainForm, explainButton, runIdOf, staysLocal } = workbench;
  let page: Page;
  let backend: Backend;
  let seeded: Workbench['seeded'];
  let anaKey: Workbench['anaKey'];
  beforeAll(() => {
    ({ page, backend, seeded, anaKey } = workbench.now());
  });

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

  it('sends no request beyond 127.0.0.1', staysLocal);
});
