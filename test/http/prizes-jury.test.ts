import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadDemoIfEmpty } from '../../src/modules/demo/demo.service';
import { CRITERIA } from '../../src/modules/prizes/jury';
import { TestClient } from '../support/client';
import { organisation, PASSWORD, person } from '../support/people';
import { declared, juryContest, movePhase } from '../support/prize-jury';
import { createTestDb, type TestDb } from '../support/test-db';

let t: TestDb;
const people: Record<string, { c: TestClient; userId: number; email: string }> = {};
/** Five accounts whose votes make a top five. */
const voters = () => ['member', 'juror', 'juror2', 'outsider', 'curator'].map((n) => people[n]!.userId);

const sheet = (v: number | string = 7) => Object.fromEntries(CRITERIA.map((c) => [c, String(v)]));

before(async () => {
  t = await createTestDb();
  const org = await organisation(t, 'Jury Org');
  const make = async (name: string, opts: Parameters<typeof person>[1]) => {
    const p = await person(t, opts);
    const c = new TestClient(t.app);
    await c.signIn(p.email, PASSWORD);
    people[name] = { c, userId: p.userId, email: p.email };
  };
  await make('curator', { role: 'curator' });
  await make('juror', {});
  await make('juror2', {});
  await make('outsider', {});
  await make('member', { organisationId: org, memberRole: 'editor' });
});
after(() => t.close());

const contest = (at: 'voting' | 'selection' | 'announcement', jurors = ['juror', 'juror2']) =>
  juryContest(t.handle.db, { at, createdBy: people.member!.userId, voters: voters(), jurors: jurors.map((n) => people[n]!.userId) });

describe('prizes jury: curators assign jurors per contest', () => {
  it('ladder: a visitor signs in, a contributor is refused, an unknown address is 422 and localised, a curator assigns and removes', async () => {
    const c = await contest('voting', []);
    const path = `/en/prizes/${c.year}/jurors`;
    assert.equal((await new TestClient(t.app).post(path, { email: people.juror!.email })).status, 401);
    assert.equal((await people.outsider!.c.post(path, { email: people.outsider!.email })).status, 403);
    const unknown = await people.curator!.c.post(`/fr/prizes/${c.year}/jurors`, { email: 'nobody@nowhere.test' });
    assert.equal(unknown.status, 422);
    assert.match(unknown.text, /Aucun compte n’a cette adresse électronique/);
    const ok = await people.curator!.c.post(path, { email: people.juror!.email.toUpperCase() });
    assert.equal(ok.status, 303);
    assert.equal(ok.location, `/en/prizes/${c.year}/selection`);
    const mailed = await t.handle.db
      .selectFrom('mailOutbox')
      .select(['template', 'subject', 'textBody'])
      .where('toAddress', '=', people.juror!.email)
      .execute();
    assert.deepEqual(
      mailed.map((m) => m.template),
      ['prize_juror_assigned'],
    );
    assert.ok(mailed[0]!.textBody.includes(`/prizes/${c.year}/jury`), mailed[0]!.textBody);
    const again = await people.curator!.c.post(path, { email: people.juror!.email });
    assert.equal(again.status, 409);
    assert.equal(
      (await t.handle.db.selectFrom('mailOutbox').select('id').where('toAddress', '=', people.juror!.email).execute()).length,
      1,
      'a refused assignment mails nobody',
    );
    const page = await people.curator!.c.get(`/en/prizes/${c.year}/selection`);
    assert.equal(page.status, 200);
    assert.ok(page.text.includes(people.juror!.email));
    assert.equal((await people.juror!.c.post(`/en/prizes/${c.year}/jurors/${people.juror!.userId}/remove`)).status, 403, 'a juror cannot remove a juror');
    const removed = await people.curator!.c.post(`/en/prizes/${c.year}/jurors/${people.juror!.userId}/remove`);
    assert.equal(removed.status, 303);
    const rows = await t.handle.db.selectFrom('prizeContestJurors').select('userId').where('contestId', '=', c.id).execute();
    assert.deepEqual(rows, []);
    const audited = await t.handle.db.selectFrom('auditLog').select('action').where('entity', '=', 'prize_contest').where('entityId', '=', c.id).execute();
    assert.deepEqual(audited.map((a) => a.action).sort(), ['prize.juror_assign', 'prize.juror_remove']);
  });
});

