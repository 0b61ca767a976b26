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

/** Builds the review report of the open audit and writes it as PDF (and HTML if asked). */
export async function writeReport(db: Db, auditPath: string, options: WriteReportOptions): Promise<{ path: string; bytes: number; explanations: number }> {
  const model = await buildReportModel(db, auditPath, { redact: options.redact });
  const html = renderReport(model);
  if (options.html) await writeFile(options.html, html);
  const pdf = await (options.renderer ?? chromiumPdf)(html, { paper: options.paper ?? 'A4', title: model.audit.title });
  try {
    await writeFile(options.out, pdf);
  } catch (error) {
    throw invalidInput(options.out, 'a writable path for the report', (error as Error).message);
  }
  return { path: options.out, bytes: pdf.length, explanations: model.explanations.length };
}
