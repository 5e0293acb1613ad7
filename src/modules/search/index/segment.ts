import type { Locale } from '../../../i18n/locales';
import { LOCALES } from '../../../i18n/locales';
import type { Filter } from '../../entries/entry';
import { Bitset } from './bitset';
import { buildPostings, type Postings } from './postings';

/** A published entry as the index reads it from the database. */
export interface IndexDoc {
  id: number;
  /** The stored term sequence (search_terms): the analyser's terms, field by field. */
  terms: string;
  startDate: string | null;
  /** When the entry was last confirmed or updated (for the freshness prior). */
  confirmedAt: Date | string | null;
  /** When the entry was first published (the "published" sort: feeds). */
  publishedAt: Date | string | null;
  originalLanguage: string;
  titles: Partial<Record<string, string>>;
  facets: Array<[Filter, string]>;
}

export { FIELD_WEIGHT } from './postings';

const DAY = 86_400_000;
const YEAR = 365.25 * DAY;

/** A confirmation time in ms since the epoch, NaN when there is none. */
function timeOf(confirmedAt: Date | string | null): number {
  return confirmedAt ? new Date(confirmedAt).getTime() : NaN;
}

function freshnessOf(confirmedMs: number, now: number): number {
  if (Number.isNaN(confirmedMs)) return 0;
  return Math.exp(-Math.max(0, now - confirmedMs) / (4 * YEAR));
}

/** Sort key for "newest": start date descending, undated last, then id descending. */
function newestKey(startDate: string | null, id: number): number {
  const days = startDate ? Math.floor(Date.parse(`${startDate}T00:00:00Z`) / DAY) : -1_000_000;
  return (Number.isFinite(days) ? days : -1_000_000) * 16_777_216 + id;
}

/** The "published" key of an entry without a publication time (the earliest time a Date can hold). */
export const NO_PUBLICATION = -8.64e15;

/** Sort key for "published": publication time in ms descending, unpublished last; ties by id (the heap's). */
function publishedKey(publishedAt: Date | string | null): number {
  const ms = publishedAt ? new Date(publishedAt).getTime() : NaN;
  return Number.isFinite(ms) ? ms : NO_PUBLICATION;
}

/** A segment's terms and their numbers in it: a Map for a segment built here, a {@link SharedTerms} for one loaded from a snapshot. */
export interface TermTable {
  get(term: string): number | undefined;
  has(term: string): boolean;
  keys(): IterableIterator<string>;
  forEach(visit: (local: number, term: string) => void): void;
  readonly size: number;
}

/** Every term of an index, sorted, numbered by position: one copy shared by the segments of a snapshot. */
export class TermDictionary {
  readonly ids = new Map<string, number>();
  constructor(readonly list: string[]) {
    for (let i = 0; i < list.length; i++) this.ids.set(list[i]!, i);
  }
}

/**
 * A loaded segment's terms: the index's one dictionary and, per dictionary term, its number in this
 * segment (-1 when absent). Loading then makes no string or map entry per segment: a snapshot of
 * 100,000 entries held 650,000 per-segment terms over 190,000 distinct ones.
 */
export class SharedTerms implements TermTable {
  readonly size: number;
  constructor(
    private readonly dictionary: TermDictionary,
    private readonly local: Int32Array,
  ) {
    let n = 0;
    for (let g = 0; g < local.length; g++) if (local[g]! >= 0) n++;
    this.size = n;
  }
  get(term: string): number | undefined {
    const g = this.dictionary.ids.get(term);
    if (g === undefined) return undefined;
    const t = this.local[g]!;
    return t < 0 ? undefined : t;
  }
  has(term: string): boolean {
    return this.get(term) !== undefined;
  }
  *keys(): IterableIterator<string> {
    for (let g = 0; g < this.local.length; g++) if (this.local[g]! >= 0) yield this.dictionary.list[g]!;
  }
  forEach(visit: (local: number, term: string) => void): void {
    for (let g = 0; g < this.local.length; g++) if (this.local[g]! >= 0) visit(this.local[g]!, this.dictionary.list[g]!);
  }
}

