import type { Locale } from '../../i18n/locales';
import { analyseDocument } from './analyser';
import type { ParsedQuery, QueryClause } from './query';
import type { QueryWord } from './analyser';

/** tsvector weights: title A, summary B, description C, vocabulary labels D. */
export type Weight = 'A' | 'B' | 'C' | 'D';
export interface IndexedField {
  text: string;
  locale: Locale;
  weight: Weight;
}

const MAX_POSITION = 16383;
const FIELD_GAP = 8; // keeps a phrase from matching across two fields

function quoteLexeme(lexeme: string): string {
  return `'${lexeme.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

/**
 * The literal of a `tsvector` of analysed terms. PostgreSQL's own parser never sees the text: it is
 * given the analyser's terms as they are, so the SQL path matches exactly what the analyser made.
 */
export function buildSearchVector(fields: IndexedField[]): string {
  const positions = new Map<string, string[]>();
  let position = 0;
  for (const field of fields) {
    for (const term of analyseDocument(field.text, field.locale)) {
      position = Math.min(position + 1, MAX_POSITION);
      let list = positions.get(term);
      if (!list) positions.set(term, (list = []));
      if (list.length < 256) list.push(`${position}${field.weight}`);
    }
    position = Math.min(position + FIELD_GAP, MAX_POSITION);
  }
  return [...positions].map(([term, list]) => `${quoteLexeme(term)}:${list.join(',')}`).join(' ');
}

function wordQuery(word: QueryWord, prefix = false): string {
  if (word.kind === 'all') {
    if (prefix && word.variants.length === 1 && Array.from(word.variants[0]!).length === 1) return `${quoteLexeme(word.variants[0]!)}:*`;
    return `(${word.variants.map(quoteLexeme).join(' <-> ')})`;
  }
  return `(${word.variants.map((v) => quoteLexeme(v) + (prefix ? ':*' : '')).join(' | ')})`;
}

function clauseQuery(clause: QueryClause, prefix = false): string {
  return clause.kind === 'word' ? wordQuery(clause.word, prefix) : `(${clause.words.map((w) => wordQuery(w)).join(' <-> ')})`;
}

/** The literal of a `tsquery` for a parsed query, or null when nothing is left to match. */
export function buildTsQuery(query: ParsedQuery): string | null {
  const last = query.must.length - 1;
  const parts = [
    ...query.must.map((c, i) => clauseQuery(c, query.prefixLast && i === last)),
    ...query.not.map((c) => `!${clauseQuery(c)}`),
  ];
  return parts.length ? parts.join(' & ') : null;
}
