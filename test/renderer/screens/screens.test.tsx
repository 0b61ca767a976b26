// @vitest-environment jsdom
import '../../support/dom';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { App } from '../../../renderer/src/App';
import type { Client } from '../../../renderer/src/api/client';
import type { Backend } from '../../../electron/backend/app/createBackend';
import { jobOutcome } from '../../../electron/backend/app/jobOutcome';
import { fixture } from '../../support/fixtures';
import { memoryWorkbench } from '../../support/memoryTransport';

/**
 * Each screen of the app over the in-memory transport: a real backend on a temporary audit file with a
 * real explanation worker, the React app in a DOM. What is asserted is what a reviewer sees and does;
 * every test sets up what it needs through the API, so each runs alone and in any order.
 */
let backend: Backend;
let api: Client;
let modelId: number;
let datasetId: number;
let trainId: number;

beforeAll(async () => {
  ({ backend, api } = memoryWorkbench());
  modelId = (await api.addModel({ path: fixture('breast_cancer_rf.onnx'), versionLabel: 'v1' })).id;
  datasetId = (await api.addDataset({ path: fixture('breast_cancer.test.csv') })).id;
  trainId = (await api.addDataset({ path: fixture('breast_cancer.train.csv') })).id;
});
afterAll(() => backend.close());

/** A saved explanation of `row`, made through the API (not the screen under test). */
async function explained(row: number, runs = 2): Promise<number> {
  const done = await jobOutcome(backend, () =>
    api.runExplanation({
      modelId,
      datasetId,
      trainDatasetId: trainId,
      labelColumn: 'label',
      rows: [row],
      params: { numSamples: 300, runs },
    }),
  );
  return done.runIds[0];
}

/** The Explain form's model, data and training data: the forest on the test rows. */
async function chooseForest(user: ReturnType<typeof userEvent.setup>) {
  await user.selectOptions(await screen.findByLabelText('Model'), 'breast_cancer_rf v1 (tabular)');
  await user.selectOptions(screen.getByLabelText('Data'), 'breast_cancer.test.csv (114 rows)');
  await user.selectOptions(await screen.findByLabelText('Training data'), 'breast_cancer.train.csv');
}

function openApp(screenName: string) {
  const user = userEvent.setup();
  render(<App api={api} />);
  const tabs = screen.getByRole('navigation', { name: 'Screens' });
  return { user, go: () => user.click(within(tabs).getByRole('button', { name: screenName })) };
}

