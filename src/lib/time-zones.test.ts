import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { isTimeZone, isUtc, offsetMinutes, parseDate, utcToZoned, zonedToUtc } from './time-zones';
import { AWKWARD_ZONES } from '../../test/support/zones';

const ZONES = AWKWARD_ZONES;

const minutesSinceEpoch = (year: number) => Date.UTC(year, 0, 1) / 60_000;
/** Minute-aligned instants from 1970 to 2100. */
const instant = fc.integer({ min: minutesSinceEpoch(1970), max: minutesSinceEpoch(2100) }).map((m) => new Date(m * 60_000));
const wallMs = (zoned: { date: string; time: string }) => Date.parse(`${zoned.date}T${zoned.time}Z`);

describe('isTimeZone', () => {
  it('accepts IANA zones and UTC', () => {
    for (const tz of ['Europe/Zurich', 'UTC', 'America/Argentina/Buenos_Aires', 'Asia/Kolkata', 'Etc/GMT+5']) {
      assert.equal(isTimeZone(tz), true, tz);
    }
  });

  it('rejects names that are not zones, including offsets that newer engines accept', () => {
    // Geneva has no zone of its own: Switzerland is Europe/Zurich.
    for (const tz of ['Mars/Olympus', 'Europe/Genevaa', 'Europe/Geneva', '', ' UTC', '+01:00', 'Europe/Zurich\n']) {
      assert.equal(isTimeZone(tz), false, JSON.stringify(tz));
    }
  });
});

describe('offsetMinutes and utcToZoned', () => {
  it('reads offsets east-positive on both sides of a change', () => {
    assert.equal(offsetMinutes(new Date('2026-01-15T12:00Z'), 'Europe/Zurich'), 60);
    assert.equal(offsetMinutes(new Date('2026-07-15T12:00Z'), 'Europe/Zurich'), 120);
    assert.equal(offsetMinutes(new Date('2026-01-15T12:00Z'), 'America/New_York'), -300);
    assert.equal(offsetMinutes(new Date('2026-07-15T12:00Z'), 'America/New_York'), -240);
    assert.equal(offsetMinutes(new Date('2026-01-15T12:00Z'), 'Australia/Sydney'), 660);
    assert.equal(offsetMinutes(new Date('2026-07-15T12:00Z'), 'Asia/Kolkata'), 330);
    assert.equal(offsetMinutes(new Date('2026-07-15T12:00Z'), 'UTC'), 0);
  });

  it('gives the wall clock of an instant, switching exactly at the change', () => {
    assert.deepEqual(utcToZoned(new Date('2026-10-25T00:59:59Z'), 'Europe/Zurich'), { date: '2026-10-25', time: '02:59', offsetMinutes: 120 });
    assert.deepEqual(utcToZoned(new Date('2026-10-25T01:00Z'), 'Europe/Zurich'), { date: '2026-10-25', time: '02:00', offsetMinutes: 60 });
    assert.deepEqual(utcToZoned(new Date('2026-03-01T20:00Z'), 'Asia/Kolkata'), { date: '2026-03-02', time: '01:30', offsetMinutes: 330 });
    assert.deepEqual(utcToZoned(new Date('2026-03-02T03:00Z'), 'America/New_York'), { date: '2026-03-01', time: '22:00', offsetMinutes: -300 });
  });

  it('round-trips random instants through the wall clock and offset, in every zone', () => {
    fc.assert(
      fc.property(instant, fc.constantFrom(...ZONES), (at, zone) => {
        const zoned = utcToZoned(at, zone);
        assert.equal(wallMs(zoned) - zoned.offsetMinutes * 60_000, at.getTime());
        assert.equal(offsetMinutes(at, zone), zoned.offsetMinutes);
        // Back through zonedToUtc: the same instant, or the first of two when the wall clock repeats.
        const back = zonedToUtc(`${zoned.date}T${zoned.time}`, zone);
        if (back.getTime() !== at.getTime()) {
          assert.ok(back < at, `${zone} ${at.toISOString()} → ${back.toISOString()}`);
          assert.deepEqual(utcToZoned(back, zone), { ...zoned, offsetMinutes: offsetMinutes(back, zone) });
        }
      }),
      { numRuns: 3000 },
    );
  });
});

