import type { Db } from '../../db/connection';
import { parseQuery } from './query';
import type { SearchEngine, SearchRequest, SearchResult } from './search';
import { MemoryIndex } from './index/memory-index';
import { SegmentBuilder } from './index/segment-builder';
import { latestChangeId, pruneChanges, readChangesSince, readPublishedByIds, readPublishedPage } from './index/index.repository';
import type { IndexDoc } from './index/segment';
import { createSqlSearch } from './sql-search';

export interface IndexedSearchOptions {
  log?: { info(msg: string, f?: Record<string, unknown>): void; warn(msg: string, f?: Record<string, unknown>): void };
  /** How often the change log is read; a change is searchable on every instance within about this. */
  pollMs?: number;
  segmentSize?: number;
  typos?: boolean;
  /** Build postings in a worker thread (default true; falls back to the main thread). */
  worker?: boolean;
}

export interface IndexedSearch extends SearchEngine {
  /** Builds the index from the database, then follows the change log. Searches use SQL until then. */
  start(): Promise<void>;
  stop(): void;
  isReady(): boolean;
  /** The newest change-log id applied: it moves whenever a published entry changes, on any instance. */
  changeId(): number;
  /** Reads the change log now (tests; the poller does it on its own). */
  refresh(): Promise<number>;
  stats(): { ready: boolean; documents: number; buildMs: number | null; readMs: number; typedBytes: number };
}

const READ_PAGE = 5000;
/** Change ids can commit out of order: each poll re-reads this many ids below the newest seen. */
const REREAD_WINDOW = 1000;
const PRUNE_EVERY_MS = 10 * 60 * 1000;

/**
 * The search engine of an app instance: the in-process index once built, the SQL path before that.
 * The database stays the source of truth; the index follows its change log.
 */
export function createIndexedSearch(db: Db, opts: IndexedSearchOptions = {}): IndexedSearch {
  const sqlSearch = createSqlSearch(db);
  const index = new MemoryIndex({ typos: opts.typos ?? true });
  const pollMs = opts.pollMs ?? 250;
  let ready = false;
  let stopped = false;
  let lastChange = 0;
  const seen = new Set<number>();
  let timer: NodeJS.Timeout | undefined;
  let polling: Promise<number> = Promise.resolve(0);
  let lastPrune = Date.now();
  let buildMs: number | null = null;
  let readMs = 0;
  /** Moves on with every batch of changes applied: see SearchEngine.snapshot. */
  let applied = 0;

  async function applyChanges(): Promise<number> {
    // New ids, plus a re-read of recent ones below the newest seen (they may have committed late).
    const changes = await readChangesSince(db, lastChange, 10_000 + REREAD_WINDOW, Math.max(0, lastChange - REREAD_WINDOW));
    const unseen = changes.filter((c) => !seen.has(c.id));
    if (unseen.length === 0) return 0;
    const ids = [...new Set(unseen.map((c) => c.entityId))];
    const docs = new Map<number, IndexDoc>((await readPublishedByIds(db, ids)).map((d) => [d.id, d]));
    index.apply(ids.map((id) => ({ id, doc: docs.get(id) ?? null })));
    applied++;
    for (const c of unseen) {
      seen.add(c.id);
      if (c.id > lastChange) lastChange = c.id;
    }
    for (const id of seen) if (id < lastChange - REREAD_WINDOW) seen.delete(id);
    return ids.length;
  }

  // Polls run one after another; a caller's poll starts after every earlier one has finished, so
  // "refresh after a commit" always reads the log after that commit.
  const refresh = (): Promise<number> => {
    const next = polling.then(applyChanges, applyChanges);
    polling = next.catch(() => 0);
    return next;
  };

  function schedule(): void {
    if (stopped) return;
    timer = setTimeout(() => {
      refresh()
        .then(async () => {
          if (Date.now() - lastPrune > PRUNE_EVERY_MS) {
            lastPrune = Date.now();
            await pruneChanges(db);
          }
        })
        .catch((e: unknown) => opts.log?.warn('search index could not read the change log', { error: String(e) }))
        .finally(schedule);
    }, pollMs);
    timer.unref();
  }

  return {
    async search(req: SearchRequest): Promise<SearchResult> {
      if (!ready) return sqlSearch.search(req);
      return index.search(req, parseQuery(req.text));
    },
    snapshot: () => (ready ? applied : null),
    async start() {
      const started = performance.now();
      lastChange = await latestChangeId(db);
      // Changes already visible now are in the snapshot about to be read: mark the re-read window as
      // seen, so the first poll applies only what commits later (or out of order, still in flight).
      for (const c of await readChangesSince(db, Math.max(0, lastChange - REREAD_WINDOW), 10_000)) seen.add(c.id);
      let after = 0;
      let buffer: IndexDoc[] = [];
      const segmentSize = opts.segmentSize ?? 25_000;
      // Segments are built while the next pages are read; their order does not matter.
      const builder = new SegmentBuilder(opts.worker ?? true);
      const building: Array<Promise<void>> = [];
      const add = (docs: IndexDoc[]) => building.push(builder.build(docs).then((segment) => index.addBuiltSegment(segment)));
      for (;;) {
        const readStart = performance.now();
        const page = await readPublishedPage(db, after, READ_PAGE);
        readMs += performance.now() - readStart;
        if (page.length === 0 || stopped) break;
        buffer.push(...page);
        after = page.at(-1)!.id;
        if (buffer.length >= segmentSize) {
          add(buffer);
          buffer = [];
        }
      }
      if (buffer.length) add(buffer);
      try {
        await Promise.all(building);
      } finally {
        await builder.close();
      }
      index.finishBuild();
      await refresh();
      buildMs = performance.now() - started;
      ready = true;
      opts.log?.info('search index ready', { documents: index.documentCount, buildMs: Math.round(buildMs) });
      schedule();
    },
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
    isReady: () => ready,
    refresh,
    changeId: () => lastChange,
    stats: () => ({ ready, documents: index.documentCount, buildMs, readMs, typedBytes: index.typedBytes() }),
  };
}
