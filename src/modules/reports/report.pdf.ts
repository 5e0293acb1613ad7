import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { Locale } from '../../i18n/locales';
import { LOCALE_INFO } from '../../i18n/locales';

/** Whether the configured Chromium exists: without it the report is offered as HTML alone. */
export function chromiumAvailable(path: string): boolean {
  return existsSync(path);
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/**
 * Prints an HTML file to PDF with headless Chromium (A4, the document's own print CSS, backgrounds on), with a
 * running header (the report's title) and page numbers in the footer, in the document's direction. Chromium reads
 * the file from disk, so a 100,000-entry annex is never held as one string in this process twice.
 */
export async function printPdf(opts: {
  chromiumPath: string;
  htmlPath: string;
  pdfPath: string;
  title: string;
  language: Locale;
  signal?: AbortSignal;
}): Promise<void> {
  // Loaded when a report is printed, not with the app: it is most of a second of every start (and of every test file).
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: opts.chromiumPath,
    // No sandbox user namespace in containers; no network: the document is self-contained.
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const onAbort = () => void browser.close();
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const page = await browser.newPage();
    // Nothing but the file itself is loaded.
    await page.route(/^(?!file:)/, (route) => route.abort());
    await page.goto(pathToFileURL(opts.htmlPath).href, { waitUntil: 'load', timeout: 10 * 60_000 });
    const { dir, bcp47 } = LOCALE_INFO[opts.language];
    const band = (content: string) =>
      `<div lang="${bcp47}" dir="${dir}" style="font-size:8px;width:100%;padding:0 12mm;color:#555;font-family:'Noto Sans','Noto Naskh Arabic','Noto Sans CJK SC',sans-serif;display:flex;justify-content:space-between">${content}</div>`;
    await page.pdf({
      path: opts.pdfPath,
      format: 'A4',
      printBackground: true,
      displayHeaderFooter: true,
      headerTemplate: band(`<span>${escapeHtml(opts.title)}</span>`),
      footerTemplate: band('<span></span><span><span class="pageNumber"></span> / <span class="totalPages"></span></span>'),
      margin: { top: '18mm', bottom: '16mm', left: '14mm', right: '14mm' },
    });
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
    await browser.close();
  }
}
