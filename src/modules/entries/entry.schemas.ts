import { z } from 'zod';
import { LOCALES } from '../../i18n/locales';
import { email, httpUrl, line, text } from '../../lib/text';
import { ENTRY_STATES, ACTIVITY_STATUSES, ACTIVITY_TYPES, FILTERS, ORGANISATION_ROLES, SCOPES, STAKEHOLDER_TYPES } from './entry';
import { ENTRY_KINDS } from './entries';
import { detailFields, kindOf } from './kinds';

/** Limits shared by the API, the importer and (later) the questionnaire. */
export const LIMITS = {
  title: 300,
  summary: 3000,
  description: 30000,
  query: 200,
  pageSize: 100,
  maxPage: 1000,
  filterValues: 50,
} as const;

const isoDate = z.iso.date();

export const entryTextSchema = z
  .object({
    title: line(LIMITS.title).min(1),
    summary: text(LIMITS.summary).min(1),
    description: text(LIMITS.description).default(''),
  })
  .strict();

const languageMap = <T extends z.ZodType>(value: T) => z.partialRecord(z.enum(LOCALES), value);

/** An activity as the API and the importer accept it (JSON Lines of this shape for `npm run import`). */
export const entryInputSchema = z
  .object({
    externalId: line(200).min(1).optional().describe('Your own stable identifier; a re-import with the same one updates.'),
    kind: z.enum(ENTRY_KINDS).default('activity'),
    state: z.enum(ENTRY_STATES).default('published'),
    originalLanguage: z.enum(LOCALES),
    translations: languageMap(entryTextSchema),
    activityType: z.enum(ACTIVITY_TYPES).optional().describe('Activities only.'),
    status: z.enum(ACTIVITY_STATUSES).optional().describe('Activities only.'),
    scope: z.enum(SCOPES).optional().describe('Activities only.'),
    startDate: isoDate.nullable().default(null),
    endDate: isoDate.nullable().default(null),
    countries: z
      .array(z.string().regex(/^[A-Z]{2}$/))
      .max(250)
      .default([]),
    regions: z.array(line(40).min(1)).max(50).default([]),
    actionLines: z.array(line(40).min(1)).max(30).default([]),
    sdgs: z
      .array(z.string().regex(/^\d{1,2}(\.[0-9a-z]{1,2})?$/))
      .max(200)
      .default([]),
    targetGroups: z.array(line(40).min(1)).max(20).default([]),
    issues: z.array(line(60).min(1)).max(80).default([]),
    organisations: z
      .array(
        z
          .object({
            name: line(300).min(1),
            role: z.enum(ORGANISATION_ROLES),
            stakeholderType: z.enum(STAKEHOLDER_TYPES),
            actorId: z.number().int().min(1).max(2147483647).nullable().optional(),
          })
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
      .nullable()
      .default(null),
    lastConfirmedAt: isoDate.nullable().default(null),
    ...detailFields,
  })
  .strict()
  .superRefine((a, ctx) => {
    const given = a as Record<string, unknown>;
    for (const field of kindOf(a.kind).requiredFields) if (!given[field]) ctx.addIssue({ code: 'custom', path: [field], message: 'required' });
    if (!a.translations[a.originalLanguage]) {
      ctx.addIssue({ code: 'custom', path: ['translations', a.originalLanguage], message: 'original_language_missing' });
    }
    if (a.startDate && a.endDate && a.endDate < a.startDate) {
      ctx.addIssue({ code: 'custom', path: ['endDate'], message: 'end_before_start' });
    }
  });
export type EntryInput = z.output<typeof entryInputSchema>;

export const SORTS = ['relevance', 'newest', 'title'] as const;

const filterList = z.array(line(40).min(1)).max(LIMITS.filterValues);

/** Query of the activity search, shared by the API and the search page. */
export const entrySearchSchema = z
  .object({
    q: line(LIMITS.query).default(''),
    sort: z.enum(SORTS).default('relevance'),
    page: z.coerce.number().int().min(1).max(LIMITS.maxPage).default(1),
    pageSize: z.coerce.number().int().min(1).max(LIMITS.pageSize).default(20),
    ...Object.fromEntries(FILTERS.map((f) => [f, filterList.default([])])),
    crosswalk: z
      .enum(['0', '1'])
      .default('0')
      .describe(
        '1: a filter on an SDG goal or target also matches entries tagged with an action line the WSIS–SDG crosswalk links to it, and an action-line filter also matches entries tagged with a goal it serves.',
      ),
  } as {
    q: z.ZodDefault<z.ZodString>;
    sort: z.ZodDefault<z.ZodEnum<{ relevance: 'relevance'; newest: 'newest'; title: 'title' }>>;
    page: z.ZodDefault<z.ZodCoercedNumber>;
    pageSize: z.ZodDefault<z.ZodCoercedNumber>;
    crosswalk: z.ZodDefault<z.ZodEnum<{ '0': '0'; '1': '1' }>>;
  } & Record<(typeof FILTERS)[number], z.ZodDefault<typeof filterList>>)
  .strict();
export type EntrySearchInput = z.output<typeof entrySearchSchema>;

export const entryIdSchema = z.object({ id: z.coerce.number().int().min(1).max(2147483647) }).strict();

/** Output shapes, for the API document (the presenter produces them). */
const facetCountSchema = z.object({ value: z.string(), count: z.number().int(), label: z.string() });
export const publicEntrySchema = z
  .object({
    id: z.number().int(),
    kind: z.enum(ENTRY_KINDS),
    externalId: z.string().nullable(),
    url: z.string(),
    originalLanguage: z.enum(LOCALES),
    languages: z.array(z.enum(LOCALES)),
    translations: languageMap(z.object({ title: z.string(), summary: z.string(), description: z.string() })),
    activityType: z.enum(ACTIVITY_TYPES).optional().describe('Activities only.'),
    status: z.enum(ACTIVITY_STATUSES).optional().describe('Activities only.'),
    scope: z.enum(SCOPES).optional().describe('Activities only.'),
    startDate: z.string().nullable(),
    endDate: z.string().nullable(),
    startsAt: z.string().nullable().describe('Events: the start as an instant (UTC).'),
    endsAt: z.string().nullable(),
    timeZone: z.string().nullable().describe('Events: the IANA time zone the event is held in.'),
    countries: z.array(z.string()),
    regions: z.array(z.string()),
    actionLines: z.array(z.string()),
    sdgs: z.array(z.string()),
    issues: z.array(z.string()).describe('Digital policy issues (Digital Watch taxonomy slugs).'),
    targetGroups: z.array(z.string()),
    organisations: z.array(
      z.object({ name: z.string(), role: z.enum(ORGANISATION_ROLES), stakeholderType: z.enum(STAKEHOLDER_TYPES), actorId: z.number().int().nullable() }),
    ),
    links: z.array(z.object({ url: z.string(), label: z.string().nullable() })),
    details: z.record(z.string(), z.unknown()).optional().describe("The kind's own fields (actor, publication, event or story)."),
    isDemo: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
    lastConfirmedAt: z.string().nullable(),
    publishedAt: z.string().nullable(),
  })
  .meta({ id: 'Entry' });

export const entrySearchResponseSchema = z
  .object({
    data: z.array(publicEntrySchema),
    meta: z.object({ total: z.number().int(), page: z.number().int(), pageSize: z.number().int(), pages: z.number().int() }),
    facets: z.record(z.string(), z.array(facetCountSchema)),
  })
  .meta({ id: 'EntrySearchResult' });

export const entryResponseSchema = z.object({ data: publicEntrySchema }).meta({ id: 'EntryResponse' });
