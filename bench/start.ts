/* eslint-disable no-console -- a benchmark prints its figures */
/**
 * `npm run bench:start -- [--rounds 3] [--entries 100000] [--profile DIR]`: how long a start takes.
 *
 * Without `--entries`: a fresh install's first `npm start` — an empty data folder, migrations, the demo
 * register — timed from spawn to the "listening" line, with the server's CPU time then (from /proc, so
 * other work on a shared machine matters less than to the wall clock) and each boot phase's log line.
 *
 * With `--entries N`: an instance on a generated register of N published entries (bench/large-register.ts,
 * built once and reused) started with the search index snapshot a first start wrote; prints the time from
 * database open to "search index ready" as the server reports it, and its CPU time at that line.
 *
 * Each figure is taken `--rounds` times; min and median are printed. `--profile DIR` writes a V8 CPU
 * profile of every start there (`--cpu-prof`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { largeRegister } from './large-register';

const { values: args } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    entries: { type: 'string' },
    profile: { type: 'string' },
  },
});
const rounds = Number(args.rounds);
const entries = args.entries === undefined ? null : Number(args.entries);
if (!Number.isInteger(rounds) || rounds < 1 || rounds > 50 || (entries !== null && !(Number.isInteger(entries) && entries > 0 && entries <= 1_000_000))) {
  console.error('--rounds must be a whole number from 1 to 50 and --entries one from 1 to 1,000,000');
  process.exit(2);
}

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const TICKS_PER_SECOND = 100;

/** CPU time (user + system) a process or thread has used so far, in ms, from /proc (Linux). */
function cpuMsOf(path: string): number {
  const stat = readFileSync(`${path}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}

interface Run {
  /** Spawn → the awaited line. */
  wallMs: number;
  cpuMs: number;
  /** Of which the main thread (JavaScript and the embedded database); the rest is V8's compiler and GC threads, workers. */
  mainCpuMs: number;
  /** What the awaited line says (the index's own figures). */
  fields: Record<string, unknown>;
  /** Each log line's message, when it came (ms after spawn) and the main thread's CPU time then (ms). */
  phases: Array<[string, number, number]>;
}

/** Starts the product, waits for a log line whose message is `until`, reads the figures, then stops it (SIGTERM, by PID). */
async function startOnce(dataDir: string, demo: boolean, until: string, extraArgs: string[]): Promise<Run> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    PORT: '0',
    HOST: '127.0.0.1',
    DEMO_DATA: demo ? 'true' : 'false',
    // Debug adds the boot steps (modules loaded, database opened…); nothing is logged per request.
    LOG_LEVEL: 'debug',
  };
  delete env.DATABASE_URL;
  delete env.SMTP_URL;
  const started = performance.now();
  const child: ChildProcess = spawn(process.execPath, [...extraArgs, '--import', 'tsx', 'src/main.ts'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const phases: Array<[string, number, number]> = [];
  const lines: string[] = [];
  const result = await new Promise<Run>((resolve, reject) => {
    const onLine = (line: string) => {
      lines.push(line);
      if (!line.startsWith('{')) return;
      let parsed: { msg?: string } & Record<string, unknown>;
      try {
        parsed = JSON.parse(line) as typeof parsed;
      } catch {
        return;
      }
      const at = performance.now() - started;
      phases.push([parsed.msg ?? '?', at, cpuMsOf(`/proc/${child.pid}/task/${child.pid}`)]);
      if (parsed.msg === until)
        resolve({ wallMs: at, cpuMs: cpuMsOf(`/proc/${child.pid}`), mainCpuMs: cpuMsOf(`/proc/${child.pid}/task/${child.pid}`), fields: parsed, phases });
    };
    for (const stream of [child.stdout, child.stderr]) createInterface({ input: stream! }).on('line', onLine);
    child.once('exit', (code) => reject(new Error(`the server exited (${code}) before "${until}":\n${lines.slice(-20).join('\n')}`)));
  });
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
  return result;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;
const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const profileArgs = (i: number) =>
  args.profile ? ['--cpu-prof', '--cpu-prof-dir', args.profile, '--cpu-prof-name', `start-${entries ?? 'fresh'}-${i}.cpuprofile`] : [];

function summary(runs: Run[], figure: (r: Run) => number, label: string): Record<string, number> {
  const values = runs.map(figure);
  const cpu = runs.map((r) => r.cpuMs);
  const main = runs.map((r) => r.mainCpuMs);
  console.log(
    `${label}: min ${secs(Math.min(...values))}, median ${secs(median(values))}  ·  server CPU min ${secs(Math.min(...cpu))}, median ${secs(median(cpu))}` +
      ` (main thread min ${secs(Math.min(...main))}, median ${secs(median(main))})`,
  );
  return {
    minMs: Math.round(Math.min(...values)),
    medianMs: Math.round(median(values)),
    cpuMinMs: Math.round(Math.min(...cpu)),
    cpuMedianMs: Math.round(median(cpu)),
    mainCpuMinMs: Math.round(Math.min(...main)),
    mainCpuMedianMs: Math.round(median(main)),
  };
}

function printPhases(run: Run): void {
  let previous = 0;
  let previousCpu = 0;
  console.log('    after spawn  (step)      main-thread CPU (step)');
  for (const [msg, at, cpu] of run.phases) {
    console.log(`    ${secs(at).padStart(9)}  (+${secs(at - previous)})  ${secs(cpu).padStart(8)} (+${secs(cpu - previousCpu)})  ${msg}`);
    previous = at;
    previousCpu = cpu;
  }
}

if (entries === null) {
  console.log(`Fresh start (empty data folder, migrations, demo register) to "listening", ${rounds} round(s)…`);
  const runs: Run[] = [];
  for (let i = 0; i < rounds; i++) {
    const dir = mkdtempSync(join(tmpdir(), 'stocktake-bench-start-'));
    try {
      runs.push(await startOnce(dir, true, 'listening', profileArgs(i)));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const run = runs.at(-1)!;
    console.log(`  round ${i + 1}: ${secs(run.wallMs)} (CPU ${secs(run.cpuMs)}, main thread ${secs(run.mainCpuMs)})`);
  }
  console.log('  steps of the fastest round:');
  printPhases(runs.reduce((a, b) => (b.wallMs < a.wallMs ? b : a)));
  const figures = summary(runs, (r) => r.wallMs, 'Spawn → listening');
  console.log(JSON.stringify({ bench: 'start', kind: 'fresh', rounds, ...figures }));
} else {
  const dir = await largeRegister(entries);
  const snapshot = join(dir, 'search-index.snapshot');
  if (!existsSync(snapshot)) {
    console.log('No index snapshot yet: one start builds the index from the database and writes it…');
    const build = await startOnce(dir, false, 'search index ready', []);
    console.log(`  built in ${secs(Number(build.fields.sinceDatabaseOpenMs))} after the database opened`);
    // The snapshot is written right after "ready"; SIGTERM writes it too if it was not done yet.
  }
  console.log(`Start on ${entries.toLocaleString('en')} entries with the index snapshot, to "search index ready", ${rounds} round(s)…`);
  const runs: Run[] = [];
  for (let i = 0; i < rounds; i++) {
    const run = await startOnce(dir, false, 'search index ready', profileArgs(i));
    if (run.fields.source !== 'snapshot') {
      const why = run.phases.find(([msg]) => msg.startsWith('search index snapshot not used'));
      console.warn(`  warning: the index came from ${String(run.fields.source)}, not the snapshot${why ? ` (${why[0]})` : ''}`);
    }
    runs.push(run);
    console.log(
      `  round ${i + 1}: ready ${secs(Number(run.fields.sinceDatabaseOpenMs))} after the database opened, ${secs(run.wallMs)} after spawn (CPU ${secs(run.cpuMs)}, main thread ${secs(run.mainCpuMs)})`,
    );
  }
  console.log('  steps of the fastest round:');
  const fastest = runs.reduce((a, b) => (Number(b.fields.sinceDatabaseOpenMs) < Number(a.fields.sinceDatabaseOpenMs) ? b : a));
  printPhases(fastest);
  const figures = summary(runs, (r) => Number(r.fields.sinceDatabaseOpenMs), 'Database open → index ready');
  console.log(JSON.stringify({ bench: 'start', kind: 'snapshot', entries, rounds, ...figures }));
}
