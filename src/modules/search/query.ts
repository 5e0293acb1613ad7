import { analyseQueryText, type QueryWord } from './analyser';

/** Limits that keep any query cheap: longer input is cut, never an error. */
export const MAX_QUERY_WORDS = 32;

export type QueryClause = { kind: 'word'; word: QueryWord } | { kind: 'phrase'; words: QueryWord[] };

export interface ParsedQuery {
  must: QueryClause[];
  not: QueryClause[];
  /** Every analysed variant of the positive words, for highlighting. */
  highlightTerms: Set<string>;
}

/**
 * Parses the visitor's query syntax: words (all must match), "quoted phrases", and -exclusions.
 * An unbalanced quote is read as if it were closed at the end of the text.
 */
export function parseQuery(text: string): ParsedQuery {
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
      const analysed = analyseQueryText(phraseText).slice(0, MAX_QUERY_WORDS - words);
      words += analysed.length;
      if (analysed.length === 1) target.push({ kind: 'word', word: analysed[0]! });
      else if (analysed.length > 1) target.push({ kind: 'phrase', words: analysed });
    } else {
      const raw = m[4] ?? '';
      const analysed = analyseQueryText(raw).slice(0, MAX_QUERY_WORDS - words);
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
  return { must, not, highlightTerms };
}

export function isEmptyQuery(q: ParsedQuery): boolean {
  return q.must.length === 0 && q.not.length === 0;
}
