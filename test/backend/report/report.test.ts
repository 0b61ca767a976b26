import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import sharp from 'sharp';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DATA_DIR_ENV } from '../../../electron/backend/app/userDataDir';
import { buildReportModel } from '../../../electron/backend/report/buildReportModel';
import { listModels } from '../../../electron/backend/store/models';
import { getRun } from '../../../electron/backend/store/runs';
import { openAudit } from '../../../electron/backend/store/openAudit';
import { reviewedExplanations } from '../../../shared/report/reportModel';
import { tempDir } from '../../support/audit';
import { cli } from '../../support/cli';
import { writeReviewedAudit } from '../../support/reviewedAudit';

const pdftotext = (pdf: string) => execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });

describe('the PDF review report', () => {
  const dir = tempDir('lw-report-');
  const store = join(dir, 'review.lwa');
  beforeAll(() => writeReviewedAudit(store), 120_000);

  it("has every section, the verdict counts and each model's SHA-256, and pdftoppm renders every page", async () => {
    const pdf = join(dir, 'report.pdf');
    const r = await cli(['report', '--store', store, '--out', pdf, '--paper', 'letter']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/7 reviewed explanations/);
    const text = pdftotext(pdf);
    for (const heading of [
      'MODEL REVIEW REPORT',
      'Contents',
      'Scope',
      'Summary',
      'Verdicts by model',
      'Open follow-ups (3)',
      'Explanation 1: breast_cancer_rf v1, row 0',
      'Explanation 5: debian_text_bow v1, row 0',
      'Explanation 6: fashion_mnist_cnn v1, row 0',
      'Explanation 7: breast_cancer_rf v1, row 0',
      'LIME against KernelSHAP',
      'Kernel width sweep',
      'Stability per feature over 2 runs',
      'Comparison: breast_cancer_rf v1 against breast_cancer_rf v2, row 0',
      'Version reviews (1)',
      'Version review 1: breast_cancer_rf v2 against breast_cancer_rf v1',
      'Importance shift per input',
      'Rows by divergence',
      'study rationale: check worst area',
      'Appendix: re-running and verifying',
      'All checks hold',
    ]) {
      expect(text, heading).toContain(heading);
    }
    // Verdict counts: v1 has two trusted and two follow-ups, v2 one not trusted and one without a verdict,
    // and each has the study's runs, without verdicts.
    const studyRows = Number(/(\d+) of \1 rows explained under both models/.exec(text.replace(/\s+/g, ' '))![1]);
    expect(studyRows).toBeGreaterThan(0);
    expect(text).toMatch(new RegExp(`breast_cancer_rf v1\\s+2\\s+0\\s+2\\s+${studyRows}\\b`));
    expect(text).toMatch(new RegExp(`breast_cancer_rf v2\\s+0\\s+1\\s+0\\s+${studyRows + 1}\\b`));
    const compact = text.replace(/\s+/g, '');
    // Single-seed runs (the text, the image, the guaranteed one) say their stability was not measured.
    expect(compact.match(/stabilitynotmeasured\(oneseed\)/g)).toHaveLength(3);
    // The guaranteed run says whether its selection is stable, beside its fidelity (every column selected:
    // nothing is left out that could take a place, so the set is stable at once).
    expect(compact).toMatch(/SampleStableat95%\(1000guaranteesamples\)/);
    const db = openAudit(store);
    for (const m of listModels(db)) expect(compact, m.family).toContain(m.sha256);
    db.close();
    expect(text).toMatch(/page 1 of \d+/);
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))![1]);
    expect(pages).toBeGreaterThanOrEqual(9);
    execFileSync('pdftoppm', ['-png', '-r', '40', pdf, join(dir, 'page')]);
    expect(readdirSync(dir).filter((f) => /^page-\d+\.png$/.test(f))).toHaveLength(pages);
  }, 60_000);

  it("keeps a redacted column's values out of the text, the bytes, the streams and the HTML", async () => {
    // Row 0's "mean radius" is 13.82 and "worst perimeter" 106 (from the fixture); row 1's mean radius is 22.27.
    const secret = ['13.82', '22.27'];
    const plain = join(dir, 'plain.pdf');
    const redacted = join(dir, 'redacted.pdf');
    await cli(['report', '--store', store, '--out', plain]);
    const r = await cli([
      'report',
      '--store',
      store,
      '--out',
      redacted,
      '--redact',
      'mean radius',
      '--html',
      join(dir, 'redacted.html'),
    ]);
    // Columns that give mean radius away are named, not silently left on the page.
    expect(r.stderr).toMatch(
      /^warning: mean perimeter is not redacted, yet predicts the redacted mean radius \(r = 1\.00\); --redact-related redacts it too$/m,
    );
    expect(r.stderr.trim().split('\n')).toHaveLength(5); // once per column, over both datasets
    expect(r.stderr).toMatch(/^warning: mean area is not redacted, yet predicts the redacted mean radius/m);
    // The check can fail: without redaction the values are there, and the guarantee's steps name the bins.
    for (const v of secret) expect(pdftotext(plain)).toContain(v);
    expect(pdftotext(plain).replace(/\s+/g, '')).toMatch(/Stableat95%/);
    const text = pdftotext(redacted);
    expect(text).toContain('▇▇▇ redacted');
    execFileSync('qpdf', ['--stream-data=uncompress', redacted, join(dir, 'uncompressed.pdf')]);
    for (const v of secret) {
      expect(text).not.toContain(v);
      expect(readFileSync(redacted).includes(v)).toBe(false);
      expect(readFileSync(join(dir, 'uncompressed.pdf')).includes(v)).toBe(false);
      expect(readFileSync(join(dir, 'redacted.html'), 'utf8')).not.toContain(v);
    }
    // Its interpretable features are hidden too (a bin's bounds tell the value), and so is a cohort filter over it.
    expect(text).not.toMatch(/mean radius (<=|>)/);
    expect(pdftotext(plain).replace(/\s+/g, ' ')).toContain('the cohort `mean radius` > 13.8');
    expect(text.replace(/\s+/g, ' ')).toContain('a cohort filter over a redacted column');
    expect(text).not.toContain('13.8 and');
  }, 60_000);

  it('repeats a run checked with KernelSHAP and a sweep from its appendix command: the same numbers', async () => {
    const db = openAudit(store);
    const model = await buildReportModel(db, store);
    const saved = getRun(db, 7)!;
    db.close();
    const command = model.appendix.reruns.find((r) => r.runId === 7)!.command;
    expect(command).toContain('--method both');
    expect(command).toContain('--kernel-width auto');
    const args = command.split(' ').slice(1); // fixture paths need no quoting
    const r = await cli([...args, '--format', 'json']);
    expect(r.stderr).toBe('');
    const doc = JSON.parse(r.stdout);
    expect(doc.runs.map((x: { explanations: unknown }) => x.explanations)).toEqual(
      saved.runs.map((x) => x.explanations),
    );
    expect(doc.kernelShap.explanations).toEqual(saved.kernelShap!.explanations);
    expect(doc.agreement).toEqual(saved.agreement);
    expect(doc.kernelWidthSweep).toEqual(saved.kernelWidthSweep);
    // And the report shows the KernelSHAP values of the label LIME explained.
    const shown = model.explanations.find((x) => x.runId === 7)!;
    expect(shown.kernelShap!.label).toBe(shown.explanation.label);
    expect(shown.sweep!.chosen).toBe(saved.params.kernelWidth);
  }, 60_000);

  it('repeats a run with a sample guarantee from its appendix command: the same samples, steps and verdict', async () => {
    const db = openAudit(store);
    const model = await buildReportModel(db, store);
    const saved = getRun(db, 8)!;
    db.close();
    const command = model.appendix.reruns.find((r) => r.runId === 8)!.command;
    expect(command).toContain('--num-samples auto --max-samples 3000');
    const r = await cli([...command.split(' ').slice(1), '--format', 'json']);
    expect(r.stderr).toBe('');
    const doc = JSON.parse(r.stdout);
    expect(doc.runs[0].guarantee).toEqual(saved.runs[0].guarantee);
    expect(doc.runs[0].explanations).toEqual(saved.runs[0].explanations);
  }, 60_000);

  it('groups its contents by model and verdict, and keeps only the flagged or the selected explanations when asked', async () => {
    const all = pdftotext(join(dir, 'report.pdf')).replace(/\s+/g, ' ');
    expect(all).toContain('Explanations by model and verdict (run numbers)');
    expect(all).toMatch(/breast_cancer_rf v1 — Trusted \(2\): 1, 7/);
    expect(all).toMatch(/breast_cancer_rf v1 — Needs follow-up \(2\): 2, 8/);
    const flaggedCount = Number(/Explanations flagged as low-fidelity or unstable \((\d+)\)/.exec(all)![1]);
    const flagged = join(dir, 'flagged.pdf');
    const r = await cli(['report', '--store', store, '--out', flagged, '--only', 'flagged']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`: ${reviewedExplanations(flaggedCount)}, \\d+ KiB`));
    expect(pdftotext(flagged).replace(/\s+/g, ' ')).toContain(
      `only the flagged explanations: ${flaggedCount} of 7 reviewed`,
    );
    const chosen = join(dir, 'chosen.pdf');
    const c = await cli(['report', '--store', store, '--out', chosen, '--only', '1,5']);
    expect(c.stdout).toMatch(/: 2 reviewed explanations, \d+ KiB/);
    const one = await cli(['report', '--store', store, '--out', join(dir, 'one.pdf'), '--only', '5']);
    expect(one.stdout).toMatch(/: 1 reviewed explanation, \d+ KiB/);
    const text = pdftotext(chosen).replace(/\s+/g, ' ');
    expect(text).toContain('Explanation 5: debian_text_bow v1, row 0');
    expect(text).not.toContain('Explanation 2: breast_cancer_rf v1, row 1');
  }, 60_000);

  it('refuses to run without its inputs, with exit 2', async () => {
    expect((await cli(['report', '--store', store])).stderr).toMatch(/expected --out FILE\.pdf/);
    expect((await cli(['report', '--out', join(dir, 'x.pdf')])).status).toBe(2);
  });

  it("prints the head on its cover, the reviewers' key fingerprints, whether every verdict was signed, and the seal", async () => {
    const copy = join(dir, 'sealed.lwa');
    copyFileSync(store, copy);
    const env = { [DATA_DIR_ENV]: join(dir, 'data') };
    const created = await cli(['keys', 'create', '--reviewer', 'Bo'], { env });
    const fingerprint = /fingerprint ([0-9a-f]{64})/.exec(created.stdout)![1];
    expect(
      (
        await cli(
          [
            'annotate',
            '--store',
            copy,
            '--run',
            '5',
            '--verdict',
            'trusted',
            '--rationale',
            'signed verdict',
            '--key',
            'Bo',
          ],
          { env },
        )
      ).status,
    ).toBe(0);
    expect((await cli(['seal', '--store', copy, '--key', 'Bo'], { env })).status).toBe(0);
    const head = (await cli(['head', '--store', copy])).stdout.trim();
    const pdf = join(dir, 'sealed.pdf');
    const r = await cli(['report', '--store', copy, '--out', pdf], { env });
    expect(r.status, r.stderr).toBe(0);
    const compact = pdftotext(pdf).replace(/\s+/g, '');
    expect(compact).toContain(`Audithead${head}`);
    expect(compact).toContain(`Bo${fingerprint}`);
    expect(compact).toContain('1of9verdictsweresigned');
    expect(compact).toMatch(/TrustedbyBo,\S+\(version2,signed\)signedverdict/);
    expect(compact).toMatch(/sealed\S+atentry\d+byBo;thefileisexactlythesealedone/);
    expect(compact).toContain('Allchecks hold'.replace(' ', ''));
  }, 60_000);

  it('refuses a redaction that names no column, listing the closest, and writes no report', async () => {
    const out = join(dir, 'typo.pdf');
    const r = await cli(['report', '--store', store, '--out', out, '--redact', 'Mean Radius,worst_area']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(
      /--redact "Mean Radius": expected a column of the audit's tabular data, found none of that name \(closest: "mean radius"/,
    );
    expect(existsSync(out)).toBe(false);
  });

  it('redacts a rationale quoting a redacted value, and the related columns with --redact-related', async () => {
    const copy = join(dir, 'quoted.lwa');
    copyFileSync(store, copy);
    // Row 0: mean radius 13.82, mean area 595.9 (mean area gives the radius away: √(595.9/π) ≈ 13.77).
    expect(
      (
        await cli([
          'annotate',
          '--store',
          copy,
          '--run',
          '1',
          '--verdict',
          'follow-up',
          '--rationale',
          'mean radius 13.82 looks odd',
          '--reviewer',
          'Ana',
        ])
      ).status,
    ).toBe(0);
    const pdf = join(dir, 'quoted.pdf');
    const r = await cli(['report', '--store', copy, '--out', pdf, '--redact', 'mean radius', '--redact-related']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    const text = pdftotext(pdf);
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).toContain('mean radius ▇▇▇ redacted looks odd');
    expect(flat).toMatch(/1 rationale, tags or titles quoted a redacted value and were redacted/);
    expect(flat).toMatch(
      /values of mean radius \(in breast_cancer\.test\.csv, breast_cancer\.train\.csv\); mean perimeter/,
    );
    for (const v of ['13.82', '595.9', '92.33']) expect(text, v).not.toContain(v);
  }, 60_000);

  it('masks words of text runs everywhere, and shows pictures as their segment outlines only', async () => {
    const pdf = join(dir, 'words.pdf');
    const html = join(dir, 'words.html');
    const r = await cli([
      'report',
      '--store',
      store,
      '--out',
      pdf,
      '--html',
      html,
      '--redact-words',
      'game,strategy',
      '--redact-images',
    ]);
    expect(r.status, r.stderr).toBe(0);
    const page = readFileSync(html, 'utf8');
    expect(page).not.toMatch(/\bgame\b|\bstrategy\b/i);
    expect(pdftotext(pdf)).toContain('▇▇▇ redacted');
    // The image run's pictures: only white and the outline's grey, no pixel of the garment.
    const pictures = [...page.matchAll(/src="data:image\/png;base64,([^"]+)"/g)].map((m) =>
      Buffer.from(m[1], 'base64'),
    );
    expect(pictures.length).toBeGreaterThan(0);
    for (const png of pictures) {
      const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
      const colours = new Set<number>();
      for (let p = 0; p < data.length; p += info.channels) colours.add(data[p]);
      expect([...colours].sort((a, b) => a - b)).toEqual([60, 255]);
    }
  }, 60_000);

  it('writes a redacted copy of the audit that verifies on its own and holds none of the values', async () => {
    const copy = join(dir, 'handover.lwa');
    const before = readFileSync(store);
    const r = await cli(['export', '--store', store, '--out', copy, '--redact', 'mean radius', '--redact-related']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/rows copied, redacted mean radius, mean perimeter, mean area/);
    expect(readFileSync(store).equals(before)).toBe(true);
    const verified = await cli(['verify', '--store', copy]);
    expect(verified.status, verified.stdout).toBe(0);
    // Values of row 0 and 1 (mean radius 13.82 and 22.27, mean area 595.9), as whole numbers in the bytes.
    const bytes = readFileSync(copy).toString('latin1');
    for (const v of ['13.82', '22.27', '595.9']) {
      expect(new RegExp(`(?<![\\d.])${v.replace('.', '\\.')}(?!\\d)`).test(bytes), v).toBe(false);
      expect(
        new RegExp(`(?<![\\d.])${v.replace('.', '\\.')}(?!\\d)`).test(readFileSync(store).toString('latin1')),
        `${v} in the source`,
      ).toBe(true);
    }
    expect(bytes).not.toMatch(/mean radius (<=|>)/);
    // The copy's chain starts by naming its source and the source's head.
    const head = (await cli(['head', '--store', store])).stdout.trim();
    const db = openAudit(copy);
    const first = db.prepare('SELECT details_json FROM audit_log WHERE seq = 1').get() as { details_json: string };
    const runs = (db.prepare('SELECT count(*) AS n FROM explanation_runs').get() as { n: number }).n;
    db.close();
    expect(JSON.parse(first.details_json).redactedCopy).toMatchObject({
      source: 'review.lwa',
      sourceHead: { seq: Number(head.split(':')[0]), hash: head.split(':')[1] },
      redacted: { columns: expect.arrayContaining([expect.objectContaining({ column: 'mean radius' })]) },
    });
    const source = openAudit(store);
    expect(runs).toBe((source.prepare('SELECT count(*) AS n FROM explanation_runs').get() as { n: number }).n);
    source.close();
  }, 60_000);
});
