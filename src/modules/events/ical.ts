/**
 * iCalendar (RFC 5545) export for events. The zone arithmetic it relies on lives in
 * lib/time-zones; here each zone becomes a VTIMEZONE built from the runtime's own offsets.
 */
import { dateTimeFormat } from '../../i18n/formats';
import {
  DAY_MS,
  HOUR_MS,
  MINUTE_MS,
  SECOND_MS,
  isTimeZone,
  isUtc,
  offsetMsAt,
  parseDate,
  wallClockAsUtcMs,
  wallClockAt,
  zonedToUtc,
} from '../../lib/time-zones';
import type { WallClock } from '../../lib/time-zones';

/** One event as the calendar writer needs it; the events module maps its records onto this. */
export interface CalendarEvent {
  /** Stable and globally unique, e.g. "event-42@stocktake.example.org". */
  uid: string;
  title: string;
  /** Plain text; newlines and any script are fine. */
  description: string;
  url: string | null;
  location: string | null;
  allDay: boolean;
  /** All-day: `YYYY-MM-DD`; timed: wall clock `YYYY-MM-DDTHH:mm` in `timeZone`. */
  start: string;
  /** All-day: `YYYY-MM-DD`, the INCLUSIVE last day; timed: wall clock in `timeZone`. */
  end: string;
  /** IANA zone name; ignored for all-day events, which float. */
  timeZone: string;
  /** Written as DTSTAMP and LAST-MODIFIED, so an unchanged event serialises to identical bytes. */
  updatedAt: Date;
  categories?: string[];
  status?: 'CONFIRMED' | 'CANCELLED';
}

/** Calendar-level properties. */
export interface CalendarOptions {
  /** Shown by clients as the calendar's name (X-WR-CALNAME). */
  name: string;
  /** PRODID, e.g. "-//Stocktake//Events//EN". */
  productId: string;
}

/** UTC offsets in use range from −12:00 to +14:00; this bounds "somewhere on Earth it is still that day". */
const MAX_OFFSET_MS = 14 * HOUR_MS;
/** RFC 5545 §3.1: lines SHOULD NOT be longer than 75 octets, excluding the line break. */
const MAX_LINE_OCTETS = 75;
const CRLF = '\r\n';

const pad = (value: number, width = 2): string => String(value).padStart(width, '0');

// ---------------------------------------------------------------------------------------------
// Calendar text

/** TEXT escaping (RFC 5545 §3.3.11); ASCII controls other than tab are not allowed in a content line. */
function escapeText(value: string): string {
  return (
    value
      .replace(/\r\n?/g, '\n')
      // eslint-disable-next-line no-control-regex -- removing control characters is the point
      .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')
      .replace(/[\\;,\n]/g, (char) => (char === '\n' ? '\\n' : `\\${char}`))
  );
}

/** URI values are not TEXT: no escaping, but a line break or control character would corrupt the line. */
function cleanUri(value: string): string {
  // eslint-disable-next-line no-control-regex -- see above
  return value.replace(/[\u0000-\u001f\u007f]/g, '');
}

/** Octets of one code point in UTF-8; a lone surrogate is written as U+FFFD, also 3. */
function utf8Length(char: string): number {
  const code = char.codePointAt(0) ?? 0;
  return code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
}

/** Folds one content line into ≤75-octet physical lines without cutting a UTF-8 sequence. */
function foldLine(line: string): string {
  const lines: string[] = [];
  let current = '';
  let octets = 0;
  // for…of walks code points, so a surrogate pair (4 octets in UTF-8) is never split either.
  for (const char of line) {
    const size = utf8Length(char);
    if (octets + size > MAX_LINE_OCTETS) {
      lines.push(current);
      current = ' ';
      octets = 1;
    }
    current += char;
    octets += size;
  }
  lines.push(current);
  return lines.join(CRLF);
}

function formatWall(wall: WallClock): string {
  return `${pad(wall.year, 4)}${pad(wall.month)}${pad(wall.day)}T${pad(wall.hour)}${pad(wall.minute)}${pad(wall.second)}`;
}

function formatUtc(ms: number): string {
  return `${formatWall(wallClockAt(ms, 'UTC'))}Z`;
}

function formatDate(date: { year: number; month: number; day: number }): string {
  return `${pad(date.year, 4)}${pad(date.month)}${pad(date.day)}`;
}

/** UTC-OFFSET value (§3.3.14): ±HHMM, with seconds only when there are any. */
function formatOffset(offsetMs: number): string {
  const totalSeconds = Math.round(Math.abs(offsetMs) / SECOND_MS);
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  return `${offsetMs < 0 ? '-' : '+'}${pad(hours)}${pad(minutes)}${seconds ? pad(seconds) : ''}`;
}

function dayAfter(date: { year: number; month: number; day: number }): { year: number; month: number; day: number } {
  const next = new Date(Date.UTC(2000, 0, 1));
  next.setUTCFullYear(date.year, date.month - 1, date.day + 1);
  return { year: next.getUTCFullYear(), month: next.getUTCMonth() + 1, day: next.getUTCDate() };
}

