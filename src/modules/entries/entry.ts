import type { Locale } from '../../i18n/locales';
import type { EntryKind } from './entries';
import type { KindDetails } from './kinds';

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

/** What every entry has, whatever its kind; event times are also kept as instants for range queries. */
export interface EntryBase {
  id: number;
  kind: EntryKind;
  externalId: string | null;
  state: EntryState;
  originalLanguage: Locale;
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

/** An entry of one kind: the shared fields and, under the kind's name, its own details (`entry.event.start`). */
export type EntryOf<K extends EntryKind> = Omit<EntryBase, 'kind'> & { kind: K } & { [P in K]: KindDetails[K] };

/** An entry of any kind (a union on `kind`: narrowing on it gives the kind's own details). */
export type Entry = { [K in EntryKind]: EntryOf<K> }[EntryKind];

/** An entry's own details if it is of `kind`, else undefined (`detailsIf(entry, 'event')?.start`). */
export function detailsIf<K extends EntryKind>(entry: Entry, kind: K): KindDetails[K] | undefined {
  return entry.kind === kind ? (entry as unknown as Record<K, KindDetails[K]>)[kind] : undefined;
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

/** The best language version for a reader: theirs, else the original, else any. */
export function pickTranslation(activity: Pick<Entry, 'translations' | 'originalLanguage'>, locale: Locale): { language: Locale; text: EntryText } {
  const own = activity.translations[locale];
  if (own) return { language: locale, text: own };
  const original = activity.translations[activity.originalLanguage];
  if (original) return { language: activity.originalLanguage, text: original };
  const [language, text] = Object.entries(activity.translations)[0] as [Locale, EntryText];
  return { language, text };
}
