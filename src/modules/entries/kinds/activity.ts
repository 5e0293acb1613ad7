import { z } from 'zod';
import { ACTIVITY_STATUSES, ACTIVITY_TYPES, SCOPES } from '../entry';
import { countryNodes, describedBy, keywords, organisationNodes } from './json-ld';
import { leadStakeholders, named, STEP, type KindDescriptor, NO_TIMES, wordingOf } from './kind';

const isoDate = z.iso.date();

/** An activity's own fields (stored in `details` like every kind's). */
export const activityDetailsSchema = z
  .object({
    type: z.enum(ACTIVITY_TYPES),
    status: z.enum(ACTIVITY_STATUSES),
    scope: z.enum(SCOPES),
    startDate: isoDate.nullable().default(null),
    endDate: isoDate.nullable().default(null),
  })
  .strict();
export type ActivityDetails = z.output<typeof activityDetailsSchema>;

/** An activity's fields as drafts, inputs and revisions carry them: at the top level, the type named `activityType`. */
export interface ActivityFlat {
  activityType?: ActivityDetails['type'] | undefined;
  status?: ActivityDetails['status'] | undefined;
  scope?: ActivityDetails['scope'] | undefined;
  startDate?: string | null | undefined;
  endDate?: string | null | undefined;
}

/** A project, programme, training… : the register's first kind, with a type, a status, a scope and dates. */
export const activityKind: KindDescriptor<'activity', ActivityDetails, ActivityFlat> = {
  kind: 'activity',
  path: 'activities',
  jsonLdType: 'Project',
  // The register knows an activity's lead and partner organisations, not who funds it: all are its members.
  jsonLd: (d, input) => ({
    '@type': 'Project',
    ...describedBy(input),
    startDate: d.startDate ?? undefined,
    endDate: d.endDate ?? undefined,
    areaServed: countryNodes(input),
    member: organisationNodes(input),
    keywords: keywords(input),
  }),
  detailsSchema: activityDetailsSchema,
  wording: wordingOf('activity'),
  roleLabels: { lead: 'orgRole.lead', partner: 'orgRole.partner' },
  steps: [
    { id: 'about', fields: [...STEP.about.fields, 'activityType', 'status', 'startDate', 'endDate'] },
    { id: 'where', fields: ['scope', 'countries', 'regions', 'targetGroups'] },
    STEP.themes,
    STEP.organisations,
    STEP.links,
    STEP.languages,
  ],
  fieldRules: {
    originalLanguage: { required: true },
    title: { required: true, maxWords: 30 },
    summary: { required: true, minWords: 50, maxWords: 200 },
    description: { maxWords: 2000 },
    activityType: { required: true },
    status: { required: true },
    scope: { required: true },
    countries: {},
    actionLines: { required: true, minItems: 1 },
    sdgs: {},
    contactEmail: { required: true },
  },
  reviewFields: named(
    'activityType',
    'status',
    'startDate',
    'endDate',
    'scope',
    'countries',
    'regions',
    'targetGroups',
    'actionLines',
    'sdgs',
    'issues',
    'organisations',
    'links',
    'contactName',
    'contactEmail',
    'contactPhone',
  ),
  fromFlat: (f) =>
    activityDetailsSchema.parse({ type: f.activityType, status: f.status, scope: f.scope, startDate: f.startDate ?? null, endDate: f.endDate ?? null }),
  toFlat: (d) => ({ activityType: d.type, status: d.status, scope: d.scope, startDate: d.startDate, endDate: d.endDate }),
  requiredFields: ['activityType', 'status', 'scope'],
  problems: () => [],
  ownIssues: () => [],
  facetValues: (d, organisations) => [
    ...leadStakeholders(organisations),
    { facet: 'type', value: d.type },
    { facet: 'status', value: d.status },
    ...(d.startDate ? [{ facet: 'year' as const, value: d.startDate.slice(0, 4) }] : []),
  ],
  searchTexts: () => [],
  times: () => NO_TIMES,
  present: (d) => ({ fields: { activityType: d.type, status: d.status, scope: d.scope }, startDate: d.startDate, endDate: d.endDate }),
  // An activity's own fields are asked on the shared about and where steps; it has no details step.
  decodeForm: () => ({}),
};
