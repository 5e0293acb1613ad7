import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { i18nFor } from '../../i18n/i18n';
import type { Locale } from '../../i18n/locales';
import { Layout } from '../../ui/layout';
import { themeCss } from '../../ui/theme';
import type { AppEnv } from '../context';
import { isTrackingParam } from '../query-params';
import { assetVersion } from '../static';

// Two letters here; the middleware below sends anything that is not one of the six to not_found.
export const LOCALE_PATTERN = ':locale{[a-z][a-z]}';

/** Renders a page in the locale of the request's path. */
export function localePage(c: Context<AppEnv>, title: string, body: Child, status: ContentfulStatusCode = 200) {
  return renderPage(c, c.get('locale'), title, body, status);
}

/** Renders a page inside the layout, in the given locale. */
export function renderPage(c: Context<AppEnv>, locale: Locale, title: string, body: Child, status: ContentfulStatusCode = 200) {
  const deps = c.get('deps');
  const url = new URL(c.req.url);
  const after = url.pathname.replace(/^\/[a-z]{2}(?=\/|$)/, '') || '/';
  // The same page in another language keeps the reader's query, not a campaign's tracking.
  for (const key of [...url.searchParams.keys()]) if (isTrackingParam(key)) url.searchParams.delete(key);
  // The operator's identity (settings): name, theme colours, logo; the built-in one where blank.
  const site = c.get('siteIdentity') as AppEnv['Variables']['siteIdentity'] | undefined;
  const logoUrl = site?.logo ? `/site-logo?v=${site.logo.hash}` : site?.settings.logoPath || null;
  return c.html(
    '<!doctype html>' +
      (
        <Layout
          i18n={i18nFor(locale)}
          title={title}
          siteName={site?.settings.siteName || deps.config.siteName}
          themeCss={site ? themeCss(site.settings) : ''}
          logoUrl={logoUrl}
          pathAfterLocale={after + url.search}
          isDemo={deps.isDemo()}
          assetVersion={assetVersion()}
          actor={c.get('actor') ?? null}
          csrf={c.get('actor') || c.get('csrfShown') ? c.get('csrfToken') : ''}
        >
          {body}
        </Layout>
      ).toString(),
    status,
  );
}
