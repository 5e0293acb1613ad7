import { LOCALES, type Locale } from '../../i18n/locales';
import type { ErrorDetail } from '../../lib/errors';
import { ENTRY_KINDS, type EntryKind } from '../entries/entries';
import { kindDetailProblems } from '../entries/entries.rules';
import { KINDS } from '../entries/kinds';
import { STEP_IDS as ALL_STEP_IDS, type FieldRule, type FieldRules, type RuledField, type Step, type StepId } from '../entries/kinds/kind';
import type { DraftData } from './submissions.schemas';

/** Each kind's questionnaire: its steps, in order, and the fields each one asks for (from its descriptor). */
export const KIND_STEPS = Object.fromEntries(ENTRY_KINDS.map((k) => [k, KINDS[k].steps])) as Record<EntryKind, readonly Step[]>;
/** The activity questionnaire's steps (the first kind's, kept under its old name). */
export const STEPS = KIND_STEPS.activity;
export type { StepId, FieldRule, RuledField } from '../entries/kinds/kind';
/** Every step id any kind's questionnaire has. */
export const STEP_IDS: StepId[] = [...ALL_STEP_IDS];

/** The steps of a kind's questionnaire. */
export const stepsOf = (kind: EntryKind): readonly Step[] => KINDS[kind].steps;

/**
 * Submission rules, as data, for each kind (from its descriptor): the questionnaire shows them beside
 * each field, the same check runs on the JSON API and at submission. Drafts are saved whatever they
 * hold (within size limits).
 */
export const KIND_RULES = Object.fromEntries(ENTRY_KINDS.map((k) => [k, KINDS[k].fieldRules])) as Record<EntryKind, FieldRules>;
export const ACTIVITY_RULES = KIND_RULES.activity;

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

/**
 * Which step a field is asked on (to link an error or a curator's comment to its place): the step that
 * asks for the longest part of its path (`actor.issues.2.narrative` is on the step asking `actor.issues`).
 */
export function stepOf(field: string, kind: EntryKind = 'activity'): StepId {
  const path = field.startsWith('translations.') ? 'translations' : field.startsWith('contact.') ? 'contactEmail' : field;
  let best: { id: StepId; length: number } | null = null;
  for (const step of stepsOf(kind)) {
    for (const asked of step.fields) {
      if ((path === asked || path.startsWith(`${asked}.`)) && asked.length > (best?.length ?? 0)) best = { id: step.id, length: asked.length };
    }
  }
  return best?.id ?? 'about';
}
