import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import type { Actor } from '../../src/modules/accounts/accounts';
import { loadActor } from '../../src/modules/accounts/accounts.service';
import { can } from '../../src/modules/accounts/policy';
import { createToken, resolveToken } from '../../src/modules/tokens/tokens.service';
import { MAX_LIVE_TOKENS, type TokenScope } from '../../src/modules/tokens/tokens';
import { TestClient } from '../support/client';
import { castOfRoles, PASSWORD, person, submissionRow } from '../support/people';
import { createTestDb, type TestDb } from '../support/test-db';

/**
 * API tokens: a token does exactly what its scopes allow on the submissions API and nothing after it is
 * revoked or expired; it never reaches pages, administration or curators' decisions; its secret is shown
 * once and stored only as a hash; its last use is recorded at most once a minute; each token is throttled.
 */

let t: TestDb;
let orgA: number;
let orgB: number;
let users: Awaited<ReturnType<typeof castOfRoles>>['users'];
/** An administrator who is also an editor of organisation A (staff powers must never pass to their token). */
let adminEditor: { userId: number; email: string };

async function actorOf(userId: number): Promise<Actor> {
  return (await loadActor(t.handle.db, userId))!;
}

/** A token of organisation A (or another) made through the service, as the page does; `rawScopes` overwrites the stored list. */
async function token(opts: { scopes?: TokenScope[]; rawScopes?: string; by?: number; organisationId?: number } = {}) {
  const by = opts.by ?? users.editor.userId;
  const made = await createToken(t.handle.db, await actorOf(by), opts.organisationId ?? orgA, {
    name: `System ${crypto.randomUUID().slice(0, 8)}`,
    scopes: opts.scopes ?? ['submissions:read', 'submissions:write'],
    expiresInDays: 30,
  });
  if (opts.rawScopes !== undefined) await t.handle.db.updateTable('apiTokens').set({ scopes: opts.rawScopes }).where('id', '=', made.id).execute();
  return made;
}

interface Call {
  method: string;
  path: string;
  json?: unknown;
}

/** A request with a bearer token (and no cookie unless given): what an organisation's own system sends. */
async function api(call: Call, secret: string | null, headers: Record<string, string> = {}) {
  const h: Record<string, string> = { accept: 'application/json', ...headers };
  if (secret !== null) h.authorization = `Bearer ${secret}`;
  if (call.json !== undefined) h['content-type'] = 'application/json';
  const res = await t.app.request(call.path, { method: call.method, headers: h, body: call.json === undefined ? undefined : JSON.stringify(call.json) });
  const text = await res.text();
  return { res, status: res.status, text };
}

async function submissionState(id: number) {
  const row = await t.handle.db.selectFrom('submissions').select(['status', 'data']).where('id', '=', id).executeTakeFirstOrThrow();
  return JSON.stringify(row);
}

const draftOfA = () => submissionRow(t, { organisationId: orgA, createdBy: users.member.userId, title: `Draft ${crypto.randomUUID()}` });

/** Every submissions route, each with a fresh target, and what it answers per scope set. */
const ROUTES: Array<{ route: string; call: () => Promise<{ call: Call; target: number | null }>; expect: Record<ScopeSet, number> }> = [
  {
    route: 'POST /api/v1/submissions',
    call: async () => ({ call: { method: 'POST', path: '/api/v1/submissions', json: { organisationId: orgA, kind: 'publication' } }, target: null }),
    expect: { read: 403, write: 201, both: 201, unknown: 403 },
  },
  {
    route: 'GET /api/v1/submissions/:id',
    call: async () => {
      const id = await draftOfA();
      return { call: { method: 'GET', path: `/api/v1/submissions/${id}` }, target: id };
    },
    expect: { read: 200, write: 200, both: 200, unknown: 403 },
  },
  {
    route: 'PATCH /api/v1/submissions/:id',
    call: async () => {
      const id = await draftOfA();
      return { call: { method: 'PATCH', path: `/api/v1/submissions/${id}`, json: { sdgs: ['5'] } }, target: id };
    },
    expect: { read: 403, write: 200, both: 200, unknown: 403 },
  },
  {
    route: 'POST /api/v1/submissions/:id/submit',
    call: async () => {
      const id = await draftOfA();
      return { call: { method: 'POST', path: `/api/v1/submissions/${id}/submit` }, target: id };
    },
    expect: { read: 403, write: 200, both: 200, unknown: 403 },
  },
  // A curator's route: a token is no credential there, whatever its scopes — the request is a visitor's.
  {
    route: 'POST /api/v1/submissions/:id/decision',
    call: async () => {
      const id = await submissionRow(t, { organisationId: orgA, createdBy: users.member.userId, status: 'submitted' });
      return { call: { method: 'POST', path: `/api/v1/submissions/${id}/decision`, json: { decision: 'approve' } }, target: id };
    },
    expect: { read: 401, write: 401, both: 401, unknown: 401 },
  },
];

