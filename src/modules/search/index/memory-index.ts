import { FACETS, type Facet, type Filter } from '../../entries/entry';
import { oneEditVariants, stemmedCandidates, type QueryWord } from '../analyser';
import { parseQuery, type ParsedQuery, type QueryClause } from '../query';
import { sortCounts, type FacetCount, type SearchRequest, type SearchResult } from '../search';
import { Bitset } from './bitset';
import { TopK } from './heap';
import { NO_PUBLICATION, Segment, TermDictionary, joinStrings, splitStrings, type IndexDoc, type SegmentParts } from './segment';

export interface MemoryIndexOptions {
  /** One-edit typo tolerance for rare words of five letters or more (off to compare with SQL). */
  typos: boolean;
}

const BM25_K1 = 1.2;
const BM25_B = 0.75;
const FRESHNESS_WEIGHT = 0.15;
const PREFIX_FACTOR = 0.6;
const TYPO_FACTOR = 0.5;
const MAX_EXPANSIONS = 500;
/** A word whose exact forms are found in fewer documents than this gets its one-edit neighbours. */
const TYPO_RARE_DF = 3;
const TYPO_MIN_LENGTH = 5;
// Rebuilding the delta blocks searches for a moment: kept small, it is frozen into a segment of its own.
const DELTA_LIMIT = 500;
/** Facets whose values are counted (SDG targets are filterable but not counted). */
const COUNTED = new Set<Filter>(FACETS);

/** A query word with every index term that stands for it, and how much each counts. */
interface Expanded {
  terms: Map<string, number>;
  /** Han words: their bigrams must be adjacent. */
  chain: string[] | null;
}

type Slot = string[];

/** What a snapshot of the index holds: frozen segments as plain data, and the documents of the delta. */
export interface IndexState {
  segments: SegmentParts[];
  deltaDocs: IndexDoc[];
  sortedTerms: string;
}

/**
 * The in-process search index of one app instance: immutable segments built from the database,
 * plus a small delta segment rebuilt on every change batch; superseded documents are cleared from
 * their segment's `alive` set. Answers a whole search page — hits, total, every facet — in one call.
 */
export class MemoryIndex {
  private segments: Segment[] = [];
  private delta: Segment | null = null;
  private deltaDocs = new Map<number, IndexDoc>();
  private sortedTerms: string[] = [];
  private deltaSortedTerms: string[] = [];

  constructor(private readonly options: MemoryIndexOptions = { typos: true }) {}

  /** Adds a segment built elsewhere (by a SegmentBuilder) during the initial build. */
  addBuiltSegment(segment: Segment): void {
    if (segment.size) this.segments.push(segment);
  }

  /** Builds the term dictionary used for prefix and typo expansion; call once the segments are in. */
  finishBuild(): void {
    const all = new Set<string>();
    for (const s of this.segments) for (const term of s.terms.keys()) all.add(term);
    this.sortedTerms = [...all].sort();
  }

  /**
   * The whole index as plain data, for a snapshot (see snapshot.ts): the segments number their terms
   * against the sorted dictionary, which holds every term of every segment.
   */
  exportState(): IndexState {
    let dictionary = new TermDictionary(this.sortedTerms);
    let segments: SegmentParts[];
    try {
      segments = this.segments.map((s) => s.parts(dictionary));
    } catch {
      // A dictionary that misses a segment's term (one built without finishBuild): made again from the segments.
      this.finishBuild();
      dictionary = new TermDictionary(this.sortedTerms);
      segments = this.segments.map((s) => s.parts(dictionary));
    }
    return {
      segments,
      deltaDocs: [...this.deltaDocs.values()],
      sortedTerms: joinStrings(this.sortedTerms),
    };
  }

  /** Replaces what the index holds with a state {@link MemoryIndex.exportState} gave. */
  restoreState(state: IndexState, now = Date.now()): void {
    const sorted = splitStrings(state.sortedTerms);
    const dictionary = new TermDictionary(sorted);
    this.segments = state.segments.map((p) => Segment.restore(p, dictionary, now));
    this.sortedTerms = sorted;
    this.deltaDocs = new Map(state.deltaDocs.map((d) => [d.id, d]));
    this.delta = this.deltaDocs.size ? new Segment([...this.deltaDocs.values()], undefined, now) : null;
    this.deltaSortedTerms = this.delta ? [...this.delta.terms.keys()].sort() : [];
  }

