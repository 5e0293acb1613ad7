import type { z } from 'zod';
import type { MessageKey } from '../../../i18n/i18n';
import type { Locale } from '../../../i18n/locales';
import type { ErrorDetail } from '../../../lib/errors';
import type { EntryKind } from '../entries';
import type { Filter, Organisation } from '../entry';
import type { JsonLdInput, JsonLdNode } from './json-ld';

/** Every questionnaire step any kind has (a kind picks and orders its own). */
export const STEP_IDS = ['about', 'where', 'themes', 'organisations', 'links', 'languages', 'details', 'issues', 'file', 'image'] as const;
export type StepId = (typeof STEP_IDS)[number];
export interface Step {
  id: StepId;
  /** The draft fields the step asks for (a dotted path names a part of a kind's details). */
  fields: readonly string[];
}

/** The steps most kinds share. */
export const STEP = {
  about: { id: 'about', fields: ['originalLanguage', 'title', 'summary', 'description'] },
  themes: { id: 'themes', fields: ['actionLines', 'sdgs', 'issues'] },
  organisations: { id: 'organisations', fields: ['organisations'] },
  links: { id: 'links', fields: ['links', 'contactName', 'contactEmail', 'contactPhone'] },
  languages: { id: 'languages', fields: ['translations'] },
  where: { id: 'where', fields: ['countries', 'regions'] },
} as const satisfies Record<string, Step>;

export interface FieldRule {
  required?: boolean;
  minWords?: number;
  maxWords?: number;
  minItems?: number;
}
/** Fields that rules as data may name: the shared text and tags, and an activity's own flat fields. */
export type RuledField =
  'originalLanguage' | 'title' | 'summary' | 'description' | 'activityType' | 'status' | 'scope' | 'countries' | 'actionLines' | 'sdgs' | 'contactEmail';
export type FieldRules = Partial<Record<RuledField, FieldRule>>;

/** A text of an entry that search should find, with the language it is in and its weight. */
export interface SearchText {
  text: string;
  locale: Locale;
  weight: 'A' | 'B' | 'C' | 'D';
}

/** What a kind adds to an entry's public JSON: top-level fields, its dates, and its `details`. */
export interface PresentedKind {
  fields?: Record<string, unknown>;
  startDate?: string | null;
  endDate?: string | null;
  details?: Record<string, unknown>;
}

/** A questionnaire form as a descriptor reads it (the HTTP layer passes its own readers in). */
export interface FormReader {
  /** The first value sent under a name, as typed. */
  one(name: string): string | undefined;
  /** A trimmed value; blank means not given. */
  opt(name: string): string | undefined;
  /** How many repeated rows the form sent (bounded by the caller). */
  rows(): number;
}

/** A number typed in a form; anything else is passed on as typed so that validation names the field. */
export function formNumber(f: FormReader, name: string): number | string | null {
  const v = f.opt(name);
  if (v === undefined) return null;
  return /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v;
}

/** The stakeholder facet most kinds take from their lead organisations. */
export function leadStakeholders(organisations: readonly Organisation[]): Array<{ facet: Filter; value: string }> {
  return organisations.filter((o) => o.role === 'lead').map((o) => ({ facet: 'stakeholder' as const, value: o.stakeholderType }));
}

/** The times of a kind that has none. */
export const NO_TIMES = { startsAt: null, endsAt: null, timeZone: null } as const;

/** The catalog keys a kind's questionnaire speaks of it with ("Describe the event", an actor's "Name"). */
export interface KindWording {
  describe: MessageKey;
  title: MessageKey;
  languagesIntro: MessageKey;
  actionLinesHint: MessageKey;
}
/** A kind's wording, by the catalog's convention `wording.<part>.<kind>`. */
export const wordingOf = (kind: EntryKind): KindWording => ({
  describe: `wording.describe.${kind}`,
  title: `wording.title.${kind}`,
  languagesIntro: `wording.languagesIntro.${kind}`,
  actionLinesHint: `wording.actionLinesHint.${kind}`,
});

/** A review field and the catalog key of its label. */
export type ReviewField = readonly [field: string, label: MessageKey];
/** Fields labelled by `field.<name>` in the catalogs. */
export const named = (...fields: string[]): ReviewField[] => fields.map((f) => [f, `field.${f}` as MessageKey]);
/** The tags, organisations, links and contact every kind but the activity reviews after its own fields. */
export const TAG_REVIEW_FIELDS = named(
  'countries',
  'regions',
  'actionLines',
  'sdgs',
  'issues',
  'organisations',
  'links',
  'contactName',
  'contactEmail',
  'contactPhone',
);

/**
 * Everything Stocktake knows about one kind of entry, in one place. `D` is the kind's own details as an
 * `Entry` holds them (`entry[kind]`); `F` is the same fields as drafts, inputs and revisions carry them
 * (the flat, stored shape), with a lossless conversion each way.
 */
export interface KindDescriptor<K extends EntryKind = EntryKind, D = unknown, F extends object = object> {
  kind: K;
  /** The path segment of its pages and API resource (`/{locale}/events/12`, `/api/v1/events`). */
  path: string;
  /** The schema.org type of its entries (a publication's node is one of its subtypes, `Report` or `ScholarlyArticle`). */
  jsonLdType: 'Project' | 'Organization' | 'CreativeWork' | 'Event' | 'Article';
  /** Its schema.org node for the entry page's JSON-LD: only facts the entry holds, never its contact. */
  jsonLd(details: D, input: JsonLdInput): JsonLdNode;
  /** Its own details, validated. */
  detailsSchema: z.ZodType<D>;
  /** The catalog keys of the words its questionnaire and review speak of it with (its heading, its title's name…). */
  wording: KindWording;
  /** The catalog keys naming its lead and partner organisations. */
  roleLabels: { lead: MessageKey; partner: MessageKey };
  /** Its questionnaire: the steps, in order, and the fields each one asks for. */
  steps: readonly Step[];
  /** Its rules as data (required fields, word counts), shown beside each field and checked at submission. */
  fieldRules: FieldRules;
  /** The fields a curator reviews after title, summary and description. */
  reviewFields: readonly ReviewField[];
  /** Its details, from the fields of a draft or an input. */
  fromFlat(flat: F): D;
  /** Its details as the fields of a draft or an input. */
  toFlat(details: D): F;
  /** Its own fields an input must give (the questionnaire asks for them through `fieldRules`). */
  requiredFields: readonly string[];
  /** What an input or a draft of the kind must hold beyond its types (before it is published). */
  problems(flat: F, has: { links: number }): ErrorDetail[];
  /** The digital policy issues its details name (they are tags of the entry too). */
  ownIssues(details: D): string[];
  /** Its filter values (type, status, stakeholder, mode, year…) beyond the tags every kind shares. */
  facetValues(details: D, organisations: readonly Organisation[]): Array<{ facet: Filter; value: string }>;
  /** The text of its details that search should find (acronyms, authors, strategies…). */
  searchTexts(details: D, locale: Locale): SearchText[];
  /** When it happens, as instants, and in which zone (events; null for the kinds that have no time). */
  times(details: D): { startsAt: Date | null; endsAt: Date | null; timeZone: string | null };
  /** Its part of the public JSON. */
  present(details: D, baseUrl: string): PresentedKind;
  /**
   * Its details step's form as a draft patch, merged into what the draft holds (`language`: the draft's
   * original). Values are passed on as typed: the draft schema validates the patch and names bad fields.
   */
  decodeForm(form: FormReader, current: F, language: Locale): Record<string, unknown>;
}
