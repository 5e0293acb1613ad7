import type { Child } from 'hono/jsx';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { I18n } from '../i18n/i18n';
import { LOCALE_INFO, LOCALES, type Locale } from '../i18n/locales';
import type { Actor } from '../modules/accounts/accounts';
import { KIND_PATHS } from '../modules/entries/entries';
import { logoMarkup } from './logo';
import { PageHeadTags, type PageHead } from './page-head';
import { renderedOnce } from './rendered-once';

export interface LayoutProps {
  i18n: I18n;
  title: string;
  siteName: string;
  /** The operator's theme as `:root{…}` custom properties ('' for the built-in one); the CSP allows it by hash. */
  themeCss?: string;
  /** The operator's logo (uploaded, or a path on this site); the team's mark when null. */
  logoUrl?: string | null;
  /** Path after the locale prefix, with its query string: the language switcher keeps the reader's place. */
  pathAfterLocale: string;
  isDemo: boolean;
  assetVersion: string;
  actor: Actor | null;
  /** The CSRF token when the page is personal (signed in, or a visitor's form); '' keeps a public page free of it. */
  csrf: string;
  /** Description, canonical URL, language alternates, link previews. */
  head: PageHead;
  children: Child;
}

const LOGO = logoMarkup();

/** The page frame: <html lang dir> set once here; every page inherits direction from it. */
export function Layout(p: LayoutProps) {
  const { t, locale } = p.i18n;
  const href = (l: Locale) => `/${l}${p.pathAfterLocale}`;
  return (
    <html lang={LOCALE_INFO[locale].bcp47} dir={p.i18n.dir}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        {p.csrf ? <meta name="csrf-token" content={p.csrf} /> : null}
        <title>{`${p.title} · ${p.siteName}`}</title>
        <PageHeadTags head={p.head} />
        <link rel="stylesheet" href={`/static/app.css?v=${p.assetVersion}`} />
        {p.themeCss ? <style>{p.themeCss}</style> : null}
        <link rel="icon" href="/favicon.ico" sizes="16x16 32x32 48x48" />
        <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
        <script src={`/static/app.js?v=${p.assetVersion}`} defer></script>
      </head>
      <body>
        <a class="skip" href="#main">
          {t('nav.skip')}
        </a>
        <header class="site-header">
          <div class="wrap header-row">
            <a class="brand" href={`/${locale}/`}>
              {p.logoUrl ? <img class="logo-image" src={p.logoUrl} alt="" height={36} /> : <span dangerouslySetInnerHTML={{ __html: LOGO }} />}
              <span class="brand-text">
                {p.siteName}
                <span class="tagline">{t('site.tagline')}</span>
              </span>
            </a>
            <nav aria-label={t('nav.language')} class="languages">
              <ul>
                {LOCALES.map((l) => (
                  <li>
                    <a href={href(l)} lang={LOCALE_INFO[l].bcp47} hreflang={LOCALE_INFO[l].bcp47} aria-current={l === locale ? 'true' : undefined}>
                      {LOCALE_INFO[l].name}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
            {/* On a phone the navigation folds into this menu; it opens without JavaScript, and on a wide screen the CSS keeps it open with no button. */}
            {p.actor ? <SiteMenu i18n={p.i18n} actor={p.actor} csrf={p.csrf} /> : frameParts(p.i18n).menu}
          </div>
          {p.isDemo ? (
            <p class="demo-banner" role="note">
              <span class="wrap">{t('demo.banner')}</span>
            </p>
          ) : null}
        </header>
        <main id="main" class="wrap" tabindex={-1}>
          {p.children}
        </main>
        {frameParts(p.i18n).footer}
      </body>
    </html>
  );
}

/** The site menu: what a reader may browse, and their account. */
function SiteMenu({ i18n, actor, csrf }: { i18n: I18n; actor: Actor | null; csrf: string }) {
  const { t, locale } = i18n;
  return (
    <details class="site-menu">
      <summary>
        <span class="menu-icon" aria-hidden="true"></span>
        {t('phones.menu')}
      </summary>
      <nav aria-label={t('nav.main')} class="main-nav">
        <ul class="nav-browse">
          {(['activity', 'actor', 'publication', 'event', 'story'] as const).map((k) => (
            <li>
              <a href={`/${locale}/${KIND_PATHS[k]}`}>{t(`kinds.${k}`)}</a>
            </li>
          ))}
          <li>
            <a href={`/${locale}/search`}>{t('nav.search')}</a>
          </li>
          <li>
            <a href={`/${locale}/countries`}>{t('nav.countries')}</a>
          </li>
          <li>
            <a href={`/${locale}/calls`}>{t('nav.calls')}</a>
          </li>
          <li>
            <a href={`/${locale}/consultations`}>{t('nav.consultations')}</a>
          </li>
          <li>
            <a href={`/${locale}/prizes`}>{t('prizes.title')}</a>
          </li>
        </ul>
        <ul class="nav-account">
          {actor ? (
            <li>
              <a href={`/${locale}/contribute`}>{t('nav.contribute')}</a>
            </li>
          ) : null}
          {actor && (actor.role === 'curator' || actor.role === 'admin') ? (
            <li>
              <a href={`/${locale}/review`}>{t('nav.review')}</a>
            </li>
          ) : null}
          {actor?.role === 'admin' ? (
            <li>
              <a href={`/${locale}/admin/users`}>{t('nav.admin')}</a>
            </li>
          ) : null}
          {actor ? (
            <>
              <li>
                <a href={`/${locale}/account`} dir="auto">
                  {actor.displayName}
                </a>
              </li>
              <li>
                <form method="post" action={`/${locale}/account/sign-out`} class="inline">
                  <input type="hidden" name="_csrf" value={csrf} />
                  <button type="submit" class="link">
                    {t('account.signOut')}
                  </button>
                </form>
              </li>
            </>
          ) : (
            <li>
              <a href={`/${locale}/account/sign-in`}>{t('account.signIn')}</a>
            </li>
          )}
        </ul>
      </nav>
    </details>
  );
}

function SiteFooter({ i18n }: { i18n: I18n }) {
  const { t, locale } = i18n;
  return (
    <footer class="site-footer">
      <div class="wrap">
        <p>{t('footer.about')}</p>
        <p>
          <a href="/api/openapi.json">{t('footer.openData')}</a> · <a href={`/${locale}/data`}>{t('data.footer')}</a>
        </p>
        <p>
          <a href={`/${locale}/reports`}>{t('reports.footer')}</a>
        </p>
      </div>
    </footer>
  );
}

/**
 * The parts of the frame that are the same for every reader of a language (the footer) or every visitor (the menu of
 * someone not signed in), rendered once per language: a page that misses the response cache renders only what
 * differs. Keyed by the I18n itself, so anything that speaks differently gets its own.
 */
const framePartsOf = new WeakMap<I18n, { menu: HtmlEscapedString; footer: HtmlEscapedString }>();

function frameParts(i18n: I18n): { menu: HtmlEscapedString; footer: HtmlEscapedString } {
  let parts = framePartsOf.get(i18n);
  if (!parts) {
    parts = { menu: renderedOnce(<SiteMenu i18n={i18n} actor={null} csrf="" />), footer: renderedOnce(<SiteFooter i18n={i18n} />) };
    framePartsOf.set(i18n, parts);
  }
  return parts;
}
