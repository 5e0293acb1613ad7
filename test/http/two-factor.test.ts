import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createApp } from '../../src/app';
import { loadConfig } from '../../src/config/config';
import { TestClient } from '../support/client';
import { organisation, person, PASSWORD } from '../support/people';
import { createTestDb, type TestDb } from '../support/test-db';
import { codeFor } from '../support/two-factor';

const SECRET_KEY = 'a test key that is long enough to derive from';

describe('TOTP second factor over HTTP', () => {
  let t: TestDb;
  let app: ReturnType<typeof createApp>;
  before(async () => {
    t = await createTestDb();
    // Secrets enrolled through these pages are sealed with a key; those the helpers enrol are not.
    app = createApp({ ...t.deps, config: loadConfig({ BASE_URL: 'http://stocktake.test', LOG_LEVEL: 'silent', PASSWORD_COST: '14', SECRET_KEY }) });
  });
  after(() => t.close());

  const userId = async (email: string) => (await t.handle.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
  const auditRows = async (entityId: number) =>
    t.handle.db
      .selectFrom('auditLog')
      .select(['action', 'actorId', 'details'])
      .where('entity', '=', 'user')
      .where('entityId', '=', entityId)
      .orderBy('id')
      .execute();
  const forgetStep = async (email: string) =>
    t.handle.db
      .updateTable('userTotp')
      .set({ lastStep: null })
      .where('userId', '=', await userId(email))
      .execute();

  /** Enrols the signed-in client through the pages; returns the secret it read and the recovery codes shown. */
  async function enrol(client: TestClient, next?: string) {
    const pagePath = next ? `/en/account/two-factor?next=${encodeURIComponent(next)}` : '/en/account/two-factor';
    const shown = await client.get(pagePath);
    assert.equal(shown.status, 200);
    assert.equal(shown.res.headers.get('cache-control'), 'no-store');
    const secret = /([A-Z2-7]{4}(?: [A-Z2-7]{1,4}){3,})/.exec(shown.text)?.[1]?.replace(/ /g, '');
    assert.ok(secret, 'the secret is shown as grouped base32');
    assert.match(shown.text, new RegExp(`otpauth://totp/[^"<]*secret=${secret}`));
    const again = await client.get(pagePath);
    assert.ok(again.text.includes(secret.slice(0, 4)), 'reloading shows the same secret until it is confirmed');
    const wrong = await client.post(pagePath, { code: String((Number(codeFor(secret)) + 1) % 1_000_000).padStart(6, '0') });
    assert.equal(wrong.status, 422);
    const done = await client.post(pagePath, { code: codeFor(secret) });
    assert.equal(done.status, 200, done.text.slice(0, 300));
    const codes = [...done.text.matchAll(/\b([a-z2-7]{5}-[a-z2-7]{5})\b/g)].map((m) => m[1]!);
    assert.equal(new Set(codes).size, 10, 'ten recovery codes, shown once');
    return { secret, codes };
  }

  it('enrols a contributor who opts in, sealed at rest, codes hashed, and asks for the code at the next sign-in', async () => {
    const p = await person(t);
    const client = new TestClient(app);
    await client.signIn(p.email, PASSWORD);
    const { secret, codes } = await enrol(client);
    const id = await userId(p.email);
    const row = await t.handle.db.selectFrom('userTotp').selectAll().where('userId', '=', id).executeTakeFirstOrThrow();
    assert.match(row.secret, /^v1:/, 'sealed with the configured key');
    assert.ok(!row.secret.includes(secret) && !row.secret.includes(Buffer.from(secret).toString('base64url')));
    const stored = await t.handle.db.selectFrom('recoveryCodes').select('codeHash').where('userId', '=', id).execute();
    assert.equal(stored.length, 10);
    for (const code of codes) assert.ok(!stored.some((s) => s.codeHash.includes(code.replace('-', ''))));
    assert.ok((await auditRows(id)).some((r) => r.action === 'two_factor.enabled'));
    // Enrolling again is refused, and the page now says the factor is on.
    assert.match((await client.get('/en/account/two-factor')).text, /Two-step sign-in is on\. 10 recovery codes are left/);

    await forgetStep(p.email);
    const fresh = new TestClient(app);
    const first = await fresh.post('/en/account/sign-in', { email: p.email, password: PASSWORD });
    assert.equal(first.status, 303);
    assert.equal(first.location, '/en/account/sign-in/code');
    assert.ok(fresh.cookies.has('stk_2fa'), 'the pending sign-in is bound to the browser');
    assert.ok(!fresh.cookies.has('stk_session'), 'no session before the second step');
    const cookieLine = first.res.headers.getSetCookie().find((l) => l.startsWith('stk_2fa='))!;
    assert.match(cookieLine, /HttpOnly/i);
    assert.match(cookieLine, /Max-Age=300/i);
    // Going straight to a signed-in page with only the pending cookie leads back to signing in.
    const skipped = await fresh.get('/en/account');
    assert.equal(skipped.status, 303);
    assert.match(skipped.res.headers.get('location') ?? '', /^\/en\/account\/sign-in\?next=/);
    const step = await fresh.get('/en/account/sign-in/code');
    assert.equal(step.status, 200);
    assert.match(step.text, /name="code"/);
    const ok = await fresh.post('/en/account/sign-in/code', { code: codeFor(secret) });
    assert.equal(ok.status, 303);
    assert.equal(ok.location, '/en/account');
    assert.ok(fresh.cookies.has('stk_session'));
    assert.ok(!fresh.cookies.has('stk_2fa'), 'the pending cookie is cleared');
    assert.equal((await fresh.get('/en/account')).status, 200);
    const actions = (await auditRows(id)).map((r) => r.action);
    assert.ok(actions.includes('sign_in.password_ok'));
    assert.deepEqual(actions.at(-1), 'sign_in.succeeded');
  });

  it('refuses a wrong code, a code two steps away, and a code used before (replay)', async () => {
    const p = await person(t, { twoFactor: true });
    const secret = p.totpSecret!;
    const id = await userId(p.email);
    const c = new TestClient(app);
    await c.post('/en/account/sign-in', { email: p.email, password: PASSWORD });
    const wrong = await c.post('/en/account/sign-in/code', { code: String((Number(codeFor(secret)) + 1) % 1_000_000).padStart(6, '0') });
    assert.equal(wrong.status, 422);
    assert.match(wrong.text, /The code is not right/);
    assert.ok(!c.cookies.has('stk_session'));
    const stale = await c.post('/en/account/sign-in/code', { code: codeFor(secret, Date.now() - 65_000) });
    assert.equal(stale.status, 422, 'only one step either side of now is accepted');
    const early = await c.post('/en/account/sign-in/code', { code: codeFor(secret, Date.now() + 65_000) });
    assert.equal(early.status, 422, 'only one step either side of now is accepted');
    const code = codeFor(secret);
    assert.equal((await c.post('/en/account/sign-in/code', { code })).status, 303);
    const other = new TestClient(app);
    await other.post('/en/account/sign-in', { email: p.email, password: PASSWORD });
    const replay = await other.post('/en/account/sign-in/code', { code });
    assert.equal(replay.status, 422, 'a code is accepted once');
    assert.ok(!other.cookies.has('stk_session'));
    const failures = (await auditRows(id)).filter((r) => r.action === 'sign_in.second_factor_failed');
    assert.equal(failures.length, 4);
    assert.ok(failures.every((f) => typeof (f.details as { address?: unknown }).address === 'string'));
  });

  it('accepts each recovery code once', async () => {
    const p = await person(t, { twoFactor: true });
    const [code] = p.recoveryCodes!;
    const c = new TestClient(app);
    await c.post('/en/account/sign-in', { email: p.email, password: PASSWORD });
    assert.equal((await c.post('/en/account/sign-in/code', { code: code!.toUpperCase().replace('-', ' ') })).status, 303, 'case and spacing do not matter');
    const again = new TestClient(app);
    await again.post('/en/account/sign-in', { email: p.email, password: PASSWORD });
    assert.equal((await again.post('/en/account/sign-in/code', { code: code! })).status, 422, 'a recovery code works once');
    assert.ok(!again.cookies.has('stk_session'));
    const actions = (await auditRows(await userId(p.email))).map((r) => r.action);
    assert.equal(actions.filter((a) => a === 'two_factor.recovery_code_used').length, 1);
  });

  it('lets a pending sign-in expire after its minutes, and after five tries', async () => {
    const p = await person(t, { twoFactor: true });
    const c = new TestClient(app);
    await c.post('/en/account/sign-in', { email: p.email, password: PASSWORD });
    await t.handle.db
      .updateTable('pendingSignIns')
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where('userId', '=', await userId(p.email))
      .execute();
    const late = await c.post('/en/account/sign-in/code', { code: codeFor(p.totpSecret!) });
    assert.equal(late.status, 400);
    assert.match(late.text, /waited too long/);
    assert.ok(!c.cookies.has('stk_session'));
    assert.equal((await c.get('/en/account/sign-in/code')).status, 400, 'the step page is gone too');

    const q = await person(t, { twoFactor: true });
    const d = new TestClient(app);
    await d.post('/en/account/sign-in', { email: q.email, password: PASSWORD });
    for (let i = 0; i < 5; i += 1)
      assert.equal((await d.post('/en/account/sign-in/code', { code: '000000' === codeFor(q.totpSecret!) ? '111111' : '000000' })).status, 422);
    const sixth = await d.post('/en/account/sign-in/code', { code: codeFor(q.totpSecret!) });
    assert.equal(sixth.status, 400, 'the sixth try finds the pending sign-in spent, right code or not');
    assert.ok(!d.cookies.has('stk_session'));
  });

  it('throttles wrong codes per account across pending sign-ins, and records the lockout', async () => {
    const p = await person(t, { twoFactor: true });
    const bad = '000000' === codeFor(p.totpSecret!) ? '111111' : '000000';
    for (let round = 0; round < 2; round += 1) {
      const c = new TestClient(app);
      await c.post('/en/account/sign-in', { email: p.email, password: PASSWORD });
      for (let i = 0; i < 5; i += 1) await c.post('/en/account/sign-in/code', { code: bad });
    }
    const c = new TestClient(app);
    await c.post('/en/account/sign-in', { email: p.email, password: PASSWORD });
    const locked = await c.post('/en/account/sign-in/code', { code: codeFor(p.totpSecret!) });
    assert.equal(locked.status, 429, 'ten wrong codes lock the second step, whatever the pending sign-in');
    assert.ok(!c.cookies.has('stk_session'));
    assert.ok((await auditRows(await userId(p.email))).some((r) => r.action === 'sign_in.locked'));
  });

  it('sends staff without a second factor to enrol; pages redirect there and the API answers 403', async () => {
    const curator = await person(t, { role: 'curator', twoFactor: false });
    const c = new TestClient(app);
    const first = await c.post('/en/account/sign-in?next=%2Fen%2Freview', { email: curator.email, password: PASSWORD });
    assert.equal(first.status, 303);
    assert.equal(first.location, '/en/account/two-factor?next=%2Fen%2Freview');
    const review = await c.get('/en/review');
    assert.equal(review.status, 303);
    assert.equal(review.res.headers.get('location'), '/en/account/two-factor?next=%2Fen%2Freview');
    for (const path of ['/en/calls/new', '/en/admin/audit']) {
      const r = await c.get(path);
      assert.ok(r.status === 303 || r.status === 403 || r.status === 404, `${path}: ${r.status}`);
      assert.notEqual(r.status, 200);
    }
    await c.get('/en/account');
    const api = await c.request('POST', '/api/v1/submissions/1/decision', { json: { decision: 'approve' }, headers: { 'x-csrf-token': c.csrf } });
    assert.equal(api.status, 403);
    const body = (await api.json()) as { error: { code: string; details: Array<{ code: string }> } };
    assert.equal(body.error.code, 'forbidden');
    assert.equal(body.error.details[0]?.code, 'two_factor_required');
    const asJson = await c.request('GET', '/en/review', { headers: { accept: 'application/json' } });
    assert.equal(asJson.status, 403);
    const admin = await person(t, { role: 'admin', twoFactor: false });
    const a = new TestClient(app);
    await a.post('/en/account/sign-in', { email: admin.email, password: PASSWORD });
    for (const path of ['/en/admin/users', '/en/admin/audit']) {
      const r = await a.get(path);
      assert.equal(r.status, 303, path);
      assert.match(r.res.headers.get('location') ?? '', /^\/en\/account\/two-factor\?next=/);
    }

    const { secret } = await enrol(c, '/en/review');
    assert.equal((await c.get('/en/review')).status, 200, 'enrolled, the review queue opens');
    await forgetStep(curator.email);
    const disable = await c.post('/en/account/two-factor/disable', { password: PASSWORD, disableCode: codeFor(secret) });
    assert.equal(disable.status, 403, 'staff cannot turn the factor off');
    assert.equal(
      await t.handle.db
        .selectFrom('userTotp')
        .select('userId')
        .where('userId', '=', curator.userId)
        .where('enabledAt', 'is not', null)
        .executeTakeFirst()
        .then(Boolean),
      true,
    );
  });

  it('lets a contributor turn the factor off with the password and a code', async () => {
    const p = await person(t, { twoFactor: true, organisationId: await organisation(t) });
    const c = new TestClient(app);
    await c.signIn(p.email, PASSWORD);
    await forgetStep(p.email);
    const noPassword = await c.post('/en/account/two-factor/disable', { password: 'not the password at all', disableCode: codeFor(p.totpSecret!) });
    assert.equal(noPassword.status, 422);
    const noCode = await c.post('/en/account/two-factor/disable', { password: PASSWORD, disableCode: '12345' });
    assert.equal(noCode.status, 422);
    const off = await c.post('/en/account/two-factor/disable', { password: PASSWORD, disableCode: codeFor(p.totpSecret!) });
    assert.equal(off.status, 303);
    const again = new TestClient(app);
    const r = await again.post('/en/account/sign-in', { email: p.email, password: PASSWORD });
    assert.equal(r.location, '/en/account', 'no second step once turned off');
    assert.ok((await auditRows(p.userId)).some((row) => row.action === 'two_factor.disabled'));
  });

  it('records sign-in successes, failures (without the password) and lockouts, shown to administrators', async () => {
    const p = await person(t);
    const c = new TestClient(app);
    const secretWord = 'wrong-password-never-stored';
    for (let i = 0; i < 5; i += 1) assert.equal((await c.post('/en/account/sign-in', { email: p.email, password: `${secretWord}${i}` })).status, 401);
    const locked = await c.post('/en/account/sign-in', { email: p.email, password: PASSWORD });
    assert.equal(locked.status, 429);
    await c.post('/en/account/sign-in', { email: 'nobody-here@people.test', password: secretWord });
    const rows = await auditRows(p.userId);
    assert.equal(rows.filter((r) => r.action === 'sign_in.failed').length, 5);
    assert.equal(rows.filter((r) => r.action === 'sign_in.locked').length, 1);
    for (const r of rows) assert.ok(typeof (r.details as { address?: unknown }).address === 'string');
    const all = await t.handle.db.selectFrom('auditLog').select(['details', 'entityId', 'action']).execute();
    assert.ok(!JSON.stringify(all).includes(secretWord), 'no password in the log');
    assert.ok(
      all.some((r) => r.action === 'sign_in.failed' && r.entityId === null),
      'an unknown account is logged without an account',
    );

    const q = await person(t);
    await new TestClient(app).signIn(q.email, PASSWORD);
    assert.ok((await auditRows(q.userId)).some((r) => r.action === 'sign_in.succeeded'));

    const admin = await person(t, { role: 'admin' });
    const a = new TestClient(app);
    await a.signIn(admin.email, PASSWORD);
    const log = await a.get('/en/admin/audit');
    assert.equal(log.status, 200);
    assert.match(log.text, /Sign-in locked after too many attempts/, 'the lockout, by its name');
    assert.match(log.text, /Sign-in failed/);
    assert.doesNotMatch(log.text, /sign_in\.|&quot;address/, 'no action codes or JSON');
  });
});