describe('Audit screen', () => {
  it('shows the audit, verifies it, and refuses a new audit at a path it cannot write, naming it', async () => {
    const { user } = openApp('Audit');
    expect(await screen.findByRole('heading', { level: 2, name: 'Screen tests' })).toBeTruthy();
    expect(screen.getByText(/component tests · created/)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Verify the audit file' }));
    expect((await screen.findByText(/^Verified: integrity, schema and append-only guards ok/)).textContent).toMatch(
      /\d+ log entries chained/,
    );
    await user.click(screen.getByRole('button', { name: 'New audit…' }));
    await user.type(screen.getByLabelText('New audit file'), '/proc/no/such/folder/a.lwa');
    await user.click(screen.getByRole('button', { name: 'Create' }));
    expect((await screen.findByRole('alert')).textContent).toContain('/proc/no/such/folder/a.lwa');
    // Nothing changed: the audit on show is still the one open.
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe('Screen tests');
  });
});

describe('Models screen', () => {
  it('lists the model with its properties, and names a file that is not a model', async () => {
    const { user, go } = openApp('Models');
    await go();
    await user.click(await screen.findByRole('button', { name: /^v1 · tabular classification/ }));
    expect(await screen.findByText(/; classes malignant, benign$/)).toBeTruthy();
    expect(screen.getByRole('cell', { name: 'probabilities' })).toBeTruthy();
    await user.type(screen.getByLabelText('ONNX file or export folder'), fixture('breast_cancer.test.csv'));
    await user.click(screen.getByRole('button', { name: 'Add model' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('breast_cancer.test.csv');
  });
});

describe('Data screen', () => {
  it('shows a dataset a page at a time, searches it, and sends picked rows to Explain', async () => {
    const { user, go } = openApp('Data');
    await go();
    await user.selectOptions(await screen.findByLabelText('Dataset'), 'breast_cancer.test.csv (table, 114 rows)');
    expect(await screen.findByText('1–25 of 114')).toBeTruthy();
    await user.type(screen.getByLabelText('Search'), '13.82');
    expect(await screen.findByText('1 rows · 0 picked')).toBeTruthy();
    await user.click(screen.getByLabelText('pick row 0'));
    await user.click(screen.getByRole('button', { name: 'Explain the picked rows' }));
    expect(await screen.findByRole('heading', { level: 2, name: 'Explain' })).toBeTruthy();
    expect(screen.getByLabelText<HTMLInputElement>('Rows').value).toBe('0');
  });
});

describe('Explain screen', () => {
  it('explains a row with progress, then shows the run: the label explained, fidelity and stability', async () => {
    const prepare = vi.spyOn(api, 'prepareModel');
    const { user, go } = openApp('Explain');
    await go();
    await chooseForest(user);
    // The model's session opened as it was chosen, an explanation of the data rehearsed as each was.
    expect(prepare.mock.calls.map(([args]) => args)).toEqual([
      { modelId },
      { modelId, datasetId, trainDatasetId: null },
      { modelId, datasetId, trainDatasetId: trainId },
    ]);
    prepare.mockRestore();
    await user.clear(screen.getByLabelText('Rows'));
    await user.type(screen.getByLabelText('Rows'), '3');
    await user.type(screen.getByLabelText('Samples'), '300');
    await user.clear(screen.getByLabelText('Runs (seeds)'));
    await user.type(screen.getByLabelText('Runs (seeds)'), '3');
    await user.click(within(screen.getByRole('main')).getByRole('button', { name: 'Explain' }));
    expect(await screen.findByRole('progressbar', { name: 'Explanation progress' })).toBeTruthy();
    const run = await screen.findByRole('region', { name: /^Run \d+$/ }, { timeout: 20_000 });
    expect(within(run).getByText(/· row 3$/)).toBeTruthy();
    expect(run.querySelector('header .explaining')?.textContent).toMatch(
      /^Explaining (malignant|benign) \(label [01]\)$/,
    );
    expect(within(run).getByText('Stability index (0–1)')).toBeTruthy();
    expect(within(run).getByRole('figure', { name: /^Weights for .* \(mean over 3 runs, 95 % intervals\)$/ }));
    expect(screen.queryByRole('progressbar')).toBeNull();
  });

  it('explains with the default neighbourhood, auto: grown until stable, with the guarantee shown', async () => {
    const { user, go } = openApp('Explain');
    await go();
    await chooseForest(user);
    await user.type(screen.getByLabelText('Features'), '2');
    await user.clear(screen.getByLabelText('Runs (seeds)'));
    await user.type(screen.getByLabelText('Runs (seeds)'), '1');
    expect(screen.getByText(/^Samples: auto, until the chosen features are stable at 95 %, at most 2 s per run$/));
    await user.click(within(screen.getByRole('main')).getByRole('button', { name: 'Explain' }));
    const run = await screen.findByRole('region', { name: /^Run \d+$/ }, { timeout: 20_000 });
    const badge = within(run).getByText(/(Stable at 95 %|Not stable at 95 %)/);
    expect(badge.textContent).toMatch(/^(✔ Stable at 95 % \(\d+ samples\)|⚠ Not stable at 95 % within)/);
    await user.click(within(run).getByText(/^Sample guarantee: \d+ samples after \d+ checks$/));
    expect(within(run).getAllByRole('row').length).toBeGreaterThan(2);
  });

  it('says what is wrong with the rows before anything runs', async () => {
    const { user, go } = openApp('Explain');
    await go();
    await user.selectOptions(await screen.findByLabelText('Model'), 'breast_cancer_rf v1 (tabular)');
    await user.selectOptions(screen.getByLabelText('Data'), 'breast_cancer.test.csv (114 rows)');
    await user.clear(screen.getByLabelText('Rows'));
    await user.type(screen.getByLabelText('Rows'), '200');
    await user.click(within(screen.getByRole('main')).getByRole('button', { name: 'Explain' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Rows: expected numbers or ranges within 0–113, such as 0-4, 9; found “200”.',
    );
    expect(screen.queryByRole('progressbar')).toBeNull();
  });
});

describe('Explain screen, a batch resumed', () => {
  it('offers Resume after a cancelled batch, which explains only the rows not yet saved', async () => {
    const { user, go } = openApp('Explain');
    await go();
    await chooseForest(user);
    await user.clear(screen.getByLabelText('Rows'));
    await user.type(screen.getByLabelText('Rows'), '40-59');
    await user.type(screen.getByLabelText('Samples'), '20000');
    await user.clear(screen.getByLabelText('Runs (seeds)'));
    await user.type(screen.getByLabelText('Runs (seeds)'), '2');
    const saved = () =>
      api.listRuns({ sort: 'row', limit: 1000 }).then((p) => p.runs.filter((r) => r.row! >= 40 && r.row! < 60));
    await user.click(within(screen.getByRole('main')).getByRole('button', { name: 'Explain' }));
    await expect.poll(async () => (await saved()).length, { timeout: 20_000 }).toBeGreaterThan(0);
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect((await screen.findByRole('alert', {}, { timeout: 20_000 })).textContent).toMatch(/cancelled/);
    const before = (await saved()).length;
    expect(before).toBeLessThan(20);
    await user.click(screen.getByRole('button', { name: 'Resume' }));
    await screen.findByRole('region', { name: /^Run \d+$/ }, { timeout: 60_000 });
    const after = await saved();
    expect(after.map((r) => r.row)).toEqual(Array.from({ length: 20 }, (_, i) => 40 + i));
  }, 90_000);
});

describe('Review screen', () => {
  it('opens a saved run, records a verdict with its rationale, and shows it in the list and the history', async () => {
    const runId = await explained(5);
    const { user, go } = openApp('Review');
    await go();
    await user.click(await screen.findByRole('button', { name: `Open run ${runId}` }));
    expect(await screen.findByRole('region', { name: `Run ${runId}` })).toBeTruthy();
    await user.click(screen.getByRole('radio', { name: 'Not trusted' }));
    await user.type(screen.getByLabelText('Rationale'), 'Leans on texture error alone.');
    await user.type(screen.getByLabelText('Reviewer'), 'Ana Reviewer');
    await user.click(screen.getByRole('button', { name: 'Record verdict' }));
    const history = await screen.findByText('Leans on texture error alone.');
    expect(history.closest('li')?.textContent).toMatch(/^Not trusted by Ana Reviewer/);
    const row = screen.getByRole('button', { name: `Open run ${runId}` }).closest('tr')!;
    expect(within(row).getByText('Not trusted')).toBeTruthy();
    // The filter shows it among the untrusted, and not among those awaiting a verdict.
    await user.selectOptions(screen.getByLabelText('Verdict'), 'awaiting a verdict');
    await expect.poll(() => screen.queryByRole('button', { name: `Open run ${runId}` })).toBeNull();
  });
});

describe('Review screen, many runs', () => {
  it('pages the list with its total, and records one verdict on the ticked runs after saying how many', async () => {
    const [a, b] = [await explained(11, 1), await explained(12, 1)];
    const { user, go } = openApp('Review');
    await go();
    const total = (await api.listRuns({})).total;
    expect(await screen.findByText(`1–${Math.min(100, total)} of ${total} runs`)).toBeTruthy();
    await user.click(await screen.findByLabelText(`Select run ${a}`));
    await user.click(screen.getByLabelText(`Select run ${b}`));
    const bulk = screen.getByRole('region', { name: 'Verdict on many runs' });
    expect(within(bulk).getByText('2 runs selected.')).toBeTruthy();
    await user.click(within(bulk).getByRole('radio', { name: 'Not trusted' }));
    await user.type(within(bulk).getByLabelText('Rationale'), 'Both lean on one bin.');
    await user.type(within(bulk).getByLabelText('Reviewer'), 'Ana Reviewer');
    await user.click(within(bulk).getByRole('button', { name: 'Record verdict' }));
    const confirm = await screen.findByRole('alertdialog', { name: 'Confirm the verdict' });
    expect(confirm.textContent).toMatch(
      /^This records “Not trusted” on 2 runs, each its own annotation and audit-log entry/,
    );
    // Nothing is recorded before the confirmation.
    expect((await api.getRun({ runId: a })).annotations).toHaveLength(0);
    await user.click(within(confirm).getByRole('button', { name: 'Record on 2 runs' }));
    expect(
      await screen.findByText(/^Recorded “Not trusted” on 2 runs, each with its own entry in the audit log\.$/),
    ).toBeTruthy();
    for (const id of [a, b])
      expect((await api.getRun({ runId: id })).annotations.at(-1)).toMatchObject({
        verdict: 'not-trusted',
        rationale: 'Both lean on one bin.',
      });
  });
});

describe('Compare screen', () => {
  it('compares two runs of one instance side by side', async () => {
    const [a, b] = [await explained(7, 1), await explained(7, 1)];
    const { user, go } = openApp('Compare');
    await go();
    await user.click(screen.getByRole('button', { name: 'Two runs' }));
    const runA = await screen.findByLabelText('Run A');
    await within(runA).findByText(new RegExp(`^run ${a} `));
    await user.selectOptions(runA, within(runA).getByText(new RegExp(`^run ${a} `)));
    const runB = screen.getByLabelText('Run B');
    await user.selectOptions(runB, within(runB).getByText(new RegExp(`^run ${b} `)));
    await user.click(within(screen.getByRole('main')).getByRole('button', { name: 'Compare' }));
    // Two runs of one model version are told apart as A and B.
    const said = await screen.findByText(new RegExp(`^Runs ${a} \\(A\\) and ${b} \\(B\\)\\. Same instance\\.`));
    expect(said.textContent).toMatch(/Both predict (malignant|benign)\./);
  });
});

describe('Compare screen, many instances', () => {
  it('shows one model’s explanations as a heatmap a page of 40 at a time, with the total', async () => {
    await jobOutcome(backend, () =>
      api.runExplanation({
        modelId,
        datasetId,
        trainDatasetId: trainId,
        labelColumn: 'label',
        rows: Array.from({ length: 41 }, (_, i) => 60 + i),
        params: { numSamples: 100, runs: 1 },
      }),
    );
    const { total } = await api.listRuns({ modelId });
    const { user, go } = openApp('Compare');
    await go();
    await user.click(screen.getByRole('button', { name: 'Two runs' }));
    const region = await screen.findByRole('region', { name: 'Many instances under one model' });
    const forest = await within(region).findByRole('option', { name: 'breast_cancer_rf v1' });
    await user.selectOptions(within(region).getByLabelText('Model'), forest);
    const pages = await screen.findByRole('navigation', { name: 'Heatmap pages' });
    expect(within(pages).getByText(`Explanations 1–40 of ${total}, newest first`)).toBeTruthy();
    expect(
      screen.getByRole('table', { name: /^Weight of each input column/ }).querySelectorAll('tbody tr'),
    ).toHaveLength(40);
    expect(within(pages).getByRole('button', { name: 'Newer 40' })).toHaveProperty('disabled', true);
    await user.click(within(pages).getByRole('button', { name: 'Older 40' }));
    expect(
      await within(pages).findByText(`Explanations 41–${Math.min(80, total)} of ${total}, newest first`),
    ).toBeTruthy();
  }, 60_000);
});