describe('prizes jury: the juror’s page', () => {
  it('a visitor signs in; a non-juror, a curator and another contest’s juror are refused; before the selection phase a juror is refused too', async () => {
    const c = await contest('voting');
    const other = await contest('selection', ['outsider']);
    const path = `/en/prizes/${c.year}/jury`;
    const visitor = await new TestClient(t.app).get(path);
    assert.ok(visitor.status === 401 || (visitor.status === 303 && /sign-in/.test(visitor.res.headers.get('location') ?? '')), String(visitor.status));
    const early = await people.juror!.c.get(path);
    assert.equal(early.status, 409, 'voting has not closed');
    assert.match(early.text, /The jury’s work begins once voting has closed/);
    await movePhase(t.handle.db, c.id, 'selection');
    assert.equal((await people.outsider!.c.get(path)).status, 403, 'the juror of another contest');
    assert.equal((await people.curator!.c.get(path)).status, 403, 'a curator is not a juror by their role');
    assert.equal((await people.member!.c.get(path)).status, 403);
    assert.equal((await people.outsider!.c.get(`/en/prizes/${other.year}/jury`)).status, 200);
  });

  it('shows the top five (not the sixth) and the criteria in the reader’s language', async () => {
    const c = await contest('selection');
    const titles = await t.handle.db.selectFrom('prizeNominations').select(['id', 'answers']).where('contestId', '=', c.id).execute();
    const title = (id: number) => titles.find((x) => x.id === id)!.answers.title!;
    const en = await people.juror!.c.get(`/en/prizes/${c.year}/jury`);
    assert.equal(en.status, 200);
    for (const id of c.top) assert.ok(en.text.includes(title(id)), `top five ${id}`);
    assert.ok(!en.text.includes(title(c.outside)), 'the sixth is not shown');
    assert.match(en.text, /Sustainability/);
    const ar = await people.juror!.c.get(`/ar/prizes/${c.year}/jury`);
    assert.match(ar.text, /الاستدامة/);
    const zh = await people.juror!.c.get(`/zh/prizes/${c.year}/jury`);
    assert.match(zh.text, /可复制性/);
    const contestPage = await people.juror!.c.get(`/en/prizes/${c.year}`);
    assert.ok(contestPage.text.includes(`/en/prizes/${c.year}/jury`), 'the contest page links a juror to their page');
  });
});

