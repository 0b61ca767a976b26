import { WorkbenchError } from '../../../shared/contract/errors';
import type * as Playwright from 'playwright-core';
import { PAGE_MARGINS_MM, pageFooter } from '../../../shared/report/pageFooter';

export type Paper = 'A4' | 'Letter';

/** Turns a self-contained HTML document into PDF bytes. The desktop app passes Electron's printToPDF. */
export type PdfRenderer = (html: string, options: { paper: Paper; title: string }) => Promise<Uint8Array>;

/**
 * The command line's renderer: headless Chromium through playwright-core, every network request refused
 * (the document needs none), page numbers in the footer. playwright-core is loaded only here, when a PDF is
 * printed: the desktop app prints with Electron and does not ship it.
 */
export const chromiumPdf: PdfRenderer = async (html, { paper, title }) => {
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  const { chromium } = await loadPlaywright();
  let browser;
  try {
    browser = await chromium.launch({
      executablePath,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
  } catch (error) {
    throw new WorkbenchError(
      'unsupported',
      `report: expected headless Chromium at ${executablePath} (set CHROMIUM_PATH), found none that starts (${(error as Error).message.split('\n')[0]})`,
    );
  }
  try {
    const page = await browser.newPage();
    await page.route('**/*', (route) => (route.request().url().startsWith('data:') ? route.continue() : route.abort()));
    await page.setContent(html, { waitUntil: 'load' });
    const mm = (side: keyof typeof PAGE_MARGINS_MM) => `${PAGE_MARGINS_MM[side]}mm`;
    return await page.pdf({
      format: paper,
      printBackground: true,
      displayHeaderFooter: true,
      headerTemplate: '<span></span>',
      footerTemplate: pageFooter(title),
      margin: { top: mm('top'), bottom: mm('bottom'), left: mm('left'), right: mm('right') },
    });
  } finally {
    await browser.close();
  }
};

/** playwright-core, or an error that says what to install (it is a development dependency, not in the app). */
async function loadPlaywright(): Promise<typeof Playwright> {
  try {
    return await import('playwright-core');
  } catch (error) {
    throw new WorkbenchError(
      'unsupported',
      `report: printing a PDF outside the desktop app needs the npm package playwright-core and headless Chromium (npm install playwright-core; apt-get install chromium), found no playwright-core (${(error as Error).message.split('\n')[0]})`,
    );
  }
}
