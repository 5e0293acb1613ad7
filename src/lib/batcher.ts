/**
 * Group commit for a hot path: items asked for while the previous batch runs (or within the same turn of
 * the event loop) are handed to `run` together, one statement for many requests, and each caller gets
 * its own item's answer. At most one batch runs at a time; the next starts as soon as it ends, so a lone
 * request waits one macrotask and a busy server sends one query per wave of requests instead of one each.
 *
 * `key` (optional) keeps two items with the same key out of one batch: the second waits for the next one,
 * so a statement never meets the same row twice (a multi-row upsert cannot) and the items keep their order.
 * `run` may also answer {@link NEXT_BATCH} for an item (it met another of the batch's items in the database).
 * When a batch of several fails, each item is retried alone, so an error reaches only the caller it is about.
 */
/** What `run` answers for an item that could not be settled in its batch: it goes into the next one, first in line. */
export const NEXT_BATCH: unique symbol = Symbol('next batch');

export class Batcher<I, O> {
  private queue: Array<{ item: I; resolve: (o: O) => void; reject: (e: unknown) => void }> = [];
  private running = false;
  private scheduled = false;

  constructor(
    private readonly run: (items: I[]) => Promise<Array<O | typeof NEXT_BATCH>>,
    private readonly opts: { key?: (item: I) => unknown; max?: number } = {},
  ) {}

  /** The item's answer, from the batch it lands in. */
  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.running || this.scheduled || this.queue.length === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    if (this.running) return;
    const max = this.opts.max ?? 500;
    const keys = new Set<unknown>();
    const batch: typeof this.queue = [];
    const rest: typeof this.queue = [];
    for (const entry of this.queue) {
      const k = this.opts.key?.(entry.item);
      if (batch.length >= max || (k !== undefined && keys.has(k))) {
        rest.push(entry);
        continue;
      }
      if (k !== undefined) keys.add(k);
      batch.push(entry);
    }
    this.queue = rest;
    this.running = true;
    try {
      await this.settle(batch);
    } finally {
      this.running = false;
      this.schedule();
    }
  }

  private async settle(batch: typeof this.queue): Promise<void> {
    try {
      const out = await this.run(batch.map((e) => e.item));
      const later: typeof this.queue = [];
      batch.forEach((e, i) => {
        const o = out[i]!;
        if (o === NEXT_BATCH) later.push(e);
        else e.resolve(o);
      });
      this.queue = [...later, ...this.queue];
    } catch (error) {
      if (batch.length === 1) {
        batch[0]!.reject(error);
        return;
      }
      const later: typeof this.queue = [];
      for (const e of batch) {
        try {
          const o = (await this.run([e.item]))[0]!;
          if (o === NEXT_BATCH) later.push(e);
          else e.resolve(o);
        } catch (alone) {
          e.reject(alone);
        }
      }
      this.queue = [...later, ...this.queue];
    }
  }
}
