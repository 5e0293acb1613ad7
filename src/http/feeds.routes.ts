import { Hono } from 'hono';
import { i18nFor, type I18n } from '../i18n/i18n';
import type { Locale } from '../i18n/locales';
import { ENTRY_KINDS, KIND_PATHS, type EntryKind } from '../modules/entries/entries';
import { FILTERS, type Filter } from '../modules/entries/entry';
import { atomFeed, FEED_FORMATS, FEED_TYPES, jsonFeed, type FeedFormat } from '../modules/feeds/feeds';
import { buildFeed, feedEntries, feedQueryString, feedQuerySchema, type FeedQuery } from '../modules/feeds/feeds.service';
import type { AppEnv } from './context';
import { pageQuery } from './query-params';
import { LOCALE_PATTERN } from './pages/render';
import type { FeedHeadLink } from '../ui/page-head';

/** The title of a search or kind list, as its page and its feeds say it. */
export function listTitle(i18n: I18n, kind: EntryKind | undefined, q: string): string {
  if (!kind) return q ? i18n.t('search.titleAllWithQuery', { query: q }) : i18n.t('search.titleAll');
  if (kind !== 'activity') return i18n.t(`kinds.${kind}`);
  return q ? i18n.t('search.titleWithQuery', { query: q }) : i18n.t('search.title');
}

/** The filters the events and publications pages read; a feed of theirs with any other is shown by the search page. */
const OWN_PAGE_FILTERS: Partial<Record<EntryKind, readonly Filter[]>> = { event: ['country', 'actionLine', 'mode'], publication: ['country', 'actionLine'] };

/** The list path ('search', 'events'…) of a kind's feed, or of every kind's. */
const listPath = (kind: EntryKind | undefined) => (kind ? KIND_PATHS[kind] : 'search');

/** The page that shows what a feed holds: the kind's own list when it reads every filter given, else the search. */
function pageFor(kind: EntryKind | undefined, query: FeedQuery): { path: string; query: FeedQuery } {
  const own = kind ? OWN_PAGE_FILTERS[kind] : undefined;
  if (!kind || !own) return { path: listPath(kind), query };
  const fits = !query.q && query.crosswalk !== '1' && FILTERS.every((f) => own.includes(f) || query[f].length === 0);
  return fits ? { path: listPath(kind), query } : { path: 'search', query: { ...query, kind: [kind] } };
}

/** A list's feeds, relative to the site: the search's text and filters (a kind list's kind is in its path). */
export function feedLinks(locale: Locale, kind: EntryKind | undefined, query: Partial<FeedQuery>): Record<FeedFormat, string> {
  const full = { q: '', pageSize: 20, ...Object.fromEntries(FILTERS.map((f) => [f, query[f] ?? []])), ...query } as FeedQuery;
  const qs = feedQueryString(kind ? { ...full, kind: [] } : full, { withSize: false });
  return { atom: `/${locale}/${listPath(kind)}.atom${qs}`, json: `/${locale}/${listPath(kind)}.json${qs}` };
}

/**
 * Atom 1.0 and JSON Feed 1.1 of any search (`/{locale}/search.atom?…`, `.json`) and of each kind's list
 * (`/{locale}/events.atom`…): the same text and filters as the search, newest published first, at most
 * FEED_MAX_ITEMS. A visitor's feed is public and kept like a page (ETag, Last-Modified, 304: `public-cache.ts`).
 */
export function feedRoutes() {
  const r = new Hono<AppEnv>();
  const serve = (kind: EntryKind | undefined, format: FeedFormat) =>
    r.get(`/${LOCALE_PATTERN}/${listPath(kind)}.${format}`, async (c) => {
      const locale = c.get('locale');
      const deps = c.get('deps');
      const parsed = pageQuery(c, feedQuerySchema, FILTERS);
      // A kind's own feed is the search fixed to that kind (as its page is).
      const query = kind ? { ...parsed, kind: [kind] } : parsed;
      const entries = await feedEntries(deps, query, locale, { visitor: !c.get('actor') });
      const base = deps.config.baseUrl;
      const own = kind ? { ...parsed, kind: [] } : parsed;
      const qs = feedQueryString(own, { withSize: true });
      const page = pageFor(kind, own);
      const i18n = i18nFor(locale);
      const siteName = c.get('siteIdentity')?.settings.siteName || deps.config.siteName;
      const feed = buildFeed(entries, {
        taxonomy: deps.taxonomy,
        baseUrl: base,
        locale,
        title: `${listTitle(i18n, kind, query.q)} · ${siteName}`,
        siteName,
        urls: { atom: `${base}/${locale}/${listPath(kind)}.atom${qs}`, json: `${base}/${locale}/${listPath(kind)}.json${qs}` },
        pageUrl: `${base}/${locale}/${page.path}${feedQueryString(page.query, { withSize: false })}`,
      });
      const type = `${FEED_TYPES[format]}; charset=utf-8`;
      return format === 'atom' ? c.body(atomFeed(feed), 200, { 'content-type': type }) : c.body(JSON.stringify(jsonFeed(feed)), 200, { 'content-type': type });
    });
  for (const format of FEED_FORMATS) {
    serve(undefined, format);
    for (const kind of ENTRY_KINDS) serve(kind, format);
  }
  return r;
}

/** What a page's head announces for feed readers to discover: each feed, absolute, titled in the page's language. */
export function feedHeadLinks(i18n: I18n, baseUrl: string, feeds: Record<FeedFormat, string>): FeedHeadLink[] {
  return FEED_FORMATS.map((format) => ({ type: FEED_TYPES[format], href: `${baseUrl}${feeds[format]}`, title: i18n.t(`feeds.${format}`) }));
}

/** The events calendar (iCalendar) for the filters it reads: country, action line and mode. */
export function calendarLink(locale: Locale, filters: Pick<FeedQuery, 'country' | 'actionLine' | 'mode'>): string {
  const params = new URLSearchParams();
  for (const f of ['country', 'actionLine', 'mode'] as const) for (const v of filters[f]) params.append(f, v);
  const qs = params.toString();
  return `/${locale}/events/calendar.ics${qs ? `?${qs}` : ''}`;
}
