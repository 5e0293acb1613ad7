import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';
import { AppError } from '../../src/lib/errors';
import { DAY_MS, HOUR_MS } from '../../src/lib/time-zones';
import { createSession, loadActor, resolveSession } from '../../src/modules/accounts/accounts.service';
import { hashToken } from '../../src/modules/accounts/password';
import { PHASES } from '../../src/modules/prizes/prizes';
import { vote } from '../../src/modules/prizes/votes.service';
import { TestClient } from '../support/client';
import { organisation, PASSWORD, person } from '../support/people';
import { prizeContest, prizeNomination } from '../support/prizes';
import { createTestDb, type TestDb } from '../support/test-db';

let t: TestDb;
let org = 0;
const people: Record<string, { c: TestClient; userId: number; email: string }> = {};

/** Accounts made directly (no password hashing): `n` voters created `ageHours` ago. */
async function voters(n: number, ageHours = 24 * 90): Promise<Array<{ id: number; email: string }>> {
  const createdAt = new Date(Date.now() - ageHours * HOUR_MS);
  return t.handle.db
    .insertInto('users')
    .values(
      Array.from({ length: n }, () => ({
        email: `${randomUUID()}@voters.test`,
        passwordHash: 'x',
        displayName: 'Voter',
        locale: 'en',
        role: 'contributor' as const,
        status: 'active' as const,
        emailVerifiedAt: createdAt,
        createdAt,
      })),
    )
    .returning(['id', 'email'])
    .execute();
}

/** Votes written directly, as the vote route writes them, from the given address. */
async function plantVotes(contestId: number, nominationId: number, userIds: number[], address: string, network: string, castAt = new Date()) {
  await t.handle.db
    .insertInto('prizeVotes')
    .values(userIds.map((userId, i) => ({ contestId, category: 'c1', userId, nominationId, address, network, castAt: new Date(castAt.getTime() + i * 1000) })))
    .execute();
}

async function closeVoting(year: number) {
  const now = Date.now();
  const phases = Object.fromEntries(PHASES.map((p, i) => [p, new Date(now + (i - 3) * DAY_MS - HOUR_MS).toISOString()]));
  await t.handle.db
    .updateTable('prizeContests')
    .set({ phases: JSON.stringify(phases) })
    .where('year', '=', year)
    .execute();
}

async function votingContest() {
  const contest = await prizeContest(t.handle.db, 'voting');
  const a = await prizeNomination(t.handle.db, {
    contestId: contest.id,
    organisationId: org,
    createdBy: people.member!.userId,
    status: 'accepted',
    category: 'c1',
  });
  const b = await prizeNomination(t.handle.db, {
    contestId: contest.id,
    organisationId: org,
    createdBy: people.member!.userId,
    status: 'accepted',
    category: 'c2',
  });
  return { ...contest, a, b };
}

before(async () => {
  t = await createTestDb();
  org = await organisation(t, 'Vote Org');
  for (const [name, opts] of [
    ['curator', { role: 'curator' }],
    ['member', { organisationId: org, memberRole: 'editor' }],
    ['voter', {}],
  ] as const) {
    const p = await person(t, opts);
    const c = new TestClient(t.app);
    await c.signIn(p.email, PASSWORD);
    people[name] = { c, userId: p.userId, email: p.email };
  }
});
after(() => t.close());

describe('what a vote records for the signals', () => {
  it('the session’s start (sign-in, server clock) and the page’s time are stored with the vote', async () => {
    const { id, year, a } = await votingContest();
    const page = await people.voter!.c.get(`/en/prizes/${year}/categories/c1`);
    assert.equal(page.status, 200);
    const viewedAt = /name="viewedAt" value="(\d+)"/.exec(page.text)?.[1];
    assert.ok(viewedAt);
    const r = await people.voter!.c.post(`/en/prizes/${year}/vote`, { nominationId: String(a), viewedAt });
    assert.equal(r.status, 303);
    const row = await t.handle.db
      .selectFrom('prizeVotes')
      .select(['sessionStartedAt', 'viewedAt', 'castAt', 'address', 'network'])
      .where('contestId', '=', id)
      .where('userId', '=', people.voter!.userId)
      .executeTakeFirstOrThrow();
    const session = await t.handle.db
      .selectFrom('sessions')
      .select('createdAt')
      .where('userId', '=', people.voter!.userId)
      .orderBy('createdAt', 'desc')
      .executeTakeFirstOrThrow();
    assert.equal(row.sessionStartedAt?.getTime(), session.createdAt.getTime());
    assert.equal(row.viewedAt?.getTime(), Number(viewedAt));
    // app.request has no socket: the address is `unknown`, which belongs to no network.
    assert.equal(row.network, null);
  });
});