/**
 * An immutable slice of the index: postings (doc, weighted tf, positions) per term in typed arrays,
 * one bitset per facet value, and per-doc sort keys. Documents are numbered 0…size-1 inside it.
 */
export class Segment {
  readonly size: number;
  readonly ids: Int32Array;
  readonly docLength: Uint16Array;
  /** When each document was last confirmed (ms, NaN for never): freshness is derived from it at load. */
  readonly confirmed: Float64Array;
  readonly freshness: Float32Array;
  readonly newest: Float64Array;
  readonly published: Float64Array;
  readonly titleRank: Record<Locale, Int32Array>;
  /** Language codes, numbered: titles and originals store numbers into it. */
  readonly languages: string[];
  /** Per document, its titles (titleStart[d] up to titleStart[d + 1]), each with its language's number. */
  readonly titleStart: Uint32Array;
  readonly titleLanguage: Uint16Array;
  readonly titleTexts: string[];
  readonly originalLanguage: Uint16Array;
  readonly terms: TermTable;
  readonly termStart: Uint32Array;
  readonly postDoc: Uint32Array;
  /** Weighted term frequency in half units (title 6, summary 4, description 2, label 1), capped at 255. */
  readonly postTf: Uint8Array;
  /** Positions per posting, and the offset of every 32nd posting's first position. */
  readonly postPosCount: Uint16Array;
  readonly postPosCheckpoint: Uint32Array;
  readonly positions: Uint16Array;
  readonly facets: Map<Filter, Map<string, Bitset>>;
  /** Every facet value of the segment, numbered; and per document, the numbers of its values. */
  readonly values: Array<{ facet: Filter; value: string; set: Bitset; members: Uint32Array | null }> = [];
  readonly docValueStart: Uint32Array;
  readonly docValues: Uint16Array;
  /** Documents not superseded by a later version (cleared by update or removal). */
  readonly alive: Bitset;
  readonly totalLength: number;

