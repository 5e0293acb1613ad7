import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import SwaggerParser from '@apidevtools/swagger-parser';
import { importEntries } from '../../src/modules/submissions/jsonl.import';
import { activityLine } from '../support/factories';
import { TestClient } from '../support/client';
import { organisation, PASSWORD, person } from '../support/people';
import { createTestDb, type TestDb } from '../support/test-db';

let t: TestDb;
let publishedId: number;
let draftId: number;

before(async () => {
  t = await createTestDb();
  const report = await importEntries(t.deps, [
    activityLine({ externalId: 'api-1', countries: ['KE'], actionLines: ['c2'], sdgs: ['9', '9.c'] }),
    activityLine({ externalId: 'api-2', countries: ['GH'], actionLines: ['c2', 'c5'], sdgs: ['16'], status: 'completed', endDate: '2022-01-01' }),
    activityLine({
      externalId: 'api-3',
      countries: ['FR'],
      actionLines: ['c5'],
      sdgs: ['16'],
      organisations: [{ name: 'Cyber Lab', role: 'lead', stakeholderType: 'academia' }],
    }),
    activityLine({ externalId: 'api-draft', state: 'draft' }),
  ]);
  assert.equal(report.failed, 0);
  const rows = await t.deps.db.selectFrom('entries').select(['id', 'externalId']).execute();
  publishedId = rows.find((r) => r.externalId === 'api-1')!.id;
  draftId = rows.find((r) => r.externalId === 'api-draft')!.id;
});
after(async () => t.close());

async function getJson(path: string, init?: RequestInit) {
  const res = await t.app.request(path, init);
  return { status: res.status, body: (await res.json()) as any, headers: res.headers };
}

describe('GET /api/v1/activities', () => {
  const badCases: Array<[string, string, string]> = [
    ['page=-1', 'page', 'too_small'],
    ['page=abc', 'page', 'invalid_type'],
    ['page=1001', 'page', 'too_big'],
    ['pageSize=101', 'pageSize', 'too_big'],
    ['pageSize=0', 'pageSize', 'too_small'],
    ['sort=random', 'sort', 'invalid_value'],
    [`q=${'x'.repeat(201)}`, 'q', 'too_big'],
    ['sdg=99', 'sdg', 'unknown_value'],
    ['actionLine=c99', 'actionLine', 'unknown_value'],
    ['country=XX', 'country', 'unknown_value'],
    ['year=abcd', 'year', 'unknown_value'],
    ['language=de', 'language', 'unknown_value'],
    ['colour=blue', 'colour', 'unrecognized_keys'],
    ['page=1&page=2', 'page', 'repeated'],
    ['lang=de', 'lang', 'invalid_value'],
  ];
  for (const [query, field, code] of badCases) {
    it(`answers 400 naming the field for ${query.slice(0, 40)}`, async () => {
      const { status, body } = await getJson(`/api/v1/activities?${query}`);
      assert.equal(status, 400);
      assert.equal(body.error.code, 'validation_failed');
      assert.ok(body.error.message.length > 0);
      assert.deepEqual(
        body.error.details.map((d: any) => [d.field, d.code]),
        [[field, code]],
      );
    });
  }

  it('localises error messages with lang', async () => {
    const { body } = await getJson('/api/v1/activities?page=0', { headers: { 'accept-language': 'fr' } });
    assert.equal(body.error.code, 'validation_failed');
    assert.match(body.error.message, /valeurs|valide/i);
  });

  it('returns published activities with facet counts that match the filtered results', async () => {
    const { status, body } = await getJson('/api/v1/activities?actionLine=c2&pageSize=50');
    assert.equal(status, 200);
    assert.deepEqual(body.data.map((a: any) => a.externalId).sort(), ['api-1', 'api-2']);
    assert.equal(body.meta.total, 2);
    const countries = Object.fromEntries(body.facets.country.map((f: any) => [f.value, f.count]));
    assert.deepEqual(countries, { GH: 1, KE: 1 });
    const lines = Object.fromEntries(body.facets.actionLine.map((f: any) => [f.value, f.count]));
    assert.equal(lines.c5, 2, 'own facet counts ignore its own selection');
    assert.equal(body.facets.country.find((f: any) => f.value === 'KE').label, 'Kenya');
  });

  it('never exposes contact details or drafts', async () => {
    const { body } = await getJson('/api/v1/activities?pageSize=100');
    const text = JSON.stringify(body);
    assert.ok(!text.includes('contact@example.org'));
    assert.ok(!body.data.some((a: any) => a.externalId === 'api-draft'));
  });
});

