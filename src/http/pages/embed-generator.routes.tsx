import { Hono } from 'hono';
import { z } from 'zod';
import { i18nFor } from '../../i18n/i18n';
import { FACETS, FILTERS } from '../../modules/entries/entry';
import { entrySearchSchema, type EntrySearchInput } from '../../modules/entries/entry.schemas';
import { embedQuerySchema, embedQueryString, searchFromUrl, searchQueryString, type EmbedQuery } from '../../modules/embed/embed';
import { EmbedGeneratorPage } from '../../ui/pages/embed-generator.page';
import type { AppEnv } from '../context';
import { pageQuery, parseSearchParams } from '../query-params';
import { LOCALE_PATTERN, renderPage } from './render';

/** The generator's form: the embed's own query, with its facets as checkboxes (repeated) and a search page's address to start from. */
const generatorQuery = embedQuerySchema.extend({
  facets: z.array(z.enum(FACETS)).max(FACETS.length).default([]),
  url: z.string().max(2000).default(''),
});

const attr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The two snippets a partner copies: an iframe of the embed page, and the script with its element (and the theme as custom properties). */
export function embedSnippets(baseUrl: string, locale: string, q: EmbedQuery, frameTitle: string): { iframe: string; script: string } {
  const qs = embedQueryString(q);
  const iframe = `<iframe src="${attr(`${baseUrl}/embed/${locale}/search${qs ? `?${qs}` : ''}`)}" title="${attr(frameTitle)}" loading="lazy" style="inline-size:100%;block-size:40rem;border:0"></iframe>`;
  const kind = q.kind.length === 1 ? q.kind[0] : undefined;
  const search = searchQueryString(kind ? { ...q, kind: [] } : q);
  const attrs = [
    `locale="${locale}"`,
    kind ? `kind="${kind}"` : '',
    search ? `search="${attr(search)}"` : '',
    `page-size="${q.pageSize}"`,
    `layout="${q.layout}"`,
    q.facets.length ? `facets="${q.facets.join(',')}"` : '',
    q.sort !== 'relevance' ? `sort="${q.sort}"` : '',
  ].filter(Boolean);
  const theme = [
    q.color ? `--stocktake-color: ${q.color};` : '',
    q.background ? `--stocktake-background: ${q.background};` : '',
    q.accent ? `--stocktake-accent: ${q.accent};` : '',
    q.font ? `--stocktake-font: ${q.font};` : '',
    q.radius !== undefined ? `--stocktake-radius: ${q.radius}px;` : '',
    q.density !== undefined ? `--stocktake-density: ${q.density};` : '',
  ].filter(Boolean);
  const script = [
    `<script src="${attr(baseUrl)}/embed.js" defer></script>`,
    theme.length ? `<style>stocktake-list { ${theme.join(' ')} }</style>` : '',
    `<stocktake-list ${attrs.join(' ')}></stocktake-list>`,
  ]
    .filter(Boolean)
    .join('\n');
  return { iframe, script };
}

/** The embed generator at /{locale}/embed. */
export function embedGeneratorRoutes() {
  const app = new Hono<AppEnv>();
  app.get(`/${LOCALE_PATTERN}/embed`, (c) => {
    const locale = c.get('locale');
    const deps = c.get('deps');
    const i18n = i18nFor(locale);
    const parsed = pageQuery(c, generatorQuery, [...FILTERS, 'facets']);
    const { url, ...options } = parsed;
    let query: EmbedQuery = { ...options, facets: [...new Set(options.facets)], page: 1 };
    let urlInvalid = false;
    let urlShown = url;
    if (url) {
      // A search page's address gives the search: its kind (from the path), text, filters and order; the options stay.
      const from = searchFromUrl(url);
      let search: EntrySearchInput | null = null;
      try {
        search = from ? parseSearchParams(from.params, entrySearchSchema, FILTERS) : null;
      } catch {
        search = null;
      }
      if (from && search) {
        const filters = Object.fromEntries(FILTERS.map((f) => [f, search[f]]));
        query = { ...query, ...filters, q: search.q, sort: search.sort, crosswalk: search.crosswalk, kind: from.kind ? [from.kind] : search.kind };
        // Read into the fields below, so editing them afterwards is not undone by the address.
        urlShown = '';
      } else urlInvalid = true;
    }
    const siteName = c.get('siteIdentity').settings.siteName || deps.config.siteName;
    const qs = embedQueryString(query);
    const snippets = embedSnippets(deps.config.baseUrl, locale, query, i18n.t('embed.pageTitle', { site: siteName }));
    return renderPage(
      c,
      locale,
      i18n.t('embed.generator.title'),
      <EmbedGeneratorPage
        i18n={i18n}
        taxonomy={deps.taxonomy}
        query={query}
        url={urlShown}
        urlInvalid={urlInvalid}
        previewPath={`/embed/${locale}/search${qs ? `?${qs}` : ''}`}
        iframeSnippet={snippets.iframe}
        scriptSnippet={snippets.script}
        origins={deps.config.embedOrigins}
      />,
    );
  });
  return app;
}
