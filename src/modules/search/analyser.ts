import * as snowball from 'snowball-stemmers';
import { LOCALES, type Locale } from '../../i18n/locales';
import { STOPWORDS } from './stopwords';

/**
 * The one text analyser of Stocktake. Documents are analysed in their own language; queries in
 * every language, so a query in any language reaches every language version of every entry.
 * Both search paths (SQL and in-process) consume exactly these terms.
 */

const STEMMER_NAMES = { en: 'english', fr: 'french', es: 'spanish', ru: 'russian', ar: 'arabic' } as const;
type StemmedLocale = keyof typeof STEMMER_NAMES;
const stemmers = Object.fromEntries(Object.entries(STEMMER_NAMES).map(([l, name]) => [l, snowball.newStemmer(name)])) as Record<
  StemmedLocale,
  ReturnType<typeof snowball.newStemmer>
>;

// One word segmenter per language for the life of the process: building one costs far more than using it.
const segmenters = new Map<string, Intl.Segmenter>();
/** The word segmenter of a language, built once. */
export function wordSegmenter(locale: string): Intl.Segmenter {
  let s = segmenters.get(locale);
  if (!s) {
    s = new Intl.Segmenter(locale, { granularity: 'word' });
    segmenters.set(locale, s);
  }
  return s;
}

const MAX_TERM_LENGTH = 60;
const HAN = /\p{Script=Han}/u;
const LATIN = /\p{Script=Latin}/u;
const CYRILLIC = /\p{Script=Cyrillic}/u;
const ARABIC = /\p{Script=Arabic}/u;
// Bidi controls, zero-width characters and other invisible formatting that must never split or join words.
// eslint-disable-next-line no-control-regex -- stripping control characters is the point
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]/gu;
const APOSTROPHES = /['’ʼ`]/u;
const ELISION = /^(?:[cdjlmnst]|qu|lorsqu|puisqu|jusqu)$/u;

type Script = 'han' | 'latin' | 'cyrillic' | 'arabic' | 'other';
function scriptOf(token: string): Script {
  if (HAN.test(token)) return 'han';
  if (ARABIC.test(token)) return 'arabic';
  if (CYRILLIC.test(token)) return 'cyrillic';
  if (LATIN.test(token)) return 'latin';
  return 'other';
}

/** Case and width folding; strips invisible characters. */
export function normalise(text: string): string {
  return text.normalize('NFKC').replace(INVISIBLE, ' ').toLowerCase();
}

function stripMarks(token: string): string {
  return token.normalize('NFD').replace(/\p{M}/gu, '').normalize('NFC');
}

/** Arabic: tashkeel and tatweel removed, alef and yeh/teh marbuta variants unified. */
export function foldArabic(token: string): string {
  return token
    .replace(/[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]/gu, '')
    .replace(/\u0640/gu, '')
    .replace(/[إأآٱ]/gu, 'ا')
    .replace(/ى/gu, 'ي')
    .replace(/ة/gu, 'ه')
    .replace(/ؤ/gu, 'و')
    .replace(/ئ/gu, 'ي');
}

// The definite article and the one-letter conjunctions/prepositions written attached to it.
const ARABIC_ARTICLE = /^(?:وال|فال|بال|كال|لل|ال)(?=.{2,})/u;

function fold(token: string, script: Script): string {
  switch (script) {
    case 'latin':
      return stripMarks(token);
    case 'cyrillic':
      return token.replace(/ё/gu, 'е');
    case 'arabic':
      return foldArabic(token);
    default:
      return token;
  }
}

function stem(token: string, locale: StemmedLocale): string {
  if (locale === 'ar') {
    const base = foldArabic(token).replace(ARABIC_ARTICLE, '');
    return foldArabic(stemmers.ar.stem(base));
  }
  const script = scriptOf(token);
  return fold(stemmers[locale].stem(token), script);
}

function stemmerFor(script: Script, locale: Locale): StemmedLocale | null {
  if (script === 'latin' && (locale === 'en' || locale === 'fr' || locale === 'es')) return locale;
  if (script === 'cyrillic') return 'ru';
  if (script === 'arabic') return 'ar';
  return null;
}

/** Han text is indexed as overlapping character bigrams, so any word inside a longer run is found. */
export function hanBigrams(run: string): string[] {
  const chars = Array.from(run);
  if (chars.length === 1) return chars;
  const out: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!);
  return out;
}

