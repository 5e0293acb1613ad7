/* eslint-disable no-console -- a benchmark prints its figures */
/**
 * `npm run bench:votes`: the WSIS Prizes' public vote through the HTTP layer, in process.
 *
 * Builds a contest in its voting phase with the 18 default categories and 10 nominations in each, 20,000
 * verified accounts with a signed-in session each (rows written in batches: no password hashing), then
 * casts 100,000 votes (5 categories per account) as browsers would — `POST /en/prizes/:year/vote` with
 * the session cookie, the CSRF token and the page's time, from an address in X-Forwarded-For behind one
 * trusted proxy — through `app.request`, a few requests in flight at once. Prints votes/s, p50/p99 per
 * request, then the time to compute the top five per category (the tally alone, and the results page),
 * the curators' fraud-signal page and the audit export over all the votes.
 *
 * VOTES, ACCOUNTS and CONCURRENCY override the sizes; DATABASE_URL runs it against PostgreSQL.
 */
import { randomBytes } from 'node:crypto';
import { createApp } from '../src/app';
import { loadConfig } from '../src/config/config';
import { openDatabase } from '../src/db/connection';
import { migrateToLatest } from '../src/db/migrate';
import { syncVocabularies } from '../src/db/vocabulary-sync';
import { DAY_MS, HOUR_MS } from '../src/lib/time-zones';
import { hashToken } from '../src/modules/accounts/password';
import { enrolDirectly } from '../src/modules/accounts/two-factor.service';
import { DEFAULT_CATEGORIES, DEFAULT_QUESTIONNAIRE, PHASES, topFive } from '../src/modules/prizes/prizes';
import { tallyVotes } from '../src/modules/prizes/prizes.repository';
import { createSqlSearch } from '../src/modules/search/sql-search';
import { loadTaxonomy } from '../src/modules/taxonomy/taxonomy.service';

const ACCOUNTS = Number(process.env.ACCOUNTS ?? 20_000);
const VOTES = Number(process.env.VOTES ?? 100_000);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 8);
const PER_CATEGORY = 10;
const BATCH = 1000;

const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent', TRUST_PROXY: '1' });
const handle = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: ':memory:' });
await migrateToLatest(handle.db);
await syncVocabularies(handle.db);
const taxonomy = await loadTaxonomy(handle.db);
const { db } = handle;
const app = createApp({ config, db, taxonomy, search: createSqlSearch(db), isDemo: () => false, log: { info() {}, warn() {}, error() {} } });
const cookie = config.baseUrl.startsWith('https:') ? '__Host-stk_session' : 'stk_session';

const time = async <T>(f: () => Promise<T>): Promise<[T, number]> => {
  const start = performance.now();
  const out = await f();
  return [out, performance.now() - start];
};

// The contest, in its voting phase since an hour ago; a year no other contest has.
const setupStart = performance.now();
const year = 2900 + Math.floor(Math.random() * 90);
const phasesAt = (index: number) => Object.fromEntries(PHASES.map((p, i) => [p, new Date(Date.now() + (i - index) * DAY_MS - HOUR_MS).toISOString()]));
const { id: contestId } = await db
  .insertInto('prizeContests')
  .values({
    year,
    titles: JSON.stringify({ en: `WSIS Prizes ${year}` }),
    rules: JSON.stringify({}),
    timeZone: 'Europe/Zurich',
    phases: JSON.stringify(phasesAt(PHASES.indexOf('voting'))),
    categories: JSON.stringify(DEFAULT_CATEGORIES),
    votesChangeable: true,
    allCategoriesRequired: false,
    questionnaire: JSON.stringify(DEFAULT_QUESTIONNAIRE),
    createdBy: null,
  })
  .returning('id')
  .executeTakeFirstOrThrow();

