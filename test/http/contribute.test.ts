import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestDb, type TestDb } from '../support/test-db';
import { TestClient } from '../support/client';
import { lastMail, organisation, person, PASSWORD, SUMMARY_60 } from '../support/people';

describe('the contribution loop over HTTP', () => {
  let t: TestDb;
  before(async () => {
    t = await createTestDb();
  });
  after(() => t.close());

  it('signs up, verifies, is approved, contributes, is asked for changes, resubmits, is published, updates, restores', async () => {
    const visitor = new TestClient(t.app);
    const email = 'amina@contrib.test';
    let r = await visitor.post('/en/account/sign-up', { email, password: PASSWORD, displayName: 'Amina' });
    assert.equal(r.status, 200, r.text.slice(0, 500));
    const verify = await lastMail(t, email);
    assert.ok(verify);
    const link = /http:\/\/stocktake\.test(\/en\/account\/verify\?token=[\w-]+)/.exec(verify.textBody)?.[1];
    assert.ok(link, verify.textBody);
    assert.equal((await visitor.get(link)).status, 200);
    assert.equal((await visitor.get(link)).status, 400, 'a verification link works once');

    await visitor.signIn(email, PASSWORD);
    const desk = await visitor.get('/en/contribute');
    assert.match(desk.text, /waiting for an administrator/);
    r = await visitor.post('/en/organisations', { name: 'Rural Links', stakeholderType: 'civil-society' });
    assert.equal(r.status, 403, 'a pending account cannot create an organisation');

    const admin = await person(t, { role: 'admin' });
    const adminClient = new TestClient(t.app);
    await adminClient.signIn(admin.email, PASSWORD);
    const user = await t.handle.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow();
    r = await adminClient.post(`/en/admin/users/${user.id}`, { status: 'active' });
    assert.equal(r.status, 303);

    r = await visitor.post('/en/organisations', { name: 'Rural Links', stakeholderType: 'civil-society' });
    assert.equal(r.status, 303, r.text.slice(0, 300));
    const org = await t.handle.db.selectFrom('organisations').select('id').where('name', '=', 'Rural Links').executeTakeFirstOrThrow();
    await visitor.get('/en/contribute');
    r = await visitor.post('/en/contribute/submissions', { organisationId: String(org.id) });
    assert.equal(r.status, 303);
    const sid = Number(/submissions\/(\d+)/.exec(r.location!)![1]);
    const base = `/en/contribute/submissions/${sid}`;

    r = await visitor.post(`${base}/about`, {
      originalLanguage: 'en',
      title: 'Broadband for rural schools',
      summary: 'Too short.',
      description: '',
      activityType: 'project',
      status: 'ongoing',
      action: 'next',
    });
    assert.equal(r.status, 303);
    const status = await visitor.get(base);
    assert.match(status.text, /Too short: 2 words, at least 50/);
    r = await visitor.post(`${base}/submit`);
    assert.equal(r.status, 422, 'rules are checked before submission');

    r = await visitor.post(`${base}/about`, {
      originalLanguage: 'en',
      title: 'Broadband for rural schools',
      summary: SUMMARY_60,
      description: 'Fibre to **ten** schools.',
      activityType: 'project',
      status: 'ongoing',
      action: 'save',
    });
    assert.equal(r.status, 303);
    await visitor.post(`${base}/where`, { scope: 'national', countries: ['KE', 'TZ'], targetGroups: ['youth'], action: 'next' });
    await visitor.post(`${base}/themes`, { actionLines: ['c2', 'c7-e-learning'], sdgs: ['4', '9'], action: 'next' });
    await visitor.post(`${base}/links`, {
      rows: '2',
      'links.0.url': 'https://example.org/schools',
      'links.0.label': 'Site',
      contactEmail: 'contact@rural.test',
      action: 'next',
    });
    r = await visitor.post(`${base}/submit`);
    assert.equal(r.status, 303, r.text.match(/<div class="problems">.*?<\/div>/s)?.[0] ?? r.text.slice(-1500));
    assert.match((await lastMail(t, email))!.subject, /We received/);

    const curator = await person(t, { role: 'curator' });
    const cur = new TestClient(t.app);
    await cur.signIn(curator.email, PASSWORD);
    const queue = await cur.get('/en/review');
    assert.match(queue.text, /Broadband for rural schools/);
    r = await cur.post(`/en/review/${sid}`, {
      decision: 'request_changes',
      message: 'Nearly there',
      'comment.title': 'Name the district',
      'comment.countries': 'Is Tanzania right?',
      'comment.summary': '',
    });
    assert.equal(r.status, 303, r.text.slice(0, 500));
    assert.match((await lastMail(t, email))!.textBody, /Name the district/);

    const about = await visitor.get(`${base}/about`);
    assert.match(about.text, /Curator&#39;s comment:<\/strong> Name the district/);
    const where = await visitor.get(`${base}/where`);
    assert.match(where.text, /Is Tanzania right\?/);
    await visitor.post(`${base}/about`, {
      originalLanguage: 'en',
      title: 'Broadband for rural schools in Kisumu',
      summary: SUMMARY_60,
      description: 'Fibre to **ten** schools.',
      activityType: 'project',
      status: 'ongoing',
      action: 'save',
    });
    await visitor.post(`${base}/where`, { scope: 'national', countries: ['KE'], action: 'save' });
    r = await visitor.post(`${base}/submit`);
    assert.equal(r.status, 303);

    r = await cur.post(`/en/review/${sid}`, { decision: 'approve' });
    assert.equal(r.status, 303);
    const entryId = Number(/activities\/(\d+)/.exec(r.location!)![1]);
    const publicPage = await new TestClient(t.app).get(`/en/activities/${entryId}`);
    assert.equal(publicPage.status, 200);
    assert.match(publicPage.text, /Broadband for rural schools in Kisumu/);
    const search = await new TestClient(t.app).get('/en/activities?q=Kisumu');
    assert.match(search.text, new RegExp(`/en/activities/${entryId}`));

    // The owner edits the live entry: the published text stays until a curator approves.
    r = await visitor.post('/en/contribute/submissions', { entryId: String(entryId) });
    const uid = Number(/submissions\/(\d+)/.exec(r.location!)![1]);
    await visitor.post(`/en/contribute/submissions/${uid}/about`, {
      originalLanguage: 'en',
      title: 'Broadband for rural schools in Kisumu and Siaya',
      summary: SUMMARY_60,
      description: 'Fibre to **ten** schools.',
      activityType: 'project',
      status: 'ongoing',
      action: 'save',
    });
    await visitor.post(`/en/contribute/submissions/${uid}/submit`);
    assert.doesNotMatch((await new TestClient(t.app).get(`/en/activities/${entryId}`)).text, /Siaya/);
    await cur.post(`/en/review/${uid}`, { decision: 'approve' });
    assert.match((await new TestClient(t.app).get(`/en/activities/${entryId}`)).text, /Siaya/);

    const history = await visitor.get(`/en/activities/${entryId}/history`);
    assert.equal(history.status, 200);
    const diff = await visitor.get(`/en/activities/${entryId}/diff?from=1&to=2`);
    assert.match(diff.text, /<ins>[^<]*Siaya/);
    r = await cur.post(`/en/activities/${entryId}/restore`, { revision: '1', reason: 'Siaya is a later phase' });
    assert.equal(r.status, 303);
    const restored = (await new TestClient(t.app).get(`/en/activities/${entryId}`)).text;
    assert.doesNotMatch(restored, /Siaya/);
    assert.match(restored, /Broadband for rural schools in Kisumu/);
    const revisions = await t.handle.db.selectFrom('revisions').select(['number', 'source']).where('entityId', '=', entryId).orderBy('number').execute();
    assert.deepEqual(
      revisions.map((x) => x.source),
      ['submission', 'submission', 'restore'],
    );
    const audit = await t.handle.db.selectFrom('auditLog').select('action').execute();
    for (const action of ['user.update', 'submission.request_changes', 'submission.approve', 'entry.restore'])
      assert.ok(
        audit.some((a) => a.action === action),
        action,
      );
  });

  it('answers a sign-up for a taken address exactly like a new one, and tells the owner by mail', async () => {
    const existing = await person(t);
    const c = new TestClient(t.app);
    const taken = await c.post('/en/account/sign-up', { email: existing.email.toUpperCase(), password: PASSWORD, displayName: 'Someone' });
    const fresh = await c.post('/en/account/sign-up', { email: 'new-person@contrib.test', password: PASSWORD, displayName: 'Someone' });
    assert.equal(taken.status, fresh.status);
    const strip = (s: string) => s.replace(/content="[^"]*"|value="[^"]*"/g, '');
    assert.equal(strip(taken.text), strip(fresh.text));
    assert.match((await lastMail(t, existing.email))!.subject, /tried to register/);
    const orgId = await organisation(t);
    assert.ok(orgId > 0);
  });
});