describe('prizes jury: conflicts of interest and score sheets', () => {
  it('scoring needs a declaration first; a declared conflict forbids scoring and cannot be taken back', async () => {
    const c = await contest('selection');
    const [a, b] = c.top as [number, number];
    const scores = (id: number) => `/en/prizes/${c.year}/jury/nominations/${id}/scores`;
    const declare = (id: number, conflict: string) => people.juror!.c.post(`/en/prizes/${c.year}/jury/nominations/${id}/declaration`, { conflict });

    const first = await people.juror!.c.post(scores(a), sheet());
    assert.equal(first.status, 409);
    assert.match(first.text, /First declare whether you have a conflict of interest/);

    assert.equal((await declare(a, 'maybe')).status, 422, 'the declaration is yes or no');
    const yes = await declare(a, 'yes');
    assert.equal(yes.status, 303);
    assert.equal(yes.location, `/en/prizes/${c.year}/jury#n-${a}`);
    const refused = await people.juror!.c.post(scores(a), sheet());
    assert.equal(refused.status, 409);
    assert.match(refused.text, /you cannot score it/);
    assert.equal((await declare(a, 'no')).status, 303);
    const still = await people.juror!.c.post(scores(a), sheet());
    assert.equal(still.status, 409, 'a declared conflict stays');
    const rows = await t.handle.db.selectFrom('prizeJuryScores').select('nominationId').where('nominationId', '=', a).execute();
    assert.deepEqual(rows, []);

    assert.equal((await declare(b, 'no')).status, 303);
    assert.equal((await people.juror!.c.post(scores(b), sheet(8))).status, 303);
    // Declaring a conflict afterwards removes the sheet already written.
    assert.equal((await declare(b, 'yes')).status, 303);
    assert.deepEqual(await t.handle.db.selectFrom('prizeJuryScores').select('nominationId').where('nominationId', '=', b).execute(), []);
  });

  it('a score out of range is 422 with the criterion named, in the reader’s language; a sheet is revised in place; outside the top five is 404; a non-juror 403', async () => {
    const c = await contest('selection');
    const [a] = c.top as [number];
    await declared(t.handle.db, a, people.juror!.userId, false);
    await declared(t.handle.db, c.outside, people.juror!.userId, false);
    const path = (id: number, locale = 'en') => `/${locale}/prizes/${c.year}/jury/nominations/${id}/scores`;

    const high = await people.juror!.c.post(path(a), { ...sheet(), impact: '11' });
    assert.equal(high.status, 422);
    assert.match(high.text, /Impact: A score is a whole number from 1 to 10\./);
    assert.match(high.text, new RegExp(`id="f-${a}-impact-error"`));
    const fr = await people.juror!.c.post(path(a, 'fr'), { ...sheet(), sustainability: '0' });
    assert.equal(fr.status, 422);
    assert.match(fr.text, /Durabilité : Une note est un nombre entier de 1 à 10\.|Durabilité: Une note est un nombre entier de 1 à 10\./);
    assert.equal((await people.juror!.c.post(path(a), { ...sheet(), replicability: '7.5' })).status, 422, 'a whole number');
    assert.equal((await people.juror!.c.post(path(a), { impact: '5' })).status, 422, 'every criterion');

    assert.equal((await people.juror!.c.post(path(a), sheet(6))).status, 303);
    assert.equal((await people.juror!.c.post(path(a), { ...sheet(6), impact: '9' })).status, 303);
    const rows = await t.handle.db.selectFrom('prizeJuryScores').select(['scores']).where('nominationId', '=', a).execute();
    assert.equal(rows.length, 1, 'one sheet per juror and nomination');
    assert.deepEqual(rows[0]!.scores, { impact: 9, sustainability: 6, replicability: 6, linkage: 6 });

    assert.equal((await people.juror!.c.post(path(c.outside), sheet())).status, 404, 'not in the top five');
    assert.equal((await people.outsider!.c.post(path(a), sheet())).status, 403);
    assert.equal((await people.curator!.c.post(path(a), sheet())).status, 403);
    assert.equal((await new TestClient(t.app).post(path(a), sheet())).status, 401);
  });

  it('before the selection phase and once the announcement phase starts, scoring is refused', async () => {
    const c = await contest('voting');
    const [a] = c.top as [number];
    await declared(t.handle.db, a, people.juror!.userId, false);
    const path = `/en/prizes/${c.year}/jury/nominations/${a}/scores`;
    assert.equal((await people.juror!.c.post(path, sheet())).status, 409);
    assert.equal((await people.juror!.c.post(`/en/prizes/${c.year}/jury/nominations/${a}/declaration`, { conflict: 'no' })).status, 409);
    await movePhase(t.handle.db, c.id, 'selection');
    assert.equal((await people.juror!.c.post(path, sheet())).status, 303);
    await movePhase(t.handle.db, c.id, 'announcement');
    const closed = await people.juror!.c.post(path, sheet(3));
    assert.equal(closed.status, 409);
    assert.match(closed.text, /the jury’s scores are final|the jury’s work is final/);
  });
});

