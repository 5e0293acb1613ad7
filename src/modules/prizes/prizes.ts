import { z } from 'zod';
import { LOCALES } from '../../i18n/locales';
import type { ErrorDetail } from '../../lib/errors';
import { countWords } from '../submissions/submissions.rules';
import actionLineFile from '../taxonomy/data/action-lines.json' with { type: 'json' };

/** The contest's phases in order; each lasts from its start until the next one starts. */
export const PHASES = ['submission', 'screening', 'voting', 'selection', 'announcement'] as const;
export type Phase = (typeof PHASES)[number];
/** Before the submission phase starts. */
export type PhaseNow = Phase | 'upcoming';

/** The 18 categories of the real contest: the action lines, C7 replaced by its eight sub-lines — the vocabulary's leaves. */
export const DEFAULT_CATEGORIES: readonly string[] = actionLineFile.terms
  .filter((t) => !actionLineFile.terms.some((child) => child.parent === t.code))
  .map((t) => t.code);

/** The questionnaire's long answers, in the order the form asks them. */
export const ANSWER_FIELDS = ['description', 'linkage', 'impact', 'partners', 'challenges'] as const;
export type AnswerField = (typeof ANSWER_FIELDS)[number];

/** The prize questionnaire's rules as data: word bounds per answer and the languages answers may be written in. */
export const questionnaireRulesSchema = z
  .object({
    minWords: z.object(Object.fromEntries(ANSWER_FIELDS.map((f) => [f, z.number().int().min(0).max(2000)])) as Record<AnswerField, z.ZodNumber>),
    /** The short description shown to voters has an upper bound too. */
    descriptionMaxWords: z.number().int().min(1).max(2000),
    languages: z.array(z.enum(LOCALES)).min(1),
  })
  .strict();
export type QuestionnaireRules = z.output<typeof questionnaireRulesSchema>;

/** The real contest's rules: a 150–200-word description, English only. */
export const DEFAULT_QUESTIONNAIRE: QuestionnaireRules = {
  minWords: { description: 150, linkage: 50, impact: 50, partners: 10, challenges: 30 },
  descriptionMaxWords: 200,
  languages: ['en'],
};

/** A project may be nominated when it is completed or has reached a major phase. */
export const PROJECT_STATUSES = ['completed', 'major_phase', 'early'] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];

/** The phase at `now` given each phase's start. */
export function phaseAt(phases: Record<Phase, Date>, now: Date): PhaseNow {
  let current: PhaseNow = 'upcoming';
  for (const p of PHASES) if (phases[p].getTime() <= now.getTime()) current = p;
  return current;
}

/** Phases whose start is not after the previous one's, as error details on the later phase. */
export function phaseOrderProblems(phases: Record<Phase, Date>): ErrorDetail[] {
  const out: ErrorDetail[] = [];
  for (let i = 1; i < PHASES.length; i += 1) {
    if (phases[PHASES[i]!].getTime() <= phases[PHASES[i - 1]!].getTime()) out.push({ field: `phases.${PHASES[i]!}`, code: 'prize_phase_order' });
  }
  return out;
}

/** The answers' problems under the contest's rules: word counts (in the answer's language) and the language allowed. */
export function answerProblems(rules: QuestionnaireRules, answers: Record<AnswerField, string>, language: string): ErrorDetail[] {
  const out: ErrorDetail[] = [];
  if (!(rules.languages as string[]).includes(language)) out.push({ field: 'language', code: 'prize_language_not_allowed' });
  for (const f of ANSWER_FIELDS) {
    const words = countWords(answers[f], language);
    if (words < rules.minWords[f]) out.push({ field: f, code: 'prize_too_few_words', params: { min: rules.minWords[f], count: words } });
  }
  const words = countWords(answers.description, language);
  if (words > rules.descriptionMaxWords)
    out.push({ field: 'description', code: 'prize_too_many_words', params: { max: rules.descriptionMaxWords, count: words } });
  return out;
}

/** What identifies a project across nominations: its entry, else its organisation and folded title. */
export function projectKey(p: { entryId: number | null; organisationId: number; title: string }): string {
  if (p.entryId !== null) return `entry:${p.entryId}`;
  const folded = p.title
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
  return `org:${p.organisationId}:${folded}`;
}

export interface Tally {
  nominationId: number;
  category: string;
  votes: number;
}
export interface Ranked extends Tally {
  rank: number;
  /** Another nomination of the category has the same number of votes. */
  tied: boolean;
}

/**
 * The top five per category by votes, ranked 1, 2, 2, 4 (standard competition ranking). Every nomination
 * whose rank is at most five is kept, so a tie at the fifth place keeps all of its nominations and says so.
 */
export function topFive(tallies: readonly Tally[]): Map<string, Ranked[]> {
  const byCategory = new Map<string, Tally[]>();
  for (const t of tallies) byCategory.set(t.category, [...(byCategory.get(t.category) ?? []), t]);
  const out = new Map<string, Ranked[]>();
  for (const [category, list] of byCategory) {
    const sorted = [...list].sort((a, b) => b.votes - a.votes || a.nominationId - b.nominationId);
    const ranked: Ranked[] = [];
    sorted.forEach((t, i) => {
      const rank = i > 0 && sorted[i - 1]!.votes === t.votes ? ranked[i - 1]!.rank : i + 1;
      const tied = sorted.some((o) => o !== t && o.votes === t.votes);
      ranked.push({ ...t, rank, tied });
    });
    out.set(
      category,
      ranked.filter((r) => r.rank <= 5),
    );
  }
  return out;
}

export const NOMINATION_STATUSES = ['submitted', 'changes_requested', 'accepted', 'rejected', 'withdrawn'] as const;
export type NominationStatus = (typeof NOMINATION_STATUSES)[number];
