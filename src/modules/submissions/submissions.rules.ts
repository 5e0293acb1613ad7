import { LOCALES, type Locale } from '../../i18n/locales';
import type { ErrorDetail } from '../../lib/errors';
import type { DraftData } from './submissions.schemas';

/** The questionnaire's steps, in order, and the fields each one asks for. */
export const STEPS = [
  { id: 'about', fields: ['originalLanguage', 'title', 'summary', 'description', 'activityType', 'status', 'startDate', 'endDate'] },
  { id: 'where', fields: ['scope', 'countries', 'regions', 'targetGroups'] },
  { id: 'themes', fields: ['actionLines', 'sdgs'] },
  { id: 'organisations', fields: ['organisations'] },
  { id: 'links', fields: ['links', 'contactName', 'contactEmail', 'contactPhone'] },
  { id: 'languages', fields: ['translations'] },
] as const;
export type StepId = (typeof STEPS)[number]['id'];
export const STEP_IDS = STEPS.map((s) => s.id) as StepId[];

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
export const FIELD_RULES = {
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
export type RuledField = keyof typeof FIELD_RULES;

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
  for (const [field, rule] of Object.entries(FIELD_RULES) as Array<[RuledField, FieldRule]>) {
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
      details.push(...checkOne(path, FIELD_RULES[field], valueOf(data, field, language), language));
    }
  }
  if (data.startDate && data.endDate && data.endDate < data.startDate) details.push({ field: 'endDate', code: 'end_before_start' });
  return details;
}

/** Which step a field is asked on (to link an error or a curator's comment to its place). */
export function stepOf(field: string): StepId {
  const root = field.startsWith('translations.') ? 'translations' : field.split('.')[0]!;
  const contact = root === 'contact' ? 'contactEmail' : root;
  return STEPS.find((s) => (s.fields as readonly string[]).includes(contact))?.id ?? 'about';
}