// Accounts: verified, active, created over the last 90 days; each with a session (its cookie token kept here).
const tokens: Array<{ userId: number; token: string; csrf: string }> = [];
for (let done = 0; done < ACCOUNTS; done += BATCH) {
  const n = Math.min(BATCH, ACCOUNTS - done);
  const users = await db
    .insertInto('users')
    .values(
      Array.from({ length: n }, (_, i) => {
        const createdAt = new Date(Date.now() - Math.random() * 90 * DAY_MS);
        return {
          email: `voter-${year}-${done + i}@bench.test`,
          passwordHash: 'not-a-hash',
          displayName: `Voter ${done + i}`,
          locale: 'en',
          role: 'contributor' as const,
          status: 'active' as const,
          emailVerifiedAt: createdAt,
          createdAt,
        };
      }),
    )
    .returning('id')
    .execute();
  const sessions = users.map((u) => ({ userId: u.id, token: randomBytes(32).toString('base64url'), csrf: randomBytes(24).toString('base64url') }));
  await db
    .insertInto('sessions')
    .values(
      sessions.map((s) => ({ id: hashToken(s.token), userId: s.userId, csrfToken: s.csrf, expiresAt: new Date(Date.now() + DAY_MS), userAgent: 'bench' })),
    )
    .execute();
  tokens.push(...sessions);
}

// Nominations: 10 organisations, each with one accepted project in every category.
const owner = tokens[0]!.userId;
const orgs = await db
  .insertInto('organisations')
  .values(
    Array.from({ length: PER_CATEGORY }, (_, i) => ({
      name: `Bench organisation ${year}-${i}`,
      stakeholderType: 'civil-society',
      country: null,
      website: null,
      createdBy: owner,
    })),
  )
  .returning('id')
  .execute();
const nominations = new Map<string, number[]>();
for (const category of DEFAULT_CATEGORIES) {
  const rows = await db
    .insertInto('prizeNominations')
    .values(
      orgs.map((o, i) => ({
        contestId,
        category,
        organisationId: o.id,
        entryId: null,
        projectKey: `org:${o.id}:${category}-${i}`,
        createdBy: owner,
        status: 'accepted',
        answers: JSON.stringify({ title: `Project ${category} ${i}`, language: 'en', description: 'A project.' }),
      })),
    )
    .returning('id')
    .execute();
  nominations.set(
    category,
    rows.map((r) => r.id),
  );
}
const setupMs = performance.now() - setupStart;

// The votes: each account votes in 5 different categories in a row, as a person would, for a nomination
// drawn with a skew (earlier ones more popular), from an address in one of ~1,250 /24 networks.
const plan: Array<{ account: number; nominationId: number }> = [];
for (let k = 0; k < VOTES; k += 1) {
  const account = Math.floor(k / 5) % ACCOUNTS;
  const category = DEFAULT_CATEGORIES[(account * 7 + (k % 5)) % DEFAULT_CATEGORIES.length]!;
  const list = nominations.get(category)!;
  plan.push({ account, nominationId: list[Math.min(list.length - 1, Math.floor(list.length * Math.random() ** 2))]! });
}

const proxySocket = { incoming: { socket: { remoteAddress: '127.0.0.1', remotePort: 40000, remoteFamily: 'IPv4' } } };
const latencies = new Float64Array(plan.length);
const statuses = new Map<number, number>();
let next = 0;
const viewedAt = String(Date.now());
async function worker(): Promise<void> {
  for (;;) {
    const i = next++;
    if (i >= plan.length) return;
    const { account, nominationId } = plan[i]!;
    const s = tokens[account]!;
    const body = new URLSearchParams({ _csrf: s.csrf, nominationId: String(nominationId), viewedAt }).toString();
    const start = performance.now();
    const res = await app.request(
      `/en/prizes/${year}/vote`,
      {
        method: 'POST',
        headers: {
          cookie: `${cookie}=${s.token}`,
          'content-type': 'application/x-www-form-urlencoded',
          'x-forwarded-for': `10.${(account >> 12) & 255}.${(account >> 4) & 255}.${account & 15}`,
        },
        body,
        // What @hono/node-server hands the app for a connection: the proxy's socket.
      },
      proxySocket,
    );
    await res.arrayBuffer();
    latencies[i] = performance.now() - start;
    statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
  }
}
const castStart = performance.now();
await Promise.all(Array.from({ length: CONCURRENCY }, () => worker()));
const castMs = performance.now() - castStart;
const sorted = [...latencies].sort((a, b) => a - b);
const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const stored = Number(
  (
    await db
      .selectFrom('prizeVotes')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('contestId', '=', contestId)
      .executeTakeFirstOrThrow()
  ).n,
);

