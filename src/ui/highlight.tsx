import type { Locale } from '../i18n/locales';
import { analyseWord, forEachWordSegment } from '../modules/search/analyser';

/** Marks the words of a text whose analysed form matched the query. */
export function Highlighted(p: { text: string; locale: Locale; terms: ReadonlySet<string> }) {
  if (p.terms.size === 0) return <>{p.text}</>;
  const parts: Array<string | { mark: string }> = [];
  let buffer = '';
  forEachWordSegment(p.text, p.locale, (segment, isWordLike) => {
    const hit = isWordLike && analyseWord(segment, p.locale).some((term) => p.terms.has(term));
    if (hit) {
      if (buffer) parts.push(buffer);
      buffer = '';
      parts.push({ mark: segment });
    } else buffer += segment;
  });
  if (buffer) parts.push(buffer);
  return <>{parts.map((part) => (typeof part === 'string' ? part : <mark>{part.mark}</mark>))}</>;
}
