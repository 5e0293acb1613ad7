import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DAY_MS, HOUR_MS, utcToZoned } from '../../src/lib/time-zones';
import { PHASES, type Phase } from '../../src/modules/prizes/prizes';
import { importEntries } from '../../src/modules/submissions/jsonl.import';
import { TestClient } from '../support/client';
import { entryLine } from '../support/factories';
import { organisation, PASSWORD, person } from '../support/people';
import { createTestDb, type TestDb } from '../support/test-db';

const words = (n: number, w = 'digital') => Array.from({ length: n }, () => w).join(' ');
const ZONE = 'Pacific/Auckland';
let t: TestDb;
let orgA = 0;
let orgB = 0;
const people: Record<string, { c: TestClient; userId: number }> = {};
let nextYear = 2030;

/** Phase starts around now, `at` naming the phase we are in; each phase a day long. */
function phasesAround(at: Phase | 'upcoming' | 'closed'): Record<string, string> {
  const index = at === 'upcoming' ? -1 : at === 'closed' ? 3 : PHASES.indexOf(at);
  const now = Date.now();
  return Object.fromEntries(
    PHASES.map((p, i) => {
      const start = new Date(now + (i - index) * DAY_MS - HOUR_MS);
      const z = utcToZoned(start, ZONE);
      return [`phases.${p}`, `${z.date}T${z.time}`];
    }),
  );
}

function contestForm(year: number, at: Phase | 'upcoming' | 'closed', extra: Record<string, string | string[]> = {}) {
  return {
    year: String(year),
    'titles.en': `WSIS Prizes ${year}`,
    'rules.en': 'One project per category.',
    timeZone: ZONE,
    ...phasesAround(at),
    categories: ['c1', 'c2', 'c7-e-health'],
    votesChangeable: '1',
    'minWords.description': '20',
    'minWords.linkage': '5',
    'minWords.impact': '5',
    'minWords.partners': '1',
    'minWords.challenges': '3',
    descriptionMaxWords: '40',
    languages: ['en', 'ar'],
    ...extra,
  };
}

function nomination(extra: Record<string, string> = {}) {
  return {
    organisationId: String(orgA),
    category: 'c1',
    title: `Project ${crypto.randomUUID().slice(0, 8)}`,
    language: 'en',
    projectStatus: 'completed',
    description: words(25),
    linkage: words(6),
    impact: words(6),
    partners: words(2),
    challenges: words(4),
    ...extra,
  };
}

async function contest(at: Phase | 'upcoming' | 'closed', extra: Record<string, string | string[]> = {}) {
  const year = nextYear++;
  const r = await people.curator!.c.post('/en/prizes', contestForm(year, at, extra));
  assert.equal(r.status, 303, r.text.slice(0, 500));
  return year;
}

/** Moves a contest's phases (instants) so that it is now in `at`. */
async function setPhase(year: number, at: Phase | 'closed') {
  const now = Date.now();
  const index = at === 'closed' ? 3 : PHASES.indexOf(at);
  const phases = Object.fromEntries(PHASES.map((p, i) => [p, new Date(now + (i - index) * DAY_MS - HOUR_MS).toISOString()]));
  await t.handle.db
    .updateTable('prizeContests')
    .set({ phases: JSON.stringify(phases) })
    .where('year', '=', year)
    .execute();
}

async function accepted(year: number, category = 'c1', org = orgA, by = people.member!) {
  const r = await by.c.post(`/en/prizes/${year}/nominations`, nomination({ category, organisationId: String(org) }));
  assert.equal(r.status, 303, r.text.slice(0, 800));
  const id = Number(/nominations\/(\d+)/.exec(r.location!)![1]);
  const s = await people.curator!.c.post(`/en/prizes/${year}/nominations/${id}/screen`, { decision: 'accept' });
  assert.equal(s.status, 303, s.text.slice(0, 300));
  return id;
}

before(async () => {
  t = await createTestDb();
  orgA = await organisation(t, 'Prize Org A');
  orgB = await organisation(t, 'Prize Org B');
  const make = async (name: string, opts: Parameters<typeof person>[1]) => {
    const p = await person(t, opts);
    const c = new TestClient(t.app);
    await c.signIn(p.email, PASSWORD);
    people[name] = { c, userId: p.userId };
  };
  await make('curator', { role: 'curator' });
  await make('member', { organisationId: orgA, memberRole: 'member' });
  await make('memberB', { organisationId: orgB, memberRole: 'editor' });
  await make('voter', {});
  await make('voter2', {});
});
after(() => t.close());

