import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TestClient } from '../support/client';
import { organisation, PASSWORD, person } from '../support/people';
import { prizeContest, prizeNomination } from '../support/prizes';
import { createTestDb, type TestDb } from '../support/test-db';

let t: TestDb;
let orgId = 0;
let curatorId = 0;

before(async () => {
  t = await createTestDb();
  orgId = await organisation(t, 'Vote Rules Org');
  curatorId = (await person(t, { role: 'curator' })).userId;
});
after(() => t.close());

async function signedIn(opts: Parameters<typeof person>[1] = {}) {
  const p = await person(t, opts);
  const c = new TestClient(t.app);
  await c.signIn(p.email, PASSWORD);
  return c;
}

async function votesFor(nominationId: number): Promise<number> {
  const r = await t.handle.db
    .selectFrom('prizeVotes')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('nominationId', '=', nominationId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

describe('who may vote, and for what', () => {
  it('an account still awaiting approval is refused (403) and nothing is stored; a verified, active one counts', async () => {
    const contest = await prizeContest(t.handle.db, 'voting');
    const id = await prizeNomination(t.handle.db, { contestId: contest.id, organisationId: orgId, createdBy: curatorId, status: 'accepted' });
    const pending = await signedIn({ status: 'pending' });
    assert.equal((await pending.post(`/en/prizes/${contest.year}/vote`, { nominationId: String(id) })).status, 403);
    assert.equal(await votesFor(id), 0);
    const active = await signedIn();
    assert.equal((await active.post(`/en/prizes/${contest.year}/vote`, { nominationId: String(id) })).status, 303);
    assert.equal(await votesFor(id), 1);
  });

  it('only a nomination of the nominated list of this contest takes a vote: submitted, sent back, rejected or another contest’s answer 404', async () => {
    const contest = await prizeContest(t.handle.db, 'voting');
    const other = await prizeContest(t.handle.db, 'voting');
    const voter = await signedIn();
    const make = (status: 'submitted' | 'changes_requested' | 'accepted', contestId = contest.id, category = 'c1') =>
      prizeNomination(t.handle.db, { contestId, organisationId: orgId, createdBy: curatorId, status, category });
    const rejected = await make('submitted', contest.id, 'c2');
    await t.handle.db.updateTable('prizeNominations').set({ status: 'rejected', reason: 'Out of scope.' }).where('id', '=', rejected).execute();
    const refused = {
      submitted: await make('submitted', contest.id, 'c3'),
      changesRequested: await make('changes_requested', contest.id, 'c4'),
      rejected,
      otherContest: await make('accepted', other.id),
    };
    for (const [what, id] of Object.entries(refused)) {
      assert.equal((await voter.post(`/en/prizes/${contest.year}/vote`, { nominationId: String(id) })).status, 404, what);
      assert.equal(await votesFor(id), 0, what);
    }
  });
});
