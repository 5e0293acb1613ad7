/**
 * One load run against a URL, by either of two clients, for `bench:http` and `scale-out`:
 * - autocannon (npm), the project's default client. It turns every response body into a string as it reads it,
 *   so on this 2-core machine it tops out near 4,000 req/s for a 16 KB page whatever the server does
 *   (nginx answering from its cache measures the same): for large pages it measures itself.
 * - wrk (the Debian package `wrk`, written in C), when installed: it reads bodies without decoding them, so the
 *   figure is the server's (a bare `node:http` server and the product are measured by the same client in one run).
 * With the server's PID, the run also reads the server's CPU time from /proc before and after and gives CPU µs per
 * answered request: what one request costs the server, whichever client drove it.
 */
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import autocannon from 'autocannon';

export type LoadClient = 'autocannon' | 'wrk';

export type LoadResult = {
  reqPerSec: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  /** Server CPU (user + system) per answered request, in µs; null without a PID or /proc. */
  serverUs: number | null;
};

/** Whether the `wrk` command is installed. */
export function wrkInstalled(): boolean {
  return spawnSync('sh', ['-c', 'command -v wrk'], { stdio: 'ignore' }).status === 0;
}

/** Clock ticks per second for /proc's CPU times (USER_HZ; 100 on Linux unless told otherwise). */
const TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout?.trim()) || 100;

/** A process's CPU time so far (user + system), in seconds; null when /proc has no such process. */
function cpuSeconds(pid: number | undefined): number | null {
  const file = `/proc/${pid}/stat`;
  if (pid === undefined || !existsSync(file)) return null;
  // The command name (field 2) may hold spaces: count fields from after its closing parenthesis.
  const stat = readFileSync(file, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS;
}

/**
 * Waits until a process is idle — under `share` of one core over a second — so start-up work (the demo's first
 * reports, the index snapshot, the data dumps) is not measured as the pages' cost; at most `maxMs`. Resolves to the
 * milliseconds waited, or null when it never went quiet (or there is no /proc).
 */
export async function quiet(pid: number | undefined, opts: { share?: number; maxMs?: number } = {}): Promise<number | null> {
  const share = opts.share ?? 0.05;
  const started = performance.now();
  let last = cpuSeconds(pid);
  while (last !== null && performance.now() - started < (opts.maxMs ?? 60_000)) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const now = cpuSeconds(pid);
    if (now === null) return null;
    if (now - last < share) return Math.round(performance.now() - started);
    last = now;
  }
  return null;
}

/** wrk's durations ("850.00us", "1.05ms", "2.00s") in milliseconds. */
function wrkMs(text: string): number {
  const m = /^([\d.]+)(us|ms|s|m)$/.exec(text.trim());
  if (!m) return NaN;
  const n = Number(m[1]);
  return m[2] === 'us' ? n / 1000 : m[2] === 'ms' ? n : m[2] === 's' ? n * 1000 : n * 60_000;
}

/** Reads wrk's report: requests, req/s, latency percentiles (--latency), non-2xx/3xx answers and socket errors. */
export function parseWrk(out: string): Omit<LoadResult, 'serverUs'> & { requests: number } {
  const num = (re: RegExp) => Number(re.exec(out)?.[1] ?? 0);
  const errors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  const pct = (p: string) => wrkMs(new RegExp(`^\\s+${p}%\\s+(\\S+)`, 'm').exec(out)?.[1] ?? '');
  const result = {
    requests: num(/(\d+) requests in /),
    reqPerSec: num(/Requests\/sec:\s+([\d.]+)/),
    p50: pct('50'),
    p99: pct('99'),
    non2xx: num(/Non-2xx or 3xx responses: (\d+)/),
    errors: errors ? errors.slice(1).reduce((a, b) => a + Number(b), 0) : 0,
  };
  if (!(result.requests > 0) || !Number.isFinite(result.p99)) throw new Error(`wrk gave no figures:\n${out}`);
  return result;
}

function runWrk(url: string, connections: number, seconds: number, headers: Record<string, string>): Promise<string> {
  // One thread: the server under test needs the other core of a 2-core machine.
  const argv = ['-t1', `-c${connections}`, `-d${seconds}s`, '--latency', '--timeout', '10s'];
  for (const [name, value] of Object.entries(headers)) argv.push('-H', `${name}: ${value}`);
  argv.push(url);
  return new Promise((resolve, reject) =>
    execFile('wrk', argv, { timeout: (seconds + 30) * 1000 }, (error, stdout, stderr) =>
      error ? reject(new Error(`wrk failed: ${stderr || error.message}`)) : resolve(stdout),
    ),
  );
}

/** `connections` keep-alive connections for `seconds` against `url`, by `client`; `pid` is the server's, for its CPU time. */
export async function load(opts: {
  client: LoadClient;
  url: string;
  connections: number;
  seconds: number;
  headers: Record<string, string>;
  pid?: number | undefined;
}): Promise<LoadResult> {
  const before = cpuSeconds(opts.pid);
  let result: Omit<LoadResult, 'serverUs'> & { requests: number };
  if (opts.client === 'wrk') result = parseWrk(await runWrk(opts.url, opts.connections, opts.seconds, opts.headers));
  else {
    const r = await autocannon({ url: opts.url, connections: opts.connections, duration: opts.seconds, timeout: 10, headers: opts.headers });
    result = { requests: r.requests.total, reqPerSec: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx, errors: r.errors };
  }
  const after = cpuSeconds(opts.pid);
  const serverUs = before === null || after === null || result.requests === 0 ? null : ((after - before) * 1e6) / result.requests;
  const { requests: _requests, ...rest } = result;
  return { ...rest, serverUs };
}
