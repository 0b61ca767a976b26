import { escapeHtml } from './escape';

/** The report's page margins in millimetres: room for the footer below the text. */
export const PAGE_MARGINS_MM = { top: 16, bottom: 18, left: 16, right: 16 } as const;

/**
 * The footer Chromium prints on every page of a report (the desktop app's printToPDF and the command
 * line's headless Chromium alike): the report's title on the left, "page N of M" on the right.
 */
export function pageFooter(title: string): string {
  return (
    `<div style="font: 8px Helvetica, Arial, sans-serif; width: 100%; padding: 0 ${PAGE_MARGINS_MM.left}mm; color: #555; ` +
    `display: flex; justify-content: space-between;"><span>${escapeHtml(title)}</span>` +
    '<span>page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>'
  );
}
