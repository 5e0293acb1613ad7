import { Hono } from 'hono';
import { LOCALES } from '../i18n/locales';
import { AppError } from '../lib/errors';
import { xmlEscape } from '../lib/xml';
import { KIND_PATHS } from '../modules/entries/entries';
import { parseSitemapFileName, sitemapFileName, sitemapFiles, sitemapPages, type SitemapPage } from '../modules/sitemaps/sitemaps.service';
import { languageAlternates } from '../ui/page-head';
import type { AppEnv } from './context';

/** The sitemap protocol's limits for one file: 50,000 URLs and 50 MiB uncompressed. */
export const SITEMAP_MAX_URLS = 50_000;
export const SITEMAP_MAX_BYTES = 50 * 1024 * 1024;
/**
 * Where this site splits: 1,000 pages (6,000 URLs, about 5 MB). Each URL carries seven alternates (~850 bytes), so a
 * file at the protocol's limit would be ~43 MB, measured at ~0.7 s of rendering that blocks the server, then as much
 * compressing; smaller files cost a crawler only more lines in the index.
 */
export const SITEMAP_FILE_URLS = 6_000;

const SITEMAP_NS = 'http://www.sitemaps.org/schemas/sitemap/0.9';
const XHTML_NS = 'http://www.w3.org/1999/xhtml';
const XML_TYPE = 'application/xml; charset=utf-8';

/** A W3C datetime (the sitemap's `lastmod`): UTC, to the second. */
export const w3cDatetime = (d: Date): string => `${d.toISOString().slice(0, 19)}Z`;

/** The `<url>` elements of one page: one per language, each naming the page in every language and `x-default`. */
function urlElements(baseUrl: string, page: SitemapPage): string {
  const alternates = languageAlternates(baseUrl, page.after);
  const links = alternates.map((a) => `<xhtml:link rel="alternate" hreflang="${a.hreflang}" href="${xmlEscape(a.href)}"/>`).join('');
  const lastmod = page.lastmod ? `<lastmod>${w3cDatetime(page.lastmod)}</lastmod>` : '';
  return LOCALES.map((l) => `<url><loc>${xmlEscape(`${baseUrl}/${l}${page.after}`)}</loc>${lastmod}${links}</url>\n`).join('');
}

/** A `<urlset>` listing these pages in all six languages. */
export function urlsetXml(baseUrl: string, pages: SitemapPage[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="${SITEMAP_NS}" xmlns:xhtml="${XHTML_NS}">\n${pages.map((p) => urlElements(baseUrl, p)).join('')}</urlset>\n`;
}

/**
 * How many pages (entries, countries) one file may list: each is six URLs, and the file must stay within both
 * limits. The bytes are bounded by the longest `<url>` this site can write (the longest kind path and id).
 */
export function pagesPerFile(baseUrl: string, maxUrls = SITEMAP_FILE_URLS, maxBytes = SITEMAP_MAX_BYTES): number {
  const longestPath = Object.values(KIND_PATHS).reduce((a, b) => (b.length > a.length ? b : a));
  const longest = Buffer.byteLength(urlElements(baseUrl, { after: `/${longestPath}/2147483647`, lastmod: new Date(0) }));
  const byUrls = Math.floor(Math.min(maxUrls, SITEMAP_MAX_URLS) / LOCALES.length);
  const byBytes = Math.floor((maxBytes - 1024) / longest);
  return Math.max(1, Math.min(byUrls, byBytes));
}

/**
 * `/sitemap.xml`, an index of per-kind sitemaps (`/sitemaps/{kind}.xml`, then `{kind}-2.xml`… past one file's
 * limits), of the country profiles and of the other public pages. Public answers: the response cache gives them
 * the same headers (and ETag) as pages. `maxUrls` (never past the protocol's limit) is this site's split but for tests, which split small.
 */
export function sitemapRoutes(opts: { maxUrls?: number } = {}) {
  const r = new Hono<AppEnv>();
  const perFile = (baseUrl: string) => pagesPerFile(baseUrl, opts.maxUrls);

  r.get('/sitemap.xml', async (c) => {
    const deps = c.get('deps');
    const base = deps.config.baseUrl;
    const files = await sitemapFiles(deps, perFile(base));
    const items = files.map((f) => {
      const lastmod = f.lastmod ? `<lastmod>${w3cDatetime(f.lastmod)}</lastmod>` : '';
      return `<sitemap><loc>${xmlEscape(`${base}/sitemaps/${sitemapFileName(f)}`)}</loc>${lastmod}</sitemap>\n`;
    });
    const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="${SITEMAP_NS}">\n${items.join('')}</sitemapindex>\n`;
    return c.body(xml, 200, { 'content-type': XML_TYPE });
  });

  r.get('/sitemaps/:file{[a-z]+(?:-[0-9]+)?\\.xml}', async (c) => {
    const deps = c.get('deps');
    const file = parseSitemapFileName(c.req.param('file'));
    if (!file) throw new AppError('not_found');
    const pages = await sitemapPages(deps, file.name, file.page, perFile(deps.config.baseUrl));
    if (!pages) throw new AppError('not_found');
    return c.body(urlsetXml(deps.config.baseUrl, pages), 200, { 'content-type': XML_TYPE });
  });

  return r;
}
