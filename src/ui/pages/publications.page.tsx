import type { I18n } from '../../i18n/i18n';
import { LOCALE_INFO } from '../../i18n/locales';
import { detailsIf, pickTranslation, type Entry } from '../../modules/entries/entry';
import { entryPath } from '../../modules/entries/entries';
import { PUBLICATION_PAGE_SIZE, type PublicationSort } from '../../modules/publications/publications.service';
import type { Taxonomy } from '../../modules/taxonomy/taxonomy';
import { FeedLinks, type ListFeeds } from '../feed-links';
import { DownloadMenu } from '../download-menu';

export interface PublicationsPageProps {
  i18n: I18n;
  taxonomy: Taxonomy;
  sort: PublicationSort;
  page: number;
  filters: { actionLine: string[]; country: string[] };
  total: number;
  publications: Entry[];
  stats: Map<number, { downloads: number; rating: number | null; ratings: number }>;
  /** The publications' feeds for the same filters. */
  feeds?: ListFeeds | undefined;
  /** How many publications the download menu's export holds (the search of publications with these filters; absent: no menu). */
  exportTotal?: number | undefined;
}

/** The Global Repository: a table of publications, sortable by its columns, that works without JavaScript. */
export function PublicationsPage(p: PublicationsPageProps) {
  const { t, locale, number } = p.i18n;
  const base = `/${locale}/publications`;
  const href = (change: { sort?: PublicationSort; page?: number }) => {
    const params = new URLSearchParams();
    for (const v of p.filters.actionLine) params.append('actionLine', v);
    for (const v of p.filters.country) params.append('country', v);
    const sort = change.sort ?? p.sort;
    if (sort !== 'date') params.set('sort', sort);
    const page = change.page ?? 1;
    if (page > 1) params.set('page', String(page));
    const qs = params.toString();
    return `${base}${qs ? `?${qs}` : ''}`;
  };
  const pages = Math.max(1, Math.ceil(p.total / PUBLICATION_PAGE_SIZE));
  const head = (sort: PublicationSort) => (
    <th
      scope="col"
      aria-sort={p.sort === sort ? (sort === 'title' || sort === 'institution' || sort === 'actionLine' ? 'ascending' : 'descending') : undefined}
    >
      <a href={href({ sort })}>{t(`publications.sort.${sort}`)}</a>
    </th>
  );
  return (
    <section>
      <h1>{t('kinds.publication')}</h1>
      <p>
        <a href={`/${locale}/search?kind=publication`}>{t('publications.searchThem')}</a>
      </p>
      {p.feeds ? <FeedLinks i18n={p.i18n} feeds={p.feeds} /> : null}
      {p.exportTotal !== undefined ? (
        <DownloadMenu i18n={p.i18n} input={{ kind: ['publication'], ...p.filters, sort: 'newest' }} total={p.exportTotal} />
      ) : null}
      <p aria-live="polite">{t('publications.count', { count: p.total })}</p>
      <table class="publications">
        <caption>{t('publications.caption', { sort: t(`publications.sort.${p.sort}`) })}</caption>
        <thead>
          <tr>
            {head('title')}
            {head('institution')}
            {head('actionLine')}
            {head('date')}
            {head('downloads')}
            {head('rating')}
          </tr>
        </thead>
        <tbody>
          {p.publications.map((pub) => {
            const { language, text } = pickTranslation(pub, locale);
            const s = p.stats.get(pub.id);
            const issuer = pub.organisations.find((o) => o.role === 'lead') ?? pub.organisations[0];
            return (
              <tr>
                <td lang={LOCALE_INFO[language].bcp47} dir="auto">
                  <a href={entryPath(locale, 'publication', pub.id)}>{text.title}</a>
                </td>
                <td dir="auto">{issuer?.name ?? ''}</td>
                <td>{pub.actionLines.map((c) => (c.startsWith('c7-') ? 'C7' : c.toUpperCase())).join(', ')}</td>
                <td>{detailsIf(pub, 'publication')?.year ?? ''}</td>
                <td>{number(s?.downloads ?? 0)}</td>
                <td>{s?.rating === null || s === undefined ? '—' : t('publications.ratingCell', { rating: number(s.rating), count: s.ratings })}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {pages > 1 ? (
        <nav aria-label={t('search.pagination')} class="pagination">
          {p.page > 1 ? (
            <a rel="prev" href={href({ page: p.page - 1 })}>
              {t('search.previous')}
            </a>
          ) : null}
          <span>{t('search.pageOf', { page: number(p.page), pages: number(pages) })}</span>
          {p.page < pages ? (
            <a rel="next" href={href({ page: p.page + 1 })}>
              {t('search.next')}
            </a>
          ) : null}
        </nav>
      ) : null}
    </section>
  );
}