describe('GET /api/v1/activities/{id}', () => {
  it('answers 400 for an id that is not a positive integer', async () => {
    for (const id of ['abc', '0', '-3', '1.5', '99999999999']) {
      const { status, body } = await getJson(`/api/v1/activities/${id}`);
      assert.equal(status, 400, id);
      assert.equal(body.error.details[0].field, 'id');
    }
  });
  it('answers 404 for an unknown id and for an unpublished one', async () => {
    assert.equal((await getJson('/api/v1/activities/987654')).status, 404);
    const draft = await getJson(`/api/v1/activities/${draftId}`);
    assert.equal(draft.status, 404);
    assert.equal(draft.body.error.code, 'not_found');
  });
  it('returns the activity without its contact', async () => {
    const { status, body } = await getJson(`/api/v1/activities/${publishedId}`);
    assert.equal(status, 200);
    assert.equal(body.data.externalId, 'api-1');
    assert.deepEqual(body.data.sdgs.sort(), ['9', '9.c']);
    assert.equal(body.data.contact, undefined);
  });
});

describe('GET /api/v1/vocabularies/{name}', () => {
  it('answers 404 for an unknown vocabulary', async () => {
    assert.equal((await getJson('/api/v1/vocabularies/colours')).status, 404);
  });
  it('returns action lines with labels in six languages', async () => {
    const { status, body } = await getJson('/api/v1/vocabularies/action-line');
    assert.equal(status, 200);
    assert.equal(body.terms.length, 19);
    for (const term of body.terms) assert.deepEqual(Object.keys(term.labels).sort(), ['ar', 'en', 'es', 'fr', 'ru', 'zh']);
  });
});

describe('GET /api/openapi.json', () => {
  it('is a valid OpenAPI 3.1 document (checked by swagger-parser)', async () => {
    const { status, body } = await getJson('/api/openapi.json');
    assert.equal(status, 200);
    assert.equal(body.openapi, '3.1.0');
    const api = await SwaggerParser.validate(structuredClone(body));
    assert.ok(api.paths?.['/api/v1/activities']?.get);
    const params = (body.paths['/api/v1/activities'].get.parameters as any[]).map((p) => p.name);
    for (const name of ['q', 'page', 'pageSize', 'sort', 'sdg', 'actionLine', 'country', 'lang']) assert.ok(params.includes(name), name);
  });
  it('documents CORS: the public reads declare the headers they answer with, writes and submissions do not', async () => {
    const { body } = await getJson('/api/openapi.json');
    assert.match(body.info.description, /Cross-origin reads \(CORS\)/);
    assert.match(body.info.description, /any origin/);
    for (const path of ['/api/v1/search', '/api/v1/activities', '/api/v1/exports/{format}', '/api/v1/countries'] as const) {
      const op = body.paths[path]?.get;
      if (!op) continue;
      assert.ok(op.responses['200'].headers['Access-Control-Allow-Origin'], path);
    }
    assert.ok(body.paths['/api/v1/search'].get.responses['200'].headers['Access-Control-Allow-Origin']);
    assert.equal(body.paths['/api/v1/submissions'].post.responses['201'].headers?.['Access-Control-Allow-Origin'], undefined);
    for (const op of Object.values(body.paths['/api/v1/submissions'] as Record<string, any>)) {
      for (const r of Object.values(op.responses as Record<string, any>)) assert.equal(r.headers?.['Access-Control-Allow-Origin'], undefined);
    }
    // What the document says is what the API does.
    const res = await t.app.request('/api/v1/search?pageSize=1', { headers: { origin: 'https://partner.example' } });
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
    await SwaggerParser.validate(structuredClone(body));
  });
  it('is rejected by the validator when broken (the check can fail)', async () => {
    const { body } = await getJson('/api/openapi.json');
    delete body.paths['/api/v1/activities'].get.responses;
    body.paths['/api/v1/activities'].get.parameters.push({ name: 'q', in: 'nowhere' });
    await assert.rejects(SwaggerParser.validate(body));
  });
});

