import { LOCALES, type Locale } from '../../i18n/locales';
import type { PublicEntry } from '../entries/entries.presenter';
import { facetValueLabel } from '../entries/entry.labels';
import type { Taxonomy } from '../taxonomy/taxonomy';

/**
 * Several values in one cell (countries, SDGs, organisations…) are joined by this: a space, a vertical
 * bar and a space. Codes never contain it; a label or a name that did would read ambiguously, which is
 * why every coded column has its code twin.
 */
export const MULTI_VALUE_SEPARATOR = ' | ';

export interface LabelContext {
  taxonomy: Taxonomy;
  /** The language of the label columns. */
  locale: Locale;
}

export interface ExportColumn {
  name: string;
  /** What the column holds, for the data dictionary. */
  description: string;
  value(e: PublicEntry, ctx: LabelContext): string;
  /** Free text a visitor wrote: a spreadsheet must never read it as a formula (see `spreadsheetSafe`). */
  text?: true;
}

const join = (values: readonly string[]) => values.join(MULTI_VALUE_SEPARATOR);
const own = (e: PublicEntry, field: 'activityType' | 'status' | 'scope'): string => (field in e ? String((e as Record<string, unknown>)[field] ?? '') : '');

const perLanguage = (part: 'title' | 'summary'): ExportColumn[] =>
  LOCALES.map((l) => ({
    name: `${part}_${l}`,
    description: `The ${part} in ${l}, when the entry has that language version (empty otherwise).`,
    value: (e) => e.translations[l]?.[part] ?? '',
    text: true,
  }));

