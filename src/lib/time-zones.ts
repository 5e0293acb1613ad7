/**
 * Time-zone arithmetic: wall-clock time in an IANA zone <-> instant, offsets, zone names.
 *
 * Everything here is pure and uses only `Intl` for zone data, so the offsets are exactly the ones
 * the runtime's ICU knows: no bundled tz database to fall out of date. Wall-clock times travel as
 * strings (`YYYY-MM-DDTHH:mm`) because an event's local time is what the organiser typed; the
 * instant is derived from it, never the other way round. The iCalendar writer builds its
 * VTIMEZONEs from the lower-level helpers exported at the end.
 */

/** A wall-clock reading of an instant in a zone. */
export interface ZonedTime {
  /** `YYYY-MM-DD` */
  date: string;
  /** `HH:mm` */
  time: string;
  /** Offset from UTC in effect at that instant (east positive, e.g. +120 for CEST). */
  offsetMinutes: number;
}

export const SECOND_MS = 1000;
export const MINUTE_MS = 60 * SECOND_MS;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

/** A date and time of day as read on a clock, in no particular zone. */
export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const LOCAL_PATTERN = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
/** IANA names are ASCII words joined by '/'; this keeps out offset strings like "+01:00" that newer engines accept. */
const ZONE_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+)*$/;

// Building a DateTimeFormat is far slower than using one, and the VTIMEZONE search calls it thousands of times.
const wallClockFormats = new Map<string, Intl.DateTimeFormat>();

function wallClockFormat(timeZone: string): Intl.DateTimeFormat {
  let format = wallClockFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      calendar: 'gregory',
      numberingSystem: 'latn',
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    wallClockFormats.set(timeZone, format);
  }
  return format;
}

export function wallClockAt(ms: number, timeZone: string): WallClock {
  const wall: WallClock = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const part of wallClockFormat(timeZone).formatToParts(ms)) {
    if (part.type in wall) wall[part.type as keyof WallClock] = Number(part.value);
  }
  return wall;
}

/** The wall clock read as if it were UTC; setUTCFullYear keeps years 0–99 from being taken as 19xx. */
export function wallClockAsUtcMs(wall: WallClock): number {
  const date = new Date(Date.UTC(2000, 0, 1, wall.hour, wall.minute, wall.second));
  date.setUTCFullYear(wall.year, wall.month - 1, wall.day);
  return date.getTime();
}

/** Offset in milliseconds; Intl reads whole seconds, so the instant is floored to match. */
export function offsetMsAt(ms: number, timeZone: string): number {
  const wholeSeconds = Math.floor(ms / SECOND_MS) * SECOND_MS;
  return wallClockAsUtcMs(wallClockAt(wholeSeconds, timeZone)) - wholeSeconds;
}

function daysInMonth(year: number, month: number): number {
  const date = new Date(Date.UTC(2000, month, 0));
  date.setUTCFullYear(year, month, 0);
  return date.getUTCDate();
}

export function parseDate(value: string): { year: number; month: number; day: number } {
  const match = DATE_PATTERN.exec(value);
  if (!match) throw new RangeError(`Not a date (YYYY-MM-DD): ${JSON.stringify(value)}`);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw new RangeError(`No such date: ${JSON.stringify(value)}`);
  }
  return { year, month, day };
}

function parseLocal(local: string): WallClock {
  const match = LOCAL_PATTERN.exec(local);
  if (!match) throw new RangeError(`Not a local date-time (YYYY-MM-DDTHH:mm[:ss]): ${JSON.stringify(local)}`);
  const { year, month, day } = parseDate(local.slice(0, 10));
  const [hour, minute, second] = [Number(match[4]), Number(match[5]), Number(match[6] ?? 0)];
  if (hour > 23 || minute > 59 || second > 59) throw new RangeError(`No such time: ${JSON.stringify(local)}`);
  return { year, month, day, hour, minute, second };
}

const pad = (value: number, width = 2): string => String(value).padStart(width, '0');

/** True for a time-zone name the runtime knows (IANA names, and 'UTC'). */
export function isTimeZone(tz: string): boolean {
  if (!ZONE_NAME_PATTERN.test(tz)) return false;
  try {
    wallClockFormat(tz);
    return true;
  } catch (error) {
    if (error instanceof RangeError) return false;
    throw error;
  }
}

export function isUtc(timeZone: string): boolean {
  return wallClockFormat(timeZone).resolvedOptions().timeZone === 'UTC';
}

/** Minutes east of UTC in `timeZone` at `instant` (fractional only for historical local mean times). */
export function offsetMinutes(instant: Date, timeZone: string): number {
  return offsetMsAt(instant.getTime(), timeZone) / MINUTE_MS;
}

/** The wall-clock date, time (to the minute) and offset of `instant` in `timeZone`. */
export function utcToZoned(instant: Date, timeZone: string): ZonedTime {
  const wall = wallClockAt(instant.getTime(), timeZone);
  return {
    date: `${pad(wall.year, 4)}-${pad(wall.month)}-${pad(wall.day)}`,
    time: `${pad(wall.hour)}:${pad(wall.minute)}`,
    offsetMinutes: offsetMinutes(instant, timeZone),
  };
}

/** The instant at which clocks in `timeZone` read `local` (`YYYY-MM-DDTHH:mm[:ss]`); RangeError if malformed. */
export function zonedToUtc(local: string, timeZone: string): Date {
  // A time skipped by a forward change is moved forward by the gap, and a time that occurs twice
  // means the first occurrence, as RFC 5545 §3.3.5 reads DTSTART;TZID values.
  const wallMs = wallClockAsUtcMs(parseLocal(local));
  // Offsets a day either side: no zone changes its offset twice within two days, so the answer
  // uses one of these two.
  const offsetBefore = offsetMsAt(wallMs - DAY_MS, timeZone);
  const offsetAfter = offsetMsAt(wallMs + DAY_MS, timeZone);
  const candidates = [wallMs - offsetBefore, wallMs - offsetAfter].filter((ms) => ms + offsetMsAt(ms, timeZone) === wallMs);
  // Both fit in an overlap: the earlier instant is the first occurrence. Neither fits in a gap:
  // reading the time with the offset from before the change lands exactly `gap` later on the wall.
  return new Date(candidates.length > 0 ? Math.min(...candidates) : wallMs - offsetBefore);
}
