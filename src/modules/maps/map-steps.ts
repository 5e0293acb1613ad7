/** One class of the map: counts from `from` to `to`, both included. */
export interface MapStep {
  from: number;
  to: number;
}

/** The most classes a map shows: five lightness steps stay apart for every reader. */
export const MAX_STEPS = 5;

/** The smallest "nice" number (1, 2, 2.5 or 5 times a power of ten, or a whole number below 10) at or above n. */
export function niceCeil(n: number): number {
  if (n <= 10) return Math.ceil(n);
  const power = 10 ** Math.floor(Math.log10(n));
  for (const m of [1, 2, 2.5, 5, 10]) {
    const v = m * power;
    if (v >= n && Number.isInteger(v)) return v;
  }
  return 10 * power;
}

/**
 * Counts → at most `classes` contiguous steps covering 1…max (zero is "no entries", outside every step).
 * Up to `classes` distinct counts each get their own step; otherwise the upper bounds are quantiles of the
 * distinct counts, rounded up to nice numbers, so a legend reads "1–5, 6–10, 11–20…". Quantiles of the
 * distinct counts rather than of every country: registers hold many countries with one or two entries, and
 * plain quantiles would spend four steps on 1, 2, 3 and 4 and lump every larger country in the last.
 */
export function mapSteps(counts: Iterable<number>, classes = MAX_STEPS): MapStep[] {
  const distinct = [...new Set([...counts].filter((n) => Number.isFinite(n) && n > 0).map((n) => Math.floor(n)))].sort((a, b) => a - b);
  const max = distinct.at(-1);
  if (max === undefined || classes < 1) return [];
  if (distinct.length <= classes) return distinct.map((v, i) => ({ from: i === 0 ? 1 : distinct[i - 1]! + 1, to: v }));
  const bounds: number[] = [];
  for (let k = 1; k < classes; k++) {
    const q = distinct[Math.floor((k * distinct.length) / classes) - 1]!;
    const nice = Math.min(niceCeil(q), max);
    if (nice < max && nice > (bounds.at(-1) ?? 0)) bounds.push(nice);
  }
  bounds.push(max);
  return bounds.map((to, i) => ({ from: i === 0 ? 1 : bounds[i - 1]! + 1, to }));
}

/** The step (1-based) a count falls in, 0 for no entries (or a count beyond the steps). */
export function stepOf(count: number, steps: readonly MapStep[]): number {
  if (count <= 0) return 0;
  const i = steps.findIndex((s) => count >= s.from && count <= s.to);
  return i + 1;
}