  get documentCount(): number {
    let n = 0;
    for (const s of this.allSegments()) n += s.alive.count();
    return n;
  }

  /** Bytes in the index's typed arrays (its JS objects — term maps, titles — are on the heap). */
  typedBytes(): number {
    return this.allSegments().reduce((n, s) => n + s.typedBytes(), 0);
  }

  private allSegments(): Segment[] {
    return this.delta ? [...this.segments, this.delta] : this.segments;
  }

  /** Applies changes: each id is replaced by its new published version, or removed (doc null). */
  apply(changes: Array<{ id: number; doc: IndexDoc | null }>): void {
    for (const { id, doc } of changes) {
      for (const s of this.segments) {
        const local = s.localOf(id);
        if (local >= 0) s.retire(local);
      }
      if (doc) this.deltaDocs.set(id, doc);
      else this.deltaDocs.delete(id);
    }
    this.delta = this.deltaDocs.size ? new Segment([...this.deltaDocs.values()]) : null;
    this.deltaSortedTerms = this.delta ? [...this.delta.terms.keys()].sort() : [];
    // Keep the delta small: freeze it into a segment of its own when it grows; its sorted terms
    // merge into the dictionary in one linear pass.
    if (this.deltaDocs.size >= DELTA_LIMIT && this.delta) {
      this.segments.push(this.delta);
      this.sortedTerms = mergeSorted(this.sortedTerms, this.deltaSortedTerms);
      this.delta = null;
      this.deltaSortedTerms = [];
      this.deltaDocs.clear();
    }
  }

  /** Documents holding a term, over all segments (superseded ones included: an estimate for ranking). */
  private df(term: string): number {
    let n = 0;
    for (const s of this.allSegments()) {
      const r = s.range(term);
      if (r) n += r[1] - r[0];
    }
    return n;
  }

