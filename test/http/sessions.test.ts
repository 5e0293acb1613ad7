import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { createApp } from '../../src/app';
import { loadConfig } from '../../src/config/config';
import { hashToken } from '../../src/modules/accounts/password';
import { TestClient } from '../support/client';
import { lastMail, organisation, PASSWORD, person, submissionRow } from '../support/people';
import { createTestDb, type TestDb } from '../support/test-db';

const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';
const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1';
const NEW_PASSWORD = 'a different long password';

describe('sessions and accounts (ASVS level 2)', () => {
  let t: TestDb;
  before(async () => {
    t = await createTestDb();
  });
  after(() => t.close());

  const signedIn = async (email: string, ua = FIREFOX) => {
    const c = new TestClient(t.app, { 'user-agent': ua });
    await c.signIn(email, PASSWORD);
    return c;
  };
  const sessionsOf = (userId: number) => t.handle.db.selectFrom('sessions').selectAll().where('userId', '=', userId).execute();
  /** Whether the client is still signed in: the account page answers 200, not a redirect to sign in. */
  const isSignedIn = async (c: TestClient) => (await c.get('/en/account')).status === 200;
  const passwordOf = async (email: string) =>
    (await t.handle.db.selectFrom('users').select('passwordHash').where('email', '=', email).executeTakeFirstOrThrow()).passwordHash;

  describe('password rules on sign-up, reset and the command line', () => {
    it('refuses fewer than 12 characters on sign-up with a clear message, and creates nothing', async () => {
      const visitor = new TestClient(t.app);
      const email = `${crypto.randomUUID()}@people.test`;
      const r = await visitor.post('/en/account/sign-up', { email, password: 'zq8-vLm2#pw', displayName: 'Short' });
      assert.equal(r.status, 422);
      assert.match(r.text, /Use at least 12 characters/);
      assert.equal(await t.handle.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst(), undefined);
    });

    it('refuses a common password (any case) on sign-up, in the reader’s language', async () => {
      const visitor = new TestClient(t.app);
      for (const [locale, password, message] of [
        ['en', 'qwerty123456', /one of the most common ones/],
        ['en', 'QWERTY123456', /one of the most common ones/],
        ['fr', '1qaz2wsx3edc', /des plus courants/],
      ] as const) {
        const email = `${crypto.randomUUID()}@people.test`;
        const r = await visitor.post(`/${locale}/account/sign-up`, { email, password, displayName: 'Common' });
        assert.equal(r.status, 422, password);
        assert.match(r.text, message);
        assert.equal(await t.handle.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst(), undefined);
      }
    });

    it('refuses a short or common password on reset and keeps the link usable', async () => {
      const p = await person(t);
      const visitor = new TestClient(t.app);
      await visitor.post('/en/account/reset', { email: p.email });
      const token = /\/account\/reset\/([\w-]+)/.exec((await lastMail(t, p.email))!.textBody)![1]!;
      for (const [password, message] of [
        ['short-pass', /at least 12/],
        ['123456654321', /most common/],
      ] as const) {
        const r = await visitor.post(`/en/account/reset/${token}`, { password });
        assert.equal(r.status, 422, password);
        assert.match(r.text, message);
      }
      assert.equal((await visitor.get(`/en/account/reset/${token}`)).status, 200);
    });

    it('npm run user refuses a short or common STOCKTAKE_PASSWORD before touching any database', () => {
      const root = new URL('../..', import.meta.url).pathname;
      for (const [password, message] of [
        ['elevenchars', /at least 12 characters/],
        ['qazwsxedcrfv', /most common/],
      ] as const) {
        const env: NodeJS.ProcessEnv = { ...process.env, STOCKTAKE_PASSWORD: password, DATA_DIR: '/nonexistent/stocktake-never-created', LOG_LEVEL: 'silent' };
        delete env.DATABASE_URL;
        const r = spawnSync(process.execPath, ['--import', 'tsx', `${root}src/cli/user.ts`, 'add', '--email', 'cli@people.test', '--name', 'CLI'], {
          env,
          encoding: 'utf8',
        });
        assert.equal(r.status, 2, r.stderr);
        assert.match(r.stderr, message);
      }
    });
  });

  describe('changing one’s password while signed in', () => {
    it('asks a visitor to sign in', async () => {
      const visitor = new TestClient(t.app);
      const page = await visitor.get('/en/account/password');
      assert.equal(page.status, 303);
      assert.match(page.res.headers.get('location') ?? '', /\/en\/account\/sign-in\?next=/);
      const r = await visitor.post('/en/account/password', { currentPassword: PASSWORD, newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD });
      assert.equal(r.status, 401);
    });

    it('refuses a wrong current password, a mismatch, a short or a common new one, and changes nothing', async () => {
      const p = await person(t);
      const c = await signedIn(p.email);
      const before = await passwordOf(p.email);
      const cases = [
        [
          { currentPassword: 'not the password at all', newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD },
          /Current password: The password is not right/,
        ],
        [{ currentPassword: PASSWORD, newPassword: NEW_PASSWORD, confirmPassword: `${NEW_PASSWORD}!` }, /The two new passwords are not the same/],
        [{ currentPassword: PASSWORD, newPassword: 'short', confirmPassword: 'short' }, /New password: Use at least 12 characters/],
        [{ currentPassword: PASSWORD, newPassword: 'sonyericsson', confirmPassword: 'sonyericsson' }, /New password: This password is one of the most common/],
      ] as const;
      for (const [form, message] of cases) {
        const r = await c.post('/en/account/password', form);
        assert.equal(r.status, 422);
        assert.match(r.text, message);
      }
      assert.equal(await passwordOf(p.email), before);
    });

    it('saves the new password, ends every other session, keeps this one and mails the owner', async () => {
      const p = await person(t);
      const here = await signedIn(p.email);
      const elsewhere = await signedIn(p.email, IPHONE);
      const r = await here.post('/en/account/password', { currentPassword: PASSWORD, newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD });
      assert.equal(r.status, 200);
      assert.match(r.text, /Every other sign-in of this account has ended/);
      assert.equal(await isSignedIn(here), true);
      assert.equal(await isSignedIn(elsewhere), false);
      assert.equal((await sessionsOf(p.userId)).length, 1);
      const mail = await lastMail(t, p.email);
      assert.equal(mail?.template, 'password_changed');
      const old = await new TestClient(t.app).post('/en/account/sign-in', { email: p.email, password: PASSWORD });
      assert.equal(old.status, 401);
      await new TestClient(t.app).signIn(p.email, NEW_PASSWORD);
    });

    it('is throttled per account like signing in', async () => {
      const p = await person(t);
      const c = await signedIn(p.email);
      const statuses: number[] = [];
      for (let i = 0; i < 6; i += 1) {
        statuses.push(
          (await c.post('/en/account/password', { currentPassword: `wrong guess ${i}`, newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD })).status,
        );
      }
      assert.deepEqual(statuses, [422, 422, 422, 422, 422, 429]);
      // Past the budget even the right password is not checked.
      const r = await c.post('/en/account/password', { currentPassword: PASSWORD, newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD });
      assert.equal(r.status, 429);
      assert.match(r.text, /Too many attempts/);
    });
  });

  describe('the list of one’s sessions', () => {
    it('lists each session with its browser, marks this one, and is linked from the account page', async () => {
      const p = await person(t);
      const here = await signedIn(p.email, FIREFOX);
      await signedIn(p.email, IPHONE);
      assert.match((await here.get('/en/account')).text, /href="\/en\/account\/sessions"/);
      assert.match((await here.get('/en/account')).text, /href="\/en\/account\/password"/);
      const page = await here.get('/en/account/sessions');
      assert.equal(page.status, 200);
      assert.match(page.text, /Firefox on Linux/);
      assert.match(page.text, /Safari on iOS/);
      assert.equal(page.text.match(/this session/g)?.length, 1);
      assert.match(page.text, /Firefox on Linux <strong>\(this session\)/);
      const ar = await here.get('/ar/account/sessions');
      assert.match(ar.text, /هذه الجلسة/);
    });

    it('signs out one other session, and answers 404 for another account’s session', async () => {
      const p = await person(t);
      const stranger = await person(t);
      const here = await signedIn(p.email);
      const phone = await signedIn(p.email, IPHONE);
      const theirs = await signedIn(stranger.email);
      const phoneHandle = (await sessionsOf(p.userId)).find((s) => s.userAgent === IPHONE)!.handle;
      const strangerHandle = (await sessionsOf(stranger.userId))[0]!.handle;

      const foreign = await here.post(`/en/account/sessions/${strangerHandle}/sign-out`);
      assert.equal(foreign.status, 404);
      assert.equal(await isSignedIn(theirs), true);
      assert.equal((await here.post('/en/account/sessions/not-a-handle/sign-out')).status, 404);

      const r = await here.post(`/en/account/sessions/${phoneHandle}/sign-out`);
      assert.equal(r.status, 303);
      assert.equal(r.location, '/en/account/sessions?ended=1');
      assert.equal(await isSignedIn(phone), false);
      assert.equal(await isSignedIn(here), true);
      assert.match((await here.get('/en/account/sessions?ended=1')).text, /The session has ended/);
    });

    it('signing out this session from the list clears its cookie', async () => {
      const p = await person(t);
      const here = await signedIn(p.email);
      const handle = (await sessionsOf(p.userId))[0]!.handle;
      const r = await here.post(`/en/account/sessions/${handle}/sign-out`);
      assert.equal(r.status, 303);
      assert.ok(r.res.headers.getSetCookie().some((x) => /^stk_session=;/.test(x)));
      assert.equal((await sessionsOf(p.userId)).length, 0);
    });

    it('“sign out everywhere” ends every session of the account, this one included, and no other account’s', async () => {
      const p = await person(t);
      const other = await person(t);
      const here = await signedIn(p.email);
      const phone = await signedIn(p.email, IPHONE);
      const theirs = await signedIn(other.email);
      const r = await here.post('/en/account/sessions/sign-out-everywhere');
      assert.equal(r.status, 303);
      assert.equal((await sessionsOf(p.userId)).length, 0);
      assert.equal(await isSignedIn(here), false);
      assert.equal(await isSignedIn(phone), false);
      assert.equal(await isSignedIn(theirs), true);
    });
  });

  describe('every event that ends a session', () => {
    it('sign-out: the old cookie no longer signs anyone in', async () => {
      const p = await person(t);
      const c = await signedIn(p.email);
      const cookie = c.cookies.get('stk_session')!;
      await c.post('/en/account/sign-out');
      const replay = await t.app.request('/en/account', { headers: { cookie: `stk_session=${cookie}` } });
      assert.equal(replay.status, 303);
      assert.equal((await sessionsOf(p.userId)).length, 0);
    });

    it('password reset ends every session', async () => {
      const p = await person(t);
      const c = await signedIn(p.email);
      const visitor = new TestClient(t.app);
      await visitor.post('/en/account/reset', { email: p.email });
      const token = /\/account\/reset\/([\w-]+)/.exec((await lastMail(t, p.email))!.textBody)![1]!;
      assert.equal((await visitor.post(`/en/account/reset/${token}`, { password: NEW_PASSWORD })).status, 200);
      assert.equal(await isSignedIn(c), false);
      assert.equal((await sessionsOf(p.userId)).length, 0);
    });

    it('suspension by an administrator ends every session', async () => {
      const admin = await person(t, { role: 'admin' });
      const p = await person(t);
      const c = await signedIn(p.email);
      const a = await signedIn(admin.email);
      const r = await a.post(`/en/admin/users/${p.userId}`, { status: 'suspended' });
      assert.ok(r.status < 400, String(r.status));
      assert.equal(await isSignedIn(c), false);
      assert.equal((await sessionsOf(p.userId)).length, 0);
    });

    it('idle timeout: a session unused for 30 minutes is deleted and the person sent to sign in with a notice', async () => {
      const p = await person(t);
      const c = await signedIn(p.email);
      await t.handle.db
        .updateTable('sessions')
        .set({ lastSeenAt: sql<Date>`now() - interval '31 minutes'` })
        .where('userId', '=', p.userId)
        .execute();
      const r = await c.get('/en/account/sessions');
      assert.equal(r.status, 303);
      assert.equal(r.res.headers.get('location'), `/en/account/sign-in?expired=1&next=${encodeURIComponent('/en/account/sessions')}`);
      assert.ok(r.res.headers.getSetCookie().some((x) => /^stk_session=;/.test(x)));
      assert.equal((await sessionsOf(p.userId)).length, 0);
      const notice = await c.get('/fr/account/sign-in?expired=1');
      assert.match(notice.text, /Votre session a pris fin/);
    });

    it('idle timeout slides: a session used within the window lives on, its last-seen time written at most once a minute', async () => {
      const p = await person(t);
      const c = await signedIn(p.email);
      const lastSeen = async () => (await sessionsOf(p.userId))[0]!.lastSeenAt.getTime();
      await t.handle.db
        .updateTable('sessions')
        .set({ lastSeenAt: sql<Date>`now() - interval '29 minutes'` })
        .where('userId', '=', p.userId)
        .execute();
      const old = await lastSeen();
      assert.equal(await isSignedIn(c), true);
      const moved = await lastSeen();
      assert.ok(moved - old > 28 * 60_000, 'the last-seen time moved to now');
      await t.handle.db
        .updateTable('sessions')
        .set({ lastSeenAt: sql<Date>`now() - interval '20 seconds'` })
        .where('userId', '=', p.userId)
        .execute();
      const recent = await lastSeen();
      assert.equal(await isSignedIn(c), true);
      assert.equal(await lastSeen(), recent, 'no write within the minute');
      // Had it not moved, the session would have ended 29 + 2 minutes after its last use.
      await t.handle.db
        .updateTable('sessions')
        .set({ lastSeenAt: sql<Date>`last_seen_at - interval '2 minutes'` })
        .where('userId', '=', p.userId)
        .execute();
      assert.equal(await isSignedIn(c), true);
    });

    it('absolute timeout: a session past its end is deleted however recently it was used; JSON clients get 401 session_expired', async () => {
      const p = await person(t);
      const c = await signedIn(p.email);
      const [session] = await sessionsOf(p.userId);
      const lifetime = session!.expiresAt.getTime() - session!.createdAt.getTime();
      assert.ok(Math.abs(lifetime - 12 * 3_600_000) < 60_000, 'the default absolute lifetime is 12 hours');
      await t.handle.db
        .updateTable('sessions')
        .set({ expiresAt: sql<Date>`now() - interval '1 second'`, lastSeenAt: sql<Date>`now()` })
        .where('userId', '=', p.userId)
        .execute();
      const res = await c.request('GET', '/api/v1/questionnaire');
      assert.equal(res.status, 401);
      const body = (await res.json()) as { error: { code: string; details: Array<{ code: string }> } };
      assert.equal(body.error.code, 'unauthenticated');
      assert.equal(body.error.details[0]?.code, 'session_expired');
      assert.equal((await sessionsOf(p.userId)).length, 0);
    });
  });

  describe('cookies', () => {
    const httpsApp = () => createApp({ ...t.deps, config: loadConfig({ BASE_URL: 'https://stocktake.test', LOG_LEVEL: 'silent', PASSWORD_COST: '14' }) });

    it('over http: plain names, HttpOnly, SameSite=Lax, Path=/', async () => {
      const p = await person(t);
      const c = new TestClient(t.app);
      const page = await c.get('/en/account/sign-in');
      const csrf = page.res.headers.getSetCookie().find((x) => x.startsWith('stk_csrf='));
      assert.ok(csrf);
      const r = await c.post('/en/account/sign-in', { email: p.email, password: PASSWORD });
      const cookie = r.res.headers.getSetCookie().find((x) => x.startsWith('stk_session='));
      assert.ok(cookie, 'session cookie set');
      assert.match(cookie, /HttpOnly/);
      assert.match(cookie, /SameSite=Lax/);
      assert.match(cookie, /Path=\//);
      assert.doesNotMatch(cookie, /Domain=/i);
    });

    it('over https: __Host- names, Secure, Path=/, no Domain; a plain-named cookie is ignored', async () => {
      const app = httpsApp();
      const p = await person(t);
      const c = new TestClient(app);
      const page = await c.get('/en/account/sign-in');
      const csrf = page.res.headers.getSetCookie().find((x) => x.startsWith('__Host-stk_csrf='));
      assert.ok(csrf, 'the visitor’s CSRF cookie has the __Host- prefix');
      assert.match(csrf, /Secure/);
      const r = await c.post('/en/account/sign-in', { email: p.email, password: PASSWORD });
      assert.equal(r.status, 303);
      const cookie = r.res.headers.getSetCookie().find((x) => x.startsWith('__Host-stk_session='));
      assert.ok(cookie, 'the session cookie has the __Host- prefix');
      assert.match(cookie, /Secure/);
      assert.match(cookie, /Path=\//);
      assert.match(cookie, /HttpOnly/);
      assert.doesNotMatch(cookie, /Domain=/i);
      assert.equal((await c.get('/en/account')).status, 200);
      // The same token under the plain name (as a sibling subdomain could plant it) signs no one in.
      const token = c.cookies.get('__Host-stk_session')!;
      const planted = await app.request('/en/account', { headers: { cookie: `stk_session=${token}` } });
      assert.equal(planted.status, 303);
      const out = await c.post('/en/account/sign-out');
      assert.ok(out.res.headers.getSetCookie().some((x) => x.startsWith('__Host-stk_session=;') && /Secure/.test(x)));
    });
  });

  describe('Cache-Control: no-store', () => {
    it('on every answer to a signed-in person, pages and private API alike; not on a visitor’s public page', async () => {
      const org = await organisation(t);
      const p = await person(t, { organisationId: org });
      const c = await signedIn(p.email);
      const id = await submissionRow(t, { organisationId: org, createdBy: p.userId });
      for (const path of ['/en/account', '/en/account/sessions', '/en/account/password', '/en/', `/en/contribute/submissions/${id}`]) {
        const r = await c.get(path);
        assert.equal(r.status, 200, path);
        assert.equal(r.res.headers.get('cache-control'), 'no-store', path);
      }
      const api = await c.request('GET', `/api/v1/submissions/${id}`);
      assert.equal(api.status, 200);
      assert.equal(api.headers.get('cache-control'), 'no-store');
      const visitor = await new TestClient(t.app).get('/en/');
      assert.notEqual(visitor.res.headers.get('cache-control'), 'no-store');
      // The stylesheet stays cacheable for a signed-in person too.
      const css = (await c.get('/en/')).text.match(/href="(\/static\/[^"]+\.css[^"]*)"/)?.[1];
      assert.ok(css);
      assert.notEqual((await c.request('GET', css)).headers.get('cache-control'), 'no-store');
    });
  });

  describe('tokens in the outbox', () => {
    const admin = async () => signedIn((await person(t, { role: 'admin' })).email);
    const resetFor = async (email: string) => {
      await new TestClient(t.app).post('/en/account/reset', { email });
      const mail = (await lastMail(t, email))!;
      return { mail, token: /\/account\/reset\/([\w-]+)/.exec(mail.textBody)![1]! };
    };
    const row = (id: number) => t.handle.db.selectFrom('mailOutbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

    it('are shown masked to administrators', async () => {
      const p = await person(t);
      const { token } = await resetFor(p.email);
      const page = await (await admin()).get('/en/admin/outbox');
      assert.equal(page.status, 200);
      assert.match(page.text, /\/account\/reset\/••••••/);
      assert.equal(page.text.includes(token), false);
    });

    it('are purged from a sent mail once used; an unsent mail keeps its link', async () => {
      const p = await person(t);
      const { mail, token } = await resetFor(p.email);
      await t.handle.db.updateTable('mailOutbox').set({ status: 'sent', sentAt: new Date() }).where('id', '=', mail.id).execute();
      const second = await resetFor(p.email);
      assert.equal((await new TestClient(t.app).post(`/en/account/reset/${token}`, { password: NEW_PASSWORD })).status, 200);
      const purged = await row(mail.id);
      assert.equal(purged.textBody.includes(token), false);
      assert.match(purged.textBody, /\/account\/reset\/••••••/);
      assert.ok(purged.purgedAt);
      assert.equal(purged.tokenHash, null);
      // The second link was never sent, so its mail still carries it (the reset expired it, though).
      assert.equal((await row(second.mail.id)).textBody.includes(second.token), true);
    });

    it('are purged from a sent mail once expired', async () => {
      const p = await person(t);
      const { mail, token } = await resetFor(p.email);
      await t.handle.db.updateTable('mailOutbox').set({ status: 'sent', sentAt: new Date() }).where('id', '=', mail.id).execute();
      assert.equal((await row(mail.id)).textBody.includes(token), true);
      await t.handle.db
        .updateTable('accountTokens')
        .set({ expiresAt: sql<Date>`now() - interval '1 second'` })
        .where('tokenHash', '=', hashToken(token))
        .execute();
      await (await admin()).get('/en/admin/outbox');
      const purged = await row(mail.id);
      assert.equal(purged.textBody.includes(token), false);
      assert.ok(purged.purgedAt);
    });
  });
});
