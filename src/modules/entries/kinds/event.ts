import { z } from 'zod';
import type { ErrorDetail } from '../../../lib/errors';
import { httpUrl, line } from '../../../lib/text';
import { isTimeZone, offsetMinutes, zonedToUtc } from '../../../lib/time-zones';
import { describedBy, keywords, organisationNodes, type JsonLdNode } from './json-ld';
import { leadStakeholders, STEP, TAG_REVIEW_FIELDS, type KindDescriptor, wordingOf } from './kind';

export const EVENT_MODES = ['in_person', 'online', 'hybrid'] as const;
export type EventMode = (typeof EVENT_MODES)[number];

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;

export const eventDetailsSchema = z
  .object({
    allDay: z.boolean().default(false),
    /** A date (all-day) or a wall-clock time in `timeZone`; the end is inclusive for all-day events. */
    start: z
      .string()
      .refine((v) => DATE.test(v) || DATE_TIME.test(v), 'invalid_date')
      .nullable()
      .default(null),
    end: z
      .string()
      .refine((v) => DATE.test(v) || DATE_TIME.test(v), 'invalid_date')
      .nullable()
      .default(null),
    timeZone: line(64).nullable().default(null),
    mode: z.enum(EVENT_MODES).nullable().default(null),
    city: line(200).default(''),
    onlineUrl: httpUrl.nullable().default(null),
  })
  .strict();
export type EventDetails = z.output<typeof eventDetailsSchema>;

const DAY_MS = 86_400_000;

