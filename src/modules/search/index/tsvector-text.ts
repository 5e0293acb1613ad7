/** One lexeme of a parsed tsvector: its positions and the weight letter of each. */
export interface ParsedLexeme {
  term: string;
  positions: number[];
  weights: string;
}

/**
 * Parses PostgreSQL's text output of a tsvector ('lex':1A,5 'other':3B …; weight D is written
 * without a letter). The index reads the very terms the SQL path matches, never re-analysing text.
 */
export function parseTsvector(text: string): ParsedLexeme[] {
  const out: ParsedLexeme[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    while (i < n && text.charCodeAt(i) === 32) i++;
    if (i >= n) break;
    let term = '';
    if (text[i] === "'") {
      i++;
      while (i < n) {
        const ch = text[i]!;
        if (ch === "'") {
          if (text[i + 1] === "'") {
            term += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (ch === '\\') {
          term += text[i + 1] ?? '';
          i += 2;
          continue;
        }
        term += ch;
        i++;
      }
    } else {
      const start = i;
      while (i < n && text[i] !== ':' && text[i] !== ' ') i++;
      term = text.slice(start, i);
    }
    const positions: number[] = [];
    let weights = '';
    if (text[i] === ':') {
      i++;
      while (i < n && text[i] !== ' ') {
        let num = 0;
        while (i < n) {
          const c = text.charCodeAt(i);
          if (c < 48 || c > 57) break;
          num = num * 10 + (c - 48);
          i++;
        }
        let w = 'D';
        const ch = text[i];
        if (ch === 'A' || ch === 'B' || ch === 'C' || ch === 'D') {
          w = ch;
          i++;
        }
        positions.push(num);
        weights += w;
        if (text[i] === ',') i++;
      }
    }
    out.push({ term, positions, weights });
  }
  return out;
}