describe('prizes jury: curators confirm the winner and champions', () => {
  it('sees each nomination’s jury average and count; refuses a non-curator, a nomination outside the top five, a second winner, no winner, five champions', async () => {
    const c = await contest('selection');
    const [a, b, d, e, g] = c.top as [number, number, number, number, number];
    for (const juror of ['juror', 'juror2']) await declared(t.handle.db, a, people[juror]!.userId, false);
    await people.juror!.c.post(`/en/prizes/${c.year}/jury/nominations/${a}/scores`, sheet(6));
    await people.juror2!.c.post(`/en/prizes/${c.year}/jury/nominations/${a}/scores`, sheet(9));
    await declared(t.handle.db, b, people.juror!.userId, true);
    const page = await people.curator!.c.get(`/en/prizes/${c.year}/selection`);
    assert.equal(page.status, 200);
    assert.match(page.text, /7\.5/, 'the mean of 6 and 9');
    assert.match(page.text, /scored by 2 jurors/);
    assert.match(page.text, /1 conflict of interest declared/);

    const path = `/en/prizes/${c.year}/selection/c1`;
    const form = (o: Record<number, string>) => Object.fromEntries(Object.entries(o).map(([id, v]) => [`award.${id}`, v]));
    const good = form({ [a]: 'winner', [b]: 'champion', [d]: 'champion', [e]: 'champion', [g]: 'champion' });
    assert.equal((await new TestClient(t.app).post(path, good)).status, 401);
    assert.equal((await people.juror!.c.post(path, good)).status, 403, 'a juror does not confirm');
    assert.equal((await people.member!.c.post(path, good)).status, 403);

    const outside = await people.curator!.c.post(path, form({ [c.outside]: 'winner', [b]: 'champion' }));
    assert.equal(outside.status, 422);
    assert.match(outside.text, /Only a nomination in this category’s top five can receive an award/);
    const twoWinners = await people.curator!.c.post(path, form({ [a]: 'winner', [b]: 'winner' }));
    assert.equal(twoWinners.status, 422);
    assert.match(twoWinners.text, /There is only one winner per category/);
    const noWinner = await people.curator!.c.post(path, form({ [a]: 'champion' }));
    assert.equal(noWinner.status, 422);
    assert.match(noWinner.text, /Choose one winner/);
    const fiveChampions = await people.curator!.c.post(path, form({ [a]: 'champion', [b]: 'champion', [d]: 'champion', [e]: 'champion', [g]: 'champion' }));
    assert.equal(fiveChampions.status, 422);
    assert.match(fiveChampions.text, /At most 4 champions per category/);
    assert.equal((await people.curator!.c.post(path, form({ [a]: 'gold' }))).status, 422);
    const arabic = await people.curator!.c.post(`/ar/prizes/${c.year}/selection/c1`, form({ [a]: 'winner', [b]: 'winner' }));
    assert.equal(arabic.status, 422);
    assert.match(arabic.text, /لا يوجد إلا فائز واحد في كل فئة/);
    assert.deepEqual(await t.handle.db.selectFrom('prizeAwards').select('nominationId').where('contestId', '=', c.id).execute(), [], 'nothing written');

    const ok = await people.curator!.c.post(path, good);
    assert.equal(ok.status, 303);
    assert.equal(ok.location, `/en/prizes/${c.year}/selection`);
    const awards = await t.handle.db
      .selectFrom('prizeAwards')
      .select(['nominationId', 'award'])
      .where('contestId', '=', c.id)
      .orderBy('nominationId')
      .execute();
    assert.equal(awards.length, 5);
    assert.equal(awards.filter((x) => x.award === 'winner').length, 1);
    const mirrored = await t.handle.db.selectFrom('prizeNominations').select('award').where('id', '=', a).executeTakeFirstOrThrow();
    assert.equal(mirrored.award, 'winner', 'eligibility’s “past winners excluded” reads the nomination');
    const audit = await t.handle.db
      .selectFrom('auditLog')
      .select('details')
      .where('action', '=', 'prize.confirm_awards')
      .where('entityId', '=', c.id)
      .executeTakeFirstOrThrow();
    assert.deepEqual(audit.details, { category: 'c1', winner: a, champions: [b, d, e, g] });

    // A change of mind during selection replaces the category's awards.
    assert.equal((await people.curator!.c.post(path, form({ [b]: 'winner', [a]: 'none' }))).status, 303);
    const now = await t.handle.db.selectFrom('prizeAwards').select(['nominationId', 'award']).where('contestId', '=', c.id).execute();
    assert.deepEqual(now, [{ nominationId: b, award: 'winner' }]);
    assert.equal((await t.handle.db.selectFrom('prizeNominations').select('award').where('id', '=', a).executeTakeFirstOrThrow()).award, null);
  });

  it('refused before the selection phase and once the announcement starts', async () => {
    const c = await contest('voting');
    const path = `/en/prizes/${c.year}/selection/c1`;
    const form = { [`award.${c.top[0]}`]: 'winner' };
    assert.equal((await people.curator!.c.post(path, form)).status, 409);
    const early = await people.curator!.c.get(`/en/prizes/${c.year}/selection`);
    assert.equal(early.status, 200);
    assert.match(early.text, /appear here once voting has closed/);
    await movePhase(t.handle.db, c.id, 'announcement');
    const late = await people.curator!.c.post(path, form);
    assert.equal(late.status, 409);
    assert.match(late.text, /the awards are final/);
  });
});

