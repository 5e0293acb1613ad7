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

/** A pending statement planted directly (the sending itself is tested over HTTP), optionally with one stored PDF. */
export async function pendingStatement(
  t: TestDb,
  opts: { consultationId: number; organisationId: number; authorId: number; visibility?: 'public' | 'private'; withFile?: boolean },
): Promise<{ statementId: number; fileId: number | null }> {
  const { id } = await t.handle.db
    .insertInto('consultationStatements')
    .values({
      consultationId: opts.consultationId,
      questionId: null,
      organisationId: opts.organisationId,
      authorId: opts.authorId,
      stakeholderType: 'civil-society',
      region: null,
      language: 'en',
      body: `Statement ${crypto.randomUUID()}`,
      visibility: opts.visibility ?? 'public',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (!opts.withFile) return { statementId: id, fileId: null };
  const bytes = new Uint8Array([37, 80, 68, 70]);
  const file = await t.handle.db
    .insertInto('entryFiles')
    .values({
      submissionId: null,
      entryId: null,
      uploadedBy: opts.authorId,
      name: 'a.pdf',
      mimeType: 'application/pdf',
      fileKind: 'pdf',
      size: 4,
      sha256: 'x',
      storedAt: new Date(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await t.handle.db.insertInto('entryFileChunks').values({ fileId: file.id, position: 0, bytes }).execute();
  await t.handle.db.insertInto('consultationStatementFiles').values({ statementId: id, fileId: file.id }).execute();
  return { statementId: id, fileId: file.id };
}

/** A new consultation's form, every field valid (deadline a week ahead). */
export function consultationForm(zone = 'Asia/Kathmandu'): Record<string, string> {
  const phases = phasesEndingAt(new Date(Date.now() + 7 * DAY), zone);
  const form: Record<string, string> = {
    'titles.en': 'Digital skills for all',
    'contexts.en': 'The **secretariat** asks.',
    'questions.0.en': 'What works?',
    'questions.1.fr': 'Quels obstacles ?',
    timeZone: zone,
  };
  for (const [p, d] of Object.entries(phases)) {
    form[`phases.${p}.starts`] = d.starts;
    form[`phases.${p}.ends`] = d.ends;
  }
  return form;
}