  /**
   * Builds a segment; `postings`, when given, were built (by a worker) from the term sequences of
   * `input` sorted by id — the order the segment numbers its documents in.
   */
  constructor(input: IndexDoc[], postings?: Postings, now = Date.now()) {
    const docs = [...input].sort((a, b) => a.id - b.id);
    const n = docs.length;
    this.size = n;
    this.ids = new Int32Array(n);
    this.confirmed = new Float64Array(n);
    this.freshness = new Float32Array(n);
    this.newest = new Float64Array(n);
    this.published = new Float64Array(n);
    this.languages = [];
    const languageNumbers = new Map<string, number>();
    const languageOf = (code: string) => {
      let k = languageNumbers.get(code);
      if (k === undefined) {
        k = this.languages.length;
        languageNumbers.set(code, k);
        this.languages.push(code);
      }
      return k;
    };
    this.titleStart = new Uint32Array(n + 1);
    const titleLanguages: number[] = [];
    this.titleTexts = [];
    this.originalLanguage = new Uint16Array(n);
    this.facets = new Map();
    this.alive = Bitset.full(n);

    const built = postings ?? buildPostings(docs.map((d) => d.terms));
    this.terms = new Map(built.terms.map((term, t) => [term, t]));
    this.termStart = built.termStart;
    this.postDoc = built.postDoc;
    this.postTf = built.postTf;
    this.postPosCount = built.postPosCount;
    this.postPosCheckpoint = built.postPosCheckpoint;
    this.positions = built.positions;
    this.docLength = built.docLength;
    this.totalLength = built.totalLength;

    for (let d = 0; d < n; d++) {
      const doc = docs[d]!;
      this.ids[d] = doc.id;
      for (const [language, title] of Object.entries(doc.titles)) {
        if (title === undefined) continue;
        titleLanguages.push(languageOf(language));
        this.titleTexts.push(title);
      }
      this.titleStart[d + 1] = this.titleTexts.length;
      this.originalLanguage[d] = languageOf(doc.originalLanguage);
      this.confirmed[d] = timeOf(doc.confirmedAt);
      this.freshness[d] = freshnessOf(this.confirmed[d]!, now);
      this.newest[d] = newestKey(doc.startDate, doc.id);
      this.published[d] = publishedKey(doc.publishedAt);
      for (const [facet, value] of doc.facets) {
        let values = this.facets.get(facet);
        if (!values) this.facets.set(facet, (values = new Map()));
        let set = values.get(value);
        if (!set) values.set(value, (set = new Bitset(n)));
        set.add(d);
      }
    }

    this.titleLanguage = Uint16Array.from(titleLanguages);

    // Facet values numbered, and the forward lists used to count small result sets.
    const valueNumber = new Map<Bitset, number>();
    for (const [facet, values] of this.facets) {
      for (const [value, set] of values) {
        valueNumber.set(set, this.values.length);
        // A rare value also keeps its members: counting it probes them instead of every word.
        const count = set.count();
        let members: Uint32Array | null = null;
        if (count < set.words.length * 2) {
          members = new Uint32Array(count);
          let k = 0;
          set.forEach((d) => (members![k++] = d));
        }
        this.values.push({ facet, value, set, members });
      }
    }
    this.docValueStart = new Uint32Array(n + 1);
    let totalValues = 0;
    for (let d = 0; d < n; d++) {
      totalValues += docs[d]!.facets.length;
      this.docValueStart[d + 1] = totalValues;
    }
    this.docValues = new Uint16Array(totalValues);
    for (let d = 0; d < n; d++) {
      let k = this.docValueStart[d]!;
      for (const [facet, value] of docs[d]!.facets) this.docValues[k++] = valueNumber.get(this.facets.get(facet)!.get(value)!)!;
    }

    // Title order per reader locale: the reader's version, else the original.
    const titleRank = {} as Record<Locale, Int32Array>;
    for (const locale of LOCALES) {
      const keys = docs.map((doc, d) => (doc.titles[locale] ?? doc.titles[doc.originalLanguage] ?? '').toLowerCase() + '\u0000' + String(d).padStart(9, '0'));
      const order = keys.map((_, d) => d).sort((a, b) => (keys[a]! < keys[b]! ? -1 : keys[a]! > keys[b]! ? 1 : 0));
      const rank = new Int32Array(n);
      order.forEach((d, r) => (rank[d] = r));
      titleRank[locale] = rank;
    }
    this.titleRank = titleRank;
  }

  /**
   * The segment as plain data (typed arrays and strings), for a snapshot; see {@link Segment.restore}.
   * Its terms are given as numbers into `dictionary`, which must hold every one of them.
   */
  parts(dictionary: TermDictionary): SegmentParts {
    const localTerms = new Int32Array(dictionary.list.length).fill(-1);
    this.terms.forEach((t, term) => {
      const g = dictionary.ids.get(term);
      if (g === undefined) throw new Error(`the term dictionary lacks a term of a segment: ${term}`);
      localTerms[g] = t;
    });
    return {
      size: this.size,
      ids: this.ids,
      docLength: this.docLength,
      confirmed: this.confirmed,
      newest: this.newest,
      published: this.published,
      titleRank: LOCALES.map((l) => this.titleRank[l]),
      languages: joinStrings(this.languages),
      titleStart: this.titleStart,
      titleLanguage: this.titleLanguage,
      titleTexts: joinStrings(this.titleTexts),
      originalLanguage: this.originalLanguage,
      localTerms,
      termStart: this.termStart,
      postDoc: this.postDoc,
      postTf: this.postTf,
      postPosCount: this.postPosCount,
      postPosCheckpoint: this.postPosCheckpoint,
      positions: this.positions,
      valueFacets: joinStrings(this.values.map((v) => v.facet)),
      valueNames: joinStrings(this.values.map((v) => v.value)),
      docValueStart: this.docValueStart,
      docValues: this.docValues,
      alive: this.alive.words,
      totalLength: this.totalLength,
    };
  }

