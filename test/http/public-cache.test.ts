import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { createApp } from '../../src/app';
import { importEntries } from '../../src/modules/submissions/jsonl.import';
import { PUBLIC_CACHE_CONTROL } from '../../src/http/middleware/public-cache';
import { TestClient } from '../support/client';
import { activityLine } from '../support/factories';
import { organisation, person, PASSWORD } from '../support/people';
import { prizeContest, prizeNomination } from '../support/prizes';
import { createTestDb, type TestDb } from '../support/test-db';

// The index gives the app its register version, so visitors' answers are kept in memory here.
let t: TestDb;
let entryPath: string;
before(async () => {
  t = await createTestDb({ search: 'index' });
  await importEntries(t.deps, [
    activityLine({ externalId: 'cache-1', translations: { en: { title: 'Cached broadband', summary: 'Broadband for clinics.', description: '' } } }),
  ]);
  await t.index!.refresh();
  const id = (await t.deps.db.selectFrom('entries').select('id').where('externalId', '=', 'cache-1').executeTakeFirstOrThrow()).id;
  entryPath = `/en/activities/${id}`;
});
after(async () => t.close());

const get = (path: string, headers: Record<string, string> = {}) => t.app.request(path, { headers });
/** The test database with every query counted: what an app built on it asks. */
function countingDb() {
  let count = 0;
  const db = t.deps.db.withPlugin({
    transformQuery: (args) => {
      count += 1;
      return args.node;
    },
    transformResult: async (args) => args.result,
  });
  return { db, queries: () => count };
}
const publicPaths = () => ['/en/', '/en/search', '/en/search?q=broadband', entryPath, '/api/v1/search?q=broadband', '/en/organisations'];

