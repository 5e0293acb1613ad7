import type { Db } from '../../db/connection';
import type { Entry } from './entry';
import { loadEntries } from './entries.repository';
import { Lru } from '../../lib/lru';

/** How many published entries are kept by default: a page's worth of hot entries, not the register. */
export const PUBLISHED_MEMORY_ENTRIES = 5000;
/** Bytes kept by default (estimated from each entry's JSON size): bounds a register of long entries. */
export const PUBLISHED_MEMORY_BYTES = 64 * 1024 * 1024;

/** How many facts `remember` keeps (least recently used first out), and for how long at most. */
const MAX_FACTS = 5000;
const FACT_TTL_MS = 60_000;

/** Freezes an entry and everything in it: a kept entry is shared by every request that reads it. */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/**
 * Published entries as visitors' pages and the API read them (the fully loaded `Entry`), kept in
 * memory so a page that misses the response cache costs no query for them. Only published entries
 * are kept (drafts, submissions and archived entries are never read through it), and only visitors'
 * requests read through it: a signed-in person reads the database, so their own edit shows at once.
 *
 * It follows the change log the search index follows (`drop` with the ids of each batch, on every
 * instance), and `clear()` after a change made here. A read that overlaps a drop is served but not
 * kept, so an entry read before a change can never be kept after it. Bounded by count and by bytes
 * (least recently used first), so a large register keeps its hot entries only.
 */
export class PublishedEntries {
  private readonly kept = new Map<number, { entry: Entry; bytes: number }>();
  private bytes = 0;
  /** Moves on every drop or clear: a read that started before it does not keep what it read. */
  private epoch = 0;
  private hits = 0;
  private misses = 0;
  /** Facts read from the database about published entries (`remember`), by key; emptied with every change. */
  private readonly facts = new Lru<string, { value: unknown; expires: number }>(MAX_FACTS);

  private readonly limits: { maxEntries: number; maxBytes: number };
  private readonly active: () => boolean;

  /**
   * `active` says whether the change log is being followed (the search index is ready): until it is,
   * every read is a query and nothing is kept.
   */
  constructor(
    private readonly db: Db,
    opts: { active?: () => boolean; maxEntries?: number; maxBytes?: number } = {},
  ) {
    this.active = opts.active ?? (() => true);
    this.limits = { maxEntries: opts.maxEntries ?? PUBLISHED_MEMORY_ENTRIES, maxBytes: opts.maxBytes ?? PUBLISHED_MEMORY_BYTES };
  }

  /** Published entries by id, in the order of `ids`; ids that are not published are skipped (as `loadEntries` does). */
  async load(ids: number[]): Promise<Entry[]> {
    if (ids.length === 0) return [];
    if (!this.active()) {
      this.clear();
      return loadEntries(this.db, ids, ['published']);
    }
    const found = new Map<number, Entry>();
    const missing: number[] = [];
    for (const id of ids) {
      const k = this.kept.get(id);
      if (k) {
        // Map order doubles as recency: a hit moves to the end, eviction takes from the front.
        this.kept.delete(id);
        this.kept.set(id, k);
        found.set(id, k.entry);
      } else if (!found.has(id)) missing.push(id);
    }
    this.hits += ids.length - missing.length;
    if (missing.length) {
      this.misses += missing.length;
      const epoch = this.epoch;
      const loaded = await loadEntries(this.db, [...new Set(missing)], ['published']);
      const keep = epoch === this.epoch;
      for (const entry of loaded) {
        deepFreeze(entry);
        found.set(entry.id, entry);
        if (keep) this.keep(entry);
      }
    }
    return ids.flatMap((id) => {
      const e = found.get(id);
      return e ? [e] : [];
    });
  }

  /**
   * A fact about published entries that visitors' pages show (which entries name an actor, a publication's files and
   * counts), read once by `read` and kept until the register changes anywhere (any entry's change may change it) or
   * `ttlMs` passes, whichever is first: the TTL bounds facts that move outside the change log (download counts).
   * Kept only while the change log is followed, and never when a change overlapped the read, as entries are.
   */
  async remember<T>(key: string, read: () => Promise<T>, ttlMs = FACT_TTL_MS): Promise<T> {
    if (!this.active()) {
      this.clear();
      return read();
    }
    const now = Date.now();
    const kept = this.facts.get(key);
    if (kept && kept.expires > now) return kept.value as T;
    const epoch = this.epoch;
    const value = await read();
    if (epoch === this.epoch) this.facts.set(key, { value: deepFreeze(value), expires: now + ttlMs });
    return value;
  }

  /** Forgets these entries (they changed), and every fact (any of them may read these); reads in flight keep nothing. */
  drop(ids: Iterable<number>): void {
    this.epoch++;
    this.facts.clear();
    for (const id of ids) this.forget(id);
  }

  /** Forgets everything (a change made on this instance, which the change log reports a moment later). */
  clear(): void {
    this.epoch++;
    this.kept.clear();
    this.facts.clear();
    this.bytes = 0;
  }

  stats(): { entries: number; bytes: number; hits: number; misses: number } {
    return { entries: this.kept.size, bytes: this.bytes, hits: this.hits, misses: this.misses };
  }

  private keep(entry: Entry): void {
    // An estimate (UTF-16 JSON length): enough to bound memory within a small factor.
    const bytes = JSON.stringify(entry).length * 2;
    if (bytes > this.limits.maxBytes) return;
    this.forget(entry.id);
    this.kept.set(entry.id, { entry, bytes });
    this.bytes += bytes;
    for (const [oldest] of this.kept) {
      if (this.kept.size <= this.limits.maxEntries && this.bytes <= this.limits.maxBytes) break;
      this.forget(oldest);
    }
  }

  private forget(id: number): void {
    const k = this.kept.get(id);
    if (!k) return;
    this.bytes -= k.bytes;
    this.kept.delete(id);
  }
}
