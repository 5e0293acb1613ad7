/**
 * An entry's fields as a person reads them: each field path (`translations.fr.title`, `actor.issues.0.alias`)
 * named by its label, and each code (`c7-e-agriculture`, `civil-society`, `KE`) by its label, in the
 * reader's language. The review page, the review mail and the history share it.
 */
import type { I18n, MessageKey } from '../../i18n/i18n';
import type { EntryKind } from '../entries/entries';
import { KINDS } from '../entries/kinds';
import { named, type ReviewField } from '../entries/kinds/kind';
import { flatten } from './revisions';
import type { DraftData } from './submissions.schemas';
import { qualifiedRegionLabel } from '../taxonomy/region-labels';
import type { Taxonomy, VocabularyName } from '../taxonomy/taxonomy';

/** The draft's lists of codes and the vocabulary naming them (regions apart: each says its scheme). */
const LIST_VOCABULARIES = {
  countries: 'country',
  actionLines: 'action-line',
  sdgs: 'sdg',
  targetGroups: 'target-group',
  issues: 'digital-policy-issue',
} as const satisfies Partial<Record<keyof DraftData, VocabularyName>>;

/** The draft's single codes and the vocabulary naming them. */
const CODE_VOCABULARIES = { activityType: 'activity-type', status: 'activity-status', scope: 'scope' } as const satisfies Partial<
  Record<keyof DraftData, VocabularyName>
>;

/** The parts of a group's rows (an actor's issues, its channels, its point on the map) and their labels. */
const PART_LABELS: Record<string, MessageKey> = {
  issue: 'field.actorIssues',
  alias: 'field.issueAlias',
  narrative: 'field.issueNarrative',
  network: 'wording.part.network',
  handle: 'wording.part.handle',
  url: 'wording.part.url',
  lat: 'field.latitude',
  lon: 'field.longitude',
};

/** Every field of a kind and its label's key: the shared ones, then the kind's own (its descriptor's review fields). */
function labelledFields(kind: EntryKind): ReviewField[] {
  return [
    ['title', KINDS[kind].wording.title],
    ...named('originalLanguage', 'summary', 'description', 'activityType', 'status', 'scope', 'startDate', 'endDate', 'targetGroups'),
    ['contact.name', 'field.contactName'],
    ['contact.email', 'field.contactEmail'],
    ['contact.phone', 'field.contactPhone'],
    ...KINDS[kind].reviewFields,
  ];
}

/** The label of a field path, in the reader's language (never the path itself, unless nothing names it). */
export function fieldLabel(path: string, kind: EntryKind, i18n: I18n): string {
  const { t } = i18n;
  const fields = labelledFields(kind);
  const version = /^translations\.([a-z]{2})\.(title|summary|description)$/.exec(path);
  if (version) return `${fieldLabel(version[2]!, kind, i18n)} (${i18n.languageName(version[1]!)})`;
  const exact = fields.find(([f]) => f === path);
  if (exact) return t(exact[1]);
  const group = fields.filter(([f]) => path.startsWith(`${f}.`)).sort((a, b) => b[0].length - a[0].length)[0];
  if (!group) return path;
  const rest = path.slice(group[0].length + 1).split('.');
  const words = [t(group[1])];
  for (const part of rest) {
    if (/^\d+$/.test(part)) words.push(i18n.number(Number(part) + 1));
    else if (PART_LABELS[part]) words.push(`– ${t(PART_LABELS[part])}`);
    else if (/^[a-z]{2}$/.test(part)) words.push(`(${i18n.languageName(part)})`);
  }
  return words.join(' ');
}

/**
 * The draft as `flatten` gives it (the same keys, so diffs line up) with every code replaced by its label
 * and every list joined as the reader's language joins lists.
 */
export function labelledFlat(data: DraftData, taxonomy: Taxonomy, i18n: I18n): Record<string, string> {
  const { t, locale } = i18n;
  const out = flatten(data);
  const set = (key: string, value: string) => {
    if (out[key] !== undefined) out[key] = value;
  };
  for (const [key, vocabulary] of Object.entries(LIST_VOCABULARIES) as Array<[keyof typeof LIST_VOCABULARIES, VocabularyName]>) {
    set(key, i18n.list(data[key].map((code) => taxonomy.label(vocabulary, code, locale)).sort((a, b) => a.localeCompare(b, locale))));
  }
  // A region listed alone says whether it is the UN's (M49) or the ITU's: both have an "Africa" and a "Europe".
  set('regions', i18n.list(data.regions.map((code) => qualifiedRegionLabel(taxonomy, code, i18n)).sort((a, b) => a.localeCompare(b, locale))));
  for (const [key, vocabulary] of Object.entries(CODE_VOCABULARIES) as Array<[keyof typeof CODE_VOCABULARIES, VocabularyName]>) {
    const code = data[key];
    if (code) set(key, taxonomy.label(vocabulary, code, locale));
  }
  if (data.originalLanguage) set('originalLanguage', i18n.languageName(data.originalLanguage));
  const roles = KINDS[data.kind].roleLabels;
  set(
    'organisations',
    data.organisations.map((o) => `${o.name} (${i18n.list([t(roles[o.role]), taxonomy.label('stakeholder-type', o.stakeholderType, locale)])})`).join('\n'),
  );
  for (const [key, value] of Object.entries(out)) {
    if (key === 'actor.stakeholderType') out[key] = taxonomy.label('stakeholder-type', value, locale);
    else if (/^actor\.issues\.\d+\.issue$/.test(key)) out[key] = taxonomy.label('digital-policy-issue', value, locale);
    else if (key === 'event.mode') out[key] = t(`mode.${value}` as MessageKey);
    else if (key === 'publication.language') out[key] = i18n.languageName(value);
    else if (value === 'true' || value === 'false') out[key] = t(value === 'true' ? 'wording.yes' : 'wording.no');
  }
  return out;
}

/** A field's value for a reader: the field itself, or, for a group, each of its parts on a line of its own with its label. */
export function fieldValue(flat: Record<string, string>, field: string, kind: EntryKind, i18n: I18n): string {
  if (flat[field] !== undefined) return flat[field] ?? '';
  return Object.entries(flat)
    .filter(([k]) => k.startsWith(`${field}.`))
    .map(([k, v]) => `${fieldLabel(k, kind, i18n)}: ${v}`)
    .join('\n');
}
