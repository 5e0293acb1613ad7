import type { Locale } from '../../i18n/locales';
import type { Taxonomy } from '../taxonomy/taxonomy';

export const ACTIVITY_STATES = ['draft', 'submitted', 'published', 'archived'] as const;
export type ActivityState = (typeof ACTIVITY_STATES)[number];
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

export interface ActivityText {
  title: string;
  summary: string;
  description: string;
}

export interface Organisation {
  name: string;
  role: (typeof ORGANISATION_ROLES)[number];
  stakeholderType: (typeof STAKEHOLDER_TYPES)[number];
}

export interface ActivityLink {
  url: string;
  label: string | null;
}

export interface Activity {
  id: number;
  externalId: string | null;
  state: ActivityState;
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
  translations: Partial<Record<Locale, ActivityText>>;
  countries: string[];
  regions: string[];
  actionLines: string[];
  sdgs: string[];
  targetGroups: string[];
  organisations: Organisation[];
  links: ActivityLink[];
}

/** The tag lists of an activity, by vocabulary. */
export const TAG_FIELDS = {
  countries: 'country',
  regions: 'region',
  actionLines: 'action-line',
  sdgs: 'sdg',
  targetGroups: 'target-group',
} as const;

/** Search facets, in the order the search page shows them. */
export const FACETS = ['actionLine', 'sdg', 'region', 'country', 'stakeholder', 'type', 'status', 'year', 'language'] as const;
export type Facet = (typeof FACETS)[number];
/** Filters beyond the facets: SDG targets can be filtered on but are not counted on the page. */
export const FILTERS = [...FACETS, 'target'] as const;
export type Filter = (typeof FILTERS)[number];

export type FacetValues = Array<{ facet: Filter; value: string }>;

type FacetSource = Pick<
  Activity,
  'activityType' | 'status' | 'startDate' | 'translations' | 'countries' | 'regions' | 'actionLines' | 'sdgs' | 'organisations'
>;

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
  for (const org of activity.organisations) if (org.role === 'lead') add('stakeholder', org.stakeholderType);
  add('type', activity.activityType);
  add('status', activity.status);
  if (activity.startDate) add('year', activity.startDate.slice(0, 4));
  for (const language of Object.keys(activity.translations)) add('language', language);
  return [...out.values()];
}

/** The best language version for a reader: theirs, else the original, else any. */
export function pickTranslation(activity: Pick<Activity, 'translations' | 'originalLanguage'>, locale: Locale): { language: Locale; text: ActivityText } {
  const own = activity.translations[locale];
  if (own) return { language: locale, text: own };
  const original = activity.translations[activity.originalLanguage];
  if (original) return { language: activity.originalLanguage, text: original };
  const [language, text] = Object.entries(activity.translations)[0] as [Locale, ActivityText];
  return { language, text };
}
