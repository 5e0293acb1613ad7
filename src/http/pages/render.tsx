import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { i18nFor } from '../../i18n/i18n';
import { LOCALES, type Locale } from '../../i18n/locales';
import { jsonForScript } from '../../lib/json-script';
import { Layout } from '../../ui/layout';
import { themeCss } from '../../ui/theme';
import { languageAlternates, type FeedHeadLink, type PageHead } from '../../ui/page-head';
import type { AppEnv } from '../context';
import { keptQuery } from '../query-params';
import { assetVersion } from '../static';
import { textAnswer } from '../body';

// Two letters here; the middleware below sends anything that is not one of the six to not_found.
export const LOCALE_PATTERN = ':locale{[a-z][a-z]}';

/** Renders a page in the locale of the request's path. */
export function localePage(c: Context<AppEnv>, title: string, body: Child, status: ContentfulStatusCode = 200) {
  return renderPage(c, c.get('locale'), title, body, status);
}

/** OpenGraph's locale names (language_TERRITORY, as link previews read them) for the six languages. */
const OG_LOCALES: Record<Locale, string> = { ar: 'ar_AR', zh: 'zh_CN', en: 'en_US', fr: 'fr_FR', es: 'es_ES', ru: 'ru_RU' };

/** What a page adds to its head: a description of its own (else the site's), and link previews on an entry page. */
export interface PageMeta {
  description?: string;
  social?: { type: 'article' | 'website'; image?: string | undefined };
  /** The page's structured data (a JSON-LD document), shown only on its canonical page (status 200). */
  jsonLd?: Record<string, unknown>;
  /** Feeds of the page's list, announced in its head (absolute). */
  feeds?: FeedHeadLink[];
}

/**
 * The head of a page at this request's address: absolute URLs from the configured base URL, carrying only the query
 * keys the page reads (never tracking or unknown ones), so every variant of a shared link names the same page.
 */
function pageHead(c: Context<AppEnv>, locale: Locale, title: string, after: string, status: number, meta: PageMeta): PageHead {
  const { config } = c.get('deps');
  const query = keptQuery(c, { transient: false });
  const at = (l: Locale) => `${config.baseUrl}/${l}${after}${query}`;
  const canonical = status === 200 ? at(locale) : null;
  const description = meta.description || i18nFor(locale).t('links.description');
  return {
    description,
    canonical,
    alternates: languageAlternates(config.baseUrl, `${after}${query}`),
    social:
      meta.social && canonical
        ? {
            title,
            url: canonical,
            type: meta.social.type,
            locale: OG_LOCALES[locale],
            alternateLocales: LOCALES.filter((l) => l !== locale).map((l) => OG_LOCALES[l]),
            siteName: config.siteName,
            image: meta.social.image,
          }
        : null,
    jsonLd: meta.jsonLd && canonical ? jsonForScript(meta.jsonLd) : undefined,
    feeds: canonical ? meta.feeds : undefined,
  };
}

/** Renders a page inside the layout, in the given locale. */
export function renderPage(c: Context<AppEnv>, locale: Locale, title: string, body: Child, status: ContentfulStatusCode = 200, meta: PageMeta = {}) {
  const deps = c.get('deps');
  const url = new URL(c.req.url);
  const after = url.pathname.replace(/^\/[a-z]{2}(?=\/|$)/, '') || '/';
  // The operator's identity (settings): name, theme colours, logo; the built-in one where blank.
  const site = c.get('siteIdentity') as AppEnv['Variables']['siteIdentity'] | undefined;
  const logoUrl = site?.logo ? `/site-logo?v=${site.logo.hash}` : site?.settings.logoPath || null;
  const html =
    '<!doctype html>' +
    (
      <Layout
        i18n={i18nFor(locale)}
        title={title}
        siteName={site?.settings.siteName || deps.config.siteName}
        themeCss={site ? themeCss(site.settings) : ''}
        logoUrl={logoUrl}
        // The same page in another language keeps what the reader chose, not a campaign's tracking or a stray key.
        pathAfterLocale={after + keptQuery(c, { transient: true })}
        isDemo={deps.isDemo()}
        assetVersion={assetVersion()}
        actor={c.get('actor') ?? null}
        csrf={c.get('actor') || c.get('csrfShown') ? c.get('csrfToken') : ''}
        head={pageHead(c, locale, title, after, status, meta)}
      >
        {body}
      </Layout>
    ).toString();
  return textAnswer(c, html, status, 'text/html; charset=UTF-8');
}
