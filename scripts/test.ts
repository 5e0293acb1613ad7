/**
 * Runs the test tiers: `all` (types, lint, unit + database + HTTP, browser), `unit`, `db`, `e2e`.
 * The database tiers use PGlite unless TEST_DATABASE_URL names a PostgreSQL server.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const tier = process.argv[2] ?? 'all';
const root = new URL('..', import.meta.url).pathname;

function findTests(dir: string, out: string[] = []): string[] {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) findTests(path, out);
    else if (/\.test\.tsx?$/.test(name)) out.push(path);
  }
  return out.sort();
}

/**
 * The most one step may take. Test files are not forced to exit when their tests end (`--test-force-exit` lost
 * finished tests' results on the way to the parent, nodejs/node#64833: a run reported 809 of 815 tests and passed),
 * so a file that leaks a handle would keep its step waiting: this ends it, and the step fails saying why.
 */
const STEP_TIMEOUT_MS = 20 * 60_000;

function run(label: string, cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): void {
  process.stdout.write(`\n▶ ${label}\n`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: root, env, timeout: STEP_TIMEOUT_MS });
  if (r.error && (r.error as NodeJS.ErrnoException).code === 'ETIMEDOUT') {
    process.stdout.write(
      `✖ ${label} did not end within ${STEP_TIMEOUT_MS / 60_000} min: a test file may keep a handle open (run the files alone to find it)\n`,
    );
    process.exit(1);
  }
  if (r.status !== 0) {
    process.stdout.write(`✖ ${label} failed\n`);
    process.exit(r.status ?? 1);
  }
}

const all = [...findTests(join(root, 'src')), ...findTests(join(root, 'test'))];
const isE2e = (f: string) => f.includes('/test/e2e/');
const isDb = (f: string) => /\.db\.test\.tsx?$/.test(f) || f.includes('/test/http/');
const nodeTest = (files: string[], label: string) =>
  run(label, process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', ...files]);

export function chromiumPath(): string | undefined {
  return [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => p && existsSync(p));
}

/** Runs single-threaded checks side by side (one per core), printing each one's output when it ends; stops on a failure. */
async function runTogether(jobs: Array<[label: string, args: string[]]>): Promise<void> {
  const results = await Promise.all(
    jobs.map(
      ([label, args]) =>
        new Promise<{ label: string; status: number | null; output: string }>((resolve) => {
          const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
          let output = '';
          child.stdout.on('data', (d: Buffer) => (output += d));
          child.stderr.on('data', (d: Buffer) => (output += d));
          child.on('close', (status) => resolve({ label, status, output }));
        }),
    ),
  );
  for (const { label, status, output } of results) {
    process.stdout.write(`\n▶ ${label}\n${output}`);
    if (status !== 0) {
      process.stdout.write(`✖ ${label} failed\n`);
      process.exit(status ?? 1);
    }
  }
}

if (tier === 'all')
  await runTogether([
    ['type-check', [join(root, 'node_modules/typescript/bin/tsc'), '--noEmit', '-p', 'tsconfig.json']],
    ['lint', [join(root, 'node_modules/eslint/bin/eslint.js'), '.', '--max-warnings=0']],
    ['format', [join(root, 'node_modules/prettier/bin/prettier.cjs'), '--check', '.', '--log-level=warn']],
  ]);
if (tier === 'all' || tier === 'unit')
  nodeTest(
    all.filter((f) => !isE2e(f) && !isDb(f)),
    'unit tests',
  );
// Timing tests (the /healthz watchdog) run alone, after the others: a second test file beside them on
// these 2-core machines would measure the neighbour, not the server.
const isAlone = (f: string) => f.endsWith('/test/http/watchdog.test.ts');
if (tier === 'all' || tier === 'db') {
  const target = process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite';
  // Migrated once here, copied by each test file: built before the files run side by side, not by each.
  run(`test database template on ${target}`, process.execPath, ['--import', 'tsx', join(root, 'test/support/test-template.ts')]);
  nodeTest(
    all.filter((f) => isDb(f) && !isAlone(f)),
    `database and HTTP tests on ${target}`,
  );
  nodeTest(
    all.filter((f) => isDb(f) && isAlone(f)),
    `timing tests on ${target}, alone`,
  );
}
if (tier === 'all' || tier === 'e2e') {
  if (!chromiumPath()) {
    process.stdout.write('\n⚠ Browser tests SKIPPED: Debian Chromium not found (apt-get install chromium). .ci/run installs it.\n');
  } else nodeTest(all.filter(isE2e), 'browser tests (Chromium)');
}
