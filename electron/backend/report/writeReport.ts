import { writeFile } from 'node:fs/promises';
import { renderReport } from '../../../shared/report/renderReport';
import { reviewedExplanations } from '../../../shared/report/reportModel';
import { invalidInput } from '../../../shared/contract/errors';
import type { Db } from '../store/openAudit';
import { buildReportModel, type ReportOptions } from './buildReportModel';
import { chromiumPdf, type Paper, type PdfRenderer } from './renderPdf';

export interface WriteReportOptions extends ReportOptions {
  out: string;
  paper?: Paper;
  /** Also write the HTML the PDF is printed from. */
  html?: string;
  renderer?: PdfRenderer;
  /** Told as each stage begins (a report of a thousand explanations takes seconds). */
  onStep?: (step: string) => void;
}

/** Builds the review report of the open audit as PDF bytes (and writes the HTML if asked). */
export async function reportPdf(
  db: Db,
  auditPath: string,
  options: Omit<WriteReportOptions, 'out'>,
): Promise<{ pdf: Uint8Array; explanations: number; warnings: string[] }> {
  const step = options.onStep ?? (() => {});
  step('gathering the reviewed explanations');
  const model = await buildReportModel(db, auditPath, options);
  step(`laying out ${reviewedExplanations(model.explanations.length)}`);
  const html = renderReport(model);
  if (options.html) await writeFile(options.html, html);
  step(`printing ${reviewedExplanations(model.explanations.length)} to PDF`);
  const pdf = await (options.renderer ?? chromiumPdf)(html, { paper: options.paper ?? 'A4', title: model.audit.title });
  const warnings = model.redaction.related.map(
    (r) =>
      `${r.column} is not redacted, yet predicts the redacted ${r.predicts} (r = ${r.r.toFixed(2)}); --redact-related redacts it too`,
  );
  return { pdf, explanations: model.explanations.length, warnings };
}

/** Builds the review report of the open audit and writes it as PDF (and HTML if asked). */
export async function writeReport(
  db: Db,
  auditPath: string,
  options: WriteReportOptions,
): Promise<{ path: string; bytes: number; explanations: number; warnings: string[] }> {
  const { pdf, explanations, warnings } = await reportPdf(db, auditPath, options);
  try {
    await writeFile(options.out, pdf);
  } catch (error) {
    throw invalidInput(
      options.out,
      'a writable path for the report',
      `a path that cannot be written (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
  return { path: options.out, bytes: pdf.length, explanations, warnings };
}
