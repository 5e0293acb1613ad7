import type { z } from 'zod';

/** What a running job is given besides its payload. */
export interface JobContext {
  jobId: number;
  /** 1 for the first attempt. */
  attempt: number;
  /** Aborted when the instance stops or loses the job's lease: a handler stops work and throws. */
  signal: AbortSignal;
  log: JobLog;
}

export interface JobLog {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
}

/** One kind of job: how its payload is checked and what running it does. */
export interface JobHandler<P = unknown> {
  kind: string;
  /** Checks a payload read back from the database; a payload it refuses fails the job at once (no retry). */
  payload: z.ZodType<P>;
  /** Attempts before the job is given up (5 by default). */
  maxAttempts?: number;
  run(payload: P, ctx: JobContext): Promise<void>;
}

/** Declares a handler with its payload type inferred from its schema. */
export function defineJob<S extends z.ZodType>(handler: {
  kind: string;
  payload: S;
  maxAttempts?: number;
  run(payload: z.output<S>, ctx: JobContext): Promise<void>;
}): JobHandler<z.output<S>> {
  // A schema's parse returns its output type; TypeScript cannot see that through the generic.
  return handler as unknown as JobHandler<z.output<S>>;
}

/** Handlers by kind; a kind registered twice is a programming error. */
export function jobRegistry(handlers: readonly JobHandler<unknown>[]): ReadonlyMap<string, JobHandler<unknown>> {
  const map = new Map<string, JobHandler<unknown>>();
  for (const h of handlers) {
    if (map.has(h.kind)) throw new Error(`job kind registered twice: ${h.kind}`);
    map.set(h.kind, h);
  }
  return map;
}

/** A job run every `everyMs`, at most once per period on all instances together. */
export interface Schedule {
  /** Names the schedule in its runs' unique keys. */
  name: string;
  kind: string;
  payload?: Record<string, unknown>;
  everyMs: number;
}

/**
 * The unique key of the schedule's run for the period holding `now`. Periods are counted from the Unix
 * epoch (a daily schedule's run is due at 00:00 UTC), so every instance names the same period the same way.
 */
export function periodKey(schedule: Schedule, now: Date): string {
  const start = Math.floor(now.getTime() / schedule.everyMs) * schedule.everyMs;
  return `schedule:${schedule.name}:${new Date(start).toISOString()}`;
}

/** The wait before attempt `attempt + 1` after attempt `attempt` failed: doubling from `baseMs`, at most `capMs`. */
export function backoffMs(attempt: number, baseMs: number, capMs: number): number {
  return Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
}

const UNITS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** Reads `90s`, `30m`, `24h`, `7d` (or `0`, off) as milliseconds; null for anything else. */
export function parseDuration(text: string): number | null {
  if (text.trim() === '0') return 0;
  const m = /^\s*(\d{1,6})\s*([smhd])\s*$/.exec(text);
  if (!m) return null;
  return Number(m[1]) * UNITS[m[2] as keyof typeof UNITS];
}

/** An error as one bounded line for `last_error`. */
export function errorText(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.slice(0, 1000);
}