const SCOPE_SETS = {
  read: { scopes: ['submissions:read'] },
  write: { scopes: ['submissions:write'] },
  both: { scopes: ['submissions:read', 'submissions:write'] },
  // A stored scope outside the closed list grants nothing.
  unknown: { rawScopes: 'submissions:admin admin' },
} as const satisfies Record<string, { scopes?: TokenScope[]; rawScopes?: string }>;
type ScopeSet = keyof typeof SCOPE_SETS;

before(async () => {
  t = await createTestDb();
  ({ orgA, orgB, users } = await castOfRoles(t));
  adminEditor = await person(t, { role: 'admin', organisationId: orgA, memberRole: 'editor' });
});
after(() => t.close());

describe('API tokens: each scope set × each submissions route', () => {
  for (const set of Object.keys(SCOPE_SETS) as ScopeSet[]) {
    it(`${set} scopes`, async () => {
      const { secret } = await token({ ...SCOPE_SETS[set], by: users.editor.userId });
      const outcomes: string[] = [];
      for (const row of ROUTES) {
        const { call, target } = await row.call();
        const before = target === null ? null : await submissionState(target);
        const { res, status, text } = await api(call, secret);
        const expected = row.expect[set];
        if (status !== expected) outcomes.push(`${row.route}: ${status} (expected ${expected}) ${text.slice(0, 200)}`);
        if (status === 403) {
          assert.match(res.headers.get('www-authenticate') ?? '', /error="insufficient_scope"/, row.route);
          assert.match(res.headers.get('www-authenticate') ?? '', /scope="submissions:(read|write)"/, row.route);
          assert.equal(JSON.parse(text).error.details[0].code, 'tokens_insufficient_scope');
        }
        // A refused request changes nothing it names.
        if (status >= 400 && target !== null) assert.equal(await submissionState(target), before, `${row.route} refused but changed the submission`);
        if (status === 201) assert.equal(JSON.parse(text).data.organisationId, orgA);
      }
      assert.deepEqual(outcomes, []);
    });
  }

  for (const state of ['revoked', 'expired', 'unknown secret', 'malformed'] as const) {
    it(`a ${state} token: 401 invalid_token on every route, and nothing changes`, async () => {
      const made = await token();
      let secret = made.secret;
      if (state === 'revoked') await t.handle.db.updateTable('apiTokens').set({ revokedAt: new Date() }).where('id', '=', made.id).execute();
      if (state === 'expired')
        await t.handle.db
          .updateTable('apiTokens')
          .set({ expiresAt: sql<Date>`now() - interval '1 second'` })
          .where('id', '=', made.id)
          .execute();
      if (state === 'unknown secret') secret = `stk_${'A'.repeat(43)}`;
      if (state === 'malformed') secret = `${made.secret}x`;
      for (const row of ROUTES.slice(0, 4)) {
        const { call, target } = await row.call();
        const before = target === null ? null : await submissionState(target);
        const count = await t.handle.db
          .selectFrom('submissions')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow();
        const { res, status, text } = await api(call, secret);
        assert.equal(status, 401, `${row.route}: ${text.slice(0, 200)}`);
        assert.match(res.headers.get('www-authenticate') ?? '', /^Bearer .*error="invalid_token"/, row.route);
        assert.equal(JSON.parse(text).error.details[0].code, 'tokens_invalid_token');
        if (target !== null) assert.equal(await submissionState(target), before);
        const after = await t.handle.db
          .selectFrom('submissions')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow();
        assert.equal(Number(after.n), Number(count.n), `${row.route} created nothing`);
      }
    });
  }

  it('the same token works again until it is revoked (the table above is not refusing everything)', async () => {
    const made = await token();
    const id = await draftOfA();
    assert.equal((await api({ method: 'GET', path: `/api/v1/submissions/${id}` }, made.secret)).status, 200);
    await t.handle.db.updateTable('apiTokens').set({ revokedAt: new Date() }).where('id', '=', made.id).execute();
    assert.equal((await api({ method: 'GET', path: `/api/v1/submissions/${id}` }, made.secret)).status, 401);
  });

  it('a token acts for its organisation only: another organisation’s submission is not found, even one its creator wrote', async () => {
    // The editor of A is also a member of B and wrote a draft there; their token for A must not reach it.
    await t.handle.db
      .insertInto('organisationMembers')
      .values({ organisationId: orgB, userId: users.editor.userId, role: 'member', status: 'active' })
      .execute();
    try {
      const { secret } = await token();
      const own = await submissionRow(t, { organisationId: orgB, createdBy: users.editor.userId });
      const others = await submissionRow(t, { organisationId: orgB, createdBy: users.otherEditor.userId });
      for (const id of [own, others]) {
        const before = await submissionState(id);
        assert.equal((await api({ method: 'GET', path: `/api/v1/submissions/${id}` }, secret)).status, 404);
        assert.equal((await api({ method: 'PATCH', path: `/api/v1/submissions/${id}`, json: { sdgs: ['5'] } }, secret)).status, 404);
        assert.equal((await api({ method: 'POST', path: `/api/v1/submissions/${id}/submit` }, secret)).status, 404);
        assert.equal(await submissionState(id), before);
      }
      // The same answer as for an id that does not exist.
      assert.equal((await api({ method: 'GET', path: `/api/v1/submissions/2000000000` }, secret)).status, 404);
      const start = await api({ method: 'POST', path: '/api/v1/submissions', json: { organisationId: orgB } }, secret);
      assert.equal(start.status, 403, start.text);
    } finally {
      await t.handle.db.deleteFrom('organisationMembers').where('organisationId', '=', orgB).where('userId', '=', users.editor.userId).execute();
    }
  });

  it('a token stops working when its creator is no longer an editor of the organisation, or is suspended', async () => {
    const id = await draftOfA();
    const creator = await person(t, { organisationId: orgA, memberRole: 'editor' });
    const a = await token({ by: creator.userId });
    assert.equal((await api({ method: 'GET', path: `/api/v1/submissions/${id}` }, a.secret)).status, 200);
    await t.handle.db.updateTable('organisationMembers').set({ role: 'member' }).where('userId', '=', creator.userId).execute();
    assert.equal((await api({ method: 'GET', path: `/api/v1/submissions/${id}` }, a.secret)).status, 401);
    await t.handle.db.updateTable('organisationMembers').set({ role: 'editor' }).where('userId', '=', creator.userId).execute();
    assert.equal((await api({ method: 'GET', path: `/api/v1/submissions/${id}` }, a.secret)).status, 200);
    await t.handle.db.updateTable('users').set({ status: 'suspended' }).where('id', '=', creator.userId).execute();
    assert.equal((await api({ method: 'GET', path: `/api/v1/submissions/${id}` }, a.secret)).status, 401);
  });
});

