import type { Db } from '../../db/connection';
import { parseQuery } from './query';
import type { SearchEngine, SearchRequest, SearchResult } from './search';
import { MemoryIndex } from './index/memory-index';
import { SegmentBuilder } from './index/segment-builder';
import {
  countPublished,
  databaseNow,
  latestChangeId,
  oldestChangeId,
  pruneChanges,
  readChangesSince,
  readPublishedByIds,
  readPublishedPage,
} from './index/index.repository';
import type { IndexDoc } from './index/segment';
import { decodeSnapshot, encodeSnapshot, readSnapshotFile, SnapshotError, writeSnapshotFile, type SnapshotMeta } from './index/snapshot';
import { createSqlSearch } from './sql-search';

export interface IndexedSearchOptions {
  log?: { info(msg: string, f?: Record<string, unknown>): void; warn(msg: string, f?: Record<string, unknown>): void };
  /** How often the change log is read; a change is searchable on every instance within about this. */
  pollMs?: number;
  segmentSize?: number;
  typos?: boolean;
  /** Build postings in a worker thread (default true; falls back to the main thread). */
  worker?: boolean;
  /**
   * Where the index is kept between starts (see index/snapshot.ts): loaded at start, then the change
   * log since it is replayed; written after a build, every few minutes while it changes, and by close().
   */
  snapshot?: { path: string; database: string; everyMs?: number } | null;
  /** performance.now() when the database was opened, to report start-up time from it. */
  since?: number;
}

export interface IndexedSearch extends SearchEngine {
  /** Builds the index from the database, then follows the change log. Searches use SQL until then. */
  start(): Promise<void>;
  stop(): void;
  /** Stops, and writes a snapshot if the index changed since the last one. */
  close(): Promise<void>;
  /** Writes a snapshot now (when ready); resolves to its size in bytes, or null when none was written. */
  saveSnapshot(): Promise<number | null>;
  isReady(): boolean;
  /** The newest change-log id applied: it moves whenever a published entry changes, on any instance. */
  changeId(): number;
  /** Reads the change log now (tests; the poller does it on its own). */
  refresh(): Promise<number>;
  /**
   * Calls `listener` with the ids of the entries each batch of the change log touched (published,
   * edited, withdrawn, on any instance), once the index holds them: what memories of published
   * entries follow to drop what changed.
   */
  onChange(listener: (ids: number[]) => void): void;
  stats(): {
    ready: boolean;
    documents: number;
    buildMs: number | null;
    readMs: number;
    typedBytes: number;
    /** Whether the index came from a snapshot, and (if not) why. */
    source: 'snapshot' | 'build' | null;
    snapshotNote: string | null;
  };
}