describe('a visitor’s public pages', () => {
  it('set no cookie and carry no CSRF token', async () => {
    for (const path of publicPaths()) {
      const res = await get(path);
      assert.equal(res.status, 200, path);
      assert.deepEqual(res.headers.getSetCookie(), [], path);
      assert.doesNotMatch(await res.text(), /csrf/i, path);
    }
  });

  it('are public for a short while, with a strong ETag, and answer 304 to it', async () => {
    for (const path of publicPaths()) {
      const first = await get(path, { 'accept-encoding': 'gzip' });
      assert.equal(first.headers.get('cache-control'), PUBLIC_CACHE_CONTROL, path);
      const etag = first.headers.get('etag');
      assert.match(etag ?? '', /^"[\w-]+"$/, path);
      const again = await get(path, { 'accept-encoding': 'gzip', 'if-none-match': etag! });
      assert.equal(again.status, 304, path);
      assert.equal(again.headers.get('etag'), etag, path);
      assert.equal((await get(path, { 'accept-encoding': 'gzip', 'if-none-match': '"other"' })).status, 200, path);
    }
  });

  it('vary by Accept-Encoding and are gzipped only when large enough', async () => {
    const page = await get('/en/', { 'accept-encoding': 'gzip' });
    assert.equal(page.headers.get('content-encoding'), 'gzip');
    assert.match(page.headers.get('vary') ?? '', /accept-encoding/i);
    assert.match(gunzipSync(Buffer.from(await page.arrayBuffer())).toString('utf8'), /<!doctype html>/);
    const plain = await get('/en/');
    assert.equal(plain.headers.get('content-encoding'), null);
    assert.notEqual(plain.headers.get('etag'), page.headers.get('etag'), 'each representation has its own tag');
    const tiny = await t.app.request('/healthz', { headers: { 'accept-encoding': 'gzip' } });
    assert.equal(tiny.headers.get('content-encoding'), null, 'an 11-byte body is sent as it is');
    assert.deepEqual(await tiny.json(), { ok: true });
  });

  it('answer HEAD from the kept page with its headers and no body', async () => {
    await get('/en/');
    const head = await t.app.request('/en/', { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(head.headers.get('cache-control'), PUBLIC_CACHE_CONTROL);
    assert.equal(await head.text(), '');
  });

  it('keep errors out of shared caches', async () => {
    const missing = await get('/en/activities/999999999');
    assert.equal(missing.status, 404);
    assert.equal(missing.headers.get('cache-control'), 'no-store');
    assert.equal(missing.headers.get('etag'), null);
  });

  it('are kept whole: a repeat is the same bytes, even when the database would now answer otherwise', async () => {
    const path = '/en/organisations?q=Written+Behind';
    const first = await get(path);
    const body = await first.text();
    // Written behind the app's back, in a table outside the change log: only a kept page can still
    // leave it out (how long such a write can go unseen is bounded by the cache's minute).
    await organisation(t, 'Written Behind Org');
    const again = await get(path);
    assert.equal(await again.text(), body);
    assert.doesNotMatch(body, /Written Behind Org/);
    assert.equal(again.headers.get('etag'), first.headers.get('etag'));
    assert.notEqual(again.headers.get('x-request-id'), first.headers.get('x-request-id'), 'a kept page carries this request’s id');
  });

  it('carry the id the caller gave (a short token), and a new one for anything else', async () => {
    const path = '/en/organisations?q=Given+Id';
    await get(path);
    const given = await t.app.request(path, { headers: { 'x-request-id': 'trace-42=a' } });
    assert.equal(given.headers.get('x-request-id'), 'trace-42=a');
    const odd = await t.app.request(path, { headers: { 'x-request-id': 'no spaces <allowed>' } });
    assert.match(odd.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/);
    const rendered = await t.app.request('/en/activities/999999998', { headers: { 'x-request-id': 'trace-43' } });
    assert.equal(rendered.headers.get('x-request-id'), 'trace-43', 'an answer made now carries it too');
  });
});

describe('the kept pages are dropped when the register changes', () => {
  it('through the change log: a newly published entry is found at once', async () => {
    const before = await (await get('/en/search?q=zanzibarcache')).text();
    assert.doesNotMatch(before, /Zanzibarcache<\/mark> clinics/);
    const api = await (await get('/api/v1/search?q=zanzibarcache')).json();
    assert.equal((api as { data: unknown[] }).data.length, 0);
    await importEntries(t.deps, [
      activityLine({ externalId: 'cache-2', translations: { en: { title: 'Zanzibarcache clinics', summary: 'Clinics online.', description: '' } } }),
    ]);
    await t.index!.refresh();
    assert.match(await (await get('/en/search?q=zanzibarcache')).text(), /Zanzibarcache<\/mark> clinics/);
    const after = (await (await get('/api/v1/search?q=zanzibarcache')).json()) as { data: unknown[] };
    assert.equal(after.data.length, 1);
  });

  it('through a change made on this instance: a new organisation is listed at once', async () => {
    assert.doesNotMatch(await (await get('/en/organisations')).text(), /Kept Nowhere Org/);
    const p = await person(t);
    const client = new TestClient(t.app);
    await client.signIn(p.email, PASSWORD);
    const r = await client.post('/en/organisations', { name: 'Kept Nowhere Org', stakeholderType: 'civil-society' });
    assert.equal(r.status, 303, r.text.slice(0, 300));
    assert.match(await (await get('/en/organisations')).text(), /Kept Nowhere Org/);
  });
});

describe('a prize vote keeps the kept pages', () => {
  it('changes nothing a visitor sees, so the pages kept before it are served after it', async () => {
    const path = '/en/organisations?q=Behind+A+Vote';
    const body = await (await get(path)).text();
    // Written behind the app's back: only a kept page can still leave it out.
    await organisation(t, 'Behind A Vote Org');
    const contest = await prizeContest(t.deps.db, 'voting');
    const voter = await person(t);
    const nominationId = await prizeNomination(t.deps.db, {
      contestId: contest.id,
      organisationId: await organisation(t, 'Nominee Org'),
      createdBy: voter.userId,
      status: 'accepted',
    });
    const client = new TestClient(t.app);
    await client.signIn(voter.email, PASSWORD);
    const r = await client.post(`/en/prizes/${contest.year}/vote`, { nominationId: String(nominationId) });
    assert.equal(r.status, 303, r.text.slice(0, 300));
    assert.equal(await (await get(path)).text(), body, 'the page kept before the vote');
    // Any other signed-in change still drops them (the organisation written behind shows).
    assert.equal((await client.post('/en/organisations', { name: 'After The Vote Org', stakeholderType: 'civil-society' })).status, 303);
    assert.match(await (await get(path)).text(), /Behind A Vote Org/);
  });
});

describe('sessions and the kept pages', () => {
  it('a signed-in person gets their own page, private, and never one kept for visitors', async () => {
    await get('/en/');
    const p = await person(t, { name: 'Signed In Sam' });
    const client = new TestClient(t.app);
    await client.signIn(p.email, PASSWORD);
    const page = await client.get('/en/');
    assert.equal(page.res.headers.get('cache-control'), 'no-store');
    assert.equal(page.res.headers.get('etag'), null);
    assert.match(page.text, /Signed In Sam/);
    assert.match(page.text, /name="csrf-token"/);
    // The menu is theirs, not the one rendered once for visitors.
    assert.match(page.text, /action="\/en\/account\/sign-out"/);
    assert.doesNotMatch(page.text, /href="\/en\/account\/sign-in"/);
    assert.match((await get('/en/')).headers.get('etag') ?? '', /^"/, 'visitors still get the kept page');
    assert.match(await (await get('/en/')).text(), /href="\/en\/account\/sign-in"/);
  });

  it('a session cookie that names no session is looked up once, then served the visitors’ page (no-store)', async () => {
    const { db: counting, queries } = countingDb();
    const app = createApp({ ...t.deps, db: counting, registerVersion: () => t.index!.changeId() });
    const cookie = { cookie: 'stk_session=not-a-session-token-at-all-000000000000' };
    await app.request('/en/'); // a visitor's visit keeps the page
    await app.request('/en/', { headers: cookie });
    const afterFirst = queries();
    assert.ok(afterFirst > 0, 'the first request looks the cookie up');
    for (let i = 0; i < 5; i++) {
      const res = await app.request('/en/', { headers: cookie });
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('cache-control'), 'no-store');
      assert.deepEqual(res.headers.getSetCookie(), []);
    }
    assert.equal(queries(), afterFirst, 'no query for the repeats');
  });
});

describe('a page asked for by many at once', () => {
  it('is rendered once, and every visitor in flight is served what that render kept', async () => {
    const { db: counting, queries } = countingDb();
    // A new app has an empty response cache; what the apps share (memories in deps) is warmed by the first.
    const fresh = () => createApp({ ...t.deps, db: counting, registerVersion: () => t.index!.changeId() });
    const path = '/en/organisations';
    await fresh().request(path);
    let before = queries();
    assert.equal((await fresh().request(path)).status, 200);
    const one = queries() - before;
    assert.ok(one > 0, 'the page reads the database');
    before = queries();
    const app = fresh();
    const answers = await Promise.all(Array.from({ length: 8 }, () => app.request(path)));
    assert.deepEqual(
      answers.map((r) => r.status),
      Array.from({ length: 8 }, () => 200),
    );
    assert.equal(new Set(answers.map((r) => r.headers.get('etag'))).size, 1, 'the same answer');
    assert.equal(new Set(answers.map((r) => r.headers.get('x-request-id'))).size, 8, 'each with its own request id');
    assert.equal(queries() - before, one, 'eight at once cost the queries of one');
  });
});

describe('forms for visitors', () => {
  it('the sign-in form sets the CSRF cookie, is private, and its POST needs the token', async () => {
    const p = await person(t);
    const page = await get('/en/account/sign-in');
    const cookie = page.headers.getSetCookie().find((x) => x.startsWith('stk_csrf='));
    assert.ok(cookie, 'the form page gives the visitor a CSRF cookie');
    assert.equal(page.headers.get('cache-control'), 'no-store');
    const html = await page.text();
    const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
    assert.ok(token);
    const pair = cookie.split(';')[0]!;
    const form = (csrf: string | null) => {
      const body = new URLSearchParams({ email: p.email, password: PASSWORD });
      if (csrf !== null) body.set('_csrf', csrf);
      return body.toString();
    };
    const post = (headers: Record<string, string>, body: string) =>
      t.app.request('/en/account/sign-in', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body });
    assert.equal((await post({}, form(token))).status, 403, 'without the cookie');
    assert.equal((await post({ cookie: pair }, form(null))).status, 403, 'without the token');
    assert.equal((await post({ cookie: pair }, form(''))).status, 403, 'with an empty token');
    assert.equal((await post({ cookie: pair }, form('x'.repeat(32)))).status, 403, 'with another token');
    const ok = await post({ cookie: pair }, form(token));
    assert.equal(ok.status, 303);
    assert.ok(ok.headers.getSetCookie().some((x) => x.startsWith('stk_session=')));
    // A visitor who already holds the cookie is not given another, and the page is still private.
    const again = await get('/en/account/sign-in', { cookie: pair });
    assert.deepEqual(again.headers.getSetCookie(), []);
    assert.equal(again.headers.get('cache-control'), 'no-store');
    assert.match(await again.text(), new RegExp(`value="${token}"`));
  });
});

describe('the fast path', () => {
  it('static files are gzipped once, tagged, and answer 304', async () => {
    const first = await get('/static/app.css', { 'accept-encoding': 'gzip' });
    assert.equal(first.headers.get('content-encoding'), 'gzip');
    const etag = first.headers.get('etag');
    assert.ok(etag);
    const bytes = Buffer.from(await first.arrayBuffer());
    assert.match(gunzipSync(bytes).toString('utf8'), /\S/);
    const again = await get('/static/app.css', { 'accept-encoding': 'gzip' });
    assert.deepEqual(Buffer.from(await again.arrayBuffer()), bytes);
    assert.equal((await get('/static/app.css', { 'accept-encoding': 'gzip', 'if-none-match': etag })).status, 304);
    const plain = await get('/static/app.css');
    assert.equal(plain.headers.get('content-encoding'), null);
    assert.notEqual(plain.headers.get('etag'), etag);
  });

  it('a GET with a body far over the form limit is not read (no body limit on GET)', async () => {
    const res = await t.app.request('/healthz', { method: 'GET', headers: { 'content-length': String(5 * 1024 * 1024) } });
    assert.equal(res.status, 200);
  });
});