  private prefixTerms(prefix: string): string[] {
    const out = new Set<string>();
    for (const sorted of [this.sortedTerms, this.deltaSortedTerms]) {
      let lo = 0;
      let hi = sorted.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (sorted[mid]! < prefix) lo = mid + 1;
        else hi = mid;
      }
      for (let i = lo; i < sorted.length && out.size < MAX_EXPANSIONS; i++) {
        const t = sorted[i]!;
        if (!t.startsWith(prefix)) break;
        out.add(t);
      }
    }
    return [...out];
  }

  private exists(term: string): boolean {
    return this.allSegments().some((s) => s.terms.has(term));
  }

  /** Terms one edit away that the index holds. */
  private neighbours(word: string): string[] {
    return [...oneEditVariants(word, /[a-z]/.test(word[0] ?? ''))].filter((t) => this.exists(t));
  }

  private expand(word: QueryWord, prefix: boolean): Expanded {
    if (word.kind === 'all') {
      const terms = new Map(word.variants.map((v) => [v, 1]));
      if (prefix && word.variants.length === 1 && Array.from(word.variants[0]!).length === 1) {
        for (const t of this.prefixTerms(word.variants[0]!)) if (!terms.has(t)) terms.set(t, PREFIX_FACTOR);
      }
      return { terms, chain: word.variants.length > 1 ? word.variants : null };
    }
    const terms = new Map(word.variants.map((v) => [v, 1]));
    if (prefix) {
      for (const v of word.variants) for (const t of this.prefixTerms(v)) if (!terms.has(t)) terms.set(t, PREFIX_FACTOR);
      for (const t of word.truncations ?? []) if (!terms.has(t) && this.exists(t)) terms.set(t, PREFIX_FACTOR);
    }
    if (this.options.typos && Array.from(word.raw).length >= TYPO_MIN_LENGTH) {
      const exactDf = word.variants.reduce((n, v) => n + this.df(v), 0);
      if (exactDf < TYPO_RARE_DF) {
        for (const v of word.variants) for (const t of this.neighbours(v)) if (!terms.has(t)) terms.set(t, TYPO_FACTOR);
        for (const t of stemmedCandidates(word.raw)) if (!terms.has(t) && this.exists(t)) terms.set(t, TYPO_FACTOR);
      }
    }
    return { terms, chain: null };
  }

  /** Documents of a segment matching a sequence of slots at consecutive positions. */
  private phraseSet(s: Segment, slots: Slot[]): Bitset {
    let candidates: Bitset | null = null;
    for (const slot of slots) {
      const set = s.docsWithAny(slot);
      candidates = candidates ? candidates.andInPlace(set) : set;
      if (candidates.isEmpty()) return candidates;
    }
    return candidates ? s.phraseMatches(candidates, slots) : new Bitset(s.size);
  }

  private clauseSet(s: Segment, clause: QueryClause, expanded: Map<QueryWord, Expanded>): Bitset {
    if (clause.kind === 'word') {
      const e = expanded.get(clause.word)!;
      if (e.chain)
        return this.phraseSet(
          s,
          e.chain.map((b) => [b]),
        );
      return s.docsWithAny(e.terms.keys());
    }
    const slots: Slot[] = [];
    for (const w of clause.words) {
      const e = expanded.get(w)!;
      if (e.chain) for (const b of e.chain) slots.push([b]);
      else slots.push([...e.terms.keys()]);
    }
    return this.phraseSet(s, slots);
  }

  /** Runs a search page: ranked hits for the page, the total, and every facet's disjunctive counts. */
  search(req: SearchRequest, parsedQuery?: ParsedQuery): SearchResult {
    const parsed = parsedQuery ?? parseQuery(req.text);
    const segments = this.allSegments();
    const lastMust = parsed.must.at(-1);
    const prefixWord = parsed.prefixLast && lastMust?.kind === 'word' ? lastMust.word : null;
    const expanded = new Map<QueryWord, Expanded>();
    for (const clause of [...parsed.must, ...parsed.not]) {
      for (const w of clause.kind === 'word' ? [clause.word] : clause.words) expanded.set(w, this.expand(w, w === prefixWord));
    }
    const filters = Object.entries(req.filters).filter(([, v]) => v && v.length) as Array<[Filter, string[]]>;

    let totalDocs = 0;
    let totalLength = 0;
    for (const s of segments) {
      totalDocs += s.size;
      totalLength += s.totalLength;
    }
    const avgLength = totalDocs ? totalLength / totalDocs : 1;
    // Each term's weight once per query, not once per segment (df itself visits every segment).
    const idf = new Map<string, number>();
    for (const e of expanded.values()) {
      for (const term of e.terms.keys()) {
        if (idf.has(term)) continue;
        const n = this.df(term);
        idf.set(term, Math.log(1 + (totalDocs - n + 0.5) / (n + 0.5)));
      }
    }
    const lengthBase = BM25_K1 * (1 - BM25_B);
    const perLength = (BM25_K1 * BM25_B) / avgLength;

    const counts = new Map<Facet, Map<string, number>>(FACETS.map((f) => [f, new Map()]));
    const years = req.publishedYears ? new Map<number, number>() : null;
    let total = 0;
    const k = req.page * req.pageSize;
    const useScore = req.sort === 'relevance' && parsed.must.length > 0;
    const top = new TopK(k);
    const titleCandidates: Array<{ title: string; id: number }> = [];

    segments.forEach((s, si) => {
      // Text and filter sets of this segment.
      const text = s.alive.clone();
      for (const clause of parsed.must) text.andInPlace(this.clauseSet(s, clause, expanded));
      for (const clause of parsed.not) text.andNotInPlace(this.clauseSet(s, clause, expanded));
      const filterSets = new Map<Filter, Bitset>();
      for (const [facet, values] of filters) {
        const set = new Bitset(s.size);
        // The filter's own values, or any value the crosswalk adds to it (one group: ORed inside).
        for (const [f, vs] of [[facet, values] as const, ...(Object.entries(req.alsoMatch?.[facet] ?? {}) as Array<[Filter, string[]]>)]) {
          for (const v of vs) {
            const bits = s.facets.get(f)?.get(v);
            if (bits) set.orInPlace(bits);
          }
        }
        filterSets.set(facet, set);
      }
      const matching = text.clone();
      for (const set of filterSets.values()) matching.andInPlace(set);

      // Disjunctive counts: each facet counted over the matches of every *other* filter.
      const acc = new Int32Array(s.values.length);
      const matchingCount = matching.count();
      total += matchingCount;
      s.countValues(matching, matchingCount, (f) => COUNTED.has(f) && !filterSets.has(f), acc);
      for (const facet of filterSets.keys()) {
        const base = text.clone();
        for (const [f, set] of filterSets) if (f !== facet) base.andInPlace(set);
        s.countValues(base, base.count(), (f) => f === facet, acc);
      }
      if (years) {
        // Years of first publication, as the SQL path's `extract(year … at time zone 'UTC')`; no date, no year.
        const published = s.published;
        matching.forEach((d) => {
          const ms = published[d]!;
          if (ms <= NO_PUBLICATION) return;
          const year = new Date(ms).getUTCFullYear();
          years.set(year, (years.get(year) ?? 0) + 1);
        });
      }
      for (let v = 0; v < acc.length; v++) {
        if (acc[v] === 0) continue;
        const { facet, value } = s.values[v]!;
        const tally = counts.get(facet as Facet);
        if (tally) tally.set(value, (tally.get(value) ?? 0) + acc[v]!);
      }

      if (k === 0) return;
      if (useScore) {
        const scores = s.scoreScratch();
        const words = matching.words;
        const postDoc = s.postDoc;
        const postTf = s.postTf;
        const docLength = s.docLength;
        for (const clause of parsed.must) {
          for (const w of clause.kind === 'word' ? [clause.word] : clause.words) {
            for (const [term, factor] of expanded.get(w)!.terms) {
              const r = s.range(term);
              if (!r) continue;
              const weight = idf.get(term)! * factor * (BM25_K1 + 1);
              for (let p = r[0]; p < r[1]; p++) {
                const d = postDoc[p]!;
                if ((words[d >>> 5]! & (1 << (d & 31))) === 0) continue;
                const tf = postTf[p]! * 0.5;
                scores[d]! += (weight * tf) / (tf + lengthBase + perLength * docLength[d]!);
              }
            }
          }
        }
        // Inline walk of the match set; most entries cannot beat the k-th best and are skipped early.
        const freshness = s.freshness;
        const ids = s.ids;
        let threshold = top.threshold();
        for (let w = 0; w < words.length; w++) {
          let word = words[w]!;
          while (word !== 0) {
            const bit = word & -word;
            word ^= bit;
            const d = (w << 5) + (31 - Math.clz32(bit));
            const score = scores[d]! * (1 + FRESHNESS_WEIGHT * freshness[d]!);
            if (score < threshold) continue;
            top.push(score, ids[d]!, si * 2 ** 21 + d);
            threshold = top.threshold();
          }
        }
      } else if (req.sort === 'title') {
        const local = new TopK(k);
        const rank = s.titleRank[req.locale];
        matching.forEach((d) => local.push(-rank[d]!, -s.ids[d]!, d));
        for (const { ref } of local.sorted()) titleCandidates.push({ title: s.titleFor(ref, req.locale), id: s.ids[ref]! });
      } else {
        const keys = req.sort === 'published' ? s.published : s.newest;
        matching.forEach((d) => {
          if (keys[d]! >= top.threshold()) top.push(keys[d]!, s.ids[d]!, si * 2 ** 21 + d);
        });
      }
    });

    let ordered: Array<{ id: number; score: number }>;
    if (req.sort === 'title' && k > 0) {
      titleCandidates.sort((a, b) => (a.title < b.title ? -1 : a.title > b.title ? 1 : a.id - b.id));
      ordered = titleCandidates.slice(0, k).map((c) => ({ id: c.id, score: 0 }));
    } else {
      ordered = top.sorted().map((h) => ({ id: h.id, score: useScore ? h.key : 0 }));
    }
    const facets = Object.fromEntries(
      FACETS.map((f) => [
        f,
        [...counts.get(f)!].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count || a.value.localeCompare(b.value)),
      ]),
    ) as Record<Facet, FacetCount[]>;
    const highlight = new Set(parsed.highlightTerms);
    for (const clause of parsed.must) {
      for (const w of clause.kind === 'word' ? [clause.word] : clause.words) for (const t of expanded.get(w)!.terms.keys()) highlight.add(t);
    }
    return {
      total,
      hits: ordered.slice((req.page - 1) * req.pageSize),
      facets,
      highlightTerms: [...highlight],
      ...(years ? { publishedYears: sortCounts([...years].map(([year, count]) => ({ value: String(year), count }))) } : {}),
    };
  }
}

/** One sorted list of the distinct strings of two sorted lists. */
function mergeSorted(a: string[], b: string[]): string[] {
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const next = j >= b.length || (i < a.length && a[i]! <= b[j]!) ? a[i++]! : b[j++]!;
    if (out.length === 0 || out[out.length - 1] !== next) out.push(next);
  }
  return out;
}
