import type { MessageKey, MessageValues } from '../../i18n/i18n';
import { LOCALES, type Locale } from '../../i18n/locales';
import { EXPORT_COLUMNS } from '../exports/exports.columns';
import type { VocabularyName } from '../taxonomy/taxonomy';

/** One column of the CSV and XLSX files as the data page explains it. */
export interface DictionaryColumn {
  name: string;
  /** The catalog message that says what it holds, with its values (a per-language column names its language). */
  meaning: { key: MessageKey; values?: MessageValues & { language?: Locale } };
  /** The English description the export module gives, for a column the catalogs do not know yet. */
  fallback: string;
  /** The vocabulary its codes or labels come from (`/api/v1/vocabularies/{name}`). */
  vocabulary: VocabularyName | null;
}

/** Which vocabulary each coded column (and its labelled twin) draws on. */
const VOCABULARIES: Record<string, VocabularyName> = {
  activity_type: 'activity-type',
  activity_type_label: 'activity-type',
  status: 'activity-status',
  status_label: 'activity-status',
  scope: 'scope',
  action_lines: 'action-line',
  action_line_labels: 'action-line',
  sdgs: 'sdg',
  sdg_labels: 'sdg',
  issues: 'digital-policy-issue',
  issue_labels: 'digital-policy-issue',
  countries: 'country',
  country_labels: 'country',
  regions: 'region',
  region_labels: 'region',
  target_groups: 'target-group',
  target_group_labels: 'target-group',
  stakeholder_types: 'stakeholder-type',
  stakeholder_type_labels: 'stakeholder-type',
};

const PER_LANGUAGE = new RegExp(`^(title|summary)_(${LOCALES.join('|')})$`);

/** The catalog key that explains a column (a key the catalogs may lack for a column added later). */
export function meaningKey(name: string): DictionaryColumn['meaning'] {
  const m = PER_LANGUAGE.exec(name);
  if (m) return { key: `data.column.${m[1]}_lang` as MessageKey, values: { language: m[2] as Locale } };
  return { key: `data.column.${name}` as MessageKey };
}

/** Every export column, in file order, with its meaning and vocabulary. */
export function dataDictionary(): DictionaryColumn[] {
  return EXPORT_COLUMNS.map((c) => ({ name: c.name, meaning: meaningKey(c.name), fallback: c.description, vocabulary: VOCABULARIES[c.name] ?? null }));
}