  /**
   * A segment from the parts {@link Segment.parts} gave, without re-analysing anything: the facet
   * bitsets come back from the per-document value lists, freshness from the confirmation times, terms
   * through the shared dictionary. Built on the prototype rather than through the constructor, which
   * builds from documents.
   */
  static restore(p: SegmentParts, dictionary: TermDictionary, now = Date.now()): Segment {
    const n = p.size;
    const seg = Object.create(Segment.prototype) as Segment;
    if (p.localTerms.length !== dictionary.list.length) throw new Error('a segment numbers its terms against another dictionary');
    const freshness = new Float32Array(n);
    for (let d = 0; d < n; d++) freshness[d] = freshnessOf(p.confirmed[d]!, now);
    const titleRank = Object.fromEntries(LOCALES.map((l, i) => [l, p.titleRank[i]!])) as Record<Locale, Int32Array>;
    const facetNames = splitStrings(p.valueFacets);
    const valueNames = splitStrings(p.valueNames);
    // Members of each value from the documents' value lists, in document order (as the build has them).
    const counts = new Uint32Array(facetNames.length);
    for (let i = 0; i < p.docValues.length; i++) counts[p.docValues[i]!]! += 1;
    const sets = facetNames.map(() => new Bitset(n));
    for (let d = 0; d < n; d++) for (let i = p.docValueStart[d]!; i < p.docValueStart[d + 1]!; i++) sets[p.docValues[i]!]!.add(d);
    const facets = new Map<Filter, Map<string, Bitset>>();
    const values = facetNames.map((facet, v) => {
      const set = sets[v]!;
      let byValue = facets.get(facet as Filter);
      if (!byValue) facets.set(facet as Filter, (byValue = new Map()));
      byValue.set(valueNames[v]!, set);
      let members: Uint32Array | null = null;
      if (counts[v]! < set.words.length * 2) {
        members = new Uint32Array(counts[v]!);
        let m = 0;
        set.forEach((d) => (members![m++] = d));
      }
      return { facet: facet as Filter, value: valueNames[v]!, set, members };
    });
    Object.assign(seg, {
      size: n,
      ids: p.ids,
      docLength: p.docLength,
      confirmed: p.confirmed,
      freshness,
      newest: p.newest,
      published: p.published,
      titleRank,
      languages: splitStrings(p.languages),
      titleStart: p.titleStart,
      titleLanguage: p.titleLanguage,
      titleTexts: splitStrings(p.titleTexts),
      originalLanguage: p.originalLanguage,
      terms: new SharedTerms(dictionary, p.localTerms),
      termStart: p.termStart,
      postDoc: p.postDoc,
      postTf: p.postTf,
      postPosCount: p.postPosCount,
      postPosCheckpoint: p.postPosCheckpoint,
      positions: p.positions,
      facets,
      values,
      docValueStart: p.docValueStart,
      docValues: p.docValues,
      alive: new Bitset(n, p.alive),
      totalLength: p.totalLength,
      scratch: null,
      tally: null,
      walkScratch: null,
    });
    return seg;
  }