describe('prize contests', () => {
  it('a visitor is sent to sign in, a contributor is refused, a bad form comes back 422 naming the field, a curator creates it', async () => {
    const v = new TestClient(t.app);
    assert.equal((await v.post('/en/prizes', contestForm(2090, 'submission'))).status, 401);
    assert.equal((await people.voter!.c.post('/en/prizes', contestForm(2090, 'submission'))).status, 403);
    const badZone = await people.curator!.c.post('/en/prizes', contestForm(2090, 'submission', { timeZone: 'Mars/Olympus' }));
    assert.equal(badZone.status, 422);
    assert.match(badZone.text, /id="f-timeZone-error"/);
    const order = { ...contestForm(2090, 'submission'), 'phases.voting': '2000-01-01T00:00' };
    const badOrder = await people.curator!.c.post('/en/prizes', order);
    assert.equal(badOrder.status, 422);
    assert.match(badOrder.text, /id="f-phases-voting-error"/);
    const year = await contest('submission');
    const page = await new TestClient(t.app).get(`/en/prizes/${year}`);
    assert.equal(page.status, 200);
    assert.match(page.text, /NZ[DS]T|GMT\+1[23]/, 'phase dates shown in the contest’s zone');
    const again = await people.curator!.c.post('/en/prizes', contestForm(year, 'submission'));
    assert.equal(again.status, 409);
  });

  it('a curator corrects a contest: the form comes filled, the year stays, a category holding nominations cannot go', async () => {
    const year = await contest('submission');
    const path = `/en/prizes/${year}/edit`;
    assert.equal((await new TestClient(t.app).get(path)).status, 303, 'a visitor is sent to sign in');
    assert.equal((await people.voter!.c.get(path)).status, 403);
    assert.equal((await people.voter!.c.post(path, contestForm(year, 'submission'))).status, 403);
    const form = await people.curator!.c.get(path);
    assert.equal(form.status, 200);
    assert.match(form.text, /name="titles\.en"[^>]*value="WSIS Prizes \d+"/);
    assert.match(form.text, /name="categories" value="c7-e-health" checked/);
    assert.doesNotMatch(form.text, /name="year"/, 'the year cannot change');
    await accepted(year, 'c2');
    const dropped = await people.curator!.c.post(`/fr${path.slice(3)}`, contestForm(year, 'submission', { categories: ['c1'] }));
    assert.equal(dropped.status, 422);
    assert.match(dropped.text, /Une catégorie qui contient déjà des candidatures ne peut pas être retirée/);
    const badOrder = await people.curator!.c.post(path, { ...contestForm(year, 'submission'), 'phases.voting': '2000-01-01T00:00' });
    assert.equal(badOrder.status, 422);
    const ok = await people.curator!.c.post(path, contestForm(year, 'voting', { 'titles.en': 'Corrected prizes', categories: ['c1', 'c2', 'c3'] }));
    assert.equal(ok.status, 303, ok.text.slice(0, 500));
    assert.equal(ok.location, `/en/prizes/${year}`);
    const page = await new TestClient(t.app).get(`/en/prizes/${year}`);
    assert.match(page.text, /Corrected prizes/);
    const row = await t.handle.db.selectFrom('prizeContests').select(['year', 'categories']).where('year', '=', year).executeTakeFirstOrThrow();
    assert.deepEqual(row.categories, ['c1', 'c2', 'c3']);
    const audited = await t.handle.db.selectFrom('auditLog').select('action').where('action', '=', 'prize.contest_update').execute();
    assert.equal(audited.length, 1);
  });

  it('the default form offers the 18 categories, C7 replaced by its sub-lines', async () => {
    const r = await people.curator!.c.get('/en/prizes/new');
    assert.equal(r.status, 200);
    const checked = [...r.text.matchAll(/name="categories" value="([^"]+)" checked/g)].map((m) => m[1]);
    assert.equal(checked.length, 18);
    assert.ok(!checked.includes('c7') && checked.includes('c7-e-science'));
  });
});

