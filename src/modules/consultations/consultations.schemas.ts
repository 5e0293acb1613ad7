import { z } from 'zod';
import { LOCALES } from '../../i18n/locales';
import { isTimeZone, zonedToUtc } from '../../lib/time-zones';
import { line, text } from '../../lib/text';
import { PHASES, VISIBILITIES } from './consultations';

const labels = <S extends z.ZodType>(value: S) => z.partialRecord(z.enum(LOCALES), value);
const LOCAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;
/** A wall-clock reading as a datetime-local input sends it. */
export const localDateTime = z.string().regex(LOCAL, 'invalid_date');
const phase = z.object({ starts: localDateTime, ends: localDateTime }).strict();
const MAX_QUESTIONS = 10;

const someText = (l: Partial<Record<string, string>>) => Object.values(l).some((t) => t && t.trim());

/** A consultation as a curator opens it: one schema for the form and any API. */
export const consultationSchema = z
  .object({
    titles: labels(line(200)),
    contexts: labels(text(20_000)),
    questions: z.array(labels(line(1000))).max(MAX_QUESTIONS),
    timeZone: z.string().refine(isTimeZone, 'invalid_value'),
    phases: z.object(Object.fromEntries(PHASES.map((p) => [p, phase])) as Record<(typeof PHASES)[number], typeof phase>).strict(),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (!someText(c.titles)) ctx.addIssue({ code: 'custom', path: ['titles', 'en'], message: 'required' });
    c.questions.forEach((q, i) => {
      if (!someText(q)) ctx.addIssue({ code: 'custom', path: ['questions', i, 'en'], message: 'required' });
    });
    if (!isTimeZone(c.timeZone)) return;
    let previous = -Infinity;
    for (const name of PHASES) {
      const p = c.phases[name];
      const starts = zonedToUtc(p.starts, c.timeZone).getTime();
      const ends = zonedToUtc(p.ends, c.timeZone).getTime();
      if (ends <= starts) ctx.addIssue({ code: 'custom', path: ['phases', name, 'ends'], message: 'end_before_start' });
      if (starts < previous) ctx.addIssue({ code: 'custom', path: ['phases', name, 'starts'], message: 'phase_order' });
      previous = starts;
    }
  });
export type ConsultationInput = z.output<typeof consultationSchema>;

/** A statement: on one question or (no question) the whole consultation. */
export const statementSchema = z
  .object({
    questionId: z.coerce.number().int().min(1).max(2147483647).nullable(),
    organisationId: z.coerce.number().int().min(1).max(2147483647),
    body: text(10_000).refine((s) => s.trim().length > 0, 'required'),
    visibility: z.enum(VISIBILITIES),
    language: z.enum(LOCALES),
  })
  .strict();
export type StatementInput = z.output<typeof statementSchema>;

export const extensionSchema = z.object({ deadline: localDateTime }).strict();

export const summarySchema = z.object({ questionId: z.coerce.number().int().min(1).max(2147483647), summary: text(10_000) }).strict();

export const decisionSchema = z
  .object({ decision: z.enum(['approve', 'reject']), reason: line(1000) })
  .strict()
  .superRefine((d, ctx) => {
    if (d.decision === 'reject' && !d.reason.trim()) ctx.addIssue({ code: 'custom', path: ['reason'], message: 'required' });
  });

/** The synthesis filters (also the exports'): unknown values simply match nothing. */
export const synthesisFilterSchema = z.object({
  question: z.string().max(20).optional(),
  type: z.string().max(60).optional(),
  region: z.string().max(60).optional(),
});
export type SynthesisFilter = z.output<typeof synthesisFilterSchema>;
