import type { I18n } from '../../i18n/i18n';
import { LOCALE_INFO } from '../../i18n/locales';
import { excerpt } from '../../lib/excerpt';
import { pickTranslation, type Entry, type Facet } from '../../modules/entries/entry';
import { facetValueLabel } from '../../modules/entries/entry.labels';
import { entryPath } from '../../modules/entries/entries';
import { embedQueryString, searchOf, type EmbedQuery } from '../../modules/embed/embed';
import type { FacetCount } from '../../modules/search/search';
import type { Taxonomy } from '../../modules/taxonomy/taxonomy';
import { searchUrl } from '../search-url';
import { EntryPicture, imageOf } from '../entry-image';

export interface EmbedPageProps {
  i18n: I18n;
  taxonomy: Taxonomy;
  siteName: string;
  /** Where entries' links point: the main site, opened in a new browsing context. */
  baseUrl: string;
  query: EmbedQuery;
  total: number;
  entries: Entry[];
  facets: Record<Facet, FacetCount[]>;
  themeCss: string;
  assetVersion: string;
}

/** A result's line of facts: its kind (when the list mixes kinds), dates and first countries. */
function metaOf(p: EmbedPageProps, e: Entry): string {
  const kinds = p.query.kind.length === 1 ? [] : [p.i18n.t(`kind.${e.kind}`)];
  const when = e.startsAt ? [p.i18n.date(new Date(e.startsAt))] : [];
  const countries = e.countries.slice(0, 2).map((c) => p.taxonomy.label('country', c, p.i18n.locale));
  return [...kinds, ...when, ...countries].join(' · ');
}

/** A facet a reader may filter by: a select of its values with their counts ("any" clears it). */
function FacetSelect(p: EmbedPageProps & { facet: Facet }) {
  const { t, number, locale } = p.i18n;
  const chosen = p.query[p.facet];
  const values = [...p.facets[p.facet]];
  for (const v of chosen) if (!values.some((x) => x.value === v)) values.push({ value: v, count: 0 });
  const id = `stk-f-${p.facet}`;
  return (
    <div>
      <label for={id}>{t(`facet.${p.facet}`)}</label>
      <select id={id} name={p.facet} multiple={chosen.length > 1 ? true : undefined}>
        <option value="">{t('embed.any')}</option>
        {values.map((v) => (
          <option value={v.value} selected={chosen.includes(v.value)}>
            {`${facetValueLabel(p.taxonomy, p.facet, v.value, locale)} (${number(v.count)})`}
          </option>
        ))}
      </select>
    </div>
  );
}

/** The embed page: one search's results without the site's chrome, in its own small style sheet; no script. */
export function EmbedPage(p: EmbedPageProps) {
  const { t, locale, number } = p.i18n;
  const q = p.query;
  const pages = Math.max(1, Math.ceil(p.total / q.pageSize));
  const here = (change: Partial<EmbedQuery>) => {
    const qs = embedQueryString({ ...q, ...change });
    return `/embed/${locale}/search${qs ? `?${qs}` : ''}`;
  };
  const title = q.q ? `${q.q} · ${t('embed.pageTitle', { site: p.siteName })}` : t('embed.pageTitle', { site: p.siteName });
  // What the reader may not change here travels with the form as hidden fields.
  const kept = new URLSearchParams(embedQueryString({ ...q, page: 1 }));
  for (const f of q.facets) kept.delete(f);
  return (
    <html lang={LOCALE_INFO[locale].bcp47} dir={p.i18n.dir}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{title}</title>
        <link rel="stylesheet" href={`/static/embed.css?v=${p.assetVersion}`} />
        {p.themeCss ? <style>{p.themeCss}</style> : null}
      </head>
      <body class="stk-body">
        {/* Named by its heading, so it stays a distinct landmark when a page of the site itself frames it (the generator). */}
        <main class={`stk stk-${q.layout}`} aria-labelledby="stk-title">
          <h1 id="stk-title">{title}</h1>
          {q.facets.length ? (
            <form method="get" action={`/embed/${locale}/search`} class="stk-filters">
              {[...kept].map(([k, v]) => (
                <input type="hidden" name={k} value={v} />
              ))}
              {q.facets.map((facet) => (
                <FacetSelect {...p} facet={facet} />
              ))}
              <button type="submit">{t('search.apply')}</button>
            </form>
          ) : null}
          <p class="stk-total">{t('embed.total', { count: number(p.total) })}</p>
          {p.entries.length === 0 ? <p class="stk-empty">{t('search.noResults')}</p> : null}
          <ol class="stk-results">
            {p.entries.map((e) => {
              const { language, text } = pickTranslation(e, locale);
              const lang = LOCALE_INFO[language].bcp47;
              const meta = metaOf(p, e);
              // Cards show an entry's own image (stories, actors) at a fixed ratio, loaded as it scrolls into view.
              const image = q.layout === 'cards' ? imageOf(e) : null;
              return (
                <li class="stk-item">
                  {image ? (
                    <EntryPicture
                      image={image}
                      language={locale}
                      original={e.originalLanguage}
                      sizes="(min-width: 40rem) 16rem, 100vw"
                      lazy={true}
                      class="stk-img"
                    />
                  ) : null}
                  <h2 class="stk-title" lang={lang} dir="auto">
                    <a href={`${p.baseUrl}${entryPath(locale, e.kind, e.id)}`} target="_blank" rel="noopener">
                      {text.title}
                      <span class="stk-hidden" lang={LOCALE_INFO[locale].bcp47}>
                        {` ${t('embed.newWindow')}`}
                      </span>
                    </a>
                  </h2>
                  {meta ? <p class="stk-meta">{meta}</p> : null}
                  <p class="stk-summary" lang={lang} dir="auto">
                    {excerpt(text.summary, 220)}
                  </p>
                </li>
              );
            })}
          </ol>
          {pages > 1 ? (
            <nav aria-label={t('search.pagination')} class="stk-pages">
              {q.page > 1 ? (
                <a rel="prev" href={here({ page: q.page - 1 })}>
                  {t('search.previous')}
                </a>
              ) : null}
              <span>{t('search.pageOf', { page: number(q.page), pages: number(pages) })}</span>
              {q.page < pages ? (
                <a rel="next" href={here({ page: q.page + 1 })}>
                  {t('search.next')}
                </a>
              ) : null}
            </nav>
          ) : null}
          <p class="stk-source">
            <a href={`${p.baseUrl}${searchUrl(locale, { ...searchOf(q), page: 1, pageSize: 20 })}`} target="_blank" rel="noopener">
              {t('embed.source', { site: p.siteName })}
              <span class="stk-hidden">{` ${t('embed.newWindow')}`}</span>
            </a>
          </p>
        </main>
      </body>
    </html>
  );
}

/** An embed that cannot be shown (a refused parameter): the reason, in the page's language, still without the site's chrome. */
export function EmbedErrorPage(p: { i18n: I18n; title: string; message: string; problems: string[]; assetVersion: string }) {
  return (
    <html lang={LOCALE_INFO[p.i18n.locale].bcp47} dir={p.i18n.dir}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{p.title}</title>
        <link rel="stylesheet" href={`/static/embed.css?v=${p.assetVersion}`} />
      </head>
      <body class="stk-body">
        <main class="stk" aria-labelledby="stk-title">
          <h1 id="stk-title">{p.title}</h1>
          <p>{p.message}</p>
          {p.problems.length ? (
            <ul>
              {p.problems.map((x) => (
                <li>{x}</li>
              ))}
            </ul>
          ) : null}
        </main>
      </body>
    </html>
  );
}
