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
/** Keeps a phrase from matching across two fields. */
const FIELD_GAP = 8;

function quoteLexeme(lexeme: string): string {
  return `'${lexeme.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

/** Separates the fields of a stored term sequence; each field starts with its weight letter. */
export const FIELD_SEPARATOR = '\u0001';
/** PostgreSQL keeps at most this many positions per lexeme; the index keeps the same. */
export const MAX_POSITIONS_PER_TERM = 256;

/**
 * The position rule of stored term sequences, the single definition both search paths share: one
 * position per term, a gap between fields, capped at 16383.
 */
export function nextPosition(position: number): number {
  return position + 1 > MAX_POSITION ? MAX_POSITION : position + 1;
}
export function positionAfterField(position: number): number {
  return Math.min(position + FIELD_GAP, MAX_POSITION);
}

/** Calls `fn` for every term of a stored term sequence with its position (see nextPosition). */
export function forEachPositionedTerm(sequence: string, fn: (term: string, position: number, weight: Weight) => void): void {
  let position = 0;
  if (!sequence) return;
  for (const field of sequence.split(FIELD_SEPARATOR)) {
    const weight = field[0] as Weight;
    const terms = field.slice(2).split(' ');
    for (let i = 0; i < terms.length; i++) {
      const term = terms[i]!;
      if (term.length === 0) continue;
      position = nextPosition(position);
      fn(term, position, weight);
    }
    position = positionAfterField(position);
  }
}

/**
 * The analysed terms of an entry, two ways: `terms`, the sequence field by field (what the
 * in-process index loads), and `vector`, the literal of a `tsvector` of the same terms and positions
 * for the SQL path. PostgreSQL's own parser never sees the text, so both paths match exactly what the
 * analyser made.
 */
export function buildSearchDocument(fields: IndexedField[]): { terms: string; vector: string } {
  const sequence = fields
    .map((field) => ({ weight: field.weight, terms: analyseDocument(field.text, field.locale) }))
    .filter((f) => f.terms.length > 0)
    .map((f) => `${f.weight} ${f.terms.join(' ')}`)
    .join(FIELD_SEPARATOR);
  const positions = new Map<string, string[]>();
  forEachPositionedTerm(sequence, (term, position, weight) => {
    let list = positions.get(term);
    if (!list) positions.set(term, (list = []));
    if (list.length < MAX_POSITIONS_PER_TERM) list.push(`${position}${weight}`);
  });
  return { terms: sequence, vector: [...positions].map(([term, list]) => `${quoteLexeme(term)}:${list.join(',')}`).join(' ') };
}

/** The tsvector literal alone (see buildSearchDocument). */
export function buildSearchVector(fields: IndexedField[]): string {
  return buildSearchDocument(fields).vector;
}

function wordQuery(word: QueryWord, prefix = false): string {
  if (word.kind === 'all') {
    if (prefix && word.variants.length === 1 && Array.from(word.variants[0]!).length === 1) return `${quoteLexeme(word.variants[0]!)}:*`;
    return `(${word.variants.map(quoteLexeme).join(' <-> ')})`;
  }
  const alternatives = word.variants.map((v) => quoteLexeme(v) + (prefix ? ':*' : ''));
  if (prefix) for (const t of word.truncations ?? []) alternatives.push(quoteLexeme(t));
  return `(${alternatives.join(' | ')})`;
}

function clauseQuery(clause: QueryClause, prefix = false): string {
  return clause.kind === 'word' ? wordQuery(clause.word, prefix) : `(${clause.words.map((w) => wordQuery(w)).join(' <-> ')})`;
}

/** The literal of a `tsquery` for a parsed query, or null when nothing is left to match. */
export function buildTsQuery(query: ParsedQuery): string | null {
  const last = query.must.length - 1;
  const parts = [...query.must.map((c, i) => clauseQuery(c, query.prefixLast && i === last)), ...query.not.map((c) => `!${clauseQuery(c)}`)];
  return parts.length ? parts.join(' & ') : null;
}
