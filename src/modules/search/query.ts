import { analyseQueryText, isStopword, queryTokens, type QueryWord } from './analyser';

/** Limits that keep any query cheap: longer input is cut, never an error. */
export const MAX_QUERY_WORDS = 32;

export type QueryClause = { kind: 'word'; word: QueryWord } | { kind: 'phrase'; words: QueryWord[] };

export interface ParsedQuery {
  must: QueryClause[];
  not: QueryClause[];
  /** Every analysed variant of the positive words, for highlighting. */
  highlightTerms: Set<string>;
  /** The last word is still being typed: match it as a prefix (search as you type). */
  prefixLast: boolean;
}

/**
 * Parses the visitor's query syntax: words (all must match), "quoted phrases", and -exclusions.
 * An unbalanced quote is read as if it were closed at the end of the text.
 */
export function parseQuery(text: string): ParsedQuery {
  // Stop words are dropped from the whole query, unless it is made of nothing else.
  const tokens = queryTokens(text);
  const keepStopwords = tokens.length > 0 && tokens.every(isStopword);
  const must: QueryClause[] = [];
  const not: QueryClause[] = [];
  const pattern = /(-?)"([^"]*)"?|(-?)([^\s"]+)/gu;
  let words = 0;
  for (const m of text.matchAll(pattern)) {
    if (words >= MAX_QUERY_WORDS) break;
    const negated = (m[1] ?? m[3]) === '-';
    const phraseText = m[2];
    const target = negated ? not : must;
    if (phraseText !== undefined) {
      const analysed = analyseQueryText(phraseText, keepStopwords).slice(0, MAX_QUERY_WORDS - words);
      words += analysed.length;
      if (analysed.length === 1) target.push({ kind: 'word', word: analysed[0]! });
      else if (analysed.length > 1) target.push({ kind: 'phrase', words: analysed });
    } else {
      const raw = m[4] ?? '';
      const analysed = analyseQueryText(raw, keepStopwords).slice(0, MAX_QUERY_WORDS - words);
      words += analysed.length;
      // A hyphenated or dotted token ("e-health") yields several words: keep them together as a phrase.
      if (analysed.length === 1) target.push({ kind: 'word', word: analysed[0]! });
      else if (analysed.length > 1) target.push({ kind: 'phrase', words: analysed });
    }
  }
  const highlightTerms = new Set<string>();
  for (const clause of must) {
    for (const w of clause.kind === 'word' ? [clause.word] : clause.words) for (const v of w.variants) highlightTerms.add(v);
  }
  const lastMust = must.at(-1);
  // The last word is a prefix when the text ends inside it: not after a space, a quote or an exclusion.
  const trimmedEnd = text.replace(/[\s]+$/u, '');
  const endsInWord = trimmedEnd === text && /[\p{L}\p{N}]$/u.test(text);
  const lastIsPlainWord = lastMust?.kind === 'word' && !/(^|\s)-[^\s"]*$/u.test(text) && !/"[^"]*$/u.test(text.replace(/"[^"]*"/gu, ''));
  const lastRaw = lastMust?.kind === 'word' ? lastMust.word.raw : '';
  const prefixLast = endsInWord && lastIsPlainWord && (lastRaw.length >= 2 || /\p{Script=Han}/u.test(lastRaw));
  if (prefixLast && lastMust?.kind === 'word' && lastMust.word.kind === 'any') lastMust.word.truncations = truncationsOf(lastMust.word.variants);
  return { must, not, highlightTerms, prefixLast };
}

/**
 * A word still being typed may be longer than the stem of the word meant ("connectiv" for
 * "connectivity", stored as "connect"): its last few shorter prefixes count as exact alternatives.
 */
export function truncationsOf(variants: string[]): string[] {
  const out = new Set<string>();
  for (const v of variants) {
    const chars = Array.from(v);
    for (let n = Math.max(4, chars.length - 3); n < chars.length; n++) out.add(chars.slice(0, n).join(''));
  }
  for (const v of variants) out.delete(v);
  return [...out];
}

export function isEmptyQuery(q: ParsedQuery): boolean {
  return q.must.length === 0 && q.not.length === 0;
}
