import { readFileSync } from 'node:fs';
import { Hono, type Context } from 'hono';
import { CATALOGS, i18nFor } from '../i18n/i18n';
import { isLocale, LOCALE_INFO, LOCALES, type Locale } from '../i18n/locales';
import { AppError } from '../lib/errors';
import { FACETS, FILTERS } from '../modules/entries/entry';
import { ENTRY_KINDS, KIND_PATHS } from '../modules/entries/entries';
import { searchEntries } from '../modules/entries/entries.service';
import { EMBED_LIMITS, embedQuerySchema, embedThemeCss, searchOf } from '../modules/embed/embed';
import { EmbedErrorPage, EmbedPage } from '../ui/embed/embed.page';
import type { AppEnv } from './context';
import { detailMessage, errorBody, fieldLabel, STATUS } from './errors';
import { pageQuery } from './query-params';
import { assetVersion, sendText, staticText } from './static';

/** The messages the web component shows: plain `{name}` placeholders only, as its small formatter reads them. */
const SCRIPT_MESSAGES = [
  'embed.pageTitle',
  'embed.total',
  'embed.any',
  'embed.newWindow',
  'embed.source',
  'embed.loading',
  'embed.failed',
  'search.apply',
  'search.noResults',
  'search.pagination',
  'search.previous',
  'search.next',
  'search.pageOf',
  ...FACETS.map((f) => `facet.${f}`),
  ...ENTRY_KINDS.map((k) => `kind.${k}`),
] as const;

const scriptSource = readFileSync(new URL('../../public/embed.js', import.meta.url), 'utf8');

/** The web component's script with its configuration filled in: messages in the six languages, the shared style sheet, the kinds' paths. */
export function embedScript(siteName: string): string {
  const messages = Object.fromEntries(
    LOCALES.map((l) => [
      l,
      Object.fromEntries(
        SCRIPT_MESSAGES.map((key) => {
          const text = CATALOGS[l][key] ?? CATALOGS.en[key] ?? key;
          // An ICU argument with a format (plural, select, number) would reach a reader unformatted.
          if (/\{\s*\w+\s*,/.test(text)) throw new Error(`${l} ${key}: the web component formats plain {name} placeholders only`);
          return [key, text];
        }),
      ),
    ]),
  );
  const config = {
    messages,
    css: staticText('embed.css')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/\s*\n\s*/g, ''),
    paths: KIND_PATHS,
    filters: FILTERS,
    locales: Object.fromEntries(LOCALES.map((l) => [l, { bcp47: LOCALE_INFO[l].bcp47, dir: LOCALE_INFO[l].dir }])),
    siteName,
    maxPageSize: EMBED_LIMITS.pageSize,
    defaultPageSize: EMBED_LIMITS.defaultPageSize,
  };
  return scriptSource.replace('/*@config*/ null', JSON.stringify(config));
}

const scripts = new Map<string, string>();

/** The embeds: the iframe page of a search (`/embed/{locale}/search`) and the web component's script (`/embed.js`). Neither reads a session. */
export function embedRoutes() {
  const app = new Hono<AppEnv>();

  app.get('/embed.js', (c) => {
    const siteName = c.get('siteIdentity').settings.siteName || c.get('deps').config.siteName;
    let text = scripts.get(siteName);
    if (!text) {
      if (scripts.size > 4) scripts.clear();
      scripts.set(siteName, (text = embedScript(siteName)));
    }
    // Partners paste this address once: a day's cache (and a week served stale while it is checked) keeps it fresh
    // enough after an upgrade; the ETag makes each check a 304.
    return sendText(c, 'embed.js', text, 'text/javascript; charset=utf-8', 'public, max-age=86400, stale-while-revalidate=604800');
  });

  app.get('/embed/:locale/search', async (c) => {
    const locale = c.req.param('locale');
    if (!isLocale(locale)) throw new AppError('not_found');
    c.set('locale', locale);
    const deps = c.get('deps');
    const i18n = i18nFor(locale);
    const siteName = c.get('siteIdentity').settings.siteName || deps.config.siteName;
    let query;
    let result;
    try {
      query = pageQuery(c, embedQuerySchema, FILTERS);
      result = await searchEntries(deps, searchOf(query), locale, { visitor: true });
    } catch (e) {
      if (!(e instanceof AppError) || STATUS[e.code] >= 500) throw e;
      return embedError(c, locale, e);
    }
    return c.html(
      '<!doctype html>' +
        (
          <EmbedPage
            i18n={i18n}
            taxonomy={deps.taxonomy}
            siteName={siteName}
            baseUrl={deps.config.baseUrl}
            query={query}
            total={result.total}
            entries={result.activities}
            facets={result.facets}
            themeCss={embedThemeCss(query)}
            assetVersion={assetVersion()}
          />
        ).toString(),
    );
  });

  return app;
}

/** A refused embed in the reader's language, inside the frame, without the site's chrome. */
function embedError(c: Context<AppEnv>, locale: Locale, error: AppError) {
  const i18n = i18nFor(locale);
  const status = STATUS[error.code];
  const body = errorBody(locale, error, c.get('requestId') ?? 'unknown');
  const problems = error.details.map((d) => `${fieldLabel(locale, d.field)}: ${detailMessage(locale, d)}`);
  return c.html(
    '<!doctype html>' +
      (
        <EmbedErrorPage i18n={i18n} title={i18n.t('error.title', { status })} message={body.error.message} problems={problems} assetVersion={assetVersion()} />
      ).toString(),
    status as 400,
  );
}
