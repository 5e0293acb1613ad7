import { DEFAULT_LOCALE, LOCALE_INFO, LOCALES, type Locale } from '../i18n/locales';

/**
 * The same page in each of the six languages, then `x-default` (the default locale's): what a page's head and the
 * sitemap both list, so the two always agree. `after` is the path after the locale, with any query the page keeps.
 */
export function languageAlternates(baseUrl: string, after: string): Array<{ hreflang: string; href: string }> {
  const at = (l: Locale) => `${baseUrl}/${l}${after}`;
  return [...LOCALES.map((l) => ({ hreflang: LOCALE_INFO[l].bcp47, href: at(l) })), { hreflang: 'x-default', href: at(DEFAULT_LOCALE) }];
}

/** A feed of the page's list, for feed readers to discover (`<link rel="alternate" type="application/atom+xml">`). */
export interface FeedHeadLink {
  type: string;
  href: string;
  title: string;
}

/** What a page tells search engines and link previews about itself; every URL here is absolute. */
export interface PageHead {
  description: string;
  /** The page's one address (no tracking or unknown parameters); null on an error page. */
  canonical: string | null;
  /** The same page in each language, then `x-default`. */
  alternates: Array<{ hreflang: string; href: string }>;
  /** OpenGraph and Twitter card (entry pages). */
  social: {
    title: string;
    url: string;
    type: 'article' | 'website';
    locale: string;
    alternateLocales: string[];
    siteName: string;
    /** Only when the entry has an image. */
    image?: string | undefined;
  } | null;
  /** The page's structured data: a JSON-LD document already escaped for a script element (entry and country pages). */
  jsonLd?: string | undefined;
  /** The feeds of a list page (search, a kind's list): absolute. */
  feeds?: FeedHeadLink[] | undefined;
}

/** The description, canonical, language alternates and link-preview tags of a page's <head>. */
export function PageHeadTags({ head }: { head: PageHead }) {
  const s = head.social;
  return (
    <>
      <meta name="description" content={head.description} />
      {head.canonical ? <link rel="canonical" href={head.canonical} /> : null}
      {head.alternates.map((a) => (
        <link rel="alternate" hreflang={a.hreflang} href={a.href} />
      ))}
      {(head.feeds ?? []).map((f) => (
        <link rel="alternate" type={f.type} href={f.href} title={f.title} />
      ))}
      {s ? (
        <>
          <meta property="og:type" content={s.type} />
          <meta property="og:title" content={s.title} />
          <meta property="og:description" content={head.description} />
          <meta property="og:url" content={s.url} />
          <meta property="og:site_name" content={s.siteName} />
          <meta property="og:locale" content={s.locale} />
          {s.alternateLocales.map((l) => (
            <meta property="og:locale:alternate" content={l} />
          ))}
          {s.image ? <meta property="og:image" content={s.image} /> : null}
          <meta name="twitter:card" content={s.image ? 'summary_large_image' : 'summary'} />
          <meta name="twitter:title" content={s.title} />
          <meta name="twitter:description" content={head.description} />
          {s.image ? <meta name="twitter:image" content={s.image} /> : null}
        </>
      ) : null}
      {head.jsonLd ? <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: head.jsonLd }} /> : null}
    </>
  );
}
