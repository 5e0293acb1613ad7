import { z } from 'zod';
import type { Locale } from '../../i18n/locales';
import { searchEntries, type EntryDeps, type ReadFor } from '../entries/entries.service';
import { entrySearchSchema } from '../entries/entry.schemas';
import { FILTERS, type Entry } from '../entries/entry';
import { FEED_DEFAULT_ITEMS, FEED_MAX_ITEMS, feedItem, feedUpdated, type Feed, type FeedFormat } from './feeds';

/**
 * A feed's query: the search's text and filters (kind among them), and how many items, at most {@link FEED_MAX_ITEMS}.
 * No sort and no page: a feed is always the newest published first, from the top.
 */
export const feedQuerySchema = entrySearchSchema
  .omit({ sort: true, page: true })
  .extend({ pageSize: z.coerce.number().int().min(1).max(FEED_MAX_ITEMS).default(FEED_DEFAULT_ITEMS) });
export type FeedQuery = z.output<typeof feedQuerySchema>;

/** The query string that names this feed's list (defaults left out), the same for a feed and the page it follows. */
export function feedQueryString(query: FeedQuery, opts: { withSize: boolean }): string {
  const params = new URLSearchParams();
  if (query.q) params.set('q', query.q);
  for (const f of FILTERS) for (const v of query[f]) params.append(f, v);
  if (query.crosswalk === '1') params.set('crosswalk', '1');
  if (opts.withSize && query.pageSize !== FEED_DEFAULT_ITEMS) params.set('pageSize', String(query.pageSize));
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** The entries of a feed: the search's matches for the same query, newest published first (unknown filter values refused as by the search). */
export async function feedEntries(deps: EntryDeps, query: FeedQuery, locale: Locale, readFor: ReadFor): Promise<Entry[]> {
  const result = await searchEntries(deps, { ...query, sort: 'published', page: 1 }, locale, readFor);
  return result.activities;
}

/** A feed of these entries for a reader of `locale`, with its own addresses and the page that lists the same. */
export function buildFeed(
  entries: Entry[],
  opts: Pick<EntryDeps, 'taxonomy'> & { baseUrl: string; locale: Locale; title: string; siteName: string; urls: Record<FeedFormat, string>; pageUrl: string },
): Feed {
  const items = entries.map((e) => feedItem(e, { baseUrl: opts.baseUrl, locale: opts.locale, taxonomy: opts.taxonomy }));
  return {
    baseUrl: opts.baseUrl,
    urls: opts.urls,
    pageUrl: opts.pageUrl,
    title: opts.title,
    siteName: opts.siteName,
    locale: opts.locale,
    updated: feedUpdated(items),
    items,
  };
}