describe('API routes declared once (validation, types and document from one declaration)', () => {
  it('documents every kind’s entry as Entry, never as Activity', async () => {
    const { body } = await getJson('/api/openapi.json');
    for (const kind of ['activities', 'actors', 'publications', 'events', 'stories']) {
      const schema = body.paths[`/api/v1/${kind}/{id}`].get.responses['200'].content['application/json'].schema;
      assert.equal(schema.$ref, '#/components/schemas/EntryResponse', kind);
      assert.deepEqual(
        body.paths[`/api/v1/${kind}/{id}`].get.parameters.map((p: any) => [p.name, p.in, p.required, p.schema.type]),
        [['id', 'path', true, 'integer']],
        kind,
      );
    }
    assert.equal(body.components.schemas.EntryResponse.properties.data.$ref, '#/components/schemas/Entry');
    assert.deepEqual(
      Object.keys(body.components.schemas).filter((name) => /activit/i.test(name)),
      [],
      'no schema is named after one kind',
    );
    const sdg = body.paths['/api/v1/search'].get.parameters.find((p: any) => p.name === 'sdg');
    assert.deepEqual([sdg.style, sdg.explode, sdg.required], ['form', true, false], 'a list parameter repeats its key');
    assert.deepEqual(
      Object.keys(body.paths['/api/v1/submissions'].post.responses).sort(),
      ['201', '400', '401', '403', '404', '409', '429'],
      'a created submission answers 201, as documented',
    );
  });

  it('refuses a repeated single parameter and any other bad one together, each named', async () => {
    const { status, body } = await getJson('/api/v1/events?page=1&page=2&sort=random&pageSize=0&colour=blue');
    assert.equal(status, 400);
    assert.deepEqual(body.error.details.map((d: any) => [d.field, d.code]).sort(), [
      ['colour', 'unrecognized_keys'],
      ['page', 'repeated'],
      ['pageSize', 'too_small'],
      ['sort', 'invalid_value'],
    ]);
  });

  it('answers a wrong id, an unknown vocabulary and an id of another kind with the usual error shape', async () => {
    const bad = await getJson('/api/v1/actors/12abc', { headers: { 'accept-language': 'fr' } });
    assert.equal(bad.status, 400);
    assert.deepEqual(
      bad.body.error.details.map((d: any) => [d.field, d.code]),
      [['id', 'invalid_format']],
    );
    assert.ok(bad.body.error.requestId);
    assert.match(bad.body.error.message, /valeurs|valide/i, 'localised by the error handler');
    assert.equal((await getJson(`/api/v1/actors/${publishedId}`)).status, 404, 'an activity is not found under actors');
    const vocabulary = await getJson('/api/v1/vocabularies/colours');
    assert.equal(vocabulary.body.error.code, 'not_found');
  });

  it('asks a visitor to sign in before reading the id or the body', async () => {
    for (const [method, path, body] of [
      ['POST', '/api/v1/submissions', '{"broken'],
      ['PATCH', '/api/v1/submissions/abc', '[]'],
      ['GET', '/api/v1/submissions/abc', undefined],
      ['POST', '/api/v1/submissions/abc/submit', undefined],
      ['POST', '/api/v1/submissions/abc/decision', '{}'],
    ] as const) {
      const res = await t.app.request(path, { method, headers: { 'content-type': 'application/json', accept: 'application/json' }, body });
      // A JSON request without cookies carries no ambient authority, so no CSRF token is asked: only sign-in.
      assert.equal(res.status, 401, `${method} ${path}`);
      assert.equal(((await res.json()) as any).error.code, 'unauthenticated');
    }
  });

  it('asks a signed-in client for JSON, then judges the body by its declared schema', async () => {
    const orgId = await organisation(t);
    const member = await person(t, { organisationId: orgId });
    const client = new TestClient(t.app);
    await client.signIn(member.email, PASSWORD);
    await client.get('/en/');
    const headers = { 'x-csrf-token': client.csrf, accept: 'application/json' };
    const form = await client.request('POST', '/api/v1/submissions', { form: { organisationId: String(orgId) }, headers });
    assert.equal(form.status, 400);
    assert.deepEqual(
      ((await form.json()) as any).error.details.map((d: any) => [d.field, d.code]),
      [['', 'json_expected']],
    );
    const unknown = await client.request('POST', '/api/v1/submissions', { json: { organisationId: orgId, colour: 'blue' }, headers });
    assert.deepEqual(
      [unknown.status, ((await unknown.json()) as any).error.details.map((d: any) => [d.field, d.code])],
      [400, [['colour', 'unrecognized_keys']]],
    );
    const notObject = await client.request('POST', '/api/v1/submissions', { json: [1], headers });
    assert.deepEqual([notObject.status, ((await notObject.json()) as any).error.details.map((d: any) => [d.field, d.code])], [400, [['', 'invalid_type']]]);
    const started = await client.request('POST', '/api/v1/submissions', { json: { organisationId: orgId }, headers });
    assert.equal(started.status, 201);
    const id = ((await started.json()) as any).data.id;
    const patched = await client.request('PATCH', `/api/v1/submissions/${id}`, { json: { sdgs: ['5'] }, headers });
    assert.equal(patched.status, 200);
    assert.deepEqual(((await patched.json()) as any).data.data.sdgs, ['5']);
  });
});