describe('zonedToUtc', () => {
  it('reads ordinary wall-clock times, with or without seconds', () => {
    assert.equal(zonedToUtc('2026-10-24T09:00', 'Europe/Zurich').toISOString(), '2026-10-24T07:00:00.000Z');
    assert.equal(zonedToUtc('2026-10-26T09:00:30', 'Europe/Zurich').toISOString(), '2026-10-26T08:00:30.000Z');
    assert.equal(zonedToUtc('2026-01-01T00:00', 'America/New_York').toISOString(), '2026-01-01T05:00:00.000Z');
    assert.equal(zonedToUtc('2026-07-01T12:00', 'UTC').toISOString(), '2026-07-01T12:00:00.000Z');
  });

  it('moves a time in the spring-forward gap forward by the gap', () => {
    assert.equal(zonedToUtc('2026-03-29T02:30', 'Europe/Paris').toISOString(), '2026-03-29T01:30:00.000Z');
    assert.equal(utcToZoned(zonedToUtc('2026-03-29T02:30', 'Europe/Paris'), 'Europe/Paris').time, '03:30');
    assert.equal(zonedToUtc('2026-03-08T02:15', 'America/New_York').toISOString(), '2026-03-08T07:15:00.000Z');
  });

  it('takes the first occurrence of a time that happens twice', () => {
    assert.equal(zonedToUtc('2026-10-25T02:30', 'Europe/Paris').toISOString(), '2026-10-25T00:30:00.000Z');
    assert.equal(zonedToUtc('2026-11-01T01:30', 'America/New_York').toISOString(), '2026-11-01T05:30:00.000Z');
    // Just outside the repeated hour, there is only one answer.
    assert.equal(zonedToUtc('2026-10-25T03:00', 'Europe/Paris').toISOString(), '2026-10-25T02:00:00.000Z');
    assert.equal(zonedToUtc('2026-10-25T01:59', 'Europe/Paris').toISOString(), '2026-10-24T23:59:00.000Z');
  });

  it('gives back the same wall clock for random times, or a later one inside a gap', () => {
    const local = fc
      .record({ day: fc.integer({ min: 0, max: 365 * 130 }), minute: fc.integer({ min: 0, max: 24 * 60 - 1 }) })
      .map(({ day, minute }) => new Date(Date.UTC(1970, 0, 1 + day, 0, minute)).toISOString().slice(0, 16));
    fc.assert(
      fc.property(local, fc.constantFrom(...ZONES), (wall, zone) => {
        const at = zonedToUtc(wall, zone);
        const zoned = utcToZoned(at, zone);
        const shift = wallMs(zoned) - Date.parse(`${wall}Z`);
        if (shift !== 0) {
          // A skipped time: the result is the instant just after the gap, as far along as `wall` was.
          const before = offsetMinutes(new Date(at.getTime() - 24 * 3_600_000), zone);
          assert.equal(shift, (zoned.offsetMinutes - before) * 60_000, `${zone} ${wall}`);
          assert.ok(shift > 0);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('rejects malformed or impossible wall-clock strings', () => {
    for (const bad of [
      '',
      '2026-10-24',
      '2026-10-24 09:00',
      '2026-1-24T09:00',
      '2026-02-29T09:00',
      '2026-10-24T24:00',
      '2026-10-24T09:60',
      '2026-10-24T09:00Z',
      '2026-10-24T09:00:00.000',
    ]) {
      assert.throws(() => zonedToUtc(bad, 'Europe/Zurich'), RangeError, JSON.stringify(bad));
    }
    assert.throws(() => zonedToUtc('2026-10-24T09:00', 'Mars/Olympus'), RangeError);
  });
});

describe('isUtc and parseDate', () => {
  it('knows the zones that are UTC under another name', () => {
    for (const tz of ['UTC', 'Etc/UTC']) assert.equal(isUtc(tz), true, tz);
    for (const tz of ['Europe/London', 'Africa/Abidjan', 'Etc/GMT+1']) assert.equal(isUtc(tz), false, tz);
  });

  it('reads real dates only', () => {
    assert.deepEqual(parseDate('2028-02-29'), { year: 2028, month: 2, day: 29 });
    for (const bad of ['2026-02-29', '2026-13-01', '2026-00-10', '2026-1-01', '2026-01-01T00:00']) assert.throws(() => parseDate(bad), RangeError, bad);
  });
});
