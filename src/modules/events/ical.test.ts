import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import ICAL from 'ical.js';
import { utcToZoned, zonedToUtc } from '../../lib/time-zones';
import { buildCalendar, calendarFileName } from './ical';
import type { CalendarEvent } from './ical';
import { AWKWARD_ZONES } from '../../../test/support/zones';

const OPTIONS = { name: 'Stocktake events', productId: '-//Stocktake//Events//EN' } as const;

function makeEvent(overrides: Partial<CalendarEvent> = {}): CalendarEvent {
  return {
    uid: 'event-1@stocktake.example.org',
    title: 'Digital week',
    description: 'Talks and workshops.',
    url: 'https://stocktake.example.org/events/1',
    location: 'Geneva, Switzerland',
    allDay: false,
    start: '2026-10-24T09:00',
    end: '2026-10-24T10:00',
    timeZone: 'Europe/Zurich',
    updatedAt: new Date('2026-06-01T12:34:56.789Z'),
    ...overrides,
  };
}

/** Timed events, one per start, all in `timeZone`, each ending an hour later on the wall clock. */
function timedEvents(timeZone: string, starts: string[]): CalendarEvent[] {
  return starts.map((start, i) => {
    const end = new Date(Date.parse(`${start}Z`) + 3_600_000).toISOString().slice(0, 16);
    return makeEvent({ uid: `event-${i}@test`, timeZone, start, end });
  });
}

interface Parsed {
  calendar: ICAL.Component;
  events: ICAL.Event[];
}

/** Parses with ical.js, the third-party reader the output must satisfy. */
function parse(text: string): Parsed {
  const calendar = new ICAL.Component(ICAL.parse(text));
  return { calendar, events: calendar.getAllSubcomponents('vevent').map((c) => new ICAL.Event(c)) };
}

/**
 * The UTC instant ical.js computes for a TZID-ed time. ical.js 2.x resolves a TZID against the
 * VTIMEZONEs of the calendar the property sits in (Component#getTimeZoneByID); if none matches it
 * silently falls back to a floating time that toJSDate() reads in the machine's zone. So first
 * make sure the zone really came from this calendar's VTIMEZONE.
 */
function utcOf(parsed: Parsed, time: ICAL.Time, timeZone: string): string {
  const definition = parsed.calendar.getAllSubcomponents('vtimezone').find((c) => c.getFirstPropertyValue('tzid') === timeZone);
  assert.ok(definition, `no VTIMEZONE for ${timeZone}`);
  assert.equal(time.zone.tzid, timeZone);
  assert.equal(time.zone.component, definition, 'zone not resolved from the calendar');
  return time.toJSDate().toISOString();
}

function startsInUtc(timeZone: string, starts: string[]): string[] {
  const parsed = parse(buildCalendar(timedEvents(timeZone, starts), OPTIONS));
  return parsed.events.map((e) => utcOf(parsed, e.startDate, timeZone));
}

/** Each observance of one zone's VTIMEZONE as "KIND DTSTART FROM→TO". */
function observances(text: string, timeZone: string): string[] {
  const zone = parse(text)
    .calendar.getAllSubcomponents('vtimezone')
    .find((c) => c.getFirstPropertyValue('tzid') === timeZone);
  assert.ok(zone);
  return zone.getAllSubcomponents().map((o) => {
    const value = (name: string) => String(o.getFirstProperty(name)?.toICALString().split(':').slice(1).join(':'));
    return `${o.name.toUpperCase()} ${value('dtstart')} ${value('tzoffsetfrom')}→${value('tzoffsetto')}`;
  });
}

const ZONES = AWKWARD_ZONES;