describe('nominations: eligibility on the server', () => {
  let year = 0;
  before(async () => {
    year = await contest('submission');
  });

  it('ladder: 401, 422 with the field, 403 for another organisation, then nominated', async () => {
    const v = new TestClient(t.app);
    assert.equal((await v.post(`/en/prizes/${year}/nominations`, nomination())).status, 401);
    const short = await people.member!.c.post(`/en/prizes/${year}/nominations`, nomination({ description: words(5) }));
    assert.equal(short.status, 422);
    assert.match(short.text, /id="f-description-error"/);
    const long = await people.member!.c.post(`/en/prizes/${year}/nominations`, nomination({ description: words(60) }));
    assert.equal(long.status, 422);
    const lang = await people.member!.c.post(`/en/prizes/${year}/nominations`, nomination({ language: 'fr' }));
    assert.equal(lang.status, 422);
    assert.match(lang.text, /id="f-language-error"/);
    const early = await people.member!.c.post(`/en/prizes/${year}/nominations`, nomination({ projectStatus: 'early' }));
    assert.equal(early.status, 422);
    assert.match(early.text, /id="f-projectStatus-error"/);
    const unknown = await people.member!.c.post(`/en/prizes/${year}/nominations`, nomination({ category: 'c9' }));
    assert.equal(unknown.status, 422);
    assert.match(unknown.text, /id="f-category-error"/);
    assert.equal((await people.memberB!.c.post(`/en/prizes/${year}/nominations`, nomination())).status, 403);
    const ok = await people.member!.c.post(`/en/prizes/${year}/nominations`, nomination());
    assert.equal(ok.status, 303);
  });

  it('one project per category per organisation, one category per project, a project not twice', async () => {
    const first = nomination({ category: 'c2', title: 'Rural Broadband Now' });
    assert.equal((await people.member!.c.post(`/en/prizes/${year}/nominations`, first)).status, 303);
    const sameCategory = await people.member!.c.post(`/en/prizes/${year}/nominations`, nomination({ category: 'c2' }));
    assert.equal(sameCategory.status, 422);
    assert.match(sameCategory.text, /id="f-category-error"/);
    const otherCategory = await people.member!.c.post(`/en/prizes/${year}/nominations`, { ...first, category: 'c7-e-health', title: 'rural  broadband now!' });
    assert.equal(otherCategory.status, 422);
    assert.match(otherCategory.text, /one category per project/);
  });

  it('from a published entry of the organisation: the form is filled from it; another organisation’s entry is refused', async () => {
    const report = await importEntries(t.deps, [entryLine(`prize-${year}`, 'Telecentres for Every Village', { status: 'completed' })]);
    assert.equal(report.failed, 0, JSON.stringify(report.errors));
    const entry = await t.handle.db.selectFrom('entries').select('id').where('externalId', 'like', `%prize-${year}`).executeTakeFirstOrThrow();
    await t.handle.db.updateTable('entries').set({ ownerOrganisationId: orgA }).where('id', '=', entry.id).execute();
    const form = await people.member!.c.get(`/en/prizes/${year}/nominate?entry=${entry.id}`);
    assert.equal(form.status, 200);
    assert.match(form.text, /value="Telecentres for Every Village"/);
    const refused = await people.memberB!.c.post(
      `/en/prizes/${year}/nominations`,
      nomination({ organisationId: String(orgB), entryId: String(entry.id), category: 'c7-e-health' }),
    );
    assert.equal(refused.status, 422);
    assert.match(refused.text, /id="f-entryId-error"|not a published activity/);
    const ok = await people.member!.c.post(`/en/prizes/${year}/nominations`, nomination({ entryId: String(entry.id), category: 'c7-e-health' }));
    assert.equal(ok.status, 303, ok.text.slice(0, 500));
  });

  it('only during the submission phase, read in the contest’s zone', async () => {
    for (const at of ['upcoming', 'screening'] as const) {
      const y = await contest(at);
      const r = await people.member!.c.post(`/en/prizes/${y}/nominations`, nomination());
      assert.equal(r.status, 409, at);
    }
  });

  it('past winners are excluded', async () => {
    const past = await contest('submission');
    const title = 'A Winning Project';
    const r = await people.member!.c.post(`/en/prizes/${past}/nominations`, nomination({ title }));
    const id = Number(/nominations\/(\d+)/.exec(r.location!)![1]);
    await t.handle.db.updateTable('prizeNominations').set({ award: 'winner', status: 'accepted' }).where('id', '=', id).execute();
    const later = await contest('submission');
    const again = await people.member!.c.post(`/en/prizes/${later}/nominations`, nomination({ title }));
    assert.equal(again.status, 422);
    assert.match(again.text, /won a prize/);
  });
});

describe('screening', () => {
  it('reject needs a reason; changes are asked per field and answered; accepted ones are listed when voting opens', async () => {
    const year = await contest('submission');
    const r = await people.member!.c.post(`/en/prizes/${year}/nominations`, nomination());
    const id = Number(/nominations\/(\d+)/.exec(r.location!)![1]);
    assert.equal((await people.member!.c.post(`/en/prizes/${year}/nominations/${id}/screen`, { decision: 'accept' })).status, 403);
    assert.equal((await people.curator!.c.post(`/en/prizes/${year}/nominations/${id}/screen`, { decision: 'reject' })).status, 400);
    const ask = await people.curator!.c.post(`/en/prizes/${year}/nominations/${id}/screen`, {
      decision: 'request_changes',
      'comments.impact': 'Give figures.',
    });
    assert.equal(ask.status, 303);
    const page = await people.member!.c.get(`/en/prizes/${year}/nominations/${id}`);
    assert.match(page.text, /Give figures\./);
    const revised = await people.member!.c.post(`/en/prizes/${year}/nominations/${id}`, nomination({ impact: words(8, 'schools') }));
    assert.equal(revised.status, 303, revised.text.slice(0, 300));
    assert.equal((await new TestClient(t.app).get(`/en/prizes/${year}/nominations/${id}`)).status, 404, 'not public before it is accepted');
    assert.equal((await people.curator!.c.post(`/en/prizes/${year}/nominations/${id}/screen`, { decision: 'accept' })).status, 303);
    assert.equal((await people.curator!.c.post(`/en/prizes/${year}/nominations/${id}/screen`, { decision: 'accept' })).status, 409);
    assert.equal((await new TestClient(t.app).get(`/en/prizes/${year}/categories/c1`)).status, 404, 'the list is not public before voting');
    await setPhase(year, 'voting');
    const list = await new TestClient(t.app).get(`/en/prizes/${year}/categories/c1`);
    assert.equal(list.status, 200);
    assert.match(list.text, new RegExp(`nominations/${id}`));
  });
});

