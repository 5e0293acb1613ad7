import { LOCALES, type Locale } from '../../i18n/locales';
import type { ErrorDetail } from '../../lib/errors';
import type { EntryKind } from '../entries/entries';
import { kindDetailProblems } from '../entries/entries.rules';
import type { DraftData } from './submissions.schemas';

const about = { id: 'about', fields: ['originalLanguage', 'title', 'summary', 'description'] } as const;
const themes = { id: 'themes', fields: ['actionLines', 'sdgs', 'issues'] } as const;
const organisations = { id: 'organisations', fields: ['organisations'] } as const;
const links = { id: 'links', fields: ['links', 'contactName', 'contactEmail', 'contactPhone'] } as const;
const languages = { id: 'languages', fields: ['translations'] } as const;
const where = { id: 'where', fields: ['countries', 'regions'] } as const;

/** Each kind's questionnaire: its steps, in order, and the fields each one asks for. */
export const KIND_STEPS = {
  activity: [
    { id: 'about', fields: [...about.fields, 'activityType', 'status', 'startDate', 'endDate'] },
    { id: 'where', fields: ['scope', 'countries', 'regions', 'targetGroups'] },
    themes,
    organisations,
    links,
    languages,
  ],
  actor: [about, { id: 'details', fields: ['actor'] }, { id: 'issues', fields: ['actorIssues'] }, where, themes, links, languages],
  publication: [about, { id: 'details', fields: ['publication'] }, { id: 'file', fields: ['publication.fileIds'] }, where, themes, organisations, links, languages],
  event: [about, { id: 'details', fields: ['event'] }, where, themes, organisations, links, languages],
  story: [about, { id: 'details', fields: ['story'] }, where, themes, organisations, links, languages],
} as const satisfies Record<EntryKind, ReadonlyArray<{ id: string; fields: readonly string[] }>>;
export type StepId = (typeof KIND_STEPS)[EntryKind][number]['id'];
/** The activity questionnaire's steps (the first kind's, kept under its old name). */
export const STEPS = KIND_STEPS.activity;
export const STEP_IDS = [...new Set(Object.values(KIND_STEPS).flatMap((steps) => steps.map((s) => s.id)))] as StepId[];

/** The steps of a kind's questionnaire. */
export const stepsOf = (kind: EntryKind): ReadonlyArray<{ id: StepId; fields: readonly string[] }> => KIND_STEPS[kind];

export interface FieldRule {
  required?: boolean;
  minWords?: number;
  maxWords?: number;
  minItems?: number;
}

/**
 * Submission rules, as data: the questionnaire shows them beside each field, the same check runs on
 * the JSON API and at submission. Drafts are saved whatever they hold (within size limits).
 */
export const ACTIVITY_RULES = {
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
} as const satisfies Record<string, FieldRule>;
export type RuledField = keyof typeof ACTIVITY_RULES;

/** Rules of every kind; the other kinds ask for shorter summaries and no activity type. */
export const KIND_RULES: Record<EntryKind, Partial<Record<RuledField, FieldRule>>> = {
  activity: ACTIVITY_RULES,
  actor: { originalLanguage: { required: true }, title: { required: true, maxWords: 30 }, summary: { required: true, minWords: 10, maxWords: 200 }, description: { maxWords: 5000 } },
  publication: { originalLanguage: { required: true }, title: { required: true, maxWords: 40 }, summary: { required: true, minWords: 20, maxWords: 300 }, description: { maxWords: 2000 }, actionLines: { required: true, minItems: 1 } },
  event: { originalLanguage: { required: true }, title: { required: true, maxWords: 30 }, summary: { required: true, minWords: 10, maxWords: 200 }, description: { maxWords: 2000 }, actionLines: { required: true, minItems: 1 } },
  story: { originalLanguage: { required: true }, title: { required: true, maxWords: 30 }, summary: { required: true, minWords: 20, maxWords: 200 }, description: { required: true, minWords: 50, maxWords: 3000 }, actionLines: { required: true, minItems: 1 } },
};


const segmenters = new Map<string, Intl.Segmenter>();

/** Counts words the way a reader would, in any script (ICU word boundaries; Chinese words, not characters). */
export function countWords(text: string, locale: string = 'en'): number {
  let segmenter = segmenters.get(locale);
  if (!segmenter) {
    segmenter = new Intl.Segmenter(locale, { granularity: 'word' });
    segmenters.set(locale, segmenter);
  }
  let n = 0;
  for (const s of segmenter.segment(text)) if (s.isWordLike) n += 1;
  return n;
}

function valueOf(data: DraftData, field: RuledField, language: Locale | undefined): unknown {
  const text = language ? data.translations[language] : undefined;
  switch (field) {
    case 'title':
    case 'summary':
    case 'description':
      return text?.[field] ?? '';
    case 'contactEmail':
      return data.contact?.email ?? '';
    default:
      return data[field];
  }
}

function checkOne(field: string, rule: FieldRule, value: unknown, language: string): ErrorDetail[] {
  const empty = value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
  if (empty) return rule.required ? [{ field, code: 'required' }] : [];
  if (Array.isArray(value) && rule.minItems && value.length < rule.minItems) return [{ field, code: 'too_few_items', params: { min: rule.minItems } }];
  if (typeof value === 'string') {
    const words = countWords(value, language);
    if (rule.minWords && words < rule.minWords) return [{ field, code: 'too_few_words', params: { min: rule.minWords, count: words } }];
    if (rule.maxWords && words > rule.maxWords) return [{ field, code: 'too_many_words', params: { max: rule.maxWords, count: words } }];
  }
  return [];
}

/**
 * Every rule broken by a draft, field by field. Text rules apply to the original language version and
 * to each further version that has been started (a version with only a title is incomplete).
 */
export function checkRules(data: DraftData): ErrorDetail[] {
  const details: ErrorDetail[] = [];
  const original = data.originalLanguage;
  const rules = KIND_RULES[data.kind];
  for (const [field, rule] of Object.entries(rules) as Array<[RuledField, FieldRule]>) {
    if (field === 'title' || field === 'summary' || field === 'description') continue;
    details.push(...checkOne(field, rule, valueOf(data, field, original), original ?? 'en'));
  }
  const languages = new Set<Locale>(original ? [original] : []);
  for (const l of LOCALES) {
    const t = data.translations[l];
    if (t && (t.title || t.summary || t.description)) languages.add(l);
  }
  for (const language of languages) {
    for (const field of ['title', 'summary', 'description'] as const) {
      const path = language === original ? field : `translations.${language}.${field}`;
      const rule = rules[field];
      if (rule) details.push(...checkOne(path, rule, valueOf(data, field, language), language));
    }
  }
  if (data.startDate && data.endDate && data.endDate < data.startDate) details.push({ field: 'endDate', code: 'end_before_start' });
  details.push(...kindDetailProblems(data.kind, data, { links: data.links.length }));
  return details;
}

/** Which step a field is asked on (to link an error or a curator's comment to its place). */
export function stepOf(field: string, kind: EntryKind = 'activity'): StepId {
  if (field === 'publication.fileIds') return 'file';
  if (field.startsWith('actor.issues')) return 'issues';
  const root = field.startsWith('translations.') ? 'translations' : field.split('.')[0]!;
  const contact = root === 'contact' ? 'contactEmail' : root;
  return stepsOf(kind).find((s) => s.fields.includes(contact))?.id ?? 'about';
}