interface Transition {
  /** First instant (ms) of the new offset. */
  at: number;
  fromMs: number;
  toMs: number;
}

/** Every offset change in [startMs, endMs), each located to the minute. */
function findTransitions(timeZone: string, startMs: number, endMs: number): Transition[] {
  const transitions: Transition[] = [];
  let cursor = startMs;
  let offset = offsetMsAt(cursor, timeZone);
  while (cursor < endMs) {
    // Daily sampling: a change that is undone within the same day would be missed, and no zone
    // has ever done that.
    const next = Math.min(cursor + DAY_MS, endMs);
    const nextOffset = offsetMsAt(next, timeZone);
    if (nextOffset === offset) {
      cursor = next;
      continue;
    }
    // Invariant: offset(low) === offset, offset(high) !== offset.
    let low = Math.floor(cursor / MINUTE_MS);
    let high = Math.ceil(next / MINUTE_MS);
    while (high - low > 1) {
      const middle = Math.floor((low + high) / 2);
      if (offsetMsAt(middle * MINUTE_MS, timeZone) === offset) low = middle;
      else high = middle;
    }
    const at = high * MINUTE_MS;
    const toMs = offsetMsAt(at, timeZone);
    transitions.push({ at, fromMs: offset, toMs });
    cursor = at;
    offset = toMs;
  }
  return transitions;
}

/** Locales tried in turn for an abbreviation such as CEST, EDT, AEDT or IST rather than "GMT+2". */
const ABBREVIATION_LOCALES = ['en-US', 'en-GB', 'en-AU', 'en-IN', 'en-NZ', 'en-ZA', 'en-CA'] as const;
const GMT_STYLE = /^(?:GMT|UTC)[+\-−]/;

function zoneAbbreviation(ms: number, timeZone: string): string | null {
  let fallback: string | null = null;
  for (const locale of ABBREVIATION_LOCALES) {
    const name = dateTimeFormat(locale, { timeZone, timeZoneName: 'short' })
      .formatToParts(ms)
      .find((part) => part.type === 'timeZoneName')?.value;
    if (!name) continue;
    if (!GMT_STYLE.test(name)) return name;
    fallback ??= name;
  }
  return fallback;
}

/**
 * Intl does not say whether an offset is daylight time, so take the lower of January's and
 * July's offsets as that year's standard time (it is winter's in either hemisphere). A zone that
 * moves its standard offset up mid-year gets that change labelled DAYLIGHT; clients only use the
 * label as a name, the offsets are what they compute with.
 */
function isDaylight(ms: number, offsetMs: number, timeZone: string): boolean {
  const { year } = wallClockAt(ms, 'UTC');
  const january = offsetMsAt(wallClockAsUtcMs({ year, month: 1, day: 1, hour: 12, minute: 0, second: 0 }), timeZone);
  const july = offsetMsAt(wallClockAsUtcMs({ year, month: 7, day: 1, hour: 12, minute: 0, second: 0 }), timeZone);
  return offsetMs > Math.min(january, july);
}

function observance(timeZone: string, at: number, fromMs: number, toMs: number): string[] {
  const kind = isDaylight(at, toMs, timeZone) ? 'DAYLIGHT' : 'STANDARD';
  const name = zoneAbbreviation(at, timeZone);
  return [
    `BEGIN:${kind}`,
    // §3.8.2.4: the onset is given in the local time in force just before it.
    `DTSTART:${formatWall(wallClockAt(at + fromMs, 'UTC'))}`,
    `TZOFFSETFROM:${formatOffset(fromMs)}`,
    `TZOFFSETTO:${formatOffset(toMs)}`,
    ...(name ? [`TZNAME:${escapeText(name)}`] : []),
    `END:${kind}`,
  ];
}

/**
 * Zone definitions already computed, by zone and span. Searching a year costs a few hundred Intl
 * calls and a feed asks for the same spans on every poll; the answer only changes with the
 * runtime's ICU, so it can live as long as the process. Bounded so odd spans cannot pile up.
 */
const vtimezoneCache = new Map<string, string[]>();
const VTIMEZONE_CACHE_LIMIT = 500;

/**
 * A VTIMEZONE covering Jan 1 of `firstYear` to Dec 31 of `lastYear`: one observance for the
 * offset already in force at the start, then one per change. The opening observance matters:
 * a client given only the changes has no offset for times before the first (ical.js uses 0).
 */
function vtimezone(timeZone: string, firstYear: number, lastYear: number): string[] {
  const key = `${timeZone}|${firstYear}|${lastYear}`;
  let lines = vtimezoneCache.get(key);
  if (!lines) {
    if (vtimezoneCache.size >= VTIMEZONE_CACHE_LIMIT) vtimezoneCache.clear();
    lines = computeVtimezone(timeZone, firstYear, lastYear);
    vtimezoneCache.set(key, lines);
  }
  return lines;
}

