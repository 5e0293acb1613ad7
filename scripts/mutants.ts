/**
 * `npm run test:mutants`: proves that the security checks are tested. Each mutant in
 * `test/mutants/*.json` weakens one check (`find` → `replace` in one file); the mutant is applied
 * in a scratch copy of the tree (never the real one), its listed test files run, and it counts as
 * killed when they fail. Options: `--only SUBSTRING` (of the id; repeatable), `--list`, `--timeout SECONDS`.
 * Exits 1 when a mutant is stale (its `find` does not occur exactly once) or the score is below 90 %.
 */
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';

const root = new URL('..', import.meta.url).pathname;
const MUTANT_DIR = join(root, 'test/mutants');
const PASS_MARK = 0.9;

const mutantSchema = z.object({
  id: z.string().min(1),
  file: z.string().min(1),
  find: z.string().min(1),
  replace: z.string(),
  tests: z.array(z.string().min(1)).min(1),
  why: z.string().min(1),
});
type Mutant = z.infer<typeof mutantSchema> & { source: string };

const { values } = parseArgs({
  options: { only: { type: 'string', multiple: true }, list: { type: 'boolean', default: false }, timeout: { type: 'string', default: '240' } },
});
const timeoutMs = Number(values.timeout) * 1000;
if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) fail('--timeout takes a number of seconds');

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

const count = (text: string, find: string) => text.split(find).length - 1;

/** Every mutant of every file, and the problems that make some of them unusable. */
function loadMutants(): { mutants: Mutant[]; problems: string[] } {
  const mutants: Mutant[] = [];
  const problems: string[] = [];
  if (!existsSync(MUTANT_DIR)) return { mutants, problems: ['test/mutants/ does not exist'] };
  const ids = new Set<string>();
  for (const name of readdirSync(MUTANT_DIR)
    .filter((n) => n.endsWith('.json'))
    .sort()) {
    const source = `test/mutants/${name}`;
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(join(MUTANT_DIR, name), 'utf8'));
    } catch (e) {
      problems.push(`${source}: not JSON (${(e as Error).message})`);
      continue;
    }
    const parsed = z.array(z.unknown()).safeParse(raw);
    if (!parsed.success) {
      problems.push(`${source}: must be an array of mutants`);
      continue;
    }
    parsed.data.forEach((entry, i) => {
      const m = mutantSchema.safeParse(entry);
      if (!m.success) {
        problems.push(`${source}[${i}]: ${m.error.issues.map((x) => `${x.path.join('.')}: ${x.message}`).join('; ')}`);
        return;
      }
      const mutant = { ...m.data, source };
      if (ids.has(mutant.id)) problems.push(`${source}: id ${mutant.id} is used twice`);
      ids.add(mutant.id);
      const file = join(root, mutant.file);
      if (!existsSync(file)) {
        problems.push(`stale ${mutant.id} (${source}): ${mutant.file} does not exist`);
        return;
      }
      const n = count(readFileSync(file, 'utf8'), mutant.find);
      if (n !== 1) {
        problems.push(`stale ${mutant.id} (${source}): its find text occurs ${n} times in ${mutant.file}, not once`);
        return;
      }
      if (mutant.find === mutant.replace) problems.push(`${mutant.id} (${source}): replace equals find`);
      const missing = mutant.tests.filter((t) => !existsSync(join(root, t)));
      if (missing.length) {
        problems.push(`stale ${mutant.id} (${source}): no such test file ${missing.join(', ')}`);
        return;
      }
      mutants.push(mutant);
    });
  }
  return { mutants, problems };
}

/** A copy of every file git knows (tracked, or new and not ignored), with node_modules linked in. */
function scratchCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'stocktake-mutants-'));
  const listed = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8' });
  if (listed.status !== 0) fail(`git ls-files failed: ${listed.stderr}`);
  for (const rel of new Set(listed.stdout.split('\0').filter(Boolean))) {
    const from = join(root, rel);
    if (!existsSync(from)) continue; // deleted in the working tree
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    copyFileSync(from, join(dir, rel));
  }
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return dir;
}