describe('API tokens never reach pages, administration or decisions', () => {
  it('an administrator-editor’s token is a visitor everywhere but the submissions API', async () => {
    const { secret, id: tokenId } = await token({ by: adminEditor.userId });
    const bearer = { authorization: `Bearer ${secret}` };
    for (const path of ['/en/account', '/en/admin/tokens', '/en/admin/users', '/en/review', `/en/organisations/${orgA}/tokens`, '/en/contribute']) {
      const res = await t.app.request(path, { headers: bearer });
      assert.equal(res.status, 303, path);
      assert.match(res.headers.get('location') ?? '', /\/en\/account\/sign-in/, path);
    }
    const sent = await submissionRow(t, { organisationId: orgA, createdBy: users.member.userId, status: 'submitted' });
    const before = await submissionState(sent);
    for (const decision of ['approve', 'reject']) {
      const r = await api({ method: 'POST', path: `/api/v1/submissions/${sent}/decision`, json: { decision, message: 'x' } }, secret);
      assert.equal(r.status, 401, r.text);
    }
    assert.equal(await submissionState(sent), before);
    // A page's form posted with only the token: refused (no session, no CSRF token), the token still live.
    const revoke = await t.app.request(`/en/admin/tokens/${tokenId}/revoke`, {
      method: 'POST',
      headers: { ...bearer, 'content-type': 'application/x-www-form-urlencoded' },
      body: '',
    });
    assert.ok([401, 403].includes(revoke.status), String(revoke.status));
    const row = await t.handle.db.selectFrom('apiTokens').select('revokedAt').where('id', '=', tokenId).executeTakeFirstOrThrow();
    assert.equal(row.revokedAt, null);
    // …and it still works where it is meant to, as an editor (not as staff).
    const id = await draftOfA();
    assert.equal((await api({ method: 'GET', path: `/api/v1/submissions/${id}` }, secret)).status, 200);
  });

  it('a token’s actor is its creator narrowed: no staff role, no second factor, the token’s organisation only', async () => {
    await t.handle.db
      .insertInto('organisationMembers')
      .values({ organisationId: orgB, userId: adminEditor.userId, role: 'editor', status: 'active' })
      .execute();
    try {
      const { secret, id } = await token({ by: adminEditor.userId, scopes: ['submissions:read'] });
      const actor = await resolveToken(t.handle.db, secret);
      assert.ok(actor);
      assert.equal(actor.userId, adminEditor.userId);
      assert.equal(actor.role, 'contributor');
      assert.equal(actor.twoFactor, false);
      assert.deepEqual(
        actor.memberships.map((m) => [m.organisationId, m.role]),
        [[orgA, 'editor']],
      );
      assert.deepEqual(actor.token, { id, organisationId: orgA, scopes: ['submissions:read'] });
    } finally {
      await t.handle.db.deleteFrom('organisationMembers').where('organisationId', '=', orgB).where('userId', '=', adminEditor.userId).execute();
    }
  });

  it('the policy gives a token’s actor no ability beyond drafts, whatever its creator’s role', async () => {
    const admin = await actorOf(adminEditor.userId);
    const grant = { id: 1, organisationId: orgA, scopes: ['submissions:read', 'submissions:write'] as TokenScope[] };
    // Without the token the administrator-editor may do all of these.
    for (const ability of ['review.decide', 'user.manage', 'token.create', 'token.manage', 'organisation.manage_members', 'entry.archive'] as const)
      assert.ok(can(admin, ability, { organisationId: orgA }), `${ability} without a token`);
    const withToken: Actor = { ...admin, token: grant };
    for (const ability of ['review.decide', 'user.manage', 'token.create', 'token.manage', 'organisation.manage_members', 'entry.archive'] as const)
      assert.equal(can(withToken, ability, { organisationId: orgA }), false, `${ability} with a token`);
    assert.ok(can(withToken, 'submission.create', { organisationId: orgA }));
  });

  it('a bearer token and a session cookie together are refused (400 invalid_request), changing nothing', async () => {
    const { secret } = await token({ scopes: ['submissions:read'] });
    const editor = new TestClient(t.app);
    await editor.signIn(users.editor.email, PASSWORD);
    const id = await draftOfA();
    const before = await submissionState(id);
    const mixed = await editor.request('PATCH', `/api/v1/submissions/${id}`, {
      json: { sdgs: ['5'] },
      headers: { authorization: `Bearer ${secret}`, 'x-csrf-token': editor.csrf },
    });
    assert.equal(mixed.status, 400);
    assert.match(mixed.headers.get('www-authenticate') ?? '', /error="invalid_request"/);
    assert.equal(((await mixed.json()) as { error: { details: Array<{ code: string }> } }).error.details[0]!.code, 'tokens_mixed_credentials');
    assert.equal(await submissionState(id), before);
    // The same session alone may do it: the refusal came from the mix.
    const alone = await editor.request('PATCH', `/api/v1/submissions/${id}`, { json: { sdgs: ['5'] }, headers: { 'x-csrf-token': editor.csrf } });
    assert.equal(alone.status, 200);
    // A visitor's CSRF cookie is no identity: with it, the token is used as usual.
    const visitor = new TestClient(t.app);
    await visitor.get('/en/account/sign-in');
    assert.ok(visitor.cookies.size > 0);
    const withCsrfCookie = await visitor.request('GET', `/api/v1/submissions/${id}`, { headers: { authorization: `Bearer ${secret}` } });
    assert.equal(withCsrfCookie.status, 200);
    // …and a write with it needs no CSRF token: a browser never adds the Authorization header by itself.
    const writer = await token({ scopes: ['submissions:write'] });
    const started = await visitor.request('POST', '/api/v1/submissions', {
      json: { organisationId: orgA },
      headers: { authorization: `Bearer ${writer.secret}` },
    });
    assert.equal(started.status, 201);
  });
});