// Words of scripts written with spaces (Latin, Cyrillic, Arabic…), with inner apostrophes; Han runs whole.
const WORD = /\p{Script=Han}+|[\p{L}\p{N}\p{M}]+(?:['’ʼ`][\p{L}\p{N}\p{M}]+)*/gu;
// Scripts written without spaces, other than Han, need ICU's dictionary segmentation.
const UNSPACED = /[\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}\p{Script=Hiragana}\p{Script=Katakana}]/u;

function pushWord(word: string, out: string[]): void {
  const pieces = word.split(APOSTROPHES);
  pieces.forEach((piece, i) => {
    // French and similar elisions: l'école, qu'il, d'accès → école, il, accès;
    // English possessives and clitics: farmer's, don't → farmer, don
    if (!piece || (i < pieces.length - 1 && ELISION.test(piece)) || (i > 0 && piece.length === 1)) return;
    out.push(piece.slice(0, MAX_TERM_LENGTH));
  });
}

/**
 * Raw word tokens of a text: normalised, split into words, apostrophe elisions removed.
 * Spaced scripts are split by a Unicode regex (measured 14M words/s, against 0.25M for
 * Intl.Segmenter on the same English text); Intl.Segmenter (ICU dictionaries) handles the scripts
 * written without spaces. A run of Han characters stays one token: it is indexed as bigrams, so its
 * inner word boundaries do not matter and a word inside a longer run is found.
 */
export function tokenise(text: string, locale: Locale): string[] {
  const out: string[] = [];
  for (const [word] of normalise(text).matchAll(WORD)) {
    if (HAN.test(word)) out.push(word);
    else if (UNSPACED.test(word)) {
      for (const { segment, isWordLike } of wordSegmenter(locale).segment(word)) if (isWordLike) pushWord(segment, out);
    } else pushWord(word, out);
  }
  return out;
}

// Token → term, per locale. Text is Zipfian, so nearly every token repeats: memoising the folding and
// stemming makes analysis about an order of magnitude faster. Bounded: cleared when it grows too big.
const MEMO_LIMIT = 400_000;
const memo = new Map<string, string | null>();

function documentTerm(token: string, locale: Locale): string | null {
  const key = locale + token;
  const cached = memo.get(key);
  if (cached !== undefined) return cached;
  const script = scriptOf(token);
  let term: string | null;
  if (STOPWORDS[locale].has(token) || (script === 'arabic' && STOPWORDS[locale].has(foldArabic(token)))) term = null;
  else {
    const stemLocale = stemmerFor(script, locale);
    term = (stemLocale ? stem(token, stemLocale) : fold(token, script)) || null;
  }
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(key, term);
  return term;
}

/** Terms of a document written in `locale`, in word order (positions matter for phrases). Stop words dropped. */
export function analyseDocument(text: string, locale: Locale): string[] {
  const terms: string[] = [];
  for (const token of tokenise(text, locale)) {
    if (HAN.test(token)) {
      terms.push(...hanBigrams(token));
      continue;
    }
    const term = documentTerm(token, locale);
    if (term) terms.push(term);
  }
  return terms;
}

// Word → its terms, per locale, for marking matches in snippets and highlights: a results page
// analyses the same few thousand words on every request. Bounded like the term memo above.
const WORD_MEMO_LIMIT = 100_000;
const wordMemo = new Map<string, readonly string[]>();

/**
 * The terms of one displayed word (or short run of text) in `locale`: what `analyseDocument` gives,
 * memoised. The array is shared: callers must not change it.
 */
export function analyseWord(word: string, locale: Locale): readonly string[] {
  const key = `${locale}\u0000${word}`;
  let terms = wordMemo.get(key);
  if (!terms) {
    terms = analyseDocument(word, locale);
    if (wordMemo.size >= WORD_MEMO_LIMIT) wordMemo.clear();
    wordMemo.set(key, terms);
  }
  return terms;
}

// Text → its word segmentation, per locale: ICU segmentation costs about 4 µs a word, and the same
// titles and summaries are shown again and again. Each text is kept compactly (one number per
// segment: its end offset times two, plus one when it is word-like); bounded, cleared when full.
const SEGMENTS_MEMO_LIMIT = 5_000;
const segmentsMemo = new Map<string, Int32Array>();

/**
 * The segments of a text as `Intl.Segmenter` (granularity word) gives them in `locale`, calling
 * `visit` with each segment and whether it is word-like. Memoised per text.
 */
export function forEachWordSegment(text: string, locale: string, visit: (segment: string, isWordLike: boolean) => void): void {
  const key = `${locale}\u0000${text}`;
  let spans = segmentsMemo.get(key);
  if (!spans) {
    const list: number[] = [];
    for (const { segment, index, isWordLike } of wordSegmenter(locale).segment(text)) list.push((index + segment.length) * 2 + (isWordLike ? 1 : 0));
    spans = Int32Array.from(list);
    if (segmentsMemo.size >= SEGMENTS_MEMO_LIMIT) segmentsMemo.clear();
    segmentsMemo.set(key, spans);
  }
  let start = 0;
  for (const span of spans) {
    const end = span >>> 1;
    visit(text.slice(start, end), (span & 1) === 1);
    start = end;
  }
}

/** One query word as its alternative index terms (its analysis in every language). */
export interface QueryWord {
  raw: string;
  /** Han words need all their bigrams; other words any one of their variants. */
  kind: 'any' | 'all';
  variants: string[];
  /** For the word being typed: shorter forms that also count (see truncationsOf). */
  truncations?: string[];
}

/** Whether a query token is a stop word in any language. */
export function isStopword(token: string): boolean {
  return LOCALES.some((l) => STOPWORDS[l].has(token) || STOPWORDS[l].has(foldArabic(token)));
}

// Suffixes people type without their accent, restored before stemming so that "educacion" and
// "cybersecurite" reach the stems of "educación" and "cybersécurité" (documents are stemmed with
// their accents, which stems better: educación and educaciones both give "educ").
const ACCENTED_SUFFIXES: Array<[StemmedLocale, RegExp, string]> = [
  ['es', /cion$/u, 'ción'],
  ['es', /sion$/u, 'sión'],
  ['es', /logia(s?)$/u, 'logía$1'],
  ['fr', /ite(s?)$/u, 'ité$1'],
  ['fr', /ee(s?)$/u, 'ée$1'],
];

function analyseQueryToken(token: string): QueryWord {
  const script = scriptOf(token);
  if (script === 'han') {
    const grams = hanBigrams(token);
    return { raw: token, kind: 'all', variants: [...new Set(grams)] };
  }
  const variants = new Set<string>([fold(token, script)]);
  for (const locale of ['en', 'fr', 'es', 'ru', 'ar'] as const) {
    if (stemmerFor(script, locale) === locale) variants.add(stem(token, locale));
  }
  if (script === 'latin') {
    for (const [locale, suffix, accented] of ACCENTED_SUFFIXES) {
      if (suffix.test(token)) variants.add(stem(token.replace(suffix, accented), locale));
    }
  }
  return { raw: token, kind: 'any', variants: [...variants].filter(Boolean) };
}

/**
 * Analyses free query text into words, dropping stop words unless `keepStopwords` (the caller
 * decides for the whole query, so that a query made only of stop words still searches).
 * The query's language is unknown; Han runs become bigram chains whatever it is.
 */
export function analyseQueryText(text: string, keepStopwords = false): QueryWord[] {
  const tokens = tokenise(text, 'en');
  const kept = keepStopwords ? tokens : tokens.filter((t) => !isStopword(t));
  return kept.map(analyseQueryToken).filter((w) => w.variants.length > 0);
}

/** Raw tokens of a query, for deciding whether it is made only of stop words. */
export function queryTokens(text: string): string[] {
  return tokenise(text, 'en');
}

/**
 * Every string one edit (deletion, transposition, substitution, insertion) from `word`, the word
 * itself excluded; substitutions and insertions use the word's own letters, plus a–z when asked.
 */
export function oneEditVariants(word: string, withLatinAlphabet: boolean): Set<string> {
  const chars = Array.from(word);
  const alphabet = new Set(chars);
  if (withLatinAlphabet) for (const c of 'abcdefghijklmnopqrstuvwxyz') alphabet.add(c);
  const out = new Set<string>();
  for (let i = 0; i < chars.length; i++) {
    out.add([...chars.slice(0, i), ...chars.slice(i + 1)].join(''));
    if (i + 1 < chars.length) out.add([...chars.slice(0, i), chars[i + 1]!, chars[i]!, ...chars.slice(i + 2)].join(''));
    for (const c of alphabet) out.add([...chars.slice(0, i), c, ...chars.slice(i + 1)].join(''));
  }
  for (let i = 0; i <= chars.length; i++) for (const c of alphabet) out.add([...chars.slice(0, i), c, ...chars.slice(i)].join(''));
  out.delete(word);
  return out;
}

/** Index terms one edit away from a typed word, reached by stemming each candidate (typo tolerance). */
export function stemmedCandidates(word: string): string[] {
  const script = scriptOf(word);
  const out = new Set<string>();
  const locales = (['en', 'fr', 'es', 'ru', 'ar'] as const).filter((l) => stemmerFor(script, l) === l);
  for (const candidate of oneEditVariants(fold(word, script), script === 'latin')) {
    out.add(candidate);
    for (const locale of locales) out.add(stem(candidate, locale));
  }
  return [...out];
}
