import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TestClient } from '../support/client';
import { lastMail, PASSWORD, person } from '../support/people';
import { createTestDb, type TestDb } from '../support/test-db';

let t: TestDb;
before(async () => {
  t = await createTestDb();
});
after(() => t.close());

/** A signed-in client, and a second client that holds nothing but a copy of its session cookie (a stolen or kept cookie). */
async function signedInWithCopy(email: string) {
  const client = new TestClient(t.app);
  await client.signIn(email, PASSWORD);
  const copy = new TestClient(t.app);
  copy.cookies.set('stk_session', client.cookies.get('stk_session')!);
  assert.equal((await copy.get('/en/account')).status, 200, 'the copied cookie works while the session lives');
  return { client, copy };
}

/** What a kept cookie meets on pages that need a signed-in person: 'sign-in' when it is sent to sign in. */
async function stillSignedIn(copy: TestClient) {
  const seen = async (path: string) => {
    const r = await copy.get(path);
    return r.status === 303 && /\/en\/account\/sign-in/.test(r.res.headers.get('location') ?? '') ? 'sign-in' : String(r.status);
  };
  return { account: await seen('/en/account'), contribute: await seen('/en/contribute') };
}

describe('every event that ends a session ends it for the cookie too', () => {
  it('signing out: the old cookie no longer signs anyone in', async () => {
    const p = await person(t);
    const { client, copy } = await signedInWithCopy(p.email);
    const out = await client.post('/en/account/sign-out');
    assert.equal(out.status, 303);
    assert.deepEqual(await stillSignedIn(copy), { account: 'sign-in', contribute: 'sign-in' });
    assert.equal(await t.handle.db.selectFrom('sessions').select('id').where('userId', '=', p.userId).executeTakeFirst(), undefined, 'the session row is gone');
  });

  it('suspension by an administrator: every session of the account ends at once', async () => {
    const p = await person(t);
    const { copy } = await signedInWithCopy(p.email);
    const second = await signedInWithCopy(p.email);
    const admin = new TestClient(t.app);
    await admin.signIn((await person(t, { role: 'admin' })).email, PASSWORD);
    const done = await admin.post(`/en/admin/users/${p.userId}`, { status: 'suspended' });
    assert.equal(done.status, 303);
    assert.deepEqual(await stillSignedIn(copy), { account: 'sign-in', contribute: 'sign-in' });
    assert.deepEqual(await stillSignedIn(second.client), { account: 'sign-in', contribute: 'sign-in' });
    const again = await new TestClient(t.app).post('/en/account/sign-in', { email: p.email, password: PASSWORD });
    assert.equal(again.status, 403, 'and a suspended account cannot sign in again');
  });

  it('a password reset: every session of the account ends, the new password signs in', async () => {
    const p = await person(t);
    const { copy } = await signedInWithCopy(p.email);
    const c = new TestClient(t.app);
    await c.post('/en/account/reset', { email: p.email });
    const token = /\/account\/reset\/([\w-]+)/.exec((await lastMail(t, p.email))!.textBody)![1]!;
    assert.equal((await c.post(`/en/account/reset/${token}`, { password: 'a brand new long password' })).status, 200);
    assert.deepEqual(await stillSignedIn(copy), { account: 'sign-in', contribute: 'sign-in' });
    await new TestClient(t.app).signIn(p.email, 'a brand new long password');
  });

  it('an expired session is no session', async () => {
    const p = await person(t);
    const { copy } = await signedInWithCopy(p.email);
    await t.handle.db
      .updateTable('sessions')
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where('userId', '=', p.userId)
      .execute();
    assert.deepEqual(await stillSignedIn(copy), { account: 'sign-in', contribute: 'sign-in' });
  });
});