  /**
   * Adds to `acc` (indexed by value number) how many documents of `base` — a subset of the live
   * documents — hold each value of the facets `wanted` accepts, by whichever way touches least: walking
   * the value lists of the documents of `base` (a narrow match); the live counts less a walk of the live
   * documents outside `base` (a broad match, or every document); or AND-popcount of each value's bitset.
   */
  countValues(base: Bitset, baseCount: number, wanted: (facet: Filter) => boolean, acc: Int32Array): void {
    // Which values are counted, decided once per call.
    const mask = new Uint8Array(this.values.length);
    let wantedValues = 0;
    for (let v = 0; v < this.values.length; v++) {
      if (wanted(this.values[v]!.facet)) {
        mask[v] = 1;
        wantedValues++;
      }
    }
    if (wantedValues === 0 || baseCount === 0) return;
    const bits = base.words;
    const perDoc = this.size ? this.docValues.length / this.size : 0;
    const live = this.liveTally();
    const walkBase = baseCount * perDoc;
    const walkRest = (live.count - baseCount) * perDoc;
    const andCount = wantedValues * bits.length;
    if (walkRest < walkBase && walkRest < andCount) {
      const rest = this.walkValues(this.alive.words, bits);
      for (let v = 0; v < acc.length; v++) acc[v]! += mask[v]! * (live.counts[v]! - rest[v]!);
    } else if (walkBase < andCount) {
      const counted = this.walkValues(bits, null);
      for (let v = 0; v < acc.length; v++) acc[v]! += mask[v]! * counted[v]!;
    } else {
      for (let v = 0; v < this.values.length; v++) {
        if (mask[v] === 0) continue;
        const entry = this.values[v]!;
        const members = entry.members;
        if (members) {
          let c = 0;
          for (let i = 0; i < members.length; i++) {
            const d = members[i]!;
            if ((bits[d >>> 5]! & (1 << (d & 31))) !== 0) c++;
          }
          acc[v]! += c;
        } else acc[v]! += base.andCount(entry.set);
      }
    }
  }

  /**
   * How many documents of `words` (less those of `except`) hold each value, every value counted: the caller keeps the
   * ones it wants afterwards, which is cheaper than asking per value in the walk. In a scratch array, overwritten by
   * the next walk.
   */
  private walkValues(words: Uint32Array, except: Uint32Array | null): Int32Array {
    const counts = this.walkScratch ?? (this.walkScratch = new Int32Array(this.values.length));
    counts.fill(0);
    const start = this.docValueStart;
    const docValues = this.docValues;
    for (let w = 0; w < words.length; w++) {
      let word = except ? words[w]! & ~except[w]! : words[w]!;
      while (word !== 0) {
        const bit = word & -word;
        word ^= bit;
        const d = (w << 5) + (31 - Math.clz32(bit));
        for (let k = start[d]!, end = start[d + 1]!; k < end; k++) counts[docValues[k]!]! += 1;
      }
    }
    return counts;
  }

  private walkScratch: Int32Array | null = null;

  /** How many live documents hold each value, and how many are live: kept until a document is retired. */
  private liveTally(): { counts: Int32Array; count: number } {
    if (!this.tally) {
      this.tally = { counts: this.walkValues(this.alive.words, null).slice(), count: this.alive.count() };
    }
    return this.tally;
  }

  private tally: { counts: Int32Array; count: number } | null = null;

  /** Takes a document out of the live set (superseded or removed). */
  retire(d: number): void {
    this.alive.remove(d);
    this.tally = null;
  }

  private scratch: Float32Array | null = null;

  /** A zeroed score array for one search (reused: searches run one at a time, synchronously). */
  scoreScratch(): Float32Array {
    if (!this.scratch) this.scratch = new Float32Array(this.size);
    else this.scratch.fill(0);
    return this.scratch;
  }

  /** Bytes held in typed arrays (postings, positions, bitsets, sort keys); JS objects aside. */
  typedBytes(): number {
    let n =
      this.docValueStart.byteLength +
      this.docValues.byteLength +
      this.ids.byteLength +
      this.confirmed.byteLength +
      this.docLength.byteLength +
      this.freshness.byteLength +
      this.newest.byteLength +
      this.published.byteLength;
    n +=
      this.termStart.byteLength +
      this.postDoc.byteLength +
      this.postTf.byteLength +
      this.postPosCount.byteLength +
      this.postPosCheckpoint.byteLength +
      this.positions.byteLength;
    n += this.alive.words.byteLength;
    for (const rank of Object.values(this.titleRank)) n += rank.byteLength;
    for (const values of this.facets.values()) for (const set of values.values()) n += set.words.byteLength;
    for (const v of this.values) n += v.members?.byteLength ?? 0;
    return n;
  }

