import type { Locale } from '../../i18n/locales';
import type { EntryKind } from './entries';
import type { KindDetails } from './kind-details.schemas';
import type { Taxonomy } from '../taxonomy/taxonomy';

export const ENTRY_STATES = ['draft', 'submitted', 'published', 'archived'] as const;
export type EntryState = (typeof ENTRY_STATES)[number];
export const ACTIVITY_TYPES = ['project', 'programme', 'training', 'conference', 'website', 'guideline', 'toolkit', 'other'] as const;
export const ACTIVITY_STATUSES = ['planned', 'ongoing', 'completed'] as const;
export const SCOPES = ['local', 'national', 'regional', 'international'] as const;
export const ORGANISATION_ROLES = ['lead', 'partner'] as const;
export const STAKEHOLDER_TYPES = [
  'government',
  'private-sector',
  'civil-society',
  'international-organisation',
  'academia',
  'technical-community',
  'other',
] as const;

export interface EntryText {
  title: string;
  summary: string;
  description: string;
}

export interface Organisation {
  name: string;
  role: (typeof ORGANISATION_ROLES)[number];
  stakeholderType: (typeof STAKEHOLDER_TYPES)[number];
  /** The actor profile this name stands for, once matched. */
  actorId?: number | null | undefined;
}

export interface EntryLink {
  url: string;
  label: string | null;
}

/**
 * An entry of any kind (the name is the first kind's): the shared fields, plus the details object of
 * its own kind; event times are also kept as instants for range queries.
 */
export interface Entry extends Partial<KindDetails> {
  id: number;
  kind: EntryKind;
  externalId: string | null;
  state: EntryState;
  originalLanguage: Locale;
  activityType: string;
  status: string;
  scope: string;
  startDate: string | null;
  endDate: string | null;
  contact: { name?: string; email?: string; phone?: string } | null;
  isDemo: boolean;
  createdAt: Date;
  updatedAt: Date;
  lastConfirmedAt: Date | null;
  publishedAt: Date | null;
  translations: Partial<Record<Locale, EntryText>>;
  countries: string[];
  regions: string[];
  actionLines: string[];
  sdgs: string[];
  targetGroups: string[];
  issues: string[];
  organisations: Organisation[];
  links: EntryLink[];
  startsAt: Date | null;
  endsAt: Date | null;
  timeZone: string | null;
}

/** The tag lists of an activity, by vocabulary. */
export const TAG_FIELDS = {
  countries: 'country',
  regions: 'region',
  actionLines: 'action-line',
  sdgs: 'sdg',
  targetGroups: 'target-group',
  issues: 'digital-policy-issue',
} as const;

/** Search facets, in the order the search page shows them. */
export const FACETS = ['kind', 'actionLine', 'sdg', 'issue', 'region', 'country', 'stakeholder', 'type', 'status', 'mode', 'year', 'language'] as const;
export type Facet = (typeof FACETS)[number];
/** Filters beyond the facets: SDG targets can be filtered on but are not counted on the page. */
export const FILTERS = [...FACETS, 'target'] as const;
export type Filter = (typeof FILTERS)[number];

export type FacetValues = Array<{ facet: Filter; value: string }>;

type FacetSource = Pick<
  Entry,
  'kind' | 'activityType' | 'status' | 'startDate' | 'translations' | 'countries' | 'regions' | 'actionLines' | 'sdgs' | 'issues' | 'organisations'
> &
  Partial<KindDetails>;

/**
 * The filter values of an activity: tags expanded to their ancestors (a C7 sub-line counts for C7, a
 * target for its goal, a country for its sub-region, region and ITU region).
 */
export function deriveFacetValues(activity: FacetSource, taxonomy: Taxonomy): FacetValues {
  const out = new Map<string, { facet: Filter; value: string }>();
  const add = (facet: Filter, value: string) => out.set(`${facet}\u0000${value}`, { facet, value });
  for (const code of activity.actionLines) for (const c of taxonomy.lineage('action-line', code)) add('actionLine', c);
  for (const code of activity.sdgs) {
    const [goal] = code.split('.');
    if (goal) add('sdg', goal);
    if (code.includes('.')) add('target', code);
  }
  for (const country of activity.countries) {
    add('country', country);
    for (const region of taxonomy.regionsOfCountry(country)) add('region', region);
  }
  for (const region of activity.regions) {
    for (const r of taxonomy.lineage('region', region)) if (r !== '001' || region === '001') add('region', r);
  }
  for (const code of activity.issues) for (const c of taxonomy.lineage('digital-policy-issue', code)) add('issue', c);
  add('kind', activity.kind);
  if (activity.kind === 'actor') {
    if (activity.actor?.stakeholderType) add('stakeholder', activity.actor.stakeholderType);
  } else {
    for (const org of activity.organisations) if (org.role === 'lead') add('stakeholder', org.stakeholderType);
  }
  if (activity.kind === 'activity') {
    add('type', activity.activityType);
    add('status', activity.status);
  }
  if (activity.event?.mode) add('mode', activity.event.mode);
  const year = activity.kind === 'publication' ? activity.publication?.year?.toString() : activity.kind === 'event' ? activity.event?.start?.slice(0, 4) : activity.startDate?.slice(0, 4);
  if (year) add('year', year);
  for (const language of Object.keys(activity.translations)) add('language', language);
  return [...out.values()];
}

/** The best language version for a reader: theirs, else the original, else any. */
export function pickTranslation(activity: Pick<Entry, 'translations' | 'originalLanguage'>, locale: Locale): { language: Locale; text: EntryText } {
  const own = activity.translations[locale];
  if (own) return { language: locale, text: own };
  const original = activity.translations[activity.originalLanguage];
  if (original) return { language: activity.originalLanguage, text: original };
  const [language, text] = Object.entries(activity.translations)[0] as [Locale, EntryText];
  return { language, text };
}