/** An event's start and end as instants (all-day: from the first day's midnight to the midnight after the last, in its zone or UTC). */
export function eventInstants(e: EventDetails): { startsAt: Date; endsAt: Date } | null {
  if (!e.start) return null;
  const zone = e.timeZone && isTimeZone(e.timeZone) ? e.timeZone : 'UTC';
  try {
    if (e.allDay) {
      const first = e.start.slice(0, 10);
      const last = (e.end ?? e.start).slice(0, 10);
      const after = new Date(Date.parse(`${last}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
      return { startsAt: zonedToUtc(`${first}T00:00`, zone), endsAt: zonedToUtc(`${after}T00:00`, zone) };
    }
    const start = e.start.length === 10 ? `${e.start}T00:00` : e.start;
    const end = e.end ? (e.end.length === 10 ? `${e.end}T23:59` : e.end) : start;
    return { startsAt: zonedToUtc(start, zone), endsAt: zonedToUtc(end, zone) };
  } catch {
    return null;
  }
}

function eventProblems(e: EventDetails | undefined): ErrorDetail[] {
  const out: ErrorDetail[] = [];
  if (!e?.start) out.push({ field: 'event.start', code: 'required' });
  if (!e?.mode) out.push({ field: 'event.mode', code: 'required' });
  if (e && !e.allDay && !e.timeZone) out.push({ field: 'event.timeZone', code: 'required' });
  if (e?.timeZone && !isTimeZone(e.timeZone)) out.push({ field: 'event.timeZone', code: 'unknown_value', params: { value: e.timeZone } });
  if (e?.start && e.end) {
    const times = eventInstants(e);
    if (times && times.endsAt < times.startsAt) out.push({ field: 'event.end', code: 'end_before_start' });
  }
  if (e && (e.mode === 'online' || e.mode === 'hybrid') && !e.onlineUrl) out.push({ field: 'event.onlineUrl', code: 'required' });
  if (e && (e.mode === 'in_person' || e.mode === 'hybrid') && !e.city) out.push({ field: 'event.city', code: 'required' });
  return out;
}

/** A wall-clock time in a zone as ISO 8601 with the zone's offset at that moment (`2026-10-24T18:00:00+02:00`). */
export function zonedIso(local: string, timeZone: string): string {
  const minutes = Math.round(offsetMinutes(zonedToUtc(local, timeZone), timeZone));
  const abs = Math.abs(minutes);
  const offset = `${minutes < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return `${local}:00${offset}`;
}

/** An event's start and end for schema.org: dates for an all-day event, else times with the offset of its zone. */
function eventDates(e: EventDetails): { startDate?: string; endDate?: string } {
  if (!e.start) return {};
  if (e.allDay) return { startDate: e.start.slice(0, 10), endDate: (e.end ?? e.start).slice(0, 10) };
  const zone = e.timeZone && isTimeZone(e.timeZone) ? e.timeZone : 'UTC';
  // As `eventInstants` reads them: a bare date starts at midnight and ends at 23:59.
  const start = e.start.length === 10 ? `${e.start}T00:00` : e.start;
  const end = e.end ? (e.end.length === 10 ? `${e.end}T23:59` : e.end) : null;
  try {
    return { startDate: zonedIso(start, zone), ...(end ? { endDate: zonedIso(end, zone) } : {}) };
  } catch {
    return {};
  }
}

const ATTENDANCE = {
  in_person: 'https://schema.org/OfflineEventAttendanceMode',
  online: 'https://schema.org/OnlineEventAttendanceMode',
  hybrid: 'https://schema.org/MixedEventAttendanceMode',
} as const satisfies Record<EventMode, string>;

/** Where an event is held: its city (a Place), its online address (a VirtualLocation), or both. */
function eventLocation(e: EventDetails, country: string | undefined): JsonLdNode[] | undefined {
  const out: JsonLdNode[] = [];
  if (e.city && e.mode !== 'online')
    out.push({ '@type': 'Place', name: e.city, address: { '@type': 'PostalAddress', addressLocality: e.city, addressCountry: country } });
  if (e.onlineUrl && e.mode !== 'in_person') out.push({ '@type': 'VirtualLocation', url: e.onlineUrl });
  return out.length ? out : undefined;
}

/** A conference, workshop or webinar: held at a time in a zone, in a city, online or both. */
export const eventKind: KindDescriptor<'event', EventDetails, { event?: EventDetails | undefined }> = {
  kind: 'event',
  path: 'events',
  jsonLdType: 'Event',
  jsonLd: (d, input) => ({
    '@type': 'Event',
    ...describedBy(input),
    ...eventDates(d),
    eventAttendanceMode: d.mode ? ATTENDANCE[d.mode] : undefined,
    // Its country is the place's only when the event is tagged with one (a regional event names several it is for).
    location: eventLocation(d, input.entry.countries.length === 1 ? input.entry.countries[0] : undefined),
    organizer: organisationNodes(input),
    keywords: keywords(input),
  }),
  detailsSchema: eventDetailsSchema,
  wording: wordingOf('event'),
  roleLabels: { lead: 'orgRole.organiser', partner: 'orgRole.coOrganiser' },
  steps: [STEP.about, { id: 'details', fields: ['event'] }, STEP.where, STEP.themes, STEP.organisations, STEP.links, STEP.languages],
  fieldRules: {
    originalLanguage: { required: true },
    title: { required: true, maxWords: 30 },
    summary: { required: true, minWords: 10, maxWords: 200 },
    description: { maxWords: 2000 },
    actionLines: { required: true, minItems: 1 },
  },
  reviewFields: [
    ['event.allDay', 'field.allDay'],
    ['event.start', 'field.eventStart'],
    ['event.end', 'field.eventEnd'],
    ['event.timeZone', 'field.timeZone'],
    ['event.mode', 'field.eventMode'],
    ['event.city', 'field.city'],
    ['event.onlineUrl', 'field.onlineUrl'],
    ...TAG_REVIEW_FIELDS,
  ],
  fromFlat: (f) => f.event ?? eventDetailsSchema.parse({}),
  toFlat: (d) => ({ event: d }),
  requiredFields: [],
  problems: (f) => eventProblems(f.event),
  ownIssues: () => [],
  facetValues: (d, organisations) => [
    ...leadStakeholders(organisations),
    ...(d.mode ? [{ facet: 'mode' as const, value: d.mode }] : []),
    ...(d.start ? [{ facet: 'year' as const, value: d.start.slice(0, 4) }] : []),
  ],
  searchTexts: (d, locale) => (d.city ? [{ text: d.city, locale, weight: 'C' }] : []),
  times: (d) => ({ startsAt: null, endsAt: null, ...eventInstants(d), timeZone: d.timeZone }),
  present: (d) => ({ details: d }),
  decodeForm: (f) => ({
    event: {
      allDay: f.one('event.allDay') === 'true',
      start: f.opt('event.start') ?? null,
      end: f.opt('event.end') ?? null,
      timeZone: f.opt('event.timeZone') ?? null,
      mode: f.opt('event.mode') ?? null,
      city: f.one('event.city')?.trim() ?? '',
      onlineUrl: f.opt('event.onlineUrl') ?? null,
    },
  }),
};