  /** The title a reader in `locale` sees for a document (for merging title order across segments). */
  titleFor(d: number, locale: Locale): string {
    const original = this.languages[this.originalLanguage[d]!];
    let fallback = '';
    for (let i = this.titleStart[d]!; i < this.titleStart[d + 1]!; i++) {
      const language = this.languages[this.titleLanguage[i]!];
      if (language === locale) return this.titleTexts[i]!.toLowerCase();
      if (language === original) fallback = this.titleTexts[i]!;
    }
    return fallback.toLowerCase();
  }

  /** Posting range of a term, or null when the segment does not hold it. */
  range(term: string): [number, number] | null {
    const t = this.terms.get(term);
    return t === undefined ? null : [this.termStart[t]!, this.termStart[t + 1]!];
  }

  /** Bitset of the documents holding any of the terms. */
  docsWithAny(terms: Iterable<string>): Bitset {
    const set = new Bitset(this.size);
    const words = set.words;
    const postDoc = this.postDoc;
    for (const term of terms) {
      const r = this.range(term);
      if (!r) continue;
      for (let p = r[0], end = r[1]; p < end; p++) {
        const d = postDoc[p]!;
        words[d >>> 5]! |= 1 << (d & 31);
      }
    }
    return set;
  }

  /**
   * The candidates holding the slots at consecutive positions (a phrase: slot i is any of its terms at
   * start + i). Each term's postings are walked once, in document order beside the candidates, with
   * the offset of the current posting's positions carried along: no search and no allocation per
   * candidate.
   */
  phraseMatches(candidates: Bitset, slots: string[][]): Bitset {
    const result = new Bitset(this.size);
    // Every slot's term cursors, back to back: slot i owns cursors slotStart[i]…slotStart[i + 1].
    const slotStart = new Int32Array(slots.length + 1);
    const from: number[] = [];
    const to: number[] = [];
    const offsets: number[] = [];
    for (let i = 0; i < slots.length; i++) {
      for (const term of slots[i]!) {
        const r = this.range(term);
        if (!r) continue;
        let offset = this.postPosCheckpoint[r[0] >>> 5]!;
        for (let q = r[0] & ~31; q < r[0]; q++) offset += this.postPosCount[q]!;
        from.push(r[0]);
        to.push(r[1]);
        offsets.push(offset);
      }
      slotStart[i + 1] = from.length;
      if (slotStart[i + 1] === slotStart[i]) return result;
    }
    const cursor = Uint32Array.from(from);
    const end = Uint32Array.from(to);
    const at = Uint32Array.from(offsets);
    const on = new Uint8Array(cursor.length);
    const pointer = new Uint32Array(cursor.length);
    const postDoc = this.postDoc;
    const count = this.postPosCount;
    const words = candidates.words;
    for (let w = 0; w < words.length; w++) {
      let word = words[w]!;
      candidate: while (word !== 0) {
        const bit = word & -word;
        word ^= bit;
        const d = (w << 5) + (31 - Math.clz32(bit));
        for (let i = 0; i < slots.length; i++) {
          let any = 0;
          for (let t = slotStart[i]!; t < slotStart[i + 1]!; t++) {
            let q = cursor[t]!;
            let offset = at[t]!;
            const last = end[t]!;
            while (q < last && postDoc[q]! < d) offset += count[q++]!;
            cursor[t] = q;
            at[t] = offset;
            on[t] = q < last && postDoc[q] === d ? 1 : 0;
            any |= on[t]!;
          }
          if (!any) continue candidate;
        }
        if (this.phraseAt(slotStart, cursor, at, on, pointer)) result.add(d);
      }
    }
    return result;
  }