describe('the curators’ votes page', () => {
  it('ladder: a visitor is sent to sign in, a voter is refused, a curator reads it in six languages', async () => {
    const { year } = await votingContest();
    const visitor = await new TestClient(t.app).get(`/en/prizes/${year}/votes`);
    assert.ok([302, 303, 401].includes(visitor.status), String(visitor.status));
    assert.equal((await people.voter!.c.get(`/en/prizes/${year}/votes`)).status, 403);
    assert.equal((await people.member!.c.get(`/en/prizes/${year}/votes`)).status, 403);
    for (const locale of ['en', 'fr', 'es', 'ru', 'zh', 'ar']) {
      const r = await people.curator!.c.get(`/${locale}/prizes/${year}/votes`);
      assert.equal(r.status, 200, locale);
      assert.doesNotMatch(r.text, /prizes\.fraud\./, `no raw keys in ${locale}`);
    }
    assert.equal((await people.curator!.c.get('/en/prizes/1999/votes')).status, 404);
    assert.equal((await people.curator!.c.get(`/en/prizes/${year}/votes?burstMinutes=0`)).status, 400, 'a threshold out of bounds');
  });

  it('finds a planted burst from one address and one from one IPv6 /64, listing the votes concerned', async () => {
    const { id, year, a } = await votingContest();
    const crowd = await voters(25);
    await plantVotes(
      id,
      a,
      crowd.map((u) => u.id),
      '198.51.100.23',
      '198.51.100.0/24',
    );
    const v6 = await voters(60);
    await plantVotes(
      id,
      a,
      v6.map((u) => u.id),
      '2001:db8:1:2::99',
      '2001:db8:1:2::/64',
      new Date(Date.now() - 3 * HOUR_MS),
    );
    const calm = await voters(1);
    await plantVotes(
      id,
      a,
      calm.map((u) => u.id),
      '203.0.113.5',
      '203.0.113.0/24',
      new Date(Date.now() - 20 * HOUR_MS),
    );
    const r = await people.curator!.c.get(`/en/prizes/${year}/votes`);
    assert.equal(r.status, 200);
    const section = (kind: string) => new RegExp(`<section aria-labelledby="k-${kind}">([\\s\\S]*?)</section>`).exec(r.text)?.[1] ?? '';
    const address = section('address_burst');
    assert.match(address, /198\.51\.100\.23 — up to 25 votes in one window/);
    const table = address.split('<table>').find((x) => x.includes('198.51.100.23 —')) ?? '';
    assert.equal((table.match(/name="votes"/g) ?? []).length, 25, 'each vote of the burst is listed, with a box to select it');
    assert.match(address, /2001:db8:1:2::99 — up to 60 votes/, 'the IPv6 voters shared one address too');
    const network = section('network_burst');
    assert.match(network, /2001:db8:1:2::\/64 — up to 60 votes in one window/);
    assert.doesNotMatch(r.text, /203\.0\.113/, 'a lone vote raises nothing');
    for (const u of crowd.slice(0, 3)) assert.ok(!r.text.includes(u.email), 'no e-mail on the page');
    // Lower thresholds, as data, in the query: the lone vote's network now counts too.
    const low = await people.curator!.c.get(`/en/prizes/${year}/votes?networkVotes=2&burstMinutes=1440&addressVotes=2`);
    assert.match(low.text, /203\.0\.113\.0\/24|198\.51\.100\.0\/24/);
  });

  it('finds accounts created just before voting and votes seconds after sign-in', async () => {
    const { id, year, a, b } = await votingContest();
    const [fresh] = await voters(1, 2);
    await t.handle.db
      .insertInto('prizeVotes')
      .values([
        {
          contestId: id,
          category: 'c1',
          userId: fresh!.id,
          nominationId: a,
          address: '192.0.2.1',
          network: '192.0.2.0/24',
          sessionStartedAt: new Date(Date.now() - 2000),
        },
        {
          contestId: id,
          category: 'c2',
          userId: fresh!.id,
          nominationId: b,
          address: '192.0.2.1',
          network: '192.0.2.0/24',
          castAt: new Date(Date.now() + 1000),
        },
      ])
      .execute();
    const r = await people.curator!.c.get(`/en/prizes/${year}/votes?rapidVotes=2`);
    for (const kind of ['new_account', 'fast_after_sign_in', 'rapid_categories']) {
      const m = new RegExp(`<h2 id="k-${kind}">[^<]*\\((\\d+)\\)`).exec(r.text);
      assert.equal(m?.[1], '1', kind);
    }
  });
});

