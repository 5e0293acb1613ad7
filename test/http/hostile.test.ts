import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadActor } from '../../src/modules/accounts/accounts.service';
import { decide } from '../../src/modules/submissions/review.service';
import { TestClient } from '../support/client';
import { lastMail, organisation, PASSWORD, person, submissionRow, SUMMARY_60 } from '../support/people';
import { createTestDb, type TestDb } from '../support/test-db';

const SCRIPT = '<script>alert(1)</script><img src=x onerror=alert(2)>';

describe('hostile input on the contributor routes', () => {
  let t: TestDb;
  let org: number;
  let editor: { userId: number; email: string };
  let client: TestClient;
  const draftOf = async (id: number) => await t.handle.db.selectFrom('submissions').select(['data', 'status']).where('id', '=', id).executeTakeFirstOrThrow();

  before(async () => {
    t = await createTestDb();
    org = await organisation(t);
    editor = await person(t, { organisationId: org });
    client = new TestClient(t.app);
    await client.signIn(editor.email, PASSWORD);
  });
  after(() => t.close());

  it('refuses an oversized body with 413 and keeps the draft as it was', async () => {
    const id = await submissionRow(t, { organisationId: org, createdBy: editor.userId });
    const before = await draftOf(id);
    const r = await client.post(`/en/contribute/submissions/${id}/about`, { title: 'x', summary: 'word '.repeat(300_000), action: 'save' });
    assert.equal(r.status, 413);
    assert.match(r.text, /too large/i);
    assert.deepEqual(await draftOf(id), before);
  });

  it('refuses a field over its size limit with 422 beside the field, and keeps the draft', async () => {
    const id = await submissionRow(t, { organisationId: org, createdBy: editor.userId });
    const before = await draftOf(id);
    const r = await client.post(`/en/contribute/submissions/${id}/about`, {
      originalLanguage: 'en',
      title: 'T'.repeat(301),
      summary: SUMMARY_60,
      action: 'save',
    });
    assert.equal(r.status, 422);
    assert.match(r.text, /id="f-title-error"/);
    assert.deepEqual(await draftOf(id), before);
  });

  it('refuses forged requests: a wrong token, another origin, a cross-site fetch, no token', async () => {
    const id = await submissionRow(t, { organisationId: org, createdBy: editor.userId });
    const before = await draftOf(id);
    const form = { actionLines: 'c5', action: 'save' };
    const path = `/en/contribute/submissions/${id}/themes`;
    const attempts = [
      await client.request('POST', path, { form: { ...form, _csrf: 'forged-token-forged-token' } }),
      await client.request('POST', path, { form: { ...form, _csrf: client.csrf }, headers: { origin: 'https://evil.example' } }),
      await client.request('POST', path, { form: { ...form, _csrf: client.csrf }, headers: { 'sec-fetch-site': 'cross-site' } }),
      await client.request('POST', path, { form }),
      await client.request('PATCH', `/api/v1/submissions/${id}`, { json: { sdgs: ['1'] } }),
    ];
    for (const res of attempts) {
      assert.equal(res.status, 403);
      assert.match(await res.text(), /another site|expired/);
    }
    assert.deepEqual(await draftOf(id), before);
    const ok = await client.post(path, form);
    assert.equal(ok.status, 303, 'the same request with the token goes through');
  });

  it('keeps script in every text field as inert text, in the questionnaire, the review and the public page', async () => {
    const curator = await person(t, { role: 'curator' });
    const id = await submissionRow(t, { organisationId: org, createdBy: editor.userId });
    const base = `/en/contribute/submissions/${id}`;
    await client.post(`${base}/about`, {
      originalLanguage: 'en',
      title: `Title ${SCRIPT}`,
      summary: `${SUMMARY_60} ${SCRIPT}`,
      description: `Intro ${SCRIPT} [x](javascript:alert(3))`,
      activityType: 'project',
      status: 'ongoing',
      action: 'save',
    });
    await client.post(`${base}/organisations`, {
      rows: '1',
      'organisations.0.name': `Org ${SCRIPT}`,
      'organisations.0.role': 'partner',
      'organisations.0.stakeholderType': 'academia',
      action: 'save',
    });
    await client.post(`${base}/links`, {
      rows: '1',
      'links.0.url': 'https://example.org/',
      'links.0.label': `Label ${SCRIPT}`,
      contactName: SCRIPT,
      contactEmail: 'c@x.test',
      action: 'save',
    });
    const pages = [(await client.get(`${base}/about`)).text, (await client.get(`${base}/organisations`)).text, (await client.get(`${base}/links`)).text];
    assert.equal((await client.post(`${base}/submit`)).status, 303);
    const reviewer = new TestClient(t.app);
    await reviewer.signIn(curator.email, PASSWORD);
    pages.push((await reviewer.get(`/en/review/${id}`)).text);
    const approved = await reviewer.post(`/en/review/${id}`, { decision: 'approve' });
    pages.push((await new TestClient(t.app).get(approved.location!)).text);
    for (const html of pages) {
      assert.doesNotMatch(html, /<script>alert|<img src=x|href="javascript:/i);
    }
    assert.match(pages.at(-1)!, /Title &lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  });

  it('throttles repeated failed sign-ins per account, with the same answer for unknown accounts', async () => {
    const victim = await person(t);
    const c = new TestClient(t.app);
    const unknown = await c.post('/en/account/sign-in', { email: 'nobody@x.test', password: 'wrong password!' });
    const wrong = await c.post('/en/account/sign-in', { email: victim.email, password: 'wrong password!' });
    assert.equal(unknown.status, 401);
    assert.equal(wrong.status, 401);
    const message = (html: string) => /class="error-summary"[\s\S]*?<\/ul>/.exec(html)?.[0];
    assert.equal(message(unknown.text), message(wrong.text), 'the same message whether or not the account exists');
    for (let i = 0; i < 4; i += 1) await c.post('/en/account/sign-in', { email: victim.email, password: 'wrong password!' });
    const locked = await c.post('/en/account/sign-in', { email: victim.email, password: PASSWORD });
    assert.equal(locked.status, 429, 'even the right password waits once the budget is spent');
    assert.match(locked.text, /Too many attempts/);
    assert.equal(
      locked.res.headers.getSetCookie().some((x) => x.startsWith('stk_session=')),
      false,
    );
  });

  it('refuses a reset link used twice or too late, and changes nothing then', async () => {
    const p = await person(t);
    const c = new TestClient(t.app);
    await c.post('/en/account/reset', { email: p.email });
    const token = /\/account\/reset\/([\w-]+)/.exec((await lastMail(t, p.email))!.textBody)![1]!;
    assert.equal((await c.get(`/en/account/reset/${token}`)).status, 200);
    assert.equal((await c.post(`/en/account/reset/${token}`, { password: 'the first new password' })).status, 200);
    const twice = await c.post(`/en/account/reset/${token}`, { password: 'the second new password' });
    assert.equal(twice.status, 400);
    assert.match(twice.text, /already used, or it has expired/);
    await new TestClient(t.app).signIn(p.email, 'the first new password');

    await c.post('/en/account/reset', { email: p.email });
    const late = /\/account\/reset\/([\w-]+)/.exec((await lastMail(t, p.email))!.textBody)![1]!;
    await t.handle.db
      .updateTable('accountTokens')
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where('purpose', '=', 'reset')
      .where('usedAt', 'is', null)
      .execute();
    assert.equal((await c.post(`/en/account/reset/${late}`, { password: 'a too late password' })).status, 400);
    await new TestClient(t.app).signIn(p.email, 'the first new password');
  });

  it('answers bad API input with 400 naming the field, and bad transitions with 409', async () => {
    const id = await submissionRow(t, { organisationId: org, createdBy: editor.userId });
    const bad = await client.request('PATCH', `/api/v1/submissions/${id}`, {
      json: { countries: 'KE', startDate: '2020-13-45' },
      headers: { 'x-csrf-token': client.csrf },
    });
    assert.equal(bad.status, 400);
    const body = (await bad.json()) as { error: { code: string; details: Array<{ field: string }> } };
    assert.equal(body.error.code, 'validation_failed');
    assert.deepEqual(body.error.details.map((d) => d.field).sort(), ['countries', 'startDate']);
    const notJson = await client.request('PATCH', `/api/v1/submissions/${id}`, {
      headers: { 'x-csrf-token': client.csrf, 'content-type': 'application/json' },
    });
    assert.equal(notJson.status, 400);
    const curatorActor = (await loadActor(t.handle.db, (await person(t, { role: 'curator' })).userId))!;
    const sid = await submissionRow(t, { organisationId: org, createdBy: editor.userId, status: 'submitted' });
    await decide({ db: t.handle.db, taxonomy: t.deps.taxonomy, config: t.deps.config }, curatorActor, sid, { decision: 'reject', message: 'No' });
    const again = await client.request('POST', `/api/v1/submissions/${sid}/submit`, { json: {}, headers: { 'x-csrf-token': client.csrf } });
    assert.equal(again.status, 409);
  });
});
