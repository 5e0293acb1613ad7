import type { ColumnType, Generated } from 'kysely';
import type { Locale } from '../i18n/locales';

/** Text in each of the six UN languages (some may be missing for user content). */
export type Labels = Partial<Record<Locale, string>>;
type Json<T> = ColumnType<T, string, string>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface VocabulariesTable {
  name: string;
  version: number;
  updatedAt: Timestamp;
}

export interface VocabularyTermsTable {
  vocabulary: string;
  code: string;
  parentCode: string | null;
  position: number;
  labels: Json<Labels>;
  descriptions: Json<Labels | null>;
  extra: Json<Record<string, unknown> | null>;
}

export interface ActivitiesTable {
  id: Generated<number>;
  externalId: string | null;
  state: string;
  originalLanguage: string;
  activityType: string;
  status: string;
  scope: string;
  startDate: string | null;
  endDate: string | null;
  contact: Json<{ name?: string; email?: string; phone?: string } | null>;
  isDemo: Generated<boolean>;
  createdAt: Timestamp;
  updatedAt: Timestamp;
  lastConfirmedAt: Timestamp | null;
  publishedAt: Timestamp | null;
  searchVector: ColumnType<string, string, string>;
  searchTerms: string;
}

export interface ActivityTranslationsTable {
  activityId: number;
  language: string;
  title: string;
  summary: string;
  description: string;
}

export interface ActivityTagsTable {
  activityId: number;
  vocabulary: string;
  code: string;
}

export interface ActivityOrganisationsTable {
  activityId: number;
  position: number;
  name: string;
  role: string;
  stakeholderType: string;
}

export interface ActivityLinksTable {
  activityId: number;
  position: number;
  url: string;
  label: string | null;
}

/** Derived, denormalised filter values (tags expanded to their ancestors); rebuilt on every write. */
export interface ActivityFacetsTable {
  activityId: number;
  facet: string;
  value: string;
}

export interface SearchChangesTable {
  id: Generated<number>;
  entity: string;
  entityId: number;
  changedAt: Timestamp;
}

export interface Database {
  searchChanges: SearchChangesTable;
  vocabularies: VocabulariesTable;
  vocabularyTerms: VocabularyTermsTable;
  activities: ActivitiesTable;
  activityTranslations: ActivityTranslationsTable;
  activityTags: ActivityTagsTable;
  activityOrganisations: ActivityOrganisationsTable;
  activityLinks: ActivityLinksTable;
  activityFacets: ActivityFacetsTable;
}
