import type { Db } from '../../db/connection';
import { deliverPending } from './mail.service';
import type { MailTransport } from './mail.transport';

export interface MailWorker {
  /** Sends everything due now (tests and shutdown call it). */
  flush(): Promise<{ sent: number; failed: number }>;
  stop(): void;
}

/**
 * Drains the outbox every few seconds. Runs are serialized; any number of instances may run one,
 * since rows are claimed with SKIP LOCKED.
 */
export function startMailWorker(db: Db, transport: MailTransport, opts: { intervalMs?: number; onError?: (e: unknown) => void } = {}): MailWorker {
  let running: Promise<{ sent: number; failed: number }> | null = null;
  const run = () => {
    running ??= deliverPending(db, transport).finally(() => {
      running = null;
    });
    return running;
  };
  const timer = setInterval(() => {
    run().catch((e: unknown) => opts.onError?.(e));
  }, opts.intervalMs ?? 3000);
  timer.unref();
  return {
    flush: async () => {
      if (running) await running.catch(() => undefined);
      return run();
    },
    stop: () => {
      clearInterval(timer);
      transport.close();
    },
  };
}