describe('excluding votes', () => {
  it('ladder: 401, 403, 422 without a reason (localised, the input kept), 422 without a vote, then excluded, audited, not counted, said publicly; reinstated with a reason', async () => {
    const { id, year, a } = await votingContest();
    const crowd = await voters(20);
    await plantVotes(
      id,
      a,
      crowd.map((u) => u.id),
      '198.51.100.50',
      '198.51.100.0/24',
    );
    const key = `c1:${crowd[0]!.id}`;
    const path = `/en/prizes/${year}/votes/exclude`;
    assert.equal((await new TestClient(t.app).post(path, { votes: key, reason: 'x' })).status, 401);
    assert.equal((await people.voter!.c.post(path, { votes: key, reason: 'Bot' })).status, 403);

    const noReason = await people.curator!.c.post(`/fr/prizes/${year}/votes/exclude`, { votes: key, reason: '   ' });
    assert.equal(noReason.status, 422);
    assert.match(noReason.text, /id="f-reason-error"/);
    assert.match(noReason.text, /Motif : |Motif: /, 'the field named in the reader’s language');
    assert.match(noReason.text, /obligatoire|requis/i, 'the message in the reader’s language');
    assert.match(noReason.text, new RegExp(`value="${key}" checked`), 'the selection is kept');
    const noVote = await people.curator!.c.post(path, { reason: 'Bot' });
    assert.equal(noVote.status, 422);
    assert.match(noVote.text, /id="f-votes"[^>]*>[^<]*Select at least one vote\./);
    assert.equal((await people.curator!.c.post(path, { votes: 'c1:abc', reason: 'Bot' })).status, 422);

    const done = await people.curator!.c.post(path, { votes: [key, `c1:${crowd[1]!.id}`], reason: 'Same address, one second apart' });
    assert.equal(done.status, 303);
    assert.equal(done.location, `/en/prizes/${year}/votes?excluded=2`);
    const after = await people.curator!.c.get(done.location);
    assert.match(after.text, /2 votes excluded\./);
    assert.match(after.text, /Same address, one second apart/);
    const again = await people.curator!.c.post(path, { votes: key, reason: 'Again' });
    assert.equal(again.status, 409, 'nothing changed: said, not silent');

    const logged = await t.handle.db
      .selectFrom('auditLog')
      .select(['action', 'actorId', 'details', 'at'])
      .where('entity', '=', 'prize_contest')
      .where('entityId', '=', id)
      .orderBy('id')
      .execute();
    assert.equal(logged.length, 1);
    assert.equal(logged[0]!.action, 'prize_vote.exclude');
    assert.equal(logged[0]!.actorId, people.curator!.userId);
    const details = logged[0]!.details as { reason: string; count: number; votes: string[] };
    assert.equal(details.reason, 'Same address, one second apart');
    assert.equal(details.count, 2);
    assert.ok(
      details.votes.every((v) => /^c1 [0-9a-f]{16}$/.test(v)),
      'votes named by pseudonym in the log',
    );
    const auditPage = await people.curator!.c.get('/en/admin/audit');
    assert.match(auditPage.text, /Prize votes excluded/);

    await closeVoting(year);
    const results = await new TestClient(t.app).get(`/en/prizes/${year}/results`);
    assert.equal(results.status, 200);
    assert.match(results.text, /18 votes</, 'only the votes not excluded count');
    assert.match(results.text, /2 votes were excluded by the curators/);

    const reinstate = `/en/prizes/${year}/votes/reinstate`;
    const bare = await people.curator!.c.post(reinstate, { votes: key, reinstateReason: '' });
    assert.equal(bare.status, 422);
    assert.match(bare.text, /id="f-reinstateReason-error"/);
    const back = await people.curator!.c.post(reinstate, { votes: key, reinstateReason: 'A family sharing one connection' });
    assert.equal(back.status, 303);
    assert.equal(back.location, `/en/prizes/${year}/votes?reinstated=1`);
    const now = await new TestClient(t.app).get(`/en/prizes/${year}/results`);
    assert.match(now.text, /19 votes</);
    assert.match(now.text, /1 vote was excluded by the curators/);
    const last = await t.handle.db
      .selectFrom('auditLog')
      .select(['action', 'details'])
      .where('entity', '=', 'prize_contest')
      .where('entityId', '=', id)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    assert.equal(last.action, 'prize_vote.reinstate');
    assert.deepEqual((last.details as { excludedFor: string[] }).excludedFor, ['Same address, one second apart']);
  });

  it('a vote of another contest is not touched', async () => {
    const one = await votingContest();
    const two = await votingContest();
    const [u] = await voters(1);
    await plantVotes(two.id, two.a, [u!.id], '192.0.2.7', '192.0.2.0/24');
    const r = await people.curator!.c.post(`/en/prizes/${one.year}/votes/exclude`, { votes: `c1:${u!.id}`, reason: 'Bot' });
    assert.equal(r.status, 409);
    const row = await t.handle.db.selectFrom('prizeVotes').select('excludedReason').where('contestId', '=', two.id).executeTakeFirstOrThrow();
    assert.equal(row.excludedReason, null);
  });
});

