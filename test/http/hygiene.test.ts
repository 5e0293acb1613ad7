import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { safeNext } from '../../src/http/pages/guards';
import { TestClient } from '../support/client';
import { organisation, PASSWORD, person, submissionRow, SUMMARY_60 } from '../support/people';
import { createTestDb, type TestDb } from '../support/test-db';

const JSON_ERRORS = { accept: 'application/json' };

/** The error body of a refused request, as JSON clients (and `Accept: application/json`) get it. */
async function errorOf(res: Response) {
  const body = (await res.json()) as { error: { code: string; details: Array<{ field: string; code: string; message: string }> } };
  return {
    status: res.status,
    code: body.error.code,
    details: body.error.details.map((d) => `${d.field}:${d.code}`),
    messages: body.error.details.map((d) => d.message),
  };
}

/** Posts a form with the client's CSRF token, asking for errors as JSON. */
async function postForm(client: TestClient, path: string, form: Record<string, string>) {
  if (!client.csrf) await client.get('/en/account/sign-in');
  return client.request('POST', path, { form: { _csrf: client.csrf, ...form }, headers: JSON_ERRORS });
}

describe('text hygiene at the edge: NUL, lone surrogates and line breaks are refused naming the field; text is kept in NFC', () => {
  let t: TestDb;
  let org: number;
  let editor: { userId: number; email: string };
  let client: TestClient;
  const draftOf = async (id: number) =>
    (await t.handle.db.selectFrom('submissions').select('data').where('id', '=', id).executeTakeFirstOrThrow()).data as {
      translations: Record<string, { title: string; description: string }>;
    };

  before(async () => {
    t = await createTestDb();
    org = await organisation(t);
    editor = await person(t, { organisationId: org });
    client = new TestClient(t.app);
    await client.signIn(editor.email, PASSWORD);
  });
  after(() => t.close());

  it('refuses NUL in the sign-in, reset and sign-up forms of a visitor with 400 naming the field (no 500, nothing written)', async () => {
    const visitor = new TestClient(t.app);
    const email = `a\u0000${crypto.randomUUID()}@x.test`;
    for (const [path, form] of [
      ['/en/account/sign-in', { email, password: PASSWORD }],
      ['/en/account/reset', { email }],
      ['/en/account/sign-up', { email, password: PASSWORD, displayName: 'Someone' }],
    ] as const) {
      const res = await postForm(visitor, path, form);
      assert.deepEqual(
        await errorOf(res),
        {
          status: 400,
          code: 'validation_failed',
          details: ['email:invalid_characters'],
          messages: [
            `E-mail address: ${'The value contains characters that are not allowed (such as NUL or other control characters, or a broken character). Remove them and try again.'}`,
          ],
        },
        path,
      );
    }
    const users = await t.handle.db.selectFrom('users').select('id').where('email', 'like', '%x.test').execute();
    assert.equal(users.length, 0);
  });

  it('refuses a NUL even in a field no schema reads as text (a password), so it never reaches a hash or the database', async () => {
    const visitor = new TestClient(t.app);
    const email = `${crypto.randomUUID()}@x.test`;
    const res = await postForm(visitor, '/en/account/sign-up', { email, password: `${PASSWORD}\u0000`, displayName: 'Someone' });
    assert.deepEqual((await errorOf(res)).details, ['password:invalid_characters']);
    assert.equal(await t.handle.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst(), undefined);
  });

  it('refuses a line break in a one-line field (a display name) beside the field, in the reader’s language', async () => {
    const visitor = new TestClient(t.app);
    const email = `${crypto.randomUUID()}@x.test`;
    const r = await visitor.post('/fr/account/sign-up', { email, password: PASSWORD, displayName: 'Eve\r\nAdmin' });
    assert.equal(r.status, 422);
    assert.match(r.text, /Ce champ tient sur une ligne/);
    assert.equal(await t.handle.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst(), undefined);
  });

  it('refuses NUL, control characters and line breaks in the URL: query parameters (the organisation search, next) and path segments', async () => {
    const visitor = new TestClient(t.app);
    assert.deepEqual(await errorOf(await visitor.request('GET', '/en/organisations?q=a%00b', { headers: JSON_ERRORS })), {
      status: 400,
      code: 'validation_failed',
      details: ['q:invalid_characters'],
      messages: [
        'Search text: The value contains characters that are not allowed (such as NUL or other control characters, or a broken character). Remove them and try again.',
      ],
    });
    assert.deepEqual((await errorOf(await visitor.request('GET', '/en/search?q=a%1Bb', { headers: JSON_ERRORS }))).details, ['q:invalid_characters']);
    assert.deepEqual((await errorOf(await visitor.request('GET', `/en/account/reset/${'a'.repeat(30)}%00`, { headers: JSON_ERRORS }))).details, [
      'path:invalid_characters',
    ]);
    // A signed-in return address with CRLF would have become a header.
    const signingIn = new TestClient(t.app);
    const res = await postForm(signingIn, `/en/account/sign-in?next=${encodeURIComponent('/en/contribute\r\nSet-Cookie: x=1')}`, {
      email: editor.email,
      password: PASSWORD,
    });
    assert.equal(res.headers.get('set-cookie')?.includes('x=1') ?? false, false);
    assert.deepEqual(await errorOf(res).then((e) => [e.status, e.details]), [400, ['next:single_line']]);
  });

  it('never puts a line break into the Location header, whatever reaches safeNext', () => {
    assert.equal(safeNext('/en/contribute', 'en'), '/en/contribute');
    assert.equal(safeNext('/en/contribute\r\nSet-Cookie: x=1', 'en'), '/en/account');
    assert.equal(safeNext('/en/a\u0000b', 'ar'), '/ar/account');
  });

  it('refuses a lone surrogate or a NUL in a JSON body, in a value or a key, with 400 naming the field; the draft stays as it was', async () => {
    const id = await submissionRow(t, { organisationId: org, createdBy: editor.userId });
    const before = await draftOf(id);
    const patch = (json: unknown) => client.request('PATCH', `/api/v1/submissions/${id}`, { json, headers: { 'x-csrf-token': client.csrf } });
    assert.deepEqual(
      await errorOf(await patch({ translations: { en: { title: 'Broken \ud800 text', summary: SUMMARY_60 } } })).then((e) => [e.status, e.details]),
      [400, ['translations.en.title:invalid_characters']],
    );
    assert.deepEqual(await errorOf(await patch({ links: [{ url: 'https://example.org/\u0000', label: null }] })).then((e) => [e.status, e.details]), [
      400,
      ['links.0.url:invalid_characters'],
    ]);
    assert.deepEqual(await errorOf(await patch({ 'sdgs\u0000': ['4'] })).then((e) => [e.status, e.details]), [400, ['sdgs\ufffd:invalid_characters']]);
    assert.deepEqual(await errorOf(await patch({ translations: { en: { title: 'Two\r\nlines', summary: SUMMARY_60 } } })).then((e) => [e.status, e.details]), [
      400,
      ['translations.en.title:single_line'],
    ]);
    assert.deepEqual(await draftOf(id), before);
  });

  it('keeps text in NFC, with LF line endings in multi-line fields, from the API and from the forms alike', async () => {
    const id = await submissionRow(t, { organisationId: org, createdBy: editor.userId });
    const res = await client.request('PATCH', `/api/v1/submissions/${id}`, {
      json: { translations: { en: { title: 'Cafe\u0301 connecte\u0301', summary: SUMMARY_60, description: 'One\r\nTwo\rThree' } } },
      headers: { 'x-csrf-token': client.csrf },
    });
    assert.equal(res.status, 200);
    assert.deepEqual((await draftOf(id)).translations.en, { title: 'Café connecté', summary: SUMMARY_60, description: 'One\nTwo\nThree' });

    const form = await submissionRow(t, { organisationId: org, createdBy: editor.userId });
    const r = await client.post(`/en/contribute/submissions/${form}/about`, {
      originalLanguage: 'en',
      title: 'A\u030angstro\u0308m schools',
      summary: SUMMARY_60,
      description: 'Line one\r\nLine two',
      activityType: 'project',
      status: 'ongoing',
      action: 'save',
    });
    assert.equal(r.status, 303, r.text.slice(0, 300));
    const saved = (await draftOf(form)).translations.en!;
    assert.equal(saved.title, 'Ångström schools');
    assert.equal(saved.description, 'Line one\nLine two');
  });
});
