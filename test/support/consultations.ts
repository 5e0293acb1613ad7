import { loadActor } from '../../src/modules/accounts/accounts.service';
import { PHASES } from '../../src/modules/consultations/consultations';
import { createConsultation } from '../../src/modules/consultations/consultations.service';
import { utcToZoned } from '../../src/lib/time-zones';
import type { TestDb } from './test-db';

const MIN = 60_000;
const DAY = 86_400_000;

/** The wall clock of an instant in a zone, to the minute, as a datetime-local input sends it. */
export function localIn(at: Date, zone: string): string {
  const z = utcToZoned(at, zone);
  return `${z.date}T${z.time}`;
}

/** The phases of a consultation whose deadline phase ends at `deadline` (launched ten days earlier). */
export function phasesEndingAt(deadline: Date, zone: string): Record<string, { starts: string; ends: string }> {
  const now = Date.now();
  const at = (ms: number) => localIn(new Date(ms), zone);
  const d = deadline.getTime();
  const start = Math.min(now, d) - 10 * DAY;
  const dates: Record<(typeof PHASES)[number], [number, number]> = {
    launch: [start, start + DAY],
    discussion: [start + DAY, Math.max(d - MIN, start + 2 * DAY)],
    deadline: [start + 2 * DAY, d],
    drafting: [d, d + 10 * DAY],
    meetings: [d + 10 * DAY, d + 20 * DAY],
    outcome: [d + 20 * DAY, d + 30 * DAY],
  };
  return Object.fromEntries(PHASES.map((p) => [p, { starts: at(dates[p][0]), ends: at(dates[p][1]) }]));
}

/** A consultation opened by a curator through the service, its deadline (to the minute) at `deadline` in `zone`. */
export async function openConsultation(
  t: TestDb,
  curatorId: number,
  opts: { deadline?: Date; zone?: string; title?: string; questions?: number } = {},
): Promise<number> {
  const zone = opts.zone ?? 'Europe/Zurich';
  const actor = (await loadActor(t.handle.db, curatorId))!;
  return createConsultation(t.handle.db, actor, {
    titles: { en: opts.title ?? `Consultation ${crypto.randomUUID().slice(0, 8)}` },
    contexts: { en: 'Why we ask, in **Markdown**.' },
    questions: Array.from({ length: opts.questions ?? 2 }, (_, i) => ({ en: `Question ${i + 1}?` })),
    timeZone: zone,
    phases: phasesEndingAt(opts.deadline ?? new Date(Date.now() + 7 * DAY), zone) as never,
  });
}

/** The question ids of a consultation, in order. */
export async function questionIds(t: TestDb, consultationId: number): Promise<number[]> {
  const rows = await t.handle.db.selectFrom('consultationQuestions').select('id').where('consultationId', '=', consultationId).orderBy('position').execute();
  return rows.map((r) => r.id);
}