describe('the audit export', () => {
  it('CSV and JSON of every vote, voters by pseudonym: no id, no e-mail; curators only', async () => {
    const { id, year, a } = await votingContest();
    const crowd = await voters(2505);
    await plantVotes(
      id,
      a,
      crowd.map((u) => u.id),
      '198.51.100.77',
      '198.51.100.0/24',
    );
    await t.handle.db
      .updateTable('prizeVotes')
      .set({ excludedReason: '=HYPERLINK("x"), "quoted"', excludedBy: people.curator!.userId })
      .where('contestId', '=', id)
      .where('userId', '=', crowd[0]!.id)
      .execute();
    assert.equal((await people.voter!.c.get(`/en/prizes/${year}/votes.csv`)).status, 403);
    assert.equal((await people.voter!.c.get(`/en/prizes/${year}/votes.json`)).status, 403);
    const csv = await people.curator!.c.get(`/en/prizes/${year}/votes.csv`);
    assert.equal(csv.status, 200);
    assert.match(csv.res.headers.get('content-type') ?? '', /^text\/csv/);
    const lines = csv.text.trimEnd().split('\r\n');
    assert.equal(lines[0], 'voter,category,nomination,cast_at,network,excluded,reason');
    assert.equal(lines.length, 1 + 2505, 'every vote, across export pages');
    const voterCells = lines.slice(1).map((l) => l.split(',')[0]!);
    assert.ok(voterCells.every((v) => /^[0-9a-f]{16}$/.test(v)));
    assert.equal(new Set(voterCells).size, 2505, 'one pseudonym per voter');
    const ids = new Set(crowd.map((u) => String(u.id)));
    assert.ok(!voterCells.some((v) => ids.has(v)));
    for (const u of crowd.slice(0, 50)) assert.ok(!csv.text.includes(u.email));
    assert.ok(!/198\.51\.100\.77/.test(csv.text), 'the address only as its network');
    assert.match(csv.text, /,198\.51\.100\.0\/24,true,"'=HYPERLINK\(""x""\), ""quoted"""\r\n/, 'the reason quoted and disarmed for spreadsheets');

    const json = await people.curator!.c.get(`/en/prizes/${year}/votes.json`);
    assert.equal(json.status, 200);
    const body = JSON.parse(json.text) as { contest: number; votes: Array<Record<string, unknown>> };
    assert.equal(body.contest, year);
    assert.equal(body.votes.length, 2505);
    assert.deepEqual(Object.keys(body.votes[0]!).sort(), ['castAt', 'category', 'excluded', 'network', 'nomination', 'reason', 'voter']);
    assert.deepEqual(new Set(body.votes.map((v) => v.voter)), new Set(voterCells));
  });
});

