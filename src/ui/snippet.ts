import type { Locale } from '../i18n/locales';
import { analyseWord } from '../modules/search/analyser';

const WINDOW_WORDS = 32;

/**
 * The passage of a result to show: the summary when it holds a matched word (or nothing matched),
 * else the window of the description with the most matched words, with ellipses where it is cut.
 */
export function snippetOf(summary: string, description: string, locale: Locale, terms: ReadonlySet<string>): string {
  if (terms.size === 0) return summary;
  const hits = (text: string) => {
    const words = text.split(/(\s+)/u);
    return words.map((w) => (/\S/u.test(w) && analyseWord(w, locale).some((t) => terms.has(t)) ? 1 : 0));
  };
  if (hits(summary).some(Boolean) || !description) return summary;
  const parts = description.split(/(\s+)/u);
  const marks = hits(description);
  let best = -1;
  let bestScore = 0;
  for (let i = 0; i < parts.length; i += 2) {
    let score = 0;
    for (let j = i; j < Math.min(parts.length, i + WINDOW_WORDS * 2); j++) score += marks[j] ?? 0;
    if (score > bestScore) {
      bestScore = score;
      best = i;
    }
  }
  if (best < 0) return summary;
  // Start a few words before the window's first match, so it reads in context.
  let first = best;
  while (first < parts.length && !marks[first]) first++;
  const start = Math.max(0, first - 16);
  const end = Math.min(parts.length, start + WINDOW_WORDS * 2);
  const text = parts.slice(start, end).join('').trim();
  return `${start > 0 ? '… ' : ''}${text}${end < parts.length ? ' …' : ''}`;
}
