import { z } from 'zod';
import type { ErrorDetail } from '../../lib/errors';
import type { PhaseNow } from './prizes';

/**
 * The published criteria the jury scores each top-five nomination on, as data: each is a whole number
 * from SCORE_MIN to SCORE_MAX. Their names and explanations are catalog messages
 * (`prizes.jury.criterion.<code>`, `prizes.jury.criterionHint.<code>`) in the six languages.
 */
export const CRITERIA = ['impact', 'sustainability', 'replicability', 'linkage'] as const;
export type Criterion = (typeof CRITERIA)[number];
export const SCORE_MIN = 1;
export const SCORE_MAX = 10;

/** The awards a curator confirms per category: one winner, up to four champions. */
export const AWARDS = ['winner', 'champion'] as const;
export type Award = (typeof AWARDS)[number];
export const MAX_CHAMPIONS = 4;

const score = z
  .string()
  .trim()
  .refine((s) => /^[0-9]{1,2}$/.test(s) && Number(s) >= SCORE_MIN && Number(s) <= SCORE_MAX, {
    message: 'prize_score_range',
    params: { min: SCORE_MIN, max: SCORE_MAX },
  })
  .transform(Number);

/** One juror's score sheet for one nomination: every criterion, each 1–10. */
export const scoreSheetSchema = z.object(Object.fromEntries(CRITERIA.map((c) => [c, score])) as Record<Criterion, typeof score>).strict();
export type ScoreSheet = z.output<typeof scoreSheetSchema>;

/** A juror's declaration about a nomination: a conflict of interest, or none. */
export const declarationSchema = z.object({ conflict: z.enum(['yes', 'no']) }).strict();

/** A curator's choice for one nomination of a category. */
export const awardChoiceSchema = z.enum(['none', ...AWARDS]);

/** Jurors see the top five once voting has closed; they score only during the selection phase. */
export const juryCanSee = (phase: PhaseNow) => phase === 'selection' || phase === 'announcement';
export const juryCanScore = (phase: PhaseNow) => phase === 'selection';

/**
 * What is wrong with a category's confirmed awards: exactly one winner, at most four champions, each
 * nomination once and every one among the category's top five. Field names are `award.<nominationId>`.
 */
export function awardProblems(topFive: readonly number[], picks: ReadonlyArray<{ nominationId: number; award: Award }>): ErrorDetail[] {
  const out: ErrorDetail[] = [];
  const seen = new Set<number>();
  for (const p of picks) {
    if (seen.has(p.nominationId)) out.push({ field: `award.${p.nominationId}`, code: 'prize_award_twice' });
    seen.add(p.nominationId);
    if (!topFive.includes(p.nominationId)) out.push({ field: `award.${p.nominationId}`, code: 'prize_award_not_top_five' });
  }
  const winners = picks.filter((p) => p.award === 'winner');
  if (winners.length === 0) out.push({ field: 'award', code: 'prize_award_no_winner' });
  for (const w of winners.slice(1)) out.push({ field: `award.${w.nominationId}`, code: 'prize_award_second_winner' });
  const champions = picks.filter((p) => p.award === 'champion');
  for (const c of champions.slice(MAX_CHAMPIONS))
    out.push({ field: `award.${c.nominationId}`, code: 'prize_award_too_many_champions', params: { max: MAX_CHAMPIONS } });
  return out;
}

export interface JuryAverage {
  /** How many jurors scored it. */
  count: number;
  /** Mean per criterion (null when nobody scored). */
  byCriterion: Record<Criterion, number | null>;
  /** Mean of the jurors' totals over all criteria (null when nobody scored). */
  overall: number | null;
}

/** The jury's averages over a nomination's score sheets. */
export function juryAverage(sheets: ReadonlyArray<Record<string, number>>): JuryAverage {
  const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);
  const byCriterion = Object.fromEntries(CRITERIA.map((c) => [c, mean(sheets.map((s) => s[c]).filter((v): v is number => typeof v === 'number'))])) as Record<
    Criterion,
    number | null
  >;
  const totals = sheets.map((s) => CRITERIA.reduce((sum, c) => sum + (s[c] ?? 0), 0) / CRITERIA.length);
  return { count: sheets.length, byCriterion, overall: mean(totals) };
}