interface Run {
  outcome: 'passed' | 'failed' | 'timeout';
  seconds: number;
  output: string;
}

/** Runs test files in the scratch tree, in a process group of their own so a timeout ends all of it. */
function runTests(cwd: string, files: string[], limitMs = timeoutMs): Promise<Run> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=dot', ...files], {
      cwd,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const keep = (d: Buffer) => {
      output = (output + d.toString()).slice(-20_000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }, limitMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      const seconds = (Date.now() - started) / 1000;
      resolve({ outcome: timedOut ? 'timeout' : code === 0 ? 'passed' : 'failed', seconds, output });
    });
  });
}

async function main() {
  const { mutants: all, problems } = loadMutants();
  const only = values.only ?? [];
  const mutants = only.length ? all.filter((m) => only.some((o) => m.id.includes(o))) : all;
  for (const p of problems) process.stdout.write(`✖ ${p}\n`);
  if (values.list) {
    for (const m of mutants) process.stdout.write(`${m.id.padEnd(36)} ${m.file}  — ${m.why}  [${m.tests.join(' ')}]\n`);
    process.stdout.write(`${mutants.length} mutants${problems.length ? `, ${problems.length} problems` : ''}\n`);
    process.exit(problems.length ? 1 : 0);
  }
  if (!mutants.length) fail(only.length ? `No mutant id contains ${only.map((o) => `"${o}"`).join(' or ')}.` : 'No mutants to run.');

  const scratch = scratchCopy();
  const cleanup = () => rmSync(scratch, { recursive: true, force: true });
  // fail() and signals end the process without unwinding: the scratch copy goes anyway.
  process.on('exit', cleanup);
  process.on('SIGINT', () => process.exit(130));
  process.on('SIGTERM', () => process.exit(143));
  try {
    const union = [...new Set(mutants.flatMap((m) => m.tests))].sort();
    process.stdout.write(`Scratch copy in ${scratch}; running ${union.length} test files unmutated first…\n`);
    // The unmutated run gets the per-mutant limit for each file it runs.
    const baseline = await runTests(scratch, union, timeoutMs * union.length);
    if (baseline.outcome !== 'passed') {
      process.stdout.write(`${baseline.output}\n`);
      fail(
        `The listed tests do not pass on the unmutated tree (${baseline.outcome} after ${baseline.seconds.toFixed(1)} s): fix them before measuring mutants.`,
      );
    }
    process.stdout.write(`Baseline passed in ${baseline.seconds.toFixed(1)} s.\n`);

    const tally = { killed: 0, timeout: 0, survived: 0 };
    for (const m of mutants) {
      const path = join(scratch, m.file);
      const original = readFileSync(path, 'utf8');
      writeFileSync(
        path,
        original.replace(m.find, () => m.replace),
      );
      let run: Run;
      try {
        run = await runTests(scratch, m.tests);
      } finally {
        writeFileSync(path, original);
      }
      const label = run.outcome === 'failed' ? 'killed' : run.outcome === 'timeout' ? 'killed (timeout)' : 'SURVIVED';
      if (run.outcome === 'failed') tally.killed++;
      else if (run.outcome === 'timeout') tally.timeout++;
      else tally.survived++;
      process.stdout.write(`${label.padEnd(17)} ${m.id.padEnd(36)} ${run.seconds.toFixed(1).padStart(6)} s  ${m.file} — ${m.why}\n`);
    }
    const total = mutants.length;
    const killed = tally.killed + tally.timeout;
    const score = killed / total;
    process.stdout.write(
      `\nScore: ${killed}/${total} (${(score * 100).toFixed(1)} %) — ${tally.killed} killed by a failing test, ${tally.timeout} by timeout, ${tally.survived} survived.\n`,
    );
    if (problems.length) process.stdout.write(`${problems.length} problem(s) above: stale or malformed mutants count as a failure.\n`);
    process.exitCode = score < PASS_MARK || problems.length ? 1 : 0;
  } finally {
    cleanup();
  }
}

await main();