describe('API tokens: secret, last use, throttle, limits', () => {
  it('the secret is shown once, on the page that made it, and stored only as its SHA-256', async () => {
    const editor = new TestClient(t.app);
    await editor.signIn(users.editor.email, PASSWORD);
    await editor.get(`/en/organisations/${orgA}/tokens`);
    const made = await editor.post(`/en/organisations/${orgA}/tokens`, { name: 'Our project database', scopes: 'submissions:write', expiresInDays: '90' });
    assert.equal(made.status, 200);
    const secret = /value="(stk_[A-Za-z0-9_-]{43})"/.exec(made.text)?.[1];
    assert.ok(secret, 'the new secret is on the page');
    const row = await t.handle.db.selectFrom('apiTokens').selectAll().where('name', '=', 'Our project database').executeTakeFirstOrThrow();
    assert.equal(row.secretHash, createHash('sha256').update(secret).digest('hex'));
    assert.ok(!JSON.stringify(row).includes(secret.slice(4)), 'no column holds the secret');
    assert.equal(row.scopes, 'submissions:write');
    const days = (row.expiresAt.getTime() - row.createdAt.getTime()) / 86_400_000;
    assert.ok(Math.abs(days - 90) < 0.01, String(days));
    const { rows } = await sql<{ text: string }>`select string_agg(details::text, ' ') as text from audit_log where action = 'token.create'`.execute(
      t.handle.db,
    );
    assert.ok(!(rows[0]?.text ?? '').includes(secret.slice(4)), 'the audit log holds no secret');
    const again = await editor.get(`/en/organisations/${orgA}/tokens`);
    assert.ok(!again.text.includes(secret.slice(4)), 'never shown again');
    assert.ok(again.text.includes(row.prefix), 'the list tells it apart by its first characters');
    // It works at once.
    const id = await draftOfA();
    assert.equal((await api({ method: 'GET', path: `/api/v1/submissions/${id}` }, secret)).status, 200);
  });

  it('the form refuses a token without scopes, with an unknown scope, or living more than a year (422, nothing stored)', async () => {
    const editor = new TestClient(t.app);
    await editor.signIn(users.editor.email, PASSWORD);
    await editor.get(`/en/organisations/${orgA}/tokens`);
    const count = async () =>
      Number(
        (
          await t.handle.db
            .selectFrom('apiTokens')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    const forms: Array<Record<string, string>> = [
      { name: 'No scope', expiresInDays: '30' },
      { name: 'Odd scope', scopes: 'admin', expiresInDays: '30' },
      { name: 'Too long', scopes: 'submissions:read', expiresInDays: '366' },
      { name: '', scopes: 'submissions:read', expiresInDays: '30' },
    ];
    for (const form of forms) {
      const r = await editor.post(`/en/organisations/${orgA}/tokens`, form);
      assert.equal(r.status, 422, JSON.stringify(form));
      assert.match(r.text, /error-summary/);
      assert.doesNotMatch(r.text, /value="stk_/);
    }
    assert.equal(await count(), before);
  });

  it(`an organisation holds at most ${MAX_LIVE_TOKENS} live tokens`, async () => {
    const org = await (async () => {
      const { id } = await t.handle.db
        .insertInto('organisations')
        .values({ name: `Busy ${crypto.randomUUID()}`, stakeholderType: 'academia', country: null, website: null, createdBy: null })
        .returning('id')
        .executeTakeFirstOrThrow();
      return id;
    })();
    const editor = await person(t, { organisationId: org, memberRole: 'editor' });
    for (let i = 0; i < MAX_LIVE_TOKENS; i++) await token({ by: editor.userId, organisationId: org });
    await assert.rejects(token({ by: editor.userId, organisationId: org }), /conflict/);
    // A revoked one frees its place.
    await t.handle.db
      .updateTable('apiTokens')
      .set({ revokedAt: new Date() })
      .where('organisationId', '=', org)
      .where('id', '=', sql<number>`(select min(id) from api_tokens where organisation_id = ${org})`)
      .execute();
    await token({ by: editor.userId, organisationId: org });
  });

  it('the last use is recorded, at most once a minute', async () => {
    const made = await token();
    const id = await draftOfA();
    const lastUsed = async () =>
      (await t.handle.db.selectFrom('apiTokens').select('lastUsedAt').where('id', '=', made.id).executeTakeFirstOrThrow()).lastUsedAt;
    assert.equal(await lastUsed(), null);
    await api({ method: 'GET', path: `/api/v1/submissions/${id}` }, made.secret);
    assert.ok(await lastUsed(), 'set by the first use');
    const recent = new Date(Date.now() - 30_000);
    await t.handle.db.updateTable('apiTokens').set({ lastUsedAt: recent }).where('id', '=', made.id).execute();
    await api({ method: 'GET', path: `/api/v1/submissions/${id}` }, made.secret);
    assert.equal((await lastUsed())!.getTime(), recent.getTime(), 'not written again within the minute');
    const old = new Date(Date.now() - 120_000);
    await t.handle.db.updateTable('apiTokens').set({ lastUsedAt: old }).where('id', '=', made.id).execute();
    await api({ method: 'GET', path: `/api/v1/submissions/${id}` }, made.secret);
    assert.ok((await lastUsed())!.getTime() > old.getTime() + 60_000, 'written again after a minute');
    // The page shows it.
    const editor = new TestClient(t.app);
    await editor.signIn(users.editor.email, PASSWORD);
    const page = await editor.get(`/en/organisations/${orgA}/tokens`);
    assert.match(page.text, /Last used/);
  });

  it('each token is throttled on its own: 429 with Retry-After once its budget is spent', async () => {
    const busy = await token();
    const calm = await token();
    const id = await draftOfA();
    const get = { method: 'GET', path: `/api/v1/submissions/${id}` };
    assert.equal((await api(get, busy.secret)).status, 200);
    const key = `apiTokenRequests:${busy.id}`;
    const used = await t.handle.db
      .selectFrom('throttleHits')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('key', '=', key)
      .executeTakeFirstOrThrow();
    assert.equal(Number(used.n), 1, 'a request takes one use');
    await t.handle.db
      .insertInto('throttleHits')
      .values(Array.from({ length: 119 }, () => ({ key })))
      .execute();
    const refused = await api(get, busy.secret);
    assert.equal(refused.status, 429);
    const retry = Number(refused.res.headers.get('retry-after'));
    assert.ok(Number.isInteger(retry) && retry >= 1 && retry <= 60, String(refused.res.headers.get('retry-after')));
    assert.equal((await api({ method: 'PATCH', path: `/api/v1/submissions/${id}`, json: { sdgs: ['5'] } }, busy.secret)).status, 429);
    assert.equal((await api(get, calm.secret)).status, 200, 'another token keeps its own budget');
  });
});

describe('API token pages', () => {
  it('editors and administrators see an organisation’s tokens; no one else learns the page exists', async () => {
    await token();
    const expected: Record<string, number> = { member: 404, otherEditor: 404, contributor: 404, curator: 404, editor: 200, admin: 200 };
    for (const [role, status] of Object.entries(expected)) {
      const c = new TestClient(t.app);
      await c.signIn(users[role as keyof typeof users].email, PASSWORD);
      const r = await c.get(`/en/organisations/${orgA}/tokens`);
      assert.equal(r.status, status, role);
      if (role === 'admin') assert.match(r.text, /Only the organisation’s editors can create tokens/);
      if (role === 'editor') assert.match(r.text, /name="scopes"/);
    }
    const visitor = await t.app.request(`/en/organisations/${orgA}/tokens`);
    assert.equal(visitor.status, 303);
  });

  it('an editor revokes from the organisation’s page, an administrator from the list of all; both are audited', async () => {
    const first = await token();
    const second = await token({ by: users.otherEditor.userId, organisationId: orgB });
    const id = await draftOfA();
    const editor = new TestClient(t.app);
    await editor.signIn(users.editor.email, PASSWORD);
    await editor.get(`/en/organisations/${orgA}/tokens`);
    // Another organisation's token is not found under this one.
    assert.equal((await editor.post(`/en/organisations/${orgA}/tokens/${second.id}/revoke`)).status, 404);
    assert.equal((await editor.post(`/en/organisations/${orgB}/tokens/${second.id}/revoke`)).status, 404);
    const r = await editor.post(`/en/organisations/${orgA}/tokens/${first.id}/revoke`);
    assert.equal(r.status, 303);
    assert.equal(r.location, `/en/organisations/${orgA}/tokens`);
    assert.equal((await api({ method: 'GET', path: `/api/v1/submissions/${id}` }, first.secret)).status, 401);
    // The editor cannot use the administrators' list.
    assert.equal((await editor.post(`/en/admin/tokens/${second.id}/revoke`)).status, 403);
    assert.equal((await editor.get('/en/admin/tokens')).status, 403);

    const admin = new TestClient(t.app);
    await admin.signIn(users.admin.email, PASSWORD);
    // An administrator may revoke any token, but under an organisation's page only that organisation's.
    await admin.get(`/en/organisations/${orgA}/tokens`);
    assert.equal((await admin.post(`/en/organisations/${orgA}/tokens/${second.id}/revoke`)).status, 404);
    assert.equal((await t.handle.db.selectFrom('apiTokens').select('revokedAt').where('id', '=', second.id).executeTakeFirstOrThrow()).revokedAt, null);
    const list = await admin.get('/en/admin/tokens');
    assert.equal(list.status, 200);
    assert.match(list.text, /Organisation A/);
    assert.match(list.text, /Organisation B/);
    const revoked = await admin.post(`/en/admin/tokens/${second.id}/revoke`);
    assert.equal(revoked.status, 303);
    assert.equal(revoked.location, '/en/admin/tokens');
    const { rows } = await sql<{ action: string; actorId: number; details: { tokenId: number } }>`
      select action, actor_id as "actorId", details from audit_log where action like 'token.%' order by id`.execute(t.handle.db);
    assert.ok(rows.some((a) => a.action === 'token.revoke' && a.details.tokenId === first.id && a.actorId === users.editor.userId));
    assert.ok(rows.some((a) => a.action === 'token.revoke' && a.details.tokenId === second.id && a.actorId === users.admin.userId));
    assert.ok(rows.some((a) => a.action === 'token.create' && a.details.tokenId === first.id));
    const audit = await admin.get('/en/admin/audit');
    assert.match(audit.text, /API token revoked/);
  });
});

describe('API tokens in the OpenAPI document', () => {
  it('declares bearerAuth and names it, with its scope, on exactly the routes that take a token', async () => {
    const doc = (await (await t.app.request('/api/openapi.json')).json()) as {
      components: { securitySchemes: Record<string, { type: string; scheme?: string }> };
      paths: Record<string, Record<string, { security?: Array<Record<string, string[]>> }>>;
    };
    assert.equal(doc.components.securitySchemes.bearerAuth?.type, 'http');
    assert.equal(doc.components.securitySchemes.bearerAuth?.scheme, 'bearer');
    const bearerOf = (path: string, method: string) => doc.paths[path]?.[method]?.security?.find((s) => 'bearerAuth' in s)?.bearerAuth;
    assert.deepEqual(bearerOf('/api/v1/submissions', 'post'), ['submissions:write']);
    assert.deepEqual(bearerOf('/api/v1/submissions/{id}', 'get'), ['submissions:read']);
    assert.deepEqual(bearerOf('/api/v1/submissions/{id}', 'patch'), ['submissions:write']);
    assert.deepEqual(bearerOf('/api/v1/submissions/{id}/submit', 'post'), ['submissions:write']);
    assert.equal(bearerOf('/api/v1/submissions/{id}/decision', 'post'), undefined);
  });
});
