import { writeFile } from 'node:fs/promises';
import { renderReport } from '../../../shared/report/renderReport';
import { invalidInput } from '../../../shared/contract/errors';
import type { Db } from '../store/openAudit';
import { buildReportModel } from './buildReportModel';
import { chromiumPdf, type Paper, type PdfRenderer } from './renderPdf';

export interface WriteReportOptions {
  out: string;
  paper?: Paper;
  redact?: string[];
  /** Also write the HTML the PDF is printed from. */
  html?: string;
  renderer?: PdfRenderer;
}

/** Builds the review report of the open audit as PDF bytes (and writes the HTML if asked). */
export async function reportPdf(db: Db, auditPath: string, options: Omit<WriteReportOptions, 'out'>): Promise<{ pdf: Uint8Array; explanations: number }> {
  const model = await buildReportModel(db, auditPath, { redact: options.redact });
  const html = renderReport(model);
  if (options.html) await writeFile(options.html, html);
  const pdf = await (options.renderer ?? chromiumPdf)(html, { paper: options.paper ?? 'A4', title: model.audit.title });
  return { pdf, explanations: model.explanations.length };
}

/** Builds the review report of the open audit and writes it as PDF (and HTML if asked). */
export async function writeReport(db: Db, auditPath: string, options: WriteReportOptions): Promise<{ path: string; bytes: number; explanations: number }> {
  const { pdf, explanations } = await reportPdf(db, auditPath, options);
  try {
    await writeFile(options.out, pdf);
  } catch (error) {
    throw invalidInput(options.out, 'a writable path for the report', `a path that cannot be written (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  return { path: options.out, bytes: pdf.length, explanations };
}
