import type { Db } from '../../db/connection';
import type { Locale } from '../../i18n/locales';
import { AppError } from '../../lib/errors';
import { detailsIf, pickTranslation, type Entry } from '../entries/entry';
import { loadEntries } from '../entries/entries.repository';
import { readPublishedEntries, type EntryDeps, type ReadFor } from '../entries/entries.service';
import { entryPath } from '../entries/entries';
import type { Taxonomy } from '../taxonomy/taxonomy';
import { feedEventIds, publishedEventIds, type EventFacetFilters, type EventWindow } from './events.repository';
import { buildCalendar, type CalendarEvent } from './ical';

export type EventFilters = EventFacetFilters;

const PAGE = 50;
/** How far back a subscribed feed reaches, so calendars keep recent events. */
const FEED_PAST_DAYS = 90;

/**
 * Published events: upcoming (not yet ended, soonest first), past (most recent first), or those
 * overlapping a month (in UTC, widened by a day each side so every zone's events of that month show).
 */
export async function listEvents(
  deps: Pick<EntryDeps, 'db' | 'publishedEntries'>,
  q: { when: 'upcoming' | 'past' | 'month'; month?: string | undefined; filters: EventFilters; page?: number },
  readFor: ReadFor = { visitor: false },
): Promise<{ events: Entry[]; total: number }> {
  let window: EventWindow = {};
  if (q.when === 'upcoming') window = { endsAtOrAfter: new Date() };
  if (q.when === 'past') window = { endsBefore: new Date() };
  if (q.when === 'month') {
    if (!q.month || !/^\d{4}-(0[1-9]|1[0-2])$/.test(q.month)) throw new AppError('validation_failed', [{ field: 'month', code: 'invalid_format' }]);
    const from = new Date(`${q.month}-01T00:00:00Z`);
    const to = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth() + 1, 1));
    window = { endsAfter: new Date(from.getTime() - 86_400_000), startsBefore: new Date(to.getTime() + 86_400_000) };
  }
  const { ids, total } = await publishedEventIds(deps.db, {
    filters: q.filters,
    window,
    order: q.when === 'past' ? 'desc' : 'asc',
    limit: q.when === 'month' ? 500 : PAGE,
    offset: q.when === 'month' ? 0 : ((q.page ?? 1) - 1) * PAGE,
  });
  // A visitor's events come from the memory of published entries, as an entry page's entry does.
  return { events: await readPublishedEntries(deps, ids, readFor), total };
}

/** An event as a calendar's VEVENT, in the reader's language version. */
export function toCalendarEvent(e: Entry, locale: Locale, baseUrl: string, taxonomy: Taxonomy, host: string): CalendarEvent | null {
  const d = detailsIf(e, 'event');
  if (!d?.start) return null;
  const { text } = pickTranslation(e, locale);
  const url = `${baseUrl}${entryPath(locale, 'event', e.id)}`;
  const place = [d.city, ...e.countries.map((c) => taxonomy.label('country', c, locale))].filter(Boolean).join(', ');
  return {
    uid: `event-${e.id}@${host}`,
    title: text.title,
    description: [text.summary, d.onlineUrl ? `${d.onlineUrl}` : '', url].filter(Boolean).join('\n\n'),
    url,
    location: place || d.onlineUrl || null,
    allDay: d.allDay,
    start: d.allDay ? d.start.slice(0, 10) : d.start.length === 10 ? `${d.start}T00:00` : d.start,
    end: d.allDay ? (d.end ?? d.start).slice(0, 10) : (d.end ?? d.start).length === 10 ? `${d.end ?? d.start}T23:59` : (d.end ?? d.start),
    timeZone: d.timeZone ?? 'UTC',
    updatedAt: new Date(e.updatedAt),
    categories: e.actionLines.map((c) => (c.startsWith('c7-') ? 'C7' : c.toUpperCase())),
  };
}

/** One event's .ics, or a feed of the events matching the filters (upcoming and the last 90 days). */
export async function eventCalendar(
  deps: { db: Db; taxonomy: Taxonomy; config: { siteName: string; baseUrl: string } },
  q: { id?: number; filters?: EventFilters; locale: Locale; name: string },
): Promise<{ body: string; title: string }> {
  const host = new URL(deps.config.baseUrl).hostname;
  let events: Entry[];
  if (q.id !== undefined) {
    events = await loadEntries(deps.db, [q.id], ['published']);
    if (!events[0] || events[0].kind !== 'event') throw new AppError('not_found');
  } else {
    events = await loadEntries(deps.db, await feedEventIds(deps.db, q.filters ?? {}, FEED_PAST_DAYS, 1000), ['published']);
  }
  const vevents = events.flatMap((e) => toCalendarEvent(e, q.locale, deps.config.baseUrl, deps.taxonomy, host) ?? []);
  const body = buildCalendar(vevents, { name: q.name, productId: `-//${deps.config.siteName}//Stocktake//EN` });
  return { body, title: q.id !== undefined ? (vevents[0]?.title ?? 'event') : q.name };
}