describe('buildCalendar, read back by ical.js', () => {
  it('places Europe/Zurich events either side of both 2026 changes at the right instants', () => {
    assert.deepEqual(startsInUtc('Europe/Zurich', ['2026-10-24T09:00', '2026-10-26T09:00']), ['2026-10-24T07:00:00.000Z', '2026-10-26T08:00:00.000Z']);
    assert.deepEqual(startsInUtc('Europe/Zurich', ['2026-03-28T09:00', '2026-03-30T09:00']), ['2026-03-28T08:00:00.000Z', '2026-03-30T07:00:00.000Z']);
  });

  it('places America/New_York events either side of 2026-03-08 and 2026-11-01', () => {
    assert.deepEqual(startsInUtc('America/New_York', ['2026-03-07T09:00', '2026-03-09T09:00']), ['2026-03-07T14:00:00.000Z', '2026-03-09T13:00:00.000Z']);
    assert.deepEqual(startsInUtc('America/New_York', ['2026-10-31T09:00', '2026-11-02T09:00']), ['2026-10-31T13:00:00.000Z', '2026-11-02T14:00:00.000Z']);
  });

  it('places Australia/Sydney events either side of its April and October changes', () => {
    assert.deepEqual(startsInUtc('Australia/Sydney', ['2026-04-04T09:00', '2026-04-06T09:00']), ['2026-04-03T22:00:00.000Z', '2026-04-05T23:00:00.000Z']);
    assert.deepEqual(startsInUtc('Australia/Sydney', ['2026-10-03T09:00', '2026-10-05T09:00']), ['2026-10-02T23:00:00.000Z', '2026-10-04T22:00:00.000Z']);
  });

  it('writes Asia/Kolkata as a single fixed +05:30 observance', () => {
    const text = buildCalendar(timedEvents('Asia/Kolkata', ['2026-01-15T09:00', '2026-07-15T09:00']), OPTIONS);
    assert.deepEqual(observances(text, 'Asia/Kolkata'), ['STANDARD 20251231T153000 +0530→+0530']);
    assert.deepEqual(startsInUtc('Asia/Kolkata', ['2026-01-15T09:00', '2026-07-15T09:00']), ['2026-01-15T03:30:00.000Z', '2026-07-15T03:30:00.000Z']);
  });

  it('writes UTC events as …Z times with no TZID and no VTIMEZONE', () => {
    const text = buildCalendar(timedEvents('UTC', ['2026-10-25T01:30']), OPTIONS);
    assert.match(text, /\r\nDTSTART:20261025T013000Z\r\nDTEND:20261025T023000Z\r\n/);
    assert.doesNotMatch(text, /TZID|VTIMEZONE/);
    const [event] = parse(text).events;
    assert.equal(event?.startDate.zone.tzid, 'UTC');
    assert.equal(event?.startDate.toJSDate().toISOString(), '2026-10-25T01:30:00.000Z');
  });

  it('computes each change to the minute, as local time before it, labelled STANDARD or DAYLIGHT', () => {
    const text = buildCalendar([...timedEvents('Europe/Zurich', ['2026-05-01T10:00']), ...timedEvents('America/New_York', ['2026-05-01T10:00'])], OPTIONS);
    assert.deepEqual(observances(text, 'Europe/Zurich'), [
      'STANDARD 20251231T110000 +0100→+0100',
      'DAYLIGHT 20260329T020000 +0100→+0200',
      'STANDARD 20261025T030000 +0200→+0100',
    ]);
    assert.deepEqual(observances(text, 'America/New_York'), [
      'STANDARD 20251231T050000 -0500→-0500',
      'DAYLIGHT 20260308T020000 -0500→-0400',
      'STANDARD 20261101T020000 -0400→-0500',
    ]);
    assert.match(text, /TZOFFSETTO:\+0200\r\nTZNAME:CEST\r\n/);
    assert.match(text, /TZOFFSETTO:-0400\r\nTZNAME:EDT\r\n/);
  });

  it('covers every year from the first start to the last end of a zone', () => {
    // The later year comes second, so the span has to widen as events are read.
    const events = [
      makeEvent({ uid: 'a', start: '2026-12-31T23:00', end: '2027-01-01T01:00' }),
      makeEvent({ uid: 'b', start: '2028-07-01T10:00', end: '2028-07-01T11:00' }),
    ];
    const text = buildCalendar(events, OPTIONS);
    assert.equal(observances(text, 'Europe/Zurich').length, 1 + 2 * 3);
    const parsed = parse(text);
    assert.deepEqual(
      parsed.events.map((e) => utcOf(parsed, e.startDate, 'Europe/Zurich')),
      ['2026-12-31T22:00:00.000Z', '2028-07-01T08:00:00.000Z'],
    );
  });

  it('gives an event across the autumn change its real length (19 hours, not 18)', () => {
    const text = buildCalendar([makeEvent({ start: '2026-10-24T18:00', end: '2026-10-25T12:00' })], OPTIONS);
    const parsed = parse(text);
    const [event] = parsed.events;
    assert.ok(event);
    const start = Date.parse(utcOf(parsed, event.startDate, 'Europe/Zurich'));
    const end = Date.parse(utcOf(parsed, event.endDate, 'Europe/Zurich'));
    assert.equal((end - start) / 3_600_000, 19);
    assert.equal(event.duration.toSeconds() / 3600, 19);
  });

  it('agrees with zonedToUtc for random events in many zones and years', () => {
    const wall = fc
      .record({ day: fc.integer({ min: 0, max: 365 * 12 }), minute: fc.integer({ min: 0, max: 24 * 60 - 1 }) })
      .map(({ day, minute }) => new Date(Date.UTC(2020, 0, 1 + day, 0, minute)).toISOString().slice(0, 16));
    const zones = ZONES.filter((z) => z !== 'UTC');
    fc.assert(
      fc.property(fc.array(wall, { minLength: 1, maxLength: 4 }), fc.constantFrom(...zones), (walls, zone) => {
        const parsed = parse(buildCalendar(timedEvents(zone, walls), OPTIONS));
        parsed.events.forEach((event, i) => {
          const local = walls[i] ?? '';
          const at = zonedToUtc(local, zone);
          const zoned = utcToZoned(at, zone);
          // Skipped times are written shifted (tested above). Repeated times are left out: RFC 5545
          // §3.3.5 means the first occurrence, but ical.js 2.2 takes the second.
          const repeated = [30, 60, 120].some((m) => {
            const later = utcToZoned(new Date(at.getTime() + m * 60_000), zone);
            return later.date === zoned.date && later.time === zoned.time;
          });
          if (`${zoned.date}T${zoned.time}` !== local || repeated) return;
          assert.equal(utcOf(parsed, event.startDate, zone), at.toISOString(), `${zone} ${local}`);
        });
      }),
      { numRuns: 80 },
    );
  });

  it('writes a start in the spring-forward gap as the wall clock it lands on', () => {
    const text = buildCalendar([makeEvent({ start: '2026-03-29T02:30', end: '2026-03-29T04:00' })], OPTIONS);
    assert.match(text, /DTSTART;TZID=Europe\/Zurich:20260329T033000\r\n/);
  });

  it('writes an all-day event as dates, DTEND being the day after the last day', () => {
    const text = buildCalendar([makeEvent({ allDay: true, start: '2026-12-01', end: '2026-12-03' })], OPTIONS);
    assert.doesNotMatch(text, /VTIMEZONE|TZID/);
    const [event] = parse(text).events;
    assert.ok(event);
    assert.equal(event.startDate.isDate, true);
    assert.equal(event.endDate.isDate, true);
    assert.equal(event.startDate.toString(), '2026-12-01');
    assert.equal(event.endDate.toString(), '2026-12-04');
  });

  it('handles an all-day event ending on the last day of a month or year', () => {
    const text = buildCalendar(
      [makeEvent({ allDay: true, start: '2026-12-31', end: '2026-12-31' }), makeEvent({ uid: 'leap', allDay: true, start: '2028-02-28', end: '2028-02-29' })],
      OPTIONS,
    );
    const events = parse(text).events;
    assert.deepEqual(
      events.map((e) => e.endDate.toString()),
      ['2027-01-01', '2028-03-01'],
    );
  });

  it('round-trips text with , ; \\ and newlines in every text property', () => {
    const tricky = 'Line one, with a comma; a semicolon\\ and a backslash\nLine two\\n (not a newline)\n\nLast';
    const text = buildCalendar(
      [makeEvent({ title: tricky, description: tricky, location: 'Geneva, Switzerland; room 3\\B', categories: ['A, B', 'C;D', 'E\\F'] })],
      { name: 'Events, talks; more', productId: OPTIONS.productId },
    );
    const parsed = parse(text);
    const [event] = parsed.events;
    assert.ok(event);
    assert.equal(event.summary, tricky);
    assert.equal(event.description, tricky);
    assert.equal(event.location, 'Geneva, Switzerland; room 3\\B');
    assert.deepEqual(event.component.getFirstProperty('categories')?.getValues(), ['A, B', 'C;D', 'E\\F']);
    // ical.js types X- properties as "unknown" and so leaves them escaped; clients read this one as TEXT.
    assert.match(text, /\r\nX-WR-CALNAME:Events\\, talks\\; more\r\n/);
  });

  it('turns CRLF into a newline and drops control characters that a content line may not hold', () => {
    const [event] = parse(buildCalendar([makeEvent({ description: 'a\r\nb\rc\u0000d\u0007e\tf' })], OPTIONS)).events;
    assert.equal(event?.description, 'a\nb\ncde\tf');
  });

  it('round-trips a long Arabic and Chinese description, folding at 75 octets with CRLF', () => {
    const arabic = 'مرحبا بكم في أسبوع التنمية الرقمية، حيث نتبادل الخبرات؛ ';
    const chinese = '欢迎参加数字发展周，我们在这里分享经验；';
    let description = '';
    for (let i = 0; description.length < 300; i++) description += i % 2 ? chinese : arabic;
    description = description.slice(0, 300);
    assert.equal(description.length, 300);
    const text = buildCalendar([makeEvent({ title: chinese, description, location: arabic })], OPTIONS);
    const [event] = parse(text).events;
    assert.equal(event?.description, description);
    assert.equal(event?.summary, chinese);
    assert.equal(event?.location, arabic);
    assertWellFormedLines(text);
    // Folded tightly: every physical line of the description but its last is within 3 octets of the limit.
    const lines = text.split('\r\n');
    const first = lines.findIndex((l) => l.startsWith('DESCRIPTION:'));
    let last = first;
    while (lines[last + 1]?.startsWith(' ')) last++;
    assert.ok(last - first >= 8, `description folded into only ${last - first + 1} lines`);
    for (const line of lines.slice(first, last)) assert.ok(Buffer.byteLength(line, 'utf8') >= 72, line);
  });

  it('round-trips any Unicode text, folding without ever exceeding 75 octets', () => {
    // eslint-disable-next-line no-control-regex -- the writer drops these, so leave them out of the input
    const text = fc.string({ unit: 'binary', maxLength: 400 }).map((s) => s.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, ''));
    fc.assert(
      fc.property(text, fc.array(fc.constantFrom(',', ';', '\\', '\n', 'é', '中', '😀'), { maxLength: 40 }), (base, extra) => {
        const description = base + extra.join('');
        const output = buildCalendar([makeEvent({ description: description || 'x', title: description || 'x' })], OPTIONS);
        assertWellFormedLines(output);
        const [event] = parse(output).events;
        assert.equal(event?.description, description || 'x');
        assert.equal(event?.summary, description || 'x');
      }),
      { numRuns: 500 },
    );
  });

  it('writes the identity, status, link and timestamps', () => {
    const text = buildCalendar([makeEvent({ status: 'CANCELLED', categories: ['Conference'] })], OPTIONS);
    const parsed = parse(text);
    const [event] = parsed.events;
    assert.ok(event);
    assert.equal(event.uid, 'event-1@stocktake.example.org');
    assert.equal(event.component.getFirstPropertyValue('status'), 'CANCELLED');
    assert.equal(event.component.getFirstPropertyValue('url'), 'https://stocktake.example.org/events/1');
    assert.match(text, /\r\nDTSTAMP:20260601T123456Z\r\n/);
    assert.match(text, /\r\nLAST-MODIFIED:20260601T123456Z\r\n/);
    assert.equal(parsed.calendar.getFirstPropertyValue('version'), '2.0');
    assert.equal(parsed.calendar.getFirstPropertyValue('prodid'), OPTIONS.productId);
    assert.equal(parsed.calendar.getFirstPropertyValue('method'), 'PUBLISH');
    assert.equal(parsed.calendar.getFirstPropertyValue('calscale'), 'GREGORIAN');
  });

  it('leaves out properties that have no value', () => {
    const text = buildCalendar([makeEvent({ description: '', url: null, location: null, categories: [] })], OPTIONS);
    assert.doesNotMatch(text, /DESCRIPTION|URL|LOCATION|CATEGORIES|STATUS/);
  });

  it('writes one VTIMEZONE per zone used: 3 events in 2 zones', () => {
    const events = [
      makeEvent({ uid: 'a', timeZone: 'Europe/Zurich' }),
      makeEvent({ uid: 'b', timeZone: 'America/New_York', start: '2026-11-02T09:00', end: '2026-11-02T10:00' }),
      makeEvent({ uid: 'c', timeZone: 'Europe/Zurich', start: '2026-03-30T09:00', end: '2026-03-30T10:00' }),
    ];
    const parsed = parse(buildCalendar(events, OPTIONS));
    assert.equal(parsed.calendar.getAllSubcomponents('vtimezone').length, 2);
    assert.equal(parsed.calendar.getAllSubcomponents('vevent').length, 3);
    assert.deepEqual(
      parsed.events.map((e) => utcOf(parsed, e.startDate, events.find((x) => x.uid === e.uid)?.timeZone ?? '')),
      ['2026-10-24T07:00:00.000Z', '2026-11-02T14:00:00.000Z', '2026-03-30T07:00:00.000Z'],
    );
  });

  it('writes an empty but valid calendar for no events', () => {
    const parsed = parse(buildCalendar([], OPTIONS));
    assert.equal(parsed.events.length, 0);
    assert.equal(parsed.calendar.name, 'vcalendar');
  });

  it('refuses an unknown zone, a malformed date and an end before the start', () => {
    assert.throws(() => buildCalendar([makeEvent({ timeZone: 'Europe/Geneva' })], OPTIONS), RangeError);
    assert.throws(() => buildCalendar([makeEvent({ start: '2026-10-24 09:00' })], OPTIONS), RangeError);
    assert.throws(() => buildCalendar([makeEvent({ end: '2026-10-24T08:59' })], OPTIONS), RangeError);
    assert.throws(() => buildCalendar([makeEvent({ allDay: true, start: '2026-12-03', end: '2026-12-01' })], OPTIONS), RangeError);
    assert.throws(() => buildCalendar([makeEvent({ allDay: true, start: '2026-02-30', end: '2026-03-01' })], OPTIONS), RangeError);
  });
});

