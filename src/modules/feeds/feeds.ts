import { LOCALE_INFO, type Locale } from '../../i18n/locales';
import { stripControls, xmlTextElement } from '../../lib/xml';
import { entryPath, type EntryKind } from '../entries/entries';
import { pickTranslation, type Entry } from '../entries/entry';
import { facetValueLabel, facetValuePrefix } from '../entries/entry.labels';
import type { Taxonomy } from '../taxonomy/taxonomy';

/** Most items a feed holds, whatever a reader asks for: enough for any reader's poll, small enough to build at once. */
export const FEED_MAX_ITEMS = 50;
export const FEED_DEFAULT_ITEMS = 20;

export const FEED_FORMATS = ['atom', 'json'] as const;
export type FeedFormat = (typeof FEED_FORMATS)[number];

export const FEED_TYPES: Record<FeedFormat, string> = { atom: 'application/atom+xml', json: 'application/feed+json' };

/** A tag of an item: an action line or a goal, with its label in the reader's language. */
export interface FeedCategory {
  scheme: 'actionLine' | 'sdg';
  term: string;
  label: string;
}

/** One entry as a feed shows it, in the reader's language where it has one, else in its original. */
export interface FeedItem {
  id: string;
  url: string;
  kind: EntryKind;
  /** The language of title and summary (the reader's, or the entry's original as a fallback). */
  language: Locale;
  title: string;
  summary: string;
  published: Date;
  updated: Date;
  categories: FeedCategory[];
  authors: string[];
}

export interface Feed {
  /** The site's base URL (categories' schemes are search URLs under it). */
  baseUrl: string;
  /** Absolute: the feed's own address in this format is also its id. */
  urls: Record<FeedFormat, string>;
  /** The page that shows the same list. */
  pageUrl: string;
  title: string;
  siteName: string;
  locale: Locale;
  /** The newest change among its items (the epoch for an empty feed: nothing in it ever changed). */
  updated: Date;
  items: FeedItem[];
}

/** An entry as a feed item: the same translation choice (`pickTranslation`) and labels (`facetValueLabel`) as the pages. */
export function feedItem(entry: Entry, opts: { baseUrl: string; locale: Locale; taxonomy: Taxonomy }): FeedItem {
  const { language, text } = pickTranslation(entry, opts.locale);
  const url = `${opts.baseUrl}${entryPath(opts.locale, entry.kind, entry.id)}`;
  const published = entry.publishedAt ?? entry.createdAt;
  const updated = entry.updatedAt > published ? entry.updatedAt : published;
  const label = (scheme: FeedCategory['scheme'], code: string) => {
    const prefix = facetValuePrefix(scheme, code);
    const name = facetValueLabel(opts.taxonomy, scheme, code, opts.locale);
    return prefix && name !== code ? `${scheme === 'sdg' ? `SDG ${prefix}` : prefix} · ${name}` : name;
  };
  return {
    id: url,
    url,
    kind: entry.kind,
    language,
    title: text.title,
    summary: text.summary,
    published: new Date(published),
    updated: new Date(updated),
    categories: [
      ...entry.actionLines.map((code) => ({ scheme: 'actionLine' as const, term: code, label: label('actionLine', code) })),
      ...entry.sdgs.filter((c) => !c.includes('.')).map((code) => ({ scheme: 'sdg' as const, term: code, label: label('sdg', code) })),
    ],
    authors: entry.organisations
      .filter((o) => o.role === 'lead')
      .slice(0, 5)
      .map((o) => o.name),
  };
}

/** The newest update among the items: the feed's own `updated`. */
export function feedUpdated(items: FeedItem[]): Date {
  return new Date(Math.max(0, ...items.map((i) => i.updated.getTime())));
}

const ATOM_NS = 'http://www.w3.org/2005/Atom';
const rfc3339 = (d: Date) => d.toISOString();

/**
 * Atom 1.0 (RFC 4287). Every value passes through `xmlText` (control characters stripped, markup escaped); each entry
 * says its own language (`xml:lang`), which is the original's when the reader's is missing. A category's scheme is the
 * search URL that its term completes.
 */
export function atomFeed(feed: Feed): string {
  const scheme = (s: FeedCategory['scheme']) => `${feed.baseUrl}/${feed.locale}/search?${s}=`;
  const entries = feed.items.map(
    (i) =>
      `<entry xml:lang="${LOCALE_INFO[i.language].bcp47}">` +
      xmlTextElement('id', {}, i.id) +
      xmlTextElement('title', { type: 'text' }, i.title) +
      xmlTextElement('link', { rel: 'alternate', type: 'text/html', href: i.url }) +
      xmlTextElement('published', {}, rfc3339(i.published)) +
      xmlTextElement('updated', {}, rfc3339(i.updated)) +
      i.authors.map((name) => `<author>${xmlTextElement('name', {}, name)}</author>`).join('') +
      i.categories.map((c) => xmlTextElement('category', { term: c.term, scheme: scheme(c.scheme), label: c.label })).join('') +
      xmlTextElement('summary', { type: 'text' }, i.summary) +
      `</entry>\n`,
  );
  return (
    `<?xml version="1.0" encoding="utf-8"?>\n` +
    `<feed xmlns="${ATOM_NS}" xml:lang="${LOCALE_INFO[feed.locale].bcp47}">\n` +
    xmlTextElement('id', {}, feed.urls.atom) +
    xmlTextElement('title', { type: 'text' }, feed.title) +
    xmlTextElement('updated', {}, rfc3339(feed.updated)) +
    xmlTextElement('link', { rel: 'self', type: 'application/atom+xml', href: feed.urls.atom }) +
    xmlTextElement('link', { rel: 'alternate', type: 'text/html', href: feed.pageUrl }) +
    xmlTextElement('link', { rel: 'alternate', type: FEED_TYPES.json, href: feed.urls.json }) +
    `<author>${xmlTextElement('name', {}, feed.siteName)}</author>` +
    xmlTextElement('generator', {}, 'Stocktake') +
    '\n' +
    entries.join('') +
    `</feed>\n`
  );
}

/** JSON Feed 1.1 (jsonfeed.org/version/1.1): the same items, `language` per item; text stripped of control characters. */
export function jsonFeed(feed: Feed): Record<string, unknown> {
  const s = stripControls;
  return {
    version: 'https://jsonfeed.org/version/1.1',
    title: s(feed.title),
    home_page_url: feed.pageUrl,
    feed_url: feed.urls.json,
    language: LOCALE_INFO[feed.locale].bcp47,
    authors: [{ name: s(feed.siteName) }],
    items: feed.items.map((i) => ({
      id: i.id,
      url: i.url,
      title: s(i.title),
      summary: s(i.summary),
      content_text: s(i.summary),
      date_published: rfc3339(i.published),
      date_modified: rfc3339(i.updated),
      language: LOCALE_INFO[i.language].bcp47,
      ...(i.authors.length ? { authors: i.authors.map((name) => ({ name: s(name) })) } : {}),
      tags: i.categories.map((c) => s(c.label)),
    })),
  };
}
