import type { Child } from 'hono/jsx';
import type { I18n } from '../i18n/i18n';
import { LOCALE_INFO, LOCALES, type Locale } from '../i18n/locales';
import type { Actor } from '../modules/accounts/accounts';
import { PageHeadTags, type PageHead } from './page-head';

export interface LayoutProps {
  i18n: I18n;
  title: string;
  siteName: string;
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
        <script src={`/static/app.js?v=${p.assetVersion}`} defer></script>
      </head>
      <body>
        <a class="skip" href="#main">
          {t('nav.skip')}
        </a>
        <header class="site-header">
          <div class="wrap header-row">
            <a class="brand" href={`/${locale}/`}>
              {p.siteName}
              <span class="tagline">{t('site.tagline')}</span>
            </a>
            <nav aria-label={t('nav.main')} class="main-nav">
              <a href={`/${locale}/search`}>{t('nav.search')}</a>
              <a href={`/${locale}/events`}>{t('nav.events')}</a>
              <a href={`/${locale}/publications`}>{t('nav.publications')}</a>
              <a href={`/${locale}/countries`}>{t('nav.countries')}</a>
              <a href={`/${locale}/calls`}>{t('nav.calls')}</a>
              {p.actor ? <a href={`/${locale}/contribute`}>{t('nav.contribute')}</a> : null}
              {p.actor && (p.actor.role === 'curator' || p.actor.role === 'admin') ? <a href={`/${locale}/review`}>{t('nav.review')}</a> : null}
              {p.actor?.role === 'admin' ? <a href={`/${locale}/admin/users`}>{t('nav.admin')}</a> : null}
              {p.actor ? (
                <>
                  <a href={`/${locale}/account`}>{p.actor.displayName}</a>
                  <form method="post" action={`/${locale}/account/sign-out`} class="inline">
                    <input type="hidden" name="_csrf" value={p.csrf} />
                    <button type="submit" class="link">
                      {t('account.signOut')}
                    </button>
                  </form>
                </>
              ) : (
                <a href={`/${locale}/account/sign-in`}>{t('account.signIn')}</a>
              )}
            </nav>
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
        <footer class="site-footer">
          <div class="wrap">
            <p>{t('footer.about')}</p>
            <p>
              <a href="/api/openapi.json">{t('footer.openData')}</a>
            </p>
          </div>
        </footer>
      </body>
    </html>
  );
}