describe('calendarFileName', () => {
  it('makes a safe ASCII name ending in .ics', () => {
    assert.equal(calendarFileName('Genève Digital Week 2026'), 'geneve-digital-week-2026.ics');
    assert.equal(calendarFileName('  ../../etc/passwd; rm -rf  '), 'etc-passwd-rm-rf.ics');
    assert.equal(calendarFileName('"Quotes" & <tags>\r\nheader: x'), 'quotes-tags-header-x.ics');
    assert.equal(calendarFileName('x'.repeat(500)), `${'x'.repeat(60)}.ics`);
  });

  it('falls back to event.ics when nothing ASCII is left', () => {
    assert.equal(calendarFileName('أسبوع التنمية الرقمية'), 'event.ics');
    assert.equal(calendarFileName('数字发展周'), 'event.ics');
    assert.equal(calendarFileName(''), 'event.ics');
    assert.equal(calendarFileName('---'), 'event.ics');
  });
});

/** Every physical line ends in CRLF, holds at most 75 octets, and no multi-byte character is split. */
function assertWellFormedLines(text: string): void {
  assert.ok(text.endsWith('\r\n'), 'missing final CRLF');
  assert.doesNotMatch(text, /[^\r]\n|\r[^\n]/, 'bare CR or LF');
  const bytes = Buffer.from(text, 'utf8');
  assert.equal(bytes.toString('utf8'), text);
  for (const line of text.slice(0, -2).split('\r\n')) {
    assert.ok(Buffer.byteLength(line, 'utf8') <= 75, `${Buffer.byteLength(line, 'utf8')} octets: ${line}`);
    // A split surrogate pair shows up as a lone surrogate at either end of a line.
    assert.doesNotMatch(line, /^[\udc00-\udfff]|[\ud800-\udbff]$/u, `split character in ${line}`);
  }
}
