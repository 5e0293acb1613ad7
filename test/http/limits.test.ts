import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createApp } from '../../src/app';
import { loadConfig } from '../../src/config/config';
import { openDatabase } from '../../src/db/connection';
import type { AppError } from '../../src/lib/errors';
import { THROTTLES, type ThrottleName } from '../../src/modules/accounts/accounts';
import { passwordChecks } from '../../src/modules/accounts/password';
import { useBudgets } from '../../src/modules/accounts/throttles.service';
import { importDrafts } from '../../src/modules/submissions/publishing.service';
import { TestClient } from '../support/client';
import { completeDraft, lastMail, organisation, PASSWORD, person, submissionRow, SUMMARY_60 } from '../support/people';
import { createTestDb, usingPostgres, type TestDb } from '../support/test-db';

const WRONG = 'not the password at all';

/** Runs `work` and counts the passwords verified meanwhile (by anyone: tests in this file run one at a time). */
async function countingChecks<T>(work: () => Promise<T>): Promise<{ result: T; checks: number }> {
  let checks = 0;
  const onCheck = () => {
    checks += 1;
  };
  passwordChecks.subscribe(onCheck);
  try {
    return { result: await work(), checks };
  } finally {
    passwordChecks.unsubscribe(onCheck);
  }
}

/** Tallies of the answers to a batch of requests, e.g. { 401: 5, 429: 95 }. */
function tally(statuses: number[]): Record<number, number> {
  const out: Record<number, number> = {};
  for (const s of statuses) out[s] = (out[s] ?? 0) + 1;
  return out;
}