describe('voting', () => {
  it('ladder: 401, 400, 404 for a nomination not in play, one vote per category, changeable or not, after the close 409, results then', async () => {
    const year = await contest('submission', { votesChangeable: '' });
    const a = await accepted(year, 'c1');
    const b = await accepted(year, 'c1', orgB, people.memberB!);
    const v = new TestClient(t.app);
    assert.equal((await people.voter!.c.post(`/en/prizes/${year}/vote`, { nominationId: String(a) })).status, 409, 'not open yet');
    await setPhase(year, 'voting');
    assert.equal((await v.post(`/en/prizes/${year}/vote`, { nominationId: String(a) })).status, 401);
    assert.equal((await people.voter!.c.post(`/en/prizes/${year}/vote`, { nominationId: 'x' })).status, 400);
    assert.equal((await people.voter!.c.post(`/en/prizes/${year}/vote`, { nominationId: '999999' })).status, 404);
    assert.equal((await people.voter!.c.post(`/en/prizes/${year}/vote`, { nominationId: String(a) })).status, 303);
    assert.equal((await people.voter!.c.post(`/en/prizes/${year}/vote`, { nominationId: String(b) })).status, 409, 'votes not changeable');
    assert.equal((await new TestClient(t.app).get(`/en/prizes/${year}/results`)).status, 404, 'results hidden until the close');
    await setPhase(year, 'selection');
    assert.equal((await people.voter2!.c.post(`/en/prizes/${year}/vote`, { nominationId: String(a) })).status, 409, 'closed');
    const res = await new TestClient(t.app).get(`/en/prizes/${year}/results`);
    assert.equal(res.status, 200);
    assert.match(res.text, /1 vote/);
  });

  it('a changeable vote moves to another nomination and still counts once', async () => {
    const year = await contest('submission');
    const a = await accepted(year, 'c1');
    const b = await accepted(year, 'c1', orgB, people.memberB!);
    await setPhase(year, 'voting');
    assert.equal((await people.voter!.c.post(`/en/prizes/${year}/vote`, { nominationId: String(a) })).status, 303);
    assert.equal((await people.voter!.c.post(`/en/prizes/${year}/vote`, { nominationId: String(b) })).status, 303);
    const rows = await t.handle.db
      .selectFrom('prizeVotes as v')
      .innerJoin('prizeContests as c', 'c.id', 'v.contestId')
      .select('v.nominationId')
      .where('c.year', '=', year)
      .execute();
    assert.deepEqual(
      rows.map((r) => r.nominationId),
      [b],
    );
  });

  it('the same vote fired 20 times at once counts once', async () => {
    const year = await contest('submission', { votesChangeable: '' });
    const a = await accepted(year, 'c2');
    await setPhase(year, 'voting');
    const page = await people.voter2!.c.get(`/en/prizes/${year}/categories/c2`);
    assert.equal(page.status, 200);
    const answers = await Promise.all(Array.from({ length: 20 }, () => people.voter2!.c.post(`/en/prizes/${year}/vote`, { nominationId: String(a) })));
    assert.equal(answers.filter((r) => r.status === 303).length, 1);
    assert.ok(answers.every((r) => r.status === 303 || r.status === 409));
    const n = await t.handle.db
      .selectFrom('prizeVotes')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('nominationId', '=', a)
      .executeTakeFirstOrThrow();
    assert.equal(Number(n.n), 1);
  });

  it('the vote page works in Arabic', async () => {
    const year = await contest('submission');
    await accepted(year, 'c1');
    await setPhase(year, 'voting');
    const r = await people.voter!.c.get(`/ar/prizes/${year}/categories/c1`);
    assert.equal(r.status, 200);
    assert.match(r.text, /dir="rtl"/);
    assert.match(r.text, /صوّت لـ/);
  });
});
