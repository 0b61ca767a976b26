import { BrowserWindow } from 'electron';
import { PAGE_MARGINS_MM, pageFooter } from '../../shared/report/pageFooter';

/** Hidden windows printing a report. */
const reportWindows = new Set<number>();

/**
 * Reports print with Electron's own Chromium: a hidden window with no preload and no JavaScript shows the
 * self-contained HTML (a data: URL, the one request it makes) and prints it with page numbers.
 */
export async function printToPdf(
  html: string,
  options: { paper: 'A4' | 'Letter'; title: string },
): Promise<Uint8Array> {
  const hidden = new BrowserWindow({
    show: false,
    webPreferences: {
      sandbox: true,
      contextIsolation: true,
      javascript: false,
      nodeIntegration: false,
      disableBlinkFeatures: 'Auxclick',
    },
  });
  reportWindows.add(hidden.webContents.id);
  try {
    await hidden.loadURL(`data:text/html;charset=utf-8;base64,${Buffer.from(html).toString('base64')}`);
    const inches = (side: keyof typeof PAGE_MARGINS_MM) => PAGE_MARGINS_MM[side] / 25.4;
    return await hidden.webContents.printToPDF({
      pageSize: options.paper,
      printBackground: true,
      displayHeaderFooter: true,
      headerTemplate: '<span></span>',
      footerTemplate: pageFooter(options.title),
      margins: { top: inches('top'), bottom: inches('bottom'), left: inches('left'), right: inches('right') },
    });
  } finally {
    reportWindows.delete(hidden.webContents.id);
    hidden.destroy();
  }
}

/** Whether a window is one printing a report: the only ones allowed a data: URL (see main.ts). */
export function isReportWindow(webContentsId: number): boolean {
  return reportWindows.has(webContentsId);
}
