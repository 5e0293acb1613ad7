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
  /**
   * A label column: its codes (the only part that depends on the entry) and each code's label in the
   * export's language. Stored cells hold the codes, joined; the labels are looked up when a file is written.
   */
  labels?: { codes(e: PublicEntry): string[]; label(code: string, ctx: LabelContext): string };
  /** The cell is JSON text (a stored cell's base-URL marks are inside it). */
  json?: true;
  /** A whole number: a number cell in the XLSX file (text in the CSV, as every column). */
  numeric?: true;
}

const join = (values: readonly string[]) => values.join(MULTI_VALUE_SEPARATOR);

/** A column of labels: the codes `codes` gives, each labelled. */
function labelled(name: string, description: string, codes: (e: PublicEntry) => string[], label: (code: string, ctx: LabelContext) => string): ExportColumn {
  return { name, description, value: (e, c) => join(codes(e).map((v) => label(v, c))), labels: { codes, label } };
}
const ownCodes = (field: 'activityType' | 'status') => (e: PublicEntry) => (own(e, field) ? [own(e, field)] : []);
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
  { name: 'id', description: 'The entry’s number in the register.', value: (e) => String(e.id), numeric: true },
  { name: 'kind', description: 'activity, actor, publication, event or story.', value: (e) => e.kind },
  labelled(
    'kind_label',
    'The kind, in the export’s language.',
    (e) => [e.kind],
    (v, c) => facetValueLabel(c.taxonomy, 'kind', v, c.locale),
  ),
  { name: 'url', description: 'The entry’s page, in its original language.', value: (e) => e.url },
  { name: 'external_id', description: 'The identifier the publisher gave the entry, if any.', value: (e) => e.externalId ?? '', text: true },
  { name: 'original_language', description: 'The language the entry was written in (ISO 639-1).', value: (e) => e.originalLanguage },
  { name: 'languages', description: 'Every language the entry is available in.', value: (e) => join(e.languages) },
  ...perLanguage('title'),
  ...perLanguage('summary'),
  { name: 'activity_type', description: 'Activities: the activity-type code.', value: (e) => own(e, 'activityType') },
  labelled('activity_type_label', 'Activities: the type, labelled.', ownCodes('activityType'), (v, c) => facetValueLabel(c.taxonomy, 'type', v, c.locale)),
  { name: 'status', description: 'Activities: planned, ongoing or completed.', value: (e) => own(e, 'status') },
  labelled('status_label', 'Activities: the status, labelled.', ownCodes('status'), (v, c) => facetValueLabel(c.taxonomy, 'status', v, c.locale)),
  { name: 'scope', description: 'Activities: local, national, regional or international.', value: (e) => own(e, 'scope') },
  { name: 'start_date', description: 'The start date (ISO 8601), when known.', value: (e) => e.startDate ?? '' },
  { name: 'end_date', description: 'The end date (ISO 8601), when known.', value: (e) => e.endDate ?? '' },
  { name: 'starts_at', description: 'Events: the start as an instant (UTC).', value: (e) => e.startsAt ?? '' },
  { name: 'ends_at', description: 'Events: the end as an instant (UTC).', value: (e) => e.endsAt ?? '' },
  { name: 'time_zone', description: 'Events: the IANA time zone the event is held in.', value: (e) => e.timeZone ?? '' },
  { name: 'action_lines', description: 'WSIS action-line codes.', value: (e) => join(e.actionLines) },
  labelled(
    'action_line_labels',
    'The action lines, labelled.',
    (e) => e.actionLines,
    (v, c) => facetValueLabel(c.taxonomy, 'actionLine', v, c.locale),
  ),
  { name: 'sdgs', description: 'Sustainable Development Goals and targets (“4”, “4.a”).', value: (e) => join(e.sdgs) },
  labelled(
    'sdg_labels',
    'The goals and targets, labelled.',
    (e) => e.sdgs,
    (v, c) => facetValueLabel(c.taxonomy, 'sdg', v, c.locale),
  ),
  { name: 'issues', description: 'Digital policy issues (Digital Watch taxonomy slugs).', value: (e) => join(e.issues) },
  labelled(
    'issue_labels',
    'The issues, labelled.',
    (e) => e.issues,
    (v, c) => facetValueLabel(c.taxonomy, 'issue', v, c.locale),
  ),
  { name: 'countries', description: 'ISO 3166-1 alpha-2 country codes.', value: (e) => join(e.countries) },
  labelled(
    'country_labels',
    'The countries, named.',
    (e) => e.countries,
    (v, c) => facetValueLabel(c.taxonomy, 'country', v, c.locale),
  ),
  { name: 'regions', description: 'Region codes (UN M49 numbers, ITU regions).', value: (e) => join(e.regions) },
  labelled(
    'region_labels',
    'The regions, named.',
    (e) => e.regions,
    (v, c) => facetValueLabel(c.taxonomy, 'region', v, c.locale),
  ),
  { name: 'target_groups', description: 'Target-group codes.', value: (e) => join(e.targetGroups) },
  labelled(
    'target_group_labels',
    'The target groups, labelled.',
    (e) => e.targetGroups,
    (v, c) => c.taxonomy.label('target-group', v, c.locale),
  ),
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
  labelled(
    'stakeholder_type_labels',
    'The stakeholder types, labelled, in the same order.',
    (e) => e.organisations.map((o) => o.stakeholderType),
    (v, c) => facetValueLabel(c.taxonomy, 'stakeholder', v, c.locale),
  ),
  { name: 'links', description: 'The entry’s links (URLs).', value: (e) => join(e.links.map((l) => l.url)), text: true },
  {
    name: 'details_json',
    description: 'Actors, publications, events and stories: the kind’s own fields, as JSON.',
    value: (e) => (e.details ? JSON.stringify(e.details) : ''),
    text: true,
    json: true,
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

/** One entry's cells, in column order (raw: the XLSX writer stores them as text or number cells, never formulas). */
export function rowValues(e: PublicEntry, ctx: LabelContext): string[] {
  return EXPORT_COLUMNS.map((c) => c.value(e, ctx));
}

/**
 * One entry's cells as stored with its export record: every column's value, but a label column holds its
 * codes (joined) instead of labels — the cells depend on no language.
 */
export function storedCells(e: PublicEntry): string[] {
  // Label columns never read the context; the others ignore it.
  const none = undefined as unknown as LabelContext;
  return EXPORT_COLUMNS.map((c) => (c.labels ? join(c.labels.codes(e)) : c.value(e, none)));
}

/**
 * Turns stored cells into a row in a language: each label column's codes labelled. Labels are kept per
 * writer (`memo`), since a file repeats a few hundred codes over and over. Changes `cells` in place.
 */
export function labelCells(cells: string[], ctx: LabelContext, memo: Map<string, string>): string[] {
  for (const i of LABEL_COLUMNS) {
    const codes = cells[i]!;
    if (codes === '') continue;
    const { label } = EXPORT_COLUMNS[i]!.labels!;
    cells[i] = codes
      .split(MULTI_VALUE_SEPARATOR)
      .map((code) => {
        const key = `${i} ${code}`;
        let l = memo.get(key);
        if (l === undefined) memo.set(key, (l = label(code, ctx)));
        return l;
      })
      .join(MULTI_VALUE_SEPARATOR);
  }
  return cells;
}

const LABEL_COLUMNS = EXPORT_COLUMNS.flatMap((c, i) => (c.labels ? [i] : []));
/** Columns of JSON text: their stored cells carry base-URL marks of their own. */
export const JSON_COLUMNS = EXPORT_COLUMNS.flatMap((c, i) => (c.json ? [i] : []));
const TEXT_COLUMN = EXPORT_COLUMNS.map((c) => c.text === true);

/** RFC 4180: a field with a comma, a quote or a line break is quoted, its quotes doubled. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function csvHeader(): string {
  return EXPORT_COLUMNS.map((c) => c.name).join(',');
}

/** One CSV record (without its line break). */
export function csvRow(e: PublicEntry, ctx: LabelContext): string {
  return csvRecord(rowValues(e, ctx));
}

/** One CSV record of a row's cells in column order (without its line break); free text disarmed. */
export function csvRecord(cells: readonly string[]): string {
  let line = '';
  for (let i = 0; i < cells.length; i++) {
    const v = cells[i]!;
    line += (i ? ',' : '') + csvField(TEXT_COLUMN[i] ? spreadsheetSafe(v) : v);
  }
  return line;
}