const READ_PAGE = 5000;
/** Change ids can commit out of order: each poll re-reads this many ids below the newest seen. */
const REREAD_WINDOW = 1000;
const PRUNE_EVERY_MS = 10 * 60 * 1000;
/** How often a changed index is written to its snapshot file. */
const SNAPSHOT_EVERY_MS = 5 * 60 * 1000;
/** An unchanged index is still written this often, so the snapshot stays younger than the log's pruning. */
const SNAPSHOT_REFRESH_MS = 6 * 60 * 60 * 1000;
/** pruneChanges drops rows older than a day: a snapshot older than this may miss pruned changes. */
const SNAPSHOT_MAX_AGE_MS = 20 * 60 * 60 * 1000;

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
  const listeners: Array<(ids: number[]) => void> = [];

  /**
   * Applies the changes not seen yet: new ids, plus a re-read of recent ones below the newest seen
   * (they may have committed late). `everyAbove`, when given, reads every id above it whatever its
   * time instead (a snapshot's replay: its window may hold changes committed after it was taken).
   */
  async function applyChanges(everyAbove?: number): Promise<number> {
    const changes =
      everyAbove === undefined
        ? await readChangesSince(db, lastChange, 10_000 + REREAD_WINDOW, Math.max(0, lastChange - REREAD_WINDOW))
        : await readChangesSince(db, everyAbove, 10_000 + REREAD_WINDOW);
    const unseen = changes.filter((c) => !seen.has(c.id));
    if (unseen.length === 0) return 0;
    const ids = [...new Set(unseen.map((c) => c.entityId))];
    const docs = new Map<number, IndexDoc>((await readPublishedByIds(db, ids)).map((d) => [d.id, d]));
    index.apply(ids.map((id) => ({ id, doc: docs.get(id) ?? null })));
    applied++;
    for (const listener of listeners) listener(ids);
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
    // A poll reads from where the index is (no argument): handing `applyChanges` to `then` directly passed the
    // previous poll's count as `everyAbove`, so every poll re-read and re-applied the log from that id — at
    // 100,000 entries 11,000 entries re-indexed every 250 ms for ever, and /healthz took 2 s.
    const poll = () => applyChanges();
    const next = polling.then(poll, poll);
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

  const snapshotOpts = opts.snapshot ?? null;
  let source: 'snapshot' | 'build' | null = null;
  let snapshotNote: string | null = null;
  /** The change id and time of the last snapshot written or loaded. */
  let savedChange = -1;
  let savedAt = 0;
  let saving: Promise<number | null> | null = null;
  /** How long each step of loading the snapshot took (reported with "search index ready"). */
  const loadPhases: Record<string, number> = {};

  async function saveSnapshot(): Promise<number | null> {
    if (!snapshotOpts || !ready) return null;
    // One write at a time; a call during a write waits for it and writes again only if needed.
    while (saving) await saving.catch(() => null);
    const run = async (): Promise<number | null> => {
      const started = performance.now();
      const meta: SnapshotMeta = {
        changeId: lastChange,
        seen: [...seen],
        takenAt: await databaseNow(db),
        documents: index.documentCount,
        database: snapshotOpts.database,
      };
      // Serialised in one synchronous step, so the state and its change id agree.
      const parts = encodeSnapshot(meta, index.exportState());
      const encodeMs = performance.now() - started;
      const bytes = await writeSnapshotFile(snapshotOpts.path, parts);
      savedChange = meta.changeId;
      savedAt = Date.now();
      opts.log?.info('search index snapshot written', {
        path: snapshotOpts.path,
        changeId: meta.changeId,
        documents: meta.documents,
        bytes,
        encodeMs: Math.round(encodeMs),
        totalMs: Math.round(performance.now() - started),
      });
      return bytes;
    };
    saving = run();
    try {
      return await saving;
    } finally {
      saving = null;
    }
  }

  /** Saves when the index moved since the last snapshot (or the last one is getting old); never throws. */
  async function saveIfChanged(): Promise<void> {
    if (!snapshotOpts || !ready) return;
    if (lastChange === savedChange && Date.now() - savedAt < SNAPSHOT_REFRESH_MS) return;
    try {
      await saveSnapshot();
    } catch (e) {
      opts.log?.warn('search index snapshot could not be written', { path: snapshotOpts.path, error: String(e) });
    }
  }

  /**
   * Loads the snapshot and replays the change log since it. Returns why it was not used, or null when
   * the index now holds it. Every check that fails leaves the caller to build from the database.
   */
  async function loadSnapshot(): Promise<string | null> {
    if (!snapshotOpts) return 'no snapshot configured';
    let file: Buffer | null;
    let mark = performance.now();
    const lap = (name: string) => {
      const now = performance.now();
      loadPhases[name] = Math.round(now - mark);
      mark = now;
    };
    try {
      file = await readSnapshotFile(snapshotOpts.path);
      lap('readMs');
    } catch (e) {
      return `unreadable file: ${String(e)}`;
    }
    if (!file) return 'no snapshot yet';
    let decoded: ReturnType<typeof decodeSnapshot>;
    try {
      decoded = decodeSnapshot(file);
      lap('decodeMs');
    } catch (e) {
      return e instanceof SnapshotError ? e.message : `unreadable: ${String(e)}`;
    }
    file = null;
    const { meta, state } = decoded;
    if (meta.database !== snapshotOpts.database) return 'taken from another database';
    const [newest, oldest, now] = await Promise.all([latestChangeId(db), oldestChangeId(db), databaseNow(db)]);
    lap('checkMs');
    if (meta.changeId > newest) return 'newer than the change log (a restored or different database)';
    // Changes after the snapshot are all still in the log if it is younger than the pruning, or if
    // the log still starts at or before it.
    if (now - meta.takenAt > SNAPSHOT_MAX_AGE_MS && !(oldest !== null && oldest <= meta.changeId))
      return 'older than the change log keeps (changes since may be pruned)';
    try {
      index.restoreState(state);
      lap('restoreMs');
    } catch (e) {
      return `unexpected contents: ${String(e)}`;
    }
    // Replay the log from the re-read window below the snapshot's id, skipping what the snapshot had
    // applied: a change with a lower id may have committed after it was taken. Only that window:
    // re-reading a window below it too (as a poll from its start would) re-applied up to a thousand
    // entries after every quick restart (3.1 s of a 15 s start at 100,000 entries).
    lastChange = meta.changeId;
    seen.clear();
    for (const id of meta.seen) seen.add(id);
    let found = await applyChanges(Math.max(0, meta.changeId - REREAD_WINDOW));
    for (let attempt = 0; ; attempt++) {
      // Each read takes up to 11,000 changes: read until one finds nothing new.
      while (found > 0) {
        if (stopped) return 'stopped';
        found = await applyChanges();
      }
      // A last check that the index and the database agree (it catches a log pruned early, or a
      // database restored from a backup): the number of published entries.
      const published = await countPublished(db);
      if (index.documentCount === published) break;
      // An entry published while this ran makes them differ for a moment: read the log once more.
      if (attempt === 1) return `holds ${index.documentCount} entries after the replay, the database ${published}`;
      found = await applyChanges();
    }
    lap('replayMs');
    savedChange = meta.changeId;
    savedAt = Date.now() - (now - meta.takenAt);
    return null;
  }

  /** Reads every published entry and builds the index from them. */
  async function build(): Promise<void> {
    lastChange = await latestChangeId(db);
    // Changes already visible now are in the read about to start: mark the re-read window as
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
  }

  let snapshotTimer: NodeJS.Timeout | undefined;
  function scheduleSnapshots(): void {
    if (!snapshotOpts || stopped) return;
    snapshotTimer = setTimeout(() => {
      void saveIfChanged().finally(scheduleSnapshots);
    }, snapshotOpts.everyMs ?? SNAPSHOT_EVERY_MS);
    snapshotTimer.unref();
  }

  return {
    async search(req: SearchRequest): Promise<SearchResult> {
      if (!ready) return sqlSearch.search(req);
      return index.search(req, parseQuery(req.text));
    },
    snapshot: () => (ready ? applied : null),
    async start() {
      const started = performance.now();
      const loadStarted = performance.now();
      const why = await loadSnapshot().catch((e: unknown) => `failed: ${String(e)}`);
      if (why === null) source = 'snapshot';
      else {
        if (snapshotOpts) {
          const level = why === 'no snapshot yet' ? 'info' : 'warn';
          opts.log?.[level]('search index snapshot not used; building from the database', {
            path: snapshotOpts.path,
            reason: why,
            ms: Math.round(performance.now() - loadStarted),
          });
        }
        snapshotNote = why;
        // Start over from an empty index (a snapshot may have been half applied).
        index.restoreState({ segments: [], deltaDocs: [], sortedTerms: '' });
        seen.clear();
        readMs = 0;
        await build();
        source = 'build';
      }
      buildMs = performance.now() - started;
      ready = true;
      opts.log?.info('search index ready', {
        documents: index.documentCount,
        source,
        buildMs: Math.round(buildMs),
        ...(source === 'snapshot' ? loadPhases : {}),
        ...(opts.since !== undefined ? { sinceDatabaseOpenMs: Math.round(performance.now() - opts.since) } : {}),
      });
      schedule();
      if (source === 'build' || lastChange !== savedChange) await saveIfChanged();
      scheduleSnapshots();
    },
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      if (snapshotTimer) clearTimeout(snapshotTimer);
    },
    async close() {
      this.stop();
      await polling;
      await saveIfChanged();
    },
    saveSnapshot,
    isReady: () => ready,
    refresh,
    onChange: (listener) => void listeners.push(listener),
    changeId: () => lastChange,
    stats: () => ({ ready, documents: index.documentCount, buildMs, readMs, typedBytes: index.typedBytes(), source, snapshotNote }),
  };
}