  /**
   * Whether the document the cursors stand on holds slot i at start + i for some start. Positions are
   * sorted, so each term's positions are read once per first-slot term: a pointer per cursor only
   * moves forward as the start grows.
   */
  private phraseAt(slotStart: Int32Array, cursor: Uint32Array, at: Uint32Array, on: Uint8Array, pointer: Uint32Array): boolean {
    const positions = this.positions;
    const count = this.postPosCount;
    const slotCount = slotStart.length - 1;
    for (let t = slotStart[0]!; t < slotStart[1]!; t++) {
      if (!on[t]) continue;
      for (let u = slotStart[1]!; u < pointer.length; u++) pointer[u] = at[u]!;
      for (let k = at[t]!, stop = at[t]! + count[cursor[t]!]!; k < stop; k++) {
        const start = positions[k]!;
        let all = true;
        for (let i = 1; i < slotCount && all; i++) {
          const x = start + i;
          let found = false;
          for (let u = slotStart[i]!; u < slotStart[i + 1]! && !found; u++) {
            if (!on[u]) continue;
            const mStop = at[u]! + count[cursor[u]!]!;
            let m = pointer[u]!;
            while (m < mStop && positions[m]! < x) m++;
            pointer[u] = m;
            found = m < mStop && positions[m] === x;
          }
          all = found;
        }
        if (all) return true;
      }
    }
    return false;
  }

  /** Positions of a term in a document (binary search in the term's sorted doc list). */
  positionsOf(term: string, d: number): Uint16Array | null {
    const r = this.range(term);
    if (!r) return null;
    let lo = r[0];
    let hi = r[1] - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const v = this.postDoc[mid]!;
      if (v === d) {
        // Postings and their positions are laid out in the same order: start from the checkpoint.
        let start = this.postPosCheckpoint[mid >>> 5]!;
        for (let q = mid & ~31; q < mid; q++) start += this.postPosCount[q]!;
        return this.positions.subarray(start, start + this.postPosCount[mid]!);
      }
      if (v < d) lo = mid + 1;
      else hi = mid - 1;
    }
    return null;
  }

  /** Local number of an activity id, or -1. */
  localOf(id: number): number {
    // Ids are appended in increasing order within a segment built from an id-ordered read.
    let lo = 0;
    let hi = this.size - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const v = this.ids[mid]!;
      if (v === id) return mid;
      if (v < id) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }
}

/** A segment as plain data: what a snapshot stores (string lists joined, see joinStrings). */
export interface SegmentParts {
  size: number;
  ids: Int32Array;
  docLength: Uint16Array;
  confirmed: Float64Array;
  newest: Float64Array;
  published: Float64Array;
  /** One rank array per locale, in LOCALES order. */
  titleRank: Int32Array[];
  /** Language codes (joined), then per document where its titles start, each title's language number, the titles (joined). */
  languages: string;
  titleStart: Uint32Array;
  titleLanguage: Uint16Array;
  titleTexts: string;
  originalLanguage: Uint16Array;
  /** Per term of the index's dictionary (sortedTerms), its number in this segment or -1. */
  localTerms: Int32Array;
  termStart: Uint32Array;
  postDoc: Uint32Array;
  postTf: Uint8Array;
  postPosCount: Uint16Array;
  postPosCheckpoint: Uint32Array;
  positions: Uint16Array;
  valueFacets: string;
  valueNames: string;
  docValueStart: Uint32Array;
  docValues: Uint16Array;
  alive: Uint32Array;
  totalLength: number;
}

// Strings read from PostgreSQL text never hold NUL, so it separates them: one string is serialised
// far faster than a list of a hundred thousand small ones.
const SEP = '\u0000';

/** Every string followed by NUL, so that a list of one empty string differs from an empty list. */
export function joinStrings(list: string[]): string {
  return list.length ? list.join(SEP) + SEP : '';
}

export function splitStrings(joined: string): string[] {
  const list = joined.split(SEP);
  list.pop();
  return list;
}
