import { z } from 'zod';
import { LOCALES } from '../../i18n/locales';
import { isTimeZone } from '../../lib/time-zones';
import { line, text } from '../../lib/text';
import { ANSWER_FIELDS, PHASES, PROJECT_STATUSES, questionnaireRulesSchema, type AnswerField } from './prizes';

const labels = <S extends z.ZodType>(value: S) => z.partialRecord(z.enum(LOCALES), value);
/** A wall-clock time in the contest's zone, as a `datetime-local` input sends it. */
const localTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/, 'invalid_date');

/** A contest as a curator creates it: phases are wall-clock times in its zone. */
export const contestSchema = z
  .object({
    year: z.coerce.number().int().min(2000).max(2100),
    titles: labels(line(200)),
    rules: labels(text(20000)),
    timeZone: z.string().refine(isTimeZone, 'time_zone'),
    phases: z.object(Object.fromEntries(PHASES.map((p) => [p, localTime])) as Record<(typeof PHASES)[number], typeof localTime>),
    categories: z
      .array(z.string().regex(/^c\d+(-e-[a-z]+)?$/, 'invalid'))
      .min(1, 'required')
      .max(40),
    votesChangeable: z.boolean(),
    allCategoriesRequired: z.boolean(),
    questionnaire: questionnaireRulesSchema,
  })
  .strict()
  .superRefine((c, ctx) => {
    if (!Object.values(c.titles).some((t) => t)) ctx.addIssue({ code: 'custom', path: ['titles', 'en'], message: 'required' });
    if (new Set(c.categories).size !== c.categories.length) ctx.addIssue({ code: 'custom', path: ['categories'], message: 'prize_category_twice' });
  });
export type ContestInput = z.output<typeof contestSchema>;

const answer = text(20000);

/** A nomination: one project into one category, optionally from a published entry of the organisation. */
export const nominationSchema = z
  .object({
    organisationId: z.coerce.number().int().positive(),
    category: z.string().min(1, 'required').max(40),
    entryId: z.coerce.number().int().positive().nullable(),
    title: line(300).pipe(z.string().min(1, 'required')),
    language: z.enum(LOCALES),
    projectStatus: z.enum(PROJECT_STATUSES),
    ...(Object.fromEntries(ANSWER_FIELDS.map((f) => [f, answer])) as Record<AnswerField, typeof answer>),
  })
  .strict();
export type NominationInput = z.output<typeof nominationSchema>;

/** A curator's screening decision; a rejection needs a reason, a request for changes at least one field's comment. */
export const screeningSchema = z
  .discriminatedUnion('decision', [
    z.object({ decision: z.literal('accept') }).strict(),
    z.object({ decision: z.literal('reject'), reason: text(2000).pipe(z.string().min(1, 'required')) }).strict(),
    z
      .object({
        decision: z.literal('request_changes'),
        comments: z.partialRecord(z.enum(['title', 'projectStatus', 'language', ...ANSWER_FIELDS]), text(2000)),
      })
      .strict(),
  ])
  .superRefine((d, ctx) => {
    if (d.decision === 'request_changes' && !Object.values(d.comments).some(Boolean)) ctx.addIssue({ code: 'custom', path: ['comments'], message: 'required' });
  });
export type ScreeningInput = z.output<typeof screeningSchema>;

/** A vote: one nomination, and when its page was shown (a fraud signal, not a check). */
export const voteSchema = z
  .object({
    nominationId: z.coerce.number().int().positive(),
    viewedAt: z.coerce.number().int().positive().optional(),
  })
  .strict();
export type VoteInput = z.output<typeof voteSchema>;