/** Every column of the CSV and XLSX exports, in order: one row per entry. */
export const EXPORT_COLUMNS: readonly ExportColumn[] = [
  { name: 'id', description: 'The entry’s number in the register.', value: (e) => String(e.id) },
  { name: 'kind', description: 'activity, actor, publication, event or story.', value: (e) => e.kind },
  { name: 'kind_label', description: 'The kind, in the export’s language.', value: (e, c) => facetValueLabel(c.taxonomy, 'kind', e.kind, c.locale) },
  { name: 'url', description: 'The entry’s page, in its original language.', value: (e) => e.url },
  { name: 'external_id', description: 'The identifier the publisher gave the entry, if any.', value: (e) => e.externalId ?? '', text: true },
  { name: 'original_language', description: 'The language the entry was written in (ISO 639-1).', value: (e) => e.originalLanguage },
  { name: 'languages', description: 'Every language the entry is available in.', value: (e) => join(e.languages) },
  ...perLanguage('title'),
  ...perLanguage('summary'),
  { name: 'activity_type', description: 'Activities: the activity-type code.', value: (e) => own(e, 'activityType') },
  {
    name: 'activity_type_label',
    description: 'Activities: the type, labelled.',
    value: (e, c) => (own(e, 'activityType') ? facetValueLabel(c.taxonomy, 'type', own(e, 'activityType'), c.locale) : ''),
  },
  { name: 'status', description: 'Activities: planned, ongoing or completed.', value: (e) => own(e, 'status') },
  {
    name: 'status_label',
    description: 'Activities: the status, labelled.',
    value: (e, c) => (own(e, 'status') ? facetValueLabel(c.taxonomy, 'status', own(e, 'status'), c.locale) : ''),
  },
  { name: 'scope', description: 'Activities: local, national, regional or international.', value: (e) => own(e, 'scope') },
  { name: 'start_date', description: 'The start date (ISO 8601), when known.', value: (e) => e.startDate ?? '' },
  { name: 'end_date', description: 'The end date (ISO 8601), when known.', value: (e) => e.endDate ?? '' },
  { name: 'starts_at', description: 'Events: the start as an instant (UTC).', value: (e) => e.startsAt ?? '' },
  { name: 'ends_at', description: 'Events: the end as an instant (UTC).', value: (e) => e.endsAt ?? '' },
  { name: 'time_zone', description: 'Events: the IANA time zone the event is held in.', value: (e) => e.timeZone ?? '' },
  { name: 'action_lines', description: 'WSIS action-line codes.', value: (e) => join(e.actionLines) },
  {
    name: 'action_line_labels',
    description: 'The action lines, labelled.',
    value: (e, c) => join(e.actionLines.map((v) => facetValueLabel(c.taxonomy, 'actionLine', v, c.locale))),
  },
  { name: 'sdgs', description: 'Sustainable Development Goals and targets (“4”, “4.a”).', value: (e) => join(e.sdgs) },
  {
    name: 'sdg_labels',
    description: 'The goals and targets, labelled.',
    value: (e, c) => join(e.sdgs.map((v) => facetValueLabel(c.taxonomy, 'sdg', v, c.locale))),
  },
  { name: 'issues', description: 'Digital policy issues (Digital Watch taxonomy slugs).', value: (e) => join(e.issues) },
  {
    name: 'issue_labels',
    description: 'The issues, labelled.',
    value: (e, c) => join(e.issues.map((v) => facetValueLabel(c.taxonomy, 'issue', v, c.locale))),
  },
  { name: 'countries', description: 'ISO 3166-1 alpha-2 country codes.', value: (e) => join(e.countries) },
  {
    name: 'country_labels',
    description: 'The countries, named.',
    value: (e, c) => join(e.countries.map((v) => facetValueLabel(c.taxonomy, 'country', v, c.locale))),
  },
  { name: 'regions', description: 'Region codes (UN M49 numbers, ITU regions).', value: (e) => join(e.regions) },
  {
    name: 'region_labels',
    description: 'The regions, named.',
    value: (e, c) => join(e.regions.map((v) => facetValueLabel(c.taxonomy, 'region', v, c.locale))),
  },
  { name: 'target_groups', description: 'Target-group codes.', value: (e) => join(e.targetGroups) },
  {
    name: 'target_group_labels',
    description: 'The target groups, labelled.',
    value: (e, c) => join(e.targetGroups.map((v) => c.taxonomy.label('target-group', v, c.locale))),
  },
  {
    name: 'organisations',
    description: 'The organisations’ names, lead first as entered.',
    value: (e) => join(e.organisations.map((o) => o.name)),
    text: true,
  },
  {
    name: 'organisation_roles',
    description: 'Each organisation’s role (lead, partner), in the same order.',
    value: (e) => join(e.organisations.map((o) => o.role)),
  },
  {
    name: 'stakeholder_types',
    description: 'Each organisation’s stakeholder-type code, in the same order.',
    value: (e) => join(e.organisations.map((o) => o.stakeholderType)),
  },
  {
    name: 'stakeholder_type_labels',
    description: 'The stakeholder types, labelled, in the same order.',
    value: (e, c) => join(e.organisations.map((o) => facetValueLabel(c.taxonomy, 'stakeholder', o.stakeholderType, c.locale))),
  },
  { name: 'links', description: 'The entry’s links (URLs).', value: (e) => join(e.links.map((l) => l.url)), text: true },
  {
    name: 'details_json',
    description: 'Actors, publications, events and stories: the kind’s own fields, as JSON.',
    value: (e) => (e.details ? JSON.stringify(e.details) : ''),
    text: true,
  },
  { name: 'created_at', description: 'When the entry was created (UTC).', value: (e) => e.createdAt },
  { name: 'updated_at', description: 'When it last changed (UTC).', value: (e) => e.updatedAt },
  { name: 'published_at', description: 'When it was published (UTC).', value: (e) => e.publishedAt ?? '' },
  { name: 'last_confirmed_at', description: 'When its publisher last confirmed it is current.', value: (e) => e.lastConfirmedAt ?? '' },
];

/**
 * A value a spreadsheet would run as a formula (=, +, -, @, tab, carriage return first) gets an
 * apostrophe in front — the usual defence against formula injection through CSV. Only free-text
 * columns are guarded: codes, dates and URLs never start so.
 */
export function spreadsheetSafe(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** One entry's cells, in column order (raw: the XLSX writer stores them as text cells, never formulas). */
export function rowValues(e: PublicEntry, ctx: LabelContext): string[] {
  return EXPORT_COLUMNS.map((c) => c.value(e, ctx));
}

/** RFC 4180: a field with a comma, a quote or a line break is quoted, its quotes doubled. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function csvHeader(): string {
  return EXPORT_COLUMNS.map((c) => c.name).join(',');
}

/** One CSV record (without its line break). */
export function csvRow(e: PublicEntry, ctx: LabelContext): string {
  return EXPORT_COLUMNS.map((c) => {
    const v = c.value(e, ctx);
    return csvField(c.text ? spreadsheetSafe(v) : v);
  }).join(',');
}
