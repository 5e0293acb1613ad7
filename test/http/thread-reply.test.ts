import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TestClient } from '../support/client';
import { lastMail, organisation, PASSWORD, person, submissionRow } from '../support/people';
import { createTestDb, type TestDb } from '../support/test-db';

/**
 * A contributor answers the curators in a submission's exchange: the author and the organisation's
 * editors may, through a plain form; the curator reads the answer on the review page. Nobody else writes
 * to the exchange, and a refused reply writes nothing.
 */
describe("a contributor's reply in the exchange with the curators", () => {
  let t: TestDb;
  let orgA: number;
  let author: TestClient;
  let editor: TestClient;
  let stranger: TestClient;
  let curator: TestClient;
  let authorId: number;
  let curatorEmail: string;

  before(async () => {
    t = await createTestDb();
    orgA = await organisation(t, 'Organisation A');
    const orgB = await organisation(t, 'Organisation B');
    const pa = await person(t, { organisationId: orgA, memberRole: 'member' });
    const pe = await person(t, { organisationId: orgA, memberRole: 'editor' });
    const pb = await person(t, { organisationId: orgB, memberRole: 'editor' });
    const pc = await person(t, { role: 'curator' });
    authorId = pa.userId;
    curatorEmail = pc.email;
    author = new TestClient(t.app);
    await author.signIn(pa.email, PASSWORD);
    editor = new TestClient(t.app);
    await editor.signIn(pe.email, PASSWORD);
    stranger = new TestClient(t.app);
    await stranger.signIn(pb.email, PASSWORD);
    curator = new TestClient(t.app);
    await curator.signIn(pc.email, PASSWORD);
  });
  after(() => t.close());

  const messages = (submissionId: number) =>
    t.handle.db.selectFrom('reviewMessages').select(['kind', 'body', 'authorId']).where('submissionId', '=', submissionId).orderBy('id').execute();
  const allMessages = () => t.handle.db.selectFrom('reviewMessages').selectAll().orderBy('id').execute();

  it('the author and an editor reply; the curator and the author read it; the page works without JavaScript', async () => {
    const id = await submissionRow(t, { organisationId: orgA, createdBy: authorId, status: 'submitted' });
    // The curator asks for a change first (the form the review page posts).
    let r = await curator.post(`/en/review/${id}`, { decision: 'request_changes', message: 'Which years?', 'comment.startDate': 'Is this the first phase?' });
    assert.equal(r.status, 303, r.text.slice(0, 300));

    const page = await author.get(`/en/contribute/submissions/${id}`);
    assert.equal(page.status, 200);
    assert.match(page.text, new RegExp(`<form method="post" action="/en/contribute/submissions/${id}/reply"`), 'a plain HTML form, no script needed');
    assert.match(page.text, /name="_csrf"/);

    r = await author.post(`/en/contribute/submissions/${id}/reply`, { message: '  The dates are those of the second phase (2025–2027).  ' });
    assert.equal(r.status, 303, r.text.slice(0, 300));
    assert.equal(r.location, `/en/contribute/submissions/${id}#thread-h`);
    const landed = await author.get(r.location!.split('#')[0]!);
    assert.equal(landed.status, 200);
    assert.match(landed.text, /Reply from the contributor/);
    assert.match(landed.text, /The dates are those of the second phase \(2025–2027\)\./);

    const mail = await lastMail(t, curatorEmail);
    assert.ok(mail, 'the curator who asked is told of the reply');
    assert.match(mail.subject, /A reply about/);
    assert.match(mail.textBody, /The dates are those of the second phase/);
    assert.ok(mail.textBody.includes(`/en/review/${id}`), mail.textBody);

    r = await editor.post(`/fr/contribute/submissions/${id}/reply`, { message: 'Merci, nous corrigeons.' });
    assert.equal(r.status, 303, r.text.slice(0, 300));

    const review = await curator.get(`/en/review/${id}`);
    assert.equal(review.status, 200);
    assert.match(review.text, /The dates are those of the second phase/);
    assert.match(review.text, /Merci, nous corrigeons\./);
    assert.doesNotMatch(review.text, /\/reply"/, 'the curator answers through the decision form, not the reply form');

    const rows = await messages(id);
    assert.deepEqual(
      rows.map((m) => m.kind),
      ['request_changes', 'reply', 'reply'],
    );
    assert.equal(rows[1]!.body, 'The dates are those of the second phase (2025–2027).', 'stored trimmed');
    assert.equal(rows[1]!.authorId, authorId);
  });

  it('refuses others, an empty or overlong reply, a draft and a missing token, writing nothing', async () => {
    const id = await submissionRow(t, { organisationId: orgA, createdBy: authorId, status: 'submitted' });
    const draft = await submissionRow(t, { organisationId: orgA, createdBy: authorId });
    const before = await allMessages();
    const path = `/en/contribute/submissions/${id}/reply`;

    let r = await stranger.post(path, { message: 'Let me in.' });
    assert.equal(r.status, 404, 'another organisation’s contributor is told it does not exist');
    r = await stranger.post(path, { message: '' });
    assert.equal(r.status, 404, 'even with a malformed reply');
    r = await curator.post(path, { message: 'Curators decide instead.' });
    assert.equal(r.status, 403);
    r = await new TestClient(t.app).post(path, { message: 'Anonymous.' });
    assert.equal(r.status, 401);

    r = await author.post(path, { message: '   ' });
    assert.equal(r.status, 422);
    assert.match(r.text, /id="error-summary"/);
    r = await author.post(`/fr${path.slice(3)}`, { message: 'x'.repeat(4001) });
    assert.equal(r.status, 422);
    assert.match(r.text, /La valeur est trop longue/, 'the problem, in French');
    assert.match(r.text, /4000 caractères au plus/, 'and the limit');
    assert.match(r.text, /lang="fr"/);
    assert.match(r.text, /x{4001}/, 'what was typed is kept');

    r = await author.post(`/en/contribute/submissions/${draft}/reply`, { message: 'Too early.' });
    assert.equal(r.status, 409);
    assert.match(r.text, /once the submission has been sent to the curators/);

    const forged = await author.request('POST', path, { form: { message: 'No token.' } });
    assert.equal(forged.status, 403, 'CSRF is checked as on every form');

    assert.deepEqual(await allMessages(), before, 'no refused reply wrote to the exchange');
    r = await author.post(path, { message: 'x'.repeat(4000) });
    assert.equal(r.status, 303, 'exactly the limit is accepted');
  });
});
