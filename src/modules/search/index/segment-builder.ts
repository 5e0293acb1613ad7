import { Worker } from 'node:worker_threads';
import type { Postings } from './postings';
import { Segment, type IndexDoc } from './segment';

/**
 * Builds segments, their postings in a worker thread when one can be started: on a 2-core machine
 * the main thread reads the next page from the database while the worker builds. Falls back to
 * building in the main thread, with the same result.
 */
export class SegmentBuilder {
  private worker: Worker | null = null;
  private jobs = new Map<number, { resolve: (p: Postings) => void; reject: (e: unknown) => void }>();
  private nextId = 0;

  constructor(useWorker = true) {
    if (!useWorker) return;
    try {
      this.worker = startWorker(new URL('./postings.worker.ts', import.meta.url));
      this.worker.unref();
      this.worker.on('message', (m: { id: number; postings: Postings }) => {
        this.jobs.get(m.id)?.resolve(m.postings);
        this.jobs.delete(m.id);
      });
      this.worker.on('error', (e) => this.fail(e));
      this.worker.on('exit', () => this.fail(new Error('postings worker exited')));
    } catch {
      this.worker = null;
    }
  }

  private fail(error: unknown): void {
    this.worker = null;
    for (const job of this.jobs.values()) job.reject(error);
    this.jobs.clear();
  }

  /** Whether postings are built in a worker thread. */
  get threaded(): boolean {
    return this.worker !== null;
  }

  async build(docs: IndexDoc[]): Promise<Segment> {
    const sorted = [...docs].sort((a, b) => a.id - b.id);
    const worker = this.worker;
    if (!worker) return new Segment(sorted);
    try {
      const postings = await new Promise<Postings>((resolve, reject) => {
        const id = this.nextId++;
        this.jobs.set(id, { resolve, reject });
        worker.postMessage({ id, joined: sorted.map((d) => d.terms).join('\u0002') });
      });
      return new Segment(sorted, postings);
    } catch {
      return new Segment(sorted);
    }
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    if (worker) await worker.terminate();
  }
}

/**
 * Starts a worker from a TypeScript file. Node 20 does not carry tsx's loader hooks into worker
 * threads, so the worker first registers tsx's API, then imports the file.
 */
function startWorker(file: URL): Worker {
  if (!file.pathname.endsWith('.ts')) return new Worker(file);
  const api = import.meta.resolve('tsx/esm/api');
  const code = `(async () => { const { register } = await import(${JSON.stringify(api)}); register(); await import(${JSON.stringify(file.href)}); })();`;
  return new Worker(code, { eval: true });
}
