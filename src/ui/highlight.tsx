import type { Locale } from '../i18n/locales';
import { analyseDocument } from '../modules/search/analyser';

/** Marks the words of a text whose analysed form matched the query. */
export function Highlighted(p: { text: string; locale: Locale; terms: ReadonlySet<string> }) {
  if (p.terms.size === 0) return <>{p.text}</>;
  const parts: Array<string | { mark: string }> = [];
  const segmenter = new Intl.Segmenter(p.locale, { granularity: 'word' });
  let buffer = '';
  for (const { segment, isWordLike } of segmenter.segment(p.text)) {
    const hit = isWordLike && analyseDocument(segment, p.locale).some((term) => p.terms.has(term));
    if (hit) {
      if (buffer) parts.push(buffer);
      buffer = '';
      parts.push({ mark: segment });
    } else buffer += segment;
  }
  if (buffer) parts.push(buffer);
  return <>{parts.map((part) => (typeof part === 'string' ? part : <mark>{part.mark}</mark>))}</>;
}