describe('prizes jury: the public winners page', () => {
  it('is hidden until the announcement phase, then lists the winner and champions per category linking their projects; the list of years and the navigation lead to it', async () => {
    const c = await contest('selection');
    const [a, b] = c.top as [number, number];
    assert.equal((await people.curator!.c.post(`/en/prizes/${c.year}/selection/c1`, { [`award.${a}`]: 'winner', [`award.${b}`]: 'champion' })).status, 303);
    const visitor = new TestClient(t.app);
    assert.equal((await visitor.get(`/en/prizes/${c.year}/winners`)).status, 404, 'hidden during selection');
    const contestPage = await visitor.get(`/en/prizes/${c.year}`);
    assert.ok(!contestPage.text.includes(`/en/prizes/${c.year}/winners`));
    await movePhase(t.handle.db, c.id, 'announcement');
    const page = await visitor.get(`/en/prizes/${c.year}/winners`);
    assert.equal(page.status, 200);
    const title = (id: number) => t.handle.db.selectFrom('prizeNominations').select('answers').where('id', '=', id).executeTakeFirstOrThrow();
    const winnerAt = page.text.indexOf((await title(a)).answers.title!);
    const championAt = page.text.indexOf((await title(b)).answers.title!);
    assert.ok(winnerAt > 0 && championAt > winnerAt, 'the winner first, then the champions');
    assert.match(page.text, /<strong>Winner<\/strong>/);
    assert.ok(page.text.includes(`href="/en/prizes/${c.year}/nominations/${a}"`), 'links the project (its nomination when it has no entry)');
    const ar = await visitor.get(`/ar/prizes/${c.year}/winners`);
    assert.equal(ar.status, 200);
    assert.match(ar.text, /الفائزون والأبطال/);
    const years = await visitor.get('/en/prizes');
    assert.ok(years.text.includes(`href="/en/prizes/${c.year}"`), 'past contests stay browsable');
    assert.ok((await visitor.get(`/en/prizes/${c.year}`)).text.includes(`/en/prizes/${c.year}/winners`));
    assert.match((await visitor.get('/en/')).text, /href="\/en\/prizes"/, 'the navigation links the prizes');
    assert.equal((await visitor.get('/en/prizes/1999/winners')).status, 404);
  });
});

describe('prizes jury: the demo register', () => {
  it('shows last year’s jury-confirmed winners and champions, linking their entries', async () => {
    const demo = await createTestDb();
    try {
      await loadDemoIfEmpty({ db: demo.handle.db, taxonomy: demo.deps.taxonomy });
      const year = new Date().getUTCFullYear() - 1;
      const awards = await demo.handle.db
        .selectFrom('prizeAwards as a')
        .innerJoin('prizeContests as c', 'c.id', 'a.contestId')
        .select(['a.award', 'a.nominationId'])
        .where('c.year', '=', year)
        .execute();
      assert.ok(awards.some((a) => a.award === 'winner') && awards.some((a) => a.award === 'champion'), 'awards in the new table');
      const scored = await demo.handle.db.selectFrom('prizeJuryScores').select('nominationId').execute();
      assert.equal(scored.length, awards.length, 'each award scored by the demo juror');
      const page = await new TestClient(demo.app).get(`/en/prizes/${year}/winners`);
      assert.equal(page.status, 200);
      assert.match(page.text, /<strong>Winner<\/strong>: <a href="\/en\/activities\/\d+"/);
      assert.equal((await new TestClient(demo.app).get(`/en/prizes/${year + 1}/winners`)).status, 404, 'this year’s contest is still voting');
    } finally {
      await demo.close();
    }
  });
});