// Close the vote, then the top five per category: the tally alone, and the public results page.
await db
  .updateTable('prizeContests')
  .set({ phases: JSON.stringify(phasesAt(PHASES.indexOf('selection'))) })
  .where('id', '=', contestId)
  .execute();
const [top, tallyMs] = await time(async () => topFive(await tallyVotes(db, contestId, null)));
const [resultsPage, resultsMs] = await time(async () => {
  const res = await app.request(`/en/prizes/${year}/results`);
  return { status: res.status, bytes: (await res.arrayBuffer()).byteLength };
});

// The curators' side over all the votes: a curator session (staff need a second factor; the bench marks it as enrolled).
const curator = tokens[1]!;
await db.updateTable('users').set({ role: 'curator' }).where('id', '=', curator.userId).execute();
await enrolDirectly({ db, config }, curator.userId);
const asCurator = { cookie: `${cookie}=${curator.token}` };
const [signalsPage, signalsMs] = await time(async () => {
  const res = await app.request(`/en/prizes/${year}/votes`, { headers: asCurator });
  return { status: res.status, bytes: (await res.arrayBuffer()).byteLength };
});
const [csv, csvMs] = await time(async () => {
  const res = await app.request(`/en/prizes/${year}/votes.csv`, { headers: asCurator });
  return { status: res.status, lines: (await res.text()).split('\r\n').length - 2 };
});

const votesPerSecond = (plan.length / castMs) * 1000;
console.log(
  `Database: ${handle.kind}; ${ACCOUNTS.toLocaleString('en')} accounts, 18 categories × ${PER_CATEGORY} nominations; setup ${(setupMs / 1000).toFixed(1)} s`,
);
console.log(
  `Cast ${plan.length.toLocaleString('en')} votes through app.request (${CONCURRENCY} in flight) in ${(castMs / 1000).toFixed(1)} s: ${votesPerSecond.toFixed(0)} votes/s`,
);
console.log(`  per request: p50 ${pct(50).toFixed(2)} ms   p99 ${pct(99).toFixed(2)} ms   max ${sorted.at(-1)!.toFixed(1)} ms`);
console.log(`  answers: ${[...statuses].map(([s, n]) => `${s} × ${n}`).join(', ')}; rows stored: ${stored.toLocaleString('en')}`);
console.log(
  `Top five per category (${top.size} categories): tally + ranking ${tallyMs.toFixed(0)} ms; results page ${resultsMs.toFixed(0)} ms (${resultsPage.status})`,
);
console.log(
  `Curators: fraud-signal page ${signalsMs.toFixed(0)} ms (${signalsPage.status}, ${signalsPage.bytes} B); audit CSV ${csvMs.toFixed(0)} ms (${csv.status}, ${csv.lines} rows)`,
);
console.log(
  JSON.stringify({
    database: handle.kind,
    accounts: ACCOUNTS,
    votes: plan.length,
    concurrency: CONCURRENCY,
    votesPerSecond: Math.round(votesPerSecond),
    p50Ms: Number(pct(50).toFixed(2)),
    p99Ms: Number(pct(99).toFixed(2)),
    stored,
    topFiveMs: Math.round(tallyMs),
    resultsPageMs: Math.round(resultsMs),
    signalsPageMs: Math.round(signalsMs),
    auditCsvMs: Math.round(csvMs),
  }),
);
await handle.close();
