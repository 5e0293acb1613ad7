import { z } from 'zod';
import { LOCALES } from '../../i18n/locales';
import { email, httpUrl, line, text } from '../../lib/text';
import { ACTIVITY_STATUSES, ACTIVITY_TYPES, ORGANISATION_ROLES, SCOPES, STAKEHOLDER_TYPES } from '../entries/entry';
import { LIMITS } from '../entries/entry.schemas';
import { ENTRY_KINDS } from '../entries/entries';
import { detailFields } from '../entries/kinds';

const code = line(40).min(1);
const id = z.coerce.number().int().min(1).max(2147483647);

export const draftTextSchema = z
  .object({ title: line(LIMITS.title).default(''), summary: text(LIMITS.summary).default(''), description: text(LIMITS.description).default('') })
  .strict();

/**
 * A questionnaire draft: every field optional, but each one already within its type and size, so a
 * draft can be saved half-written and never holds what could not be submitted.
 */
export const draftSchema = z
  .object({
    kind: z.enum(ENTRY_KINDS).default('activity'),
    originalLanguage: z.enum(LOCALES).optional(),
    translations: z.partialRecord(z.enum(LOCALES), draftTextSchema).default({}),
    activityType: z.enum(ACTIVITY_TYPES).optional(),
    status: z.enum(ACTIVITY_STATUSES).optional(),
    scope: z.enum(SCOPES).optional(),
    startDate: z.iso.date().nullable().optional(),
    endDate: z.iso.date().nullable().optional(),
    countries: z
      .array(z.string().regex(/^[A-Z]{2}$/))
      .max(250)
      .default([]),
    regions: z.array(code).max(50).default([]),
    actionLines: z.array(code).max(30).default([]),
    sdgs: z
      .array(z.string().regex(/^\d{1,2}(\.[0-9a-z]{1,2})?$/))
      .max(200)
      .default([]),
    targetGroups: z.array(code).max(20).default([]),
    issues: z.array(code).max(80).default([]),
    organisations: z
      .array(
        z
          .object({ name: line(300).min(1), role: z.enum(ORGANISATION_ROLES), stakeholderType: z.enum(STAKEHOLDER_TYPES), actorId: id.nullable().optional() })
          .strict(),
      )
      .max(50)
      .default([]),
    links: z
      .array(z.object({ url: httpUrl, label: line(200).nullable().default(null) }).strict())
      .max(20)
      .default([]),
    contact: z
      .object({ name: line(200).optional(), email: email.optional(), phone: line(60).optional() })
      .strict()
      .optional(),
    ...detailFields,
  })
  .strict();
export type DraftData = z.output<typeof draftSchema>;

/** A partial draft as a step (or an API client) sends it: only the fields given are replaced. */
export const draftPatchSchema = draftSchema.omit({ kind: true }).partial().strict();
export type DraftPatch = z.output<typeof draftPatchSchema>;

/** Keeps only the fields a patch really gave (Zod fills in defaults for the others, which would erase them). */
export function onlyGiven(raw: Record<string, unknown>, parsed: DraftPatch): DraftPatch {
  return Object.fromEntries(Object.entries(parsed).filter(([k]) => raw[k] !== undefined)) as DraftPatch;
}

export const startSubmissionSchema = z
  .object({ organisationId: id.optional(), entryId: id.optional(), kind: z.enum(ENTRY_KINDS).optional() })
  .strict()
  .refine((v) => v.organisationId !== undefined || v.entryId !== undefined, { path: ['organisationId'], message: 'required' });

const comment = text(2000).min(1);

export const decisionSchema = z.discriminatedUnion('decision', [
  z.object({ decision: z.literal('approve'), message: text(2000).default('') }).strict(),
  z.object({ decision: z.literal('reject'), message: comment }).strict(),
  z
    .object({
      decision: z.literal('request_changes'),
      message: text(2000).default(''),
      fieldComments: z.record(z.string().regex(/^[a-zA-Z.]{1,60}$/), text(2000)).refine((r) => Object.values(r).some((v) => v !== ''), { message: 'required' }),
    })
    .strict(),
]);
export type DecisionInput = z.output<typeof decisionSchema>;

/** The most characters a contributor's reply to the curators may hold. */
export const MAX_REPLY_CHARS = 4000;
/** A contributor's reply in the exchange with the curators: some words, at most {@link MAX_REPLY_CHARS}. */
export const replySchema = z.object({ message: text(MAX_REPLY_CHARS).min(1) }).strict();
export type ReplyInput = z.output<typeof replySchema>;

export const reasonSchema = z.object({ reason: line(1000).min(1) }).strict();
export const mergeSchema = z.object({ mergeId: id, reason: line(1000).min(1) }).strict();
export const restoreSchema = z.object({ revision: id, reason: line(1000).min(1) }).strict();

export const QUEUE_STATUSES = ['submitted', 'changes_requested', 'approved', 'rejected', 'draft'] as const;
export const queueQuerySchema = z
  .object({
    status: z.enum(QUEUE_STATUSES).default('submitted'),
    call: id.optional(),
    language: z.enum(LOCALES).optional(),
    olderThanDays: z.coerce.number().int().min(0).max(3650).optional(),
    page: z.coerce.number().int().min(1).max(1000).default(1),
  })
  .strict();
export type QueueQuery = z.output<typeof queueQuerySchema>;

/** The most repeated rows a questionnaire step shows or reads (issues has the most: 90); each step caps its own lower. */
export const MAX_FORM_ROWS = 90;

/** `rows`, from a page's query or a step's form: how many repeated rows to show or read. */
export const rowsSchema = z.object({ rows: z.coerce.number().int().min(0).max(MAX_FORM_ROWS) });
