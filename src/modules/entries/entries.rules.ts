import type { ErrorDetail } from '../../lib/errors';
import { isTimeZone, zonedToUtc } from '../../lib/time-zones';
import type { EventDetails, KindDetails } from './kind-details.schemas';

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

/** What each kind's own details must satisfy before they are published (beyond their types). */
export function kindDetailProblems(kind: string, d: Partial<KindDetails>, has: { links: number }): ErrorDetail[] {
  const out: ErrorDetail[] = [];
  if (kind === 'event') {
    const e = d.event;
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
  }
  if (kind === 'publication') {
    const p = d.publication;
    if (!p?.year) out.push({ field: 'publication.year', code: 'required' });
    if (!p?.fileIds.length && has.links === 0) out.push({ field: 'publication.fileIds', code: 'file_or_link' });
  }
  if (kind === 'story' && !d.story?.strategy) out.push({ field: 'story.strategy', code: 'required' });
  return out;
}