/** Counts the statements sent through a database handle whose SQL matches `pattern` (raw or built). */
class StatementCounter implements KyselyPlugin {
  count = 0;
  constructor(private readonly pattern: RegExp) {}
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    const node = args.node as RootOperationNode & { sqlFragments?: readonly string[] };
    const text = node.sqlFragments ? node.sqlFragments.join('?') : JSON.stringify(node);
    if (this.pattern.test(text)) this.count += 1;
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}

describe('votes and sessions that arrive together share a statement', () => {
  it('eight votes at once: two inserts (a voter’s second vote waits for the next), each answered for its own', async () => {
    const contest = await prizeContest(t.handle.db, 'voting', { votesChangeable: false });
    const nom = (category: string, status: 'accepted' | 'submitted' = 'accepted') =>
      prizeNomination(t.handle.db, { contestId: contest.id, organisationId: org, createdBy: people.member!.userId, status, category });
    const [a, b, pending] = [await nom('c1'), await nom('c2'), await nom('c3', 'submitted')];
    const ids = (await voters(6)).map((v) => v.id);
    const actors = await Promise.all(ids.map((id) => loadActor(t.handle.db, id)));
    const counter = new StatementCounter(/insert into prize_votes/);
    const db = t.handle.db.withPlugin(counter);
    const cast = (i: number, nominationId: number) =>
      vote(db, actors[i]!, contest.year, { nominationId }, { address: '192.0.2.1' }).then(
        (category) => category ?? 'kept',
        (e: unknown) => (e instanceof AppError ? e.code : String(e)),
      );
    const answers = await Promise.all([cast(0, a), cast(1, a), cast(2, a), cast(3, a), cast(4, pending), cast(5, a), cast(0, b), cast(5, a)]);
    assert.deepEqual(answers, ['c1', 'c1', 'c1', 'c1', 'not_found', 'c1', 'c2', 'kept']);
    assert.equal(counter.count, 2);
    const rows = await t.handle.db
      .selectFrom('prizeVotes')
      .select(['userId', 'category', 'nominationId', 'address'])
      .where('contestId', '=', contest.id)
      .execute();
    assert.equal(rows.length, 6);
    assert.deepEqual(
      rows
        .filter((r) => r.userId === ids[0])
        .map((r) => [r.category, r.nominationId])
        .sort(),
      [
        ['c1', a],
        ['c2', b],
      ],
    );
    assert.ok(rows.every((r) => r.address === '192.0.2.1' && r.userId !== ids[4]));
  });

  it('five session lookups at once are one query; a token signed out before it counts for nothing', async () => {
    const deps = { db: t.handle.db, config: t.deps.config };
    const [one, two] = await voters(2);
    const [tokenOne, tokenTwo, gone] = [await createSession(deps, one!.id), await createSession(deps, two!.id), await createSession(deps, two!.id)];
    await t.handle.db.deleteFrom('sessions').where('userId', '=', two!.id).where('id', '=', hashToken(gone)).execute();
    const counter = new StatementCounter(/^\{"kind":"SelectQueryNode".*"name":"sessions"/);
    const db = t.handle.db.withPlugin(counter);
    const policy = { idleMinutes: t.deps.config.sessionIdleMinutes };
    const found = await Promise.all([tokenOne, tokenTwo, tokenOne, gone, 'never-issued'].map((token) => resolveSession(db, token, policy)));
    assert.equal(counter.count, 1);
    assert.deepEqual(
      found.map((f) => (f?.state === 'active' ? f.actor.userId : f)),
      [one!.id, two!.id, one!.id, null, null],
    );
  });
});