describe('limits that hold under concurrency', () => {
  let t: TestDb;
  /** The same app behind one trusted reverse proxy (TRUST_PROXY=1). */
  let proxied: ReturnType<typeof createApp>;
  let address = 0;
  /** A fresh client address, as the proxy reports it. */
  const nextAddress = () => `198.51.100.${(address += 1)}`;

  before(async () => {
    t = await createTestDb();
    proxied = createApp({ ...t.deps, config: loadConfig({ BASE_URL: 'http://stocktake.test', LOG_LEVEL: 'silent', PASSWORD_COST: '14', TRUST_PROXY: '1' }) });
  });
  after(() => t.close());

  /** Spends a budget as if its uses had happened (for budgets whose every use is slow to make for real). */
  async function spend(name: ThrottleName, subject: string) {
    const { max } = THROTTLES[name];
    await t.handle.db
      .insertInto('throttleHits')
      .values(Array.from({ length: max }, () => ({ key: `${name}:${subject}` })))
      .execute();
  }

  it('checks at most the budget of passwords when 100 wrong sign-ins arrive at once, then refuses the right one', async () => {
    const victim = await person(t);
    const c = new TestClient(t.app);
    await c.get('/en/account/sign-in');
    const { result: answers, checks } = await countingChecks(() =>
      Promise.all(Array.from({ length: 100 }, () => c.post('/en/account/sign-in', { email: victim.email, password: WRONG }))),
    );
    const counts = tally(answers.map((a) => a.status));
    process.stdout.write(`# 100 parallel wrong sign-ins: ${JSON.stringify(counts)}, passwords checked: ${checks}, budget ${THROTTLES.signInPerAccount.max}\n`);
    assert.deepEqual(counts, { 401: THROTTLES.signInPerAccount.max, 429: 100 - THROTTLES.signInPerAccount.max });
    assert.equal(checks, THROTTLES.signInPerAccount.max, 'a refused attempt checks no password');
    const right = await c.post('/en/account/sign-in', { email: victim.email, password: PASSWORD });
    assert.equal(right.status, 429, 'the right password waits too, once the budget is spent');
    assert.equal(
      right.res.headers.getSetCookie().some((x) => x.startsWith('stk_session=')),
      false,
    );
  });

  it('grants exactly the budget when 100 uses are asked for at once, on every connection of the pool', async () => {
    const subject = `${crypto.randomUUID()}@x.test`;
    const results = await Promise.allSettled(Array.from({ length: 100 }, () => useBudgets(t.handle.db, [{ name: 'shareStoryPerRecipient', subject }])));
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, THROTTLES.shareStoryPerRecipient.max);
    for (const r of results) if (r.status === 'rejected') assert.equal((r.reason as AppError).code, 'rate_limited');
  });

  it(
    'holds one budget across app instances on one PostgreSQL server',
    { skip: !usingPostgres && 'two instances need a shared PostgreSQL server (TEST_DATABASE_URL)' },
    async () => {
      const second = await openDatabase({ databaseUrl: t.databaseUrl });
      try {
        const other = createApp({ ...t.deps, db: second.db });
        const victim = await person(t);
        const clients = [new TestClient(t.app), new TestClient(other)];
        for (const c of clients) await c.get('/en/account/sign-in');
        const { result: answers, checks } = await countingChecks(() =>
          Promise.all(Array.from({ length: 100 }, (_, i) => clients[i % 2]!.post('/en/account/sign-in', { email: victim.email, password: WRONG }))),
        );
        const counts = tally(answers.map((a) => a.status));
        process.stdout.write(`# 100 parallel wrong sign-ins over two instances: ${JSON.stringify(counts)}, passwords checked: ${checks}\n`);
        assert.equal(checks, THROTTLES.signInPerAccount.max);
        assert.deepEqual(counts, { 401: THROTTLES.signInPerAccount.max, 429: 100 - THROTTLES.signInPerAccount.max });
        const subject = `${crypto.randomUUID()}@x.test`;
        const uses = await Promise.allSettled(
          Array.from({ length: 100 }, (_, i) => useBudgets(i % 2 ? second.db : t.handle.db, [{ name: 'shareStoryPerRecipient', subject }])),
        );
        assert.equal(uses.filter((r) => r.status === 'fulfilled').length, THROTTLES.shareStoryPerRecipient.max);
      } finally {
        await second.close();
      }
    },
  );

  it('gives the use back when the password is right, so sign-ins that succeed never lock anyone out', async () => {
    const p = await person(t);
    const from = nextAddress();
    const client = () => new TestClient(proxied, { 'x-forwarded-for': from });
    // More successes, from one address, than either budget holds.
    for (let i = 0; i <= Math.max(THROTTLES.signInPerAccount.max, THROTTLES.signInPerAddress.max); i += 1) {
      assert.equal((await client().post('/en/account/sign-in', { email: p.email, password: PASSWORD })).status, 303, `sign-in ${i + 1}`);
    }
    // Failures before a success are forgotten by it.
    const c = client();
    for (let i = 0; i < THROTTLES.signInPerAccount.max - 1; i += 1)
      assert.equal((await c.post('/en/account/sign-in', { email: p.email, password: WRONG })).status, 401);
    assert.equal((await c.post('/en/account/sign-in', { email: p.email, password: PASSWORD })).status, 303);
    assert.equal((await client().post('/en/account/sign-in', { email: p.email, password: WRONG })).status, 401, 'the slate was wiped');
  });

  it('holds the per-address budget when one address tries 100 accounts at once', async () => {
    const from = nextAddress();
    const c = new TestClient(proxied, { 'x-forwarded-for': from });
    await c.get('/en/account/sign-in');
    const { result: answers, checks } = await countingChecks(() =>
      Promise.all(Array.from({ length: 100 }, (_, i) => c.post('/en/account/sign-in', { email: `guess-${i}-${from}@x.test`, password: WRONG }))),
    );
    const counts = tally(answers.map((a) => a.status));
    process.stdout.write(
      `# 100 parallel sign-ins from one address: ${JSON.stringify(counts)}, passwords checked: ${checks}, budget ${THROTTLES.signInPerAddress.max}\n`,
    );
    assert.deepEqual(counts, { 401: THROTTLES.signInPerAddress.max, 429: 100 - THROTTLES.signInPerAddress.max });
    assert.equal(checks, THROTTLES.signInPerAddress.max);
  });

  it('counts the address the trusted proxy saw, so a spoofed leftmost X-Forwarded-For entry dodges nothing', async () => {
    const real = nextAddress();
    const statuses: number[] = [];
    for (let i = 0; i <= THROTTLES.signInPerAddress.max; i += 1) {
      // Each attempt claims a new address on the left; the proxy appends the real one.
      const c = new TestClient(proxied, { 'x-forwarded-for': `203.0.113.${i}, ${real}` });
      statuses.push((await c.post('/en/account/sign-in', { email: `spoof-${i}@x.test`, password: WRONG })).status);
    }
    assert.deepEqual(tally(statuses), { 401: THROTTLES.signInPerAddress.max, 429: 1 });
    const neighbour = new TestClient(proxied, { 'x-forwarded-for': `${real}, ${nextAddress()}` });
    assert.equal(
      (await neighbour.post('/en/account/sign-in', { email: 'spoof-next@x.test', password: WRONG })).status,
      401,
      'another client is not locked out, even claiming the locked address',
    );
  });

  it('trusts X-Forwarded-Proto only behind a trusted proxy', async () => {
    const secureCsrfCookie = async (app: ReturnType<typeof createApp>) => {
      const res = await app.request('/en/account/sign-in', { headers: { 'x-forwarded-proto': 'https' } });
      // Over https the cookie is Secure and carries the __Host- prefix.
      const cookie = res.headers.getSetCookie().find((x) => /^(__Host-)?stk_csrf=/.test(x));
      assert.ok(cookie);
      return /;\s*secure/i.test(cookie) && cookie.startsWith('__Host-');
    };
    assert.equal(await secureCsrfCookie(t.app), false, 'a client cannot claim HTTPS by itself');
    assert.equal(await secureCsrfCookie(proxied), true, 'the trusted proxy can');
  });

  it('limits password checks when changing one’s address, per account, even in parallel', async () => {
    const p = await person(t);
    const c = new TestClient(proxied, { 'x-forwarded-for': nextAddress() });
    await c.signIn(p.email, PASSWORD);
    const { result: answers, checks } = await countingChecks(() =>
      Promise.all(Array.from({ length: 30 }, (_, i) => c.post('/en/account/email', { email: `new-${i}@x.test`, password: WRONG }))),
    );
    const counts = tally(answers.map((a) => a.status));
    assert.deepEqual(counts, { 422: THROTTLES.emailChangePerAccount.max, 429: 30 - THROTTLES.emailChangePerAccount.max });
    assert.equal(checks, THROTTLES.emailChangePerAccount.max);
    const right = await c.post('/en/account/email', { email: 'now-right@x.test', password: PASSWORD });
    assert.equal(right.status, 429, 'the right password waits too');
    assert.match(right.text, /Too many attempts/);
    assert.equal(await lastMail(t, 'now-right@x.test'), undefined);
  });

  it('limits password checks when changing one’s address, per client address', async () => {
    const from = nextAddress();
    const statuses: number[] = [];
    for (let i = 0; i <= THROTTLES.emailChangePerAddress.max / THROTTLES.emailChangePerAccount.max; i += 1) {
      const p = await person(t);
      const c = new TestClient(proxied, { 'x-forwarded-for': from });
      await c.signIn(p.email, PASSWORD);
      for (let j = 0; j < THROTTLES.emailChangePerAccount.max; j += 1)
        statuses.push((await c.post('/en/account/email', { email: `x-${i}-${j}@x.test`, password: WRONG })).status);
    }
    assert.deepEqual(tally(statuses), { 422: THROTTLES.emailChangePerAddress.max, 429: THROTTLES.emailChangePerAccount.max });
  });

  it('limits the mails an address change sends, per account', async () => {
    const p = await person(t);
    const c = new TestClient(proxied, { 'x-forwarded-for': nextAddress() });
    await c.signIn(p.email, PASSWORD);
    const { max } = THROTTLES.emailChangeMailPerAccount;
    for (let i = 0; i < max; i += 1) {
      assert.equal((await c.post('/en/account/email', { email: `mailbox-${i}@x.test`, password: PASSWORD })).status, 200);
      assert.ok(await lastMail(t, `mailbox-${i}@x.test`));
    }
    const over = await c.post('/en/account/email', { email: 'one-too-many@x.test', password: PASSWORD });
    assert.equal(over.status, 429);
    assert.equal(await lastMail(t, 'one-too-many@x.test'), undefined, 'no mail past the budget');
    const tokens = await t.handle.db
      .selectFrom('accountTokens')
      .select('newEmail')
      .where('userId', '=', p.userId)
      .where('purpose', '=', 'email_change')
      .execute();
    assert.equal(tokens.length, max, 'and no link either');
  });

  it('limits sign-up mails to one mailbox, whatever the client address', async () => {
    const target = `${crypto.randomUUID()}@victim.test`;
    const statuses: number[] = [];
    for (let i = 0; i <= THROTTLES.signUpPerEmail.max; i += 1) {
      const c = new TestClient(proxied, { 'x-forwarded-for': nextAddress() });
      statuses.push((await c.post('/en/account/sign-up', { email: target, password: PASSWORD, displayName: 'Someone' })).status);
    }
    assert.deepEqual(statuses.slice(0, -1), Array(THROTTLES.signUpPerEmail.max).fill(200));
    assert.equal(statuses.at(-1), 429);
    const mails = await t.handle.db.selectFrom('mailOutbox').select('id').where('toAddress', '=', target).execute();
    assert.equal(mails.length, THROTTLES.signUpPerEmail.max);
  });

  it('limits tries of the reset form with links that do not work, per address', async () => {
    const c = new TestClient(proxied, { 'x-forwarded-for': nextAddress() });
    const statuses: number[] = [];
    for (let i = 0; i <= THROTTLES.resetWithTokenPerAddress.max; i += 1) {
      statuses.push((await c.post(`/en/account/reset/${String(i).padStart(43, 'x')}`, { password: 'a brand new password' })).status);
    }
    assert.deepEqual(tally(statuses), { 400: THROTTLES.resetWithTokenPerAddress.max, 429: 1 });
  });

  it('limits requests to join organisations (each mails the editors), per account', async () => {
    const p = await person(t);
    const c = new TestClient(t.app);
    await c.signIn(p.email, PASSWORD);
    const org = await organisation(t);
    await spend('joinRequestPerAccount', String(p.userId));
    assert.equal((await c.post(`/en/organisations/${org}/join`)).status, 429);
    const rows = await t.handle.db
      .selectFrom('organisationMembers')
      .select('userId')
      .where('organisationId', '=', org)
      .where('userId', '=', p.userId)
      .execute();
    assert.equal(rows.length, 0, 'a refused request leaves no membership behind');
  });

  it('limits submissions (each mails a receipt), per account', async () => {
    const org = await organisation(t);
    const p = await person(t, { organisationId: org });
    const c = new TestClient(t.app);
    await c.signIn(p.email, PASSWORD);
    const id = await submissionRow(t, { organisationId: org, createdBy: p.userId });
    await spend('submitPerAccount', String(p.userId));
    assert.equal((await c.post(`/en/contribute/submissions/${id}/submit`)).status, 429);
    const row = await t.handle.db.selectFrom('submissions').select('status').where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal(row.status, 'draft', 'the refused submission stays a draft');
    assert.equal(await lastMail(t, p.email), undefined);
  });

  it('sends stories only for signed-in, active accounts, within a budget per sender', async () => {
    const text = { en: { title: 'A story to share', summary: SUMMARY_60, description: `${SUMMARY_60} ${SUMMARY_60}` } };
    const draft = {
      ...completeDraft(),
      kind: 'story',
      activityType: undefined,
      status: undefined,
      scope: undefined,
      story: { strategy: 'Start small.', activityId: null },
      translations: text,
      links: [{ url: 'https://example.org/doc', label: null }],
    };
    const [row] = await importDrafts(
      { db: t.handle.db, taxonomy: t.deps.taxonomy, config: t.deps.config },
      [{ externalId: crypto.randomUUID(), data: draft as never }],
      'fixture',
    );
    const storyId = row!.id;
    const visitor = new TestClient(t.app);
    assert.match((await visitor.get(`/en/stories/${storyId}`)).text, /Sign in to send this story to a colleague/);
    assert.equal((await visitor.post(`/en/stories/${storyId}/share`, { to: 'friend@x.test' })).status, 401);
    assert.equal((await visitor.post(`/en/stories/${storyId}/share`, { to: 'not an address' })).status, 401, 'refused before the input is read');
    const pending = await person(t, { status: 'pending' });
    const waiting = new TestClient(t.app);
    await waiting.signIn(pending.email, PASSWORD);
    assert.match((await waiting.get(`/en/stories/${storyId}`)).text, /once your address is confirmed/);
    assert.equal((await waiting.post(`/en/stories/${storyId}/share`, { to: 'friend@x.test' })).status, 403, 'an account not yet approved sends nothing');
    assert.equal(await lastMail(t, 'friend@x.test'), undefined);
    const p = await person(t);
    const c = new TestClient(t.app);
    await c.signIn(p.email, PASSWORD);
    for (let i = 0; i < THROTTLES.shareStoryPerAccount.max; i += 1)
      assert.equal((await c.post(`/en/stories/${storyId}/share`, { to: `friend-${i}@x.test` })).status, 303);
    assert.equal((await c.post(`/en/stories/${storyId}/share`, { to: 'friend-late@x.test' })).status, 429);
  });
});