function computeVtimezone(timeZone: string, firstYear: number, lastYear: number): string[] {
  // Widened by the largest offset so that local midnight on Jan 1 and on the next Jan 1 fall inside.
  const startMs = wallClockAsUtcMs({ year: firstYear, month: 1, day: 1, hour: 0, minute: 0, second: 0 }) - MAX_OFFSET_MS;
  const endMs = wallClockAsUtcMs({ year: lastYear + 1, month: 1, day: 1, hour: 0, minute: 0, second: 0 }) + MAX_OFFSET_MS;
  const initial = offsetMsAt(startMs, timeZone);
  return [
    'BEGIN:VTIMEZONE',
    `TZID:${timeZone}`,
    ...observance(timeZone, startMs, initial, initial),
    ...findTransitions(timeZone, startMs, endMs).flatMap((t) => observance(timeZone, t.at, t.fromMs, t.toMs)),
    'END:VTIMEZONE',
  ];
}

interface TimedRange {
  start: WallClock;
  end: WallClock;
}

/** Reads both ends as instants, so gap times come out shifted and an end before the start is caught. */
function timedRange(event: CalendarEvent): TimedRange {
  const startMs = zonedToUtc(event.start, event.timeZone).getTime();
  const endMs = zonedToUtc(event.end, event.timeZone).getTime();
  if (endMs < startMs) throw new RangeError(`Event ${event.uid} ends (${event.end}) before it starts (${event.start})`);
  return { start: wallClockAt(startMs, event.timeZone), end: wallClockAt(endMs, event.timeZone) };
}

function eventLines(event: CalendarEvent, range: TimedRange | null): string[] {
  const lines = ['BEGIN:VEVENT', `UID:${escapeText(event.uid)}`, `DTSTAMP:${formatUtc(event.updatedAt.getTime())}`];
  if (range === null) {
    const start = parseDate(event.start);
    const lastDay = parseDate(event.end);
    if (formatDate(lastDay) < formatDate(start)) {
      throw new RangeError(`Event ${event.uid} ends (${event.end}) before it starts (${event.start})`);
    }
    // DTEND is exclusive for dates (§3.6.1), hence the day after the last day.
    lines.push(`DTSTART;VALUE=DATE:${formatDate(start)}`, `DTEND;VALUE=DATE:${formatDate(dayAfter(lastDay))}`);
  } else if (isUtc(event.timeZone)) {
    lines.push(`DTSTART:${formatWall(range.start)}Z`, `DTEND:${formatWall(range.end)}Z`);
  } else {
    lines.push(`DTSTART;TZID=${event.timeZone}:${formatWall(range.start)}`, `DTEND;TZID=${event.timeZone}:${formatWall(range.end)}`);
  }
  lines.push(`SUMMARY:${escapeText(event.title)}`);
  if (event.description !== '') lines.push(`DESCRIPTION:${escapeText(event.description)}`);
  if (event.location) lines.push(`LOCATION:${escapeText(event.location)}`);
  if (event.url) lines.push(`URL:${cleanUri(event.url)}`);
  if (event.categories && event.categories.length > 0) {
    lines.push(`CATEGORIES:${event.categories.map(escapeText).join(',')}`);
  }
  if (event.status) lines.push(`STATUS:${event.status}`);
  lines.push(`LAST-MODIFIED:${formatUtc(event.updatedAt.getTime())}`, 'END:VEVENT');
  return lines;
}

/** A VCALENDAR with one VEVENT per event and one VTIMEZONE per zone used; RangeError on bad zones, dates or ranges. */
export function buildCalendar(events: CalendarEvent[], opts: CalendarOptions): string {
  const yearsByZone = new Map<string, { first: number; last: number }>();
  const bodies: string[][] = [];
  for (const event of events) {
    let range: TimedRange | null = null;
    if (!event.allDay) {
      if (!isTimeZone(event.timeZone)) throw new RangeError(`Event ${event.uid} has an unknown time zone: ${event.timeZone}`);
      range = timedRange(event);
      if (!isUtc(event.timeZone)) {
        const years = yearsByZone.get(event.timeZone);
        yearsByZone.set(event.timeZone, {
          first: Math.min(years?.first ?? Infinity, range.start.year),
          last: Math.max(years?.last ?? -Infinity, range.end.year),
        });
      }
    }
    bodies.push(eventLines(event, range));
  }
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:${escapeText(opts.productId)}`,
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(opts.name)}`,
    // Zones come before the events that use them; some clients resolve TZIDs in one pass.
    ...[...yearsByZone].flatMap(([zone, years]) => vtimezone(zone, years.first, years.last)),
    ...bodies.flat(),
    'END:VCALENDAR',
  ];
  return lines.map(foldLine).join(CRLF) + CRLF;
}

/** A safe ASCII file name for a calendar download, e.g. "geneve-digital-week.ics" (or "event.ics"). */
export function calendarFileName(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, 60)
    .replace(/^-+|-+$/g, '');
  return `${slug || 'event'}.ics`;
}
