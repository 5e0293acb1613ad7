import { z } from 'zod';
import { LOCALES } from '../../i18n/locales';
import { httpUrl, line, text } from '../../lib/text';
import { STAKEHOLDER_TYPES } from './entry';
import { EVENT_MODES } from './entries';

const id = z.number().int().min(1).max(2147483647);
const slug = z.string().regex(/^[a-z0-9-]{1,60}$/);

/** What an actor profile holds beyond name and description (the Geneva Digital Atlas's sections). */
export const actorDetailsSchema = z
  .object({
    acronyms: z.partialRecord(z.enum(LOCALES), line(60)).default({}),
    established: z.number().int().min(1000).max(2100).nullable().default(null),
    address: text(500).default(''),
    point: z.object({ lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180) }).strict().nullable().default(null),
    stakeholderType: z.enum(STAKEHOLDER_TYPES).nullable().default(null),
    category: line(200).default(''),
    digitalActivities: text(30000).default(''),
    digitalTools: text(30000).default(''),
    meetings: text(30000).default(''),
    social: z
      .array(z.object({ network: line(60).min(1), handle: line(200).nullable().default(null), url: httpUrl.nullable().default(null) }).strict())
      .max(30)
      .default([]),
    /** Digital policy issues with the actor's own narrative and, where it names the issue otherwise, its alias. */
    issues: z.array(z.object({ issue: slug, narrative: text(20000).default(''), alias: line(200).nullable().default(null) }).strict()).max(80).default([]),
  })
  .strict();
export type ActorDetails = z.output<typeof actorDetailsSchema>;

export const publicationDetailsSchema = z
  .object({
    authors: z.array(line(300).min(1)).max(50).default([]),
    year: z.number().int().min(1900).max(2100).nullable().default(null),
    /** The document's own language (ISO 639-1), which may be none of the six. */
    language: z.string().regex(/^[a-z]{2,3}$/).nullable().default(null),
    fileIds: z.array(id).max(10).default([]),
  })
  .strict();
export type PublicationDetails = z.output<typeof publicationDetailsSchema>;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;

export const eventDetailsSchema = z
  .object({
    allDay: z.boolean().default(false),
    /** A date (all-day) or a wall-clock time in `timeZone`; the end is inclusive for all-day events. */
    start: z.string().refine((v) => DATE.test(v) || DATE_TIME.test(v), 'invalid_date').nullable().default(null),
    end: z.string().refine((v) => DATE.test(v) || DATE_TIME.test(v), 'invalid_date').nullable().default(null),
    timeZone: line(64).nullable().default(null),
    mode: z.enum(EVENT_MODES).nullable().default(null),
    city: line(200).default(''),
    onlineUrl: httpUrl.nullable().default(null),
  })
  .strict();
export type EventDetails = z.output<typeof eventDetailsSchema>;

export const storyDetailsSchema = z
  .object({
    /** The "success strategy": what made it work, in the contributor's words. */
    strategy: text(20000).default(''),
    activityId: id.nullable().default(null),
  })
  .strict();
export type StoryDetails = z.output<typeof storyDetailsSchema>;

/** Each kind's details, by the name they carry in drafts, inputs and revisions. */
export const DETAIL_SCHEMAS = {
  actor: actorDetailsSchema,
  publication: publicationDetailsSchema,
  event: eventDetailsSchema,
  story: storyDetailsSchema,
} as const;
export type DetailKind = keyof typeof DETAIL_SCHEMAS;
export type KindDetails = { actor: ActorDetails; publication: PublicationDetails; event: EventDetails; story: StoryDetails };

/** The optional per-kind detail objects, as fields of a draft or an input. */
export const detailFields = {
  actor: actorDetailsSchema.optional(),
  publication: publicationDetailsSchema.optional(),
  event: eventDetailsSchema.optional(),
  story: storyDetailsSchema.optional(),
};
