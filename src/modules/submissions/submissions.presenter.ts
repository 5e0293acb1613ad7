import { z } from 'zod';
import type { ErrorDetail } from '../../lib/errors';
import { draftSchema } from './submissions.schemas';
import { ENTRY_KINDS } from '../entries/entries';
import { KIND_RULES, KIND_STEPS, STEPS } from './submissions.rules';
import type { SubmissionView } from './drafts.service';

const detailSchema = z.object({ field: z.string(), code: z.string(), params: z.record(z.string(), z.union([z.string(), z.number()])).optional() });

export const submissionResponseSchema = z
  .object({
    data: z.object({
      id: z.number().int(),
      status: z.enum(['draft', 'submitted', 'changes_requested', 'approved', 'rejected', 'withdrawn']),
      entryId: z.number().int().nullable(),
      organisationId: z.number().int(),
      callId: z.number().int().nullable(),
      data: draftSchema,
      problems: z.array(detailSchema).describe('What still blocks submission, by field (the questionnaire rules).'),
      fieldComments: z.record(z.string(), z.string()).nullable().describe('The curators’ comments per field, when changes are requested.'),
      createdAt: z.string(),
      updatedAt: z.string(),
      submittedAt: z.string().nullable(),
    }),
  })
  .meta({ id: 'SubmissionResponse' });

export const questionnaireResponseSchema = z
  .object({
    steps: z.array(z.object({ id: z.string(), fields: z.array(z.string()) })),
    rules: z.record(
      z.string(),
      z.object({ required: z.boolean().optional(), minWords: z.number().optional(), maxWords: z.number().optional(), minItems: z.number().optional() }),
    ),
    kinds: z
      .record(
        z.string(),
        z.object({
          steps: z.array(z.object({ id: z.string(), fields: z.array(z.string()) })),
          rules: z.record(
            z.string(),
            z.object({ required: z.boolean().optional(), minWords: z.number().optional(), maxWords: z.number().optional(), minItems: z.number().optional() }),
          ),
        }),
      )
      .describe('The questionnaire of each kind of entry (activity, actor, publication, event, story).'),
  })
  .meta({ id: 'Questionnaire' });

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

/** A submission as the API shows it to its author, its organisation's editors and curators. */
export function presentSubmission(
  v: Pick<SubmissionView, 'id' | 'status' | 'entryId' | 'organisationId' | 'callId' | 'data' | 'fieldComments' | 'createdAt' | 'updatedAt' | 'submittedAt'> & {
    problems: ErrorDetail[];
  },
) {
  return {
    data: {
      id: v.id,
      status: v.status,
      entryId: v.entryId,
      organisationId: v.organisationId,
      callId: v.callId,
      data: v.data,
      problems: v.problems,
      fieldComments: v.fieldComments,
      createdAt: iso(v.createdAt)!,
      updatedAt: iso(v.updatedAt)!,
      submittedAt: iso(v.submittedAt),
    },
  };
}

/** The questionnaire's steps and rules, so API clients can check drafts the way the forms do. */
export function presentQuestionnaire() {
  const kinds = Object.fromEntries(
    ENTRY_KINDS.map((k) => [k, { steps: KIND_STEPS[k].map((s) => ({ id: s.id, fields: [...s.fields] })), rules: KIND_RULES[k] }]),
  );
  return { steps: STEPS.map((s) => ({ id: s.id, fields: [...s.fields] })), rules: KIND_RULES.activity, kinds };
}
