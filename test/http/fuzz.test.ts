import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { loadActor, createSession, signIn } from '../../src/modules/accounts/accounts.service';
import { STEP_IDS } from '../../src/modules/submissions/submissions.rules';
import { importDrafts } from '../../src/modules/submissions/publishing.service';
import { decide } from '../../src/modules/submissions/review.service';
import { VOCABULARY_NAMES } from '../../src/modules/taxonomy/taxonomy';
import { SESSION_COOKIE } from '../../src/http/middleware/session';
import { TestClient } from '../support/client';
import { completeDraft, lastMail, organisation, PASSWORD, person, storedFile, submissionRow, SUMMARY_60 } from '../support/people';
import { createTestDb, type TestDb } from '../support/test-db';

/**
 * Every route the app registers gets bounded random and hostile input — in its path, its query, its
 * body and its content type — as a visitor and as a signed-in contributor, curator and administrator
 * (with valid CSRF tokens, so the input reaches the handlers). No answer may be a 5xx, and the app may
 * log no unhandled error (the test database fails the request that makes it log one).
 *
 * First a sweep (each hostile class in every field, query parameter and path parameter of every route),
 * then random samples. Fixed seed, bounded runs: FUZZ_RUNS (random runs per route, default 10) and
 * FUZZ_SEED change them.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 10);
const SEED = Number(process.env.FUZZ_SEED ?? 20261202);

const ROLES = ['visitor', 'contributor', 'curator', 'admin'] as const;
type Role = (typeof ROLES)[number];

// ---- hostile values -------------------------------------------------------------------------------

const HUGE = 'x'.repeat(100_000);
/** Strings that have broken servers: NUL, lone surrogates, CR/LF (header injection), RTL overrides, huge, numeric edges. */
const HOSTILE_STRINGS = [
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udfff',
  'a\ud83d',
  '\r\n',
  'a\r\nLocation: https://evil.example',
  '/en/account\r\nSet-Cookie: x=1',
  '\t',
  '\u0085',
  '\u001b[31m',
  '\u200f\u202eevil\u202c',
  'Cafe\u0301',
  '😀',
  HUGE,
  '4294967296',
  '2147483648',
  '-1',
  '0',
  '-0',
  '1e309',
  '9007199254740993',
  '99999999999999999999999999',
  'NaN',
  'Infinity',
  '1.5',
  '',
  ' ',
  '%00',
  '../../etc/passwd',
  '<script>alert(1)</script>',
  "' or 1=1 --",
  '{}',
  '[]',
  'null',
  'true',
  '2026-02-30',
  '9999-12-31T25:61',
  '//evil.example',
  'javascript:alert(1)',
  'https://exa\nmple.org',
] as const;
const specialUnit = fc.constantFrom(
  '\u0000',
  '\ud800',
  '\udc00',
  '\r',
  '\n',
  '\t',
  '\u0001',
  '\u007f',
  '\u0085',
  '\u200f',
  '\u202e',
  '\u2028',
  'e',
  '\u0301',
  '中',
  'ا',
  '😀',
  '%',
  '&',
  '=',
  '"',
  "'",
  '<',
  '\\',
);
const hostileString = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  { weight: 2, arbitrary: fc.string({ unit: fc.oneof(specialUnit, fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })), maxLength: 60 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 300 }) },
);
const hostileNumber = fc.constantFrom(4294967296, -1, 0, -0, 1e308, -1e308, 2 ** 53 + 1, 0.5, 2147483648, Number.MAX_SAFE_INTEGER);
/** A JSON value where the schema expects a string, a number or a list: the wrong type, nested, or the right type gone bad. */
const hostileJson: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: hostileString },
  { weight: 2, arbitrary: hostileNumber },
  { weight: 1, arbitrary: fc.constantFrom(null, true, false, [], {}, [null], { '\u0000': 1 }, ['\ud800'], [HUGE]) },
  { weight: 1, arbitrary: fc.array(hostileString, { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
);

/** Percent-encodes any JS string, lone surrogates included (as the three bytes a WTF-8 encoder would send). */
function enc(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    out +=
      c >= 0xd800 && c <= 0xdfff
        ? [0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join('')
        : encodeURIComponent(ch);
  }
  return out;
}

// ---- plausible values, so that some input gets past validation into services and the database -----

interface Fixture {
  ids: number[];
  activityIds: number[];
  submissionIds: number[];
  fileIds: number[];
  eventId: number;
  tokens: string[];
}

const FORM_KEYS: Record<string, (f: Fixture) => string[]> = {
  email: () => [`${crypto.randomUUID()}@fuzz.test`, 'not-an-email'],
  password: () => [PASSWORD, 'short'],
  displayName: () => ['Fuzz Person'],
  name: () => [`Fuzz Org ${crypto.randomUUID().slice(0, 8)}`],
  stakeholderType: () => ['academia', 'government'],
  country: () => ['KE', 'FR'],
  website: () => ['https://example.org'],
  title: () => ['A fuzzed title'],
  summary: () => [SUMMARY_60],
  description: () => ['Some description.\nOn two lines.'],
  originalLanguage: () => ['en', 'ar'],
  activityType: () => ['project'],
  status: () => ['ongoing', 'active', 'suspended'],
  startDate: () => ['2024-01-01'],
  endDate: () => ['2025-01-01'],
  scope: () => ['national'],
  countries: () => ['KE'],
  regions: () => ['002'],
  targetGroups: () => ['youth'],
  actionLines: () => ['c2'],
  sdgs: () => ['4', '4.1'],
  issues: () => ['cybersecurity'],
  rows: () => ['1', '3'],
  action: () => ['save', 'next', 'back', 'more'],
  'organisations.0.name': () => ['Partner'],
  'organisations.0.role': () => ['lead'],
  'organisations.0.stakeholderType': () => ['academia'],
  'links.0.url': () => ['https://example.org/x'],
  'links.0.label': () => ['Site'],
  contactName: () => ['Contact'],
  contactEmail: () => ['contact@fuzz.test'],
  contactPhone: () => ['+1 555'],
  reason: () => ['Because'],
  revision: () => ['1', '2'],
  mergeId: (f) => f.activityIds.map(String),
  decision: () => ['approve', 'reject', 'request_changes'],
  message: () => ['A message'],
  'comment.title': () => ['Fix the title'],
  'titles.en': () => ['A call'],
  'texts.en': () => ['Tell us'],
  opensAt: () => ['2026-01-01'],
  closesAt: () => ['2030-01-01'],
  accepts: () => ['both', 'new'],
  role: () => ['contributor', 'curator'],
  registration: () => ['open', 'approval'],
  submissions: () => ['always', 'calls'],
  confirmAfterDays: () => ['365'],
  rating: () => ['3', '5'],
  to: () => [`${crypto.randomUUID()}@fuzz.test`],
  fromName: () => ['A reader'],
  actorId: (f) => ['', ...f.activityIds.map(String)],
  userId: (f) => f.ids.map(String),
  organisationId: (f) => f.ids.map(String),
  kind: () => ['activity', 'actor', 'publication', 'event', 'story'],
  entryId: (f) => f.activityIds.map(String),
  language: () => ['fr', 'en'],
  addLanguage: () => ['fr'],
  'translations.fr.title': () => ['Un titre'],
  'translations.fr.summary': () => [SUMMARY_60],
  'actor.acronym': () => ['FZ'],
  'actor.address': () => ['1 Road\nNairobi, Kenya'],
  'actor.established': () => ['1999'],
  'actor.point.lat': () => ['1.5'],
  'actor.point.lon': () => ['36.8'],
  'actor.stakeholderType': () => ['academia'],
  'actor.digitalActivities': () => ['Training.'],
  'actor.issues.0.issue': () => ['cybersecurity'],
  'actor.issues.0.narrative': () => ['We work on it.'],
  'actor.issues.0.alias': () => ['Security'],
  'actor.social.0.network': () => ['Mastodon'],
  'actor.social.0.url': () => ['https://example.social/@fz'],
  'publication.authors': () => ['A. Author\nB. Author'],
  'publication.year': () => ['2024'],
  'publication.language': () => ['en', 'de'],
  'event.allDay': () => ['true', 'false'],
  'event.start': () => ['2026-05-01T09:00', '2026-05-01'],
  'event.end': () => ['2026-05-01T17:00'],
  'event.timeZone': () => ['Europe/Zurich', 'Mars/Olympus'],
  'event.mode': () => ['online', 'hybrid'],
  'event.city': () => ['Geneva'],
  'event.onlineUrl': () => ['https://example.org/live'],
  'story.strategy': () => ['Start small.'],
  'story.activityId': (f) => f.activityIds.map(String),
};

const FORM_KEY_NAMES = Object.keys(FORM_KEYS);
/** Stands for "a plausible value of this query key" in a sample. */
const PLAUSIBLE = '\u0000plausible';

const QUERY_KEYS: Record<string, (f: Fixture) => string[]> = {
  q: () => ['broadband', 'c5 "rural schools"', '-x*'],
  page: () => ['1', '2'],
  pageSize: () => ['10'],
  sort: () => ['newest', 'title', 'date'],
  next: () => ['/en/contribute', '/ar/'],
  token: (f) => f.tokens,
  language: () => ['fr'],
  rows: () => ['3'],
  saved: () => ['1'],
  status: () => ['submitted', 'pending'],
  call: (f) => f.ids.map(String),
  olderThanDays: () => ['7'],
  when: () => ['upcoming', 'past', 'month'],
  month: () => ['2026-05'],
  country: () => ['KE'],
  actionLine: () => ['c2'],
  mode: () => ['online'],
  c: () => ['KE', 'FR'],
  version: () => ['en', 'fr'],
  from: () => ['1'],
  to: () => ['2'],
  lang: () => ['fr'],
  kind: () => ['story'],
  sdg: () => ['4'],
  done: () => ['rated'],
  v: () => ['1'],
};

/** A value for a path parameter: plausible (an existing id, a real step) or hostile (pre-encoded for the URL). */
function paramValues(name: string, f: Fixture): { plausible: string[]; hostile: string[] } {
  const hostile = [
    '0',
    '-1',
    '4294967296',
    '2147483648',
    '99999999999999999999',
    'abc',
    '%00',
    '1%00',
    '%0D%0A',
    '%ED%A0%80',
    '%E2%80%AE',
    '1.5',
    '%20',
    '..',
    'x'.repeat(3000),
  ];
  const ids = [...f.ids, ...f.activityIds, ...f.submissionIds].map(String);
  const byName: Record<string, string[]> = {
    locale: ['en', 'ar', 'zh', 'xx'],
    id: ids,
    fileId: f.fileIds.map(String),
    step: [...STEP_IDS],
    token: f.tokens,
    index: ['0', '1', '60'],
    name: [...VOCABULARY_NAMES, 'app.css', 'app.js', 'a.pdf'],
    iso: ['KE', 'ke', 'XX'],
    file: [`${f.eventId}.ics`, '1.ics'],
  };
  return { plausible: byName[name] ?? ids, hostile };
}

/** `/:locale{[a-z][a-z]}/x/:id` → its parameters and a function filling them. */
function template(path: string) {
  const parts = path.split('/').map((seg) => {
    const m = /^:([A-Za-z]+)(\{.*\})?$/.exec(seg);
    return m ? { param: m[1]!, pattern: m[2] ? new RegExp(`^${m[2].slice(1, -1)}$`) : null } : { literal: seg.replace(/\*$/, 'anything') };
  });
  return parts;
}

// ---- one request ------------------------------------------------------------------------------------

interface Sample {
  role: Role;
  params: Array<{ hostile: boolean; pick: number }>;
  query: Array<[string, string]>;
  body: {
    kind: 'form' | 'json' | 'multipart' | 'raw';
    hostileKeys: string[];
    hostileValues: unknown[];
    pick: number;
    json: unknown;
    raw: string;
    type: string;
    fileName: string;
  };
  acceptLanguage: string | null;
}

const sampleArb = (paramCount: number): fc.Arbitrary<Sample> =>
  fc.record({
    role: fc.constantFrom(...ROLES),
    // One in five parameters is hostile.
    params: fc.array(fc.record({ hostile: fc.nat(4).map((n) => n === 0), pick: fc.nat(1000) }), { minLength: paramCount, maxLength: paramCount }),
    query: fc.oneof(
      { weight: 2, arbitrary: fc.constant([] as Array<[string, string]>) },
      {
        weight: 3,
        arbitrary: fc.array(
          fc.tuple(
            fc.oneof(
              fc.constantFrom(...Object.keys(QUERY_KEYS)),
              hostileString.map((s) => s.slice(0, 50)),
            ),
            fc.oneof(fc.constant(PLAUSIBLE), hostileString),
          ),
          { minLength: 1, maxLength: 4 },
        ),
      },
    ),
    body: fc.record({
      kind: fc.constantFrom('form', 'form', 'form', 'json', 'json', 'multipart', 'raw'),
      // Each known field is hostile with a rate drawn per run, from none to all of them.
      hostileKeys: fc
        .tuple(fc.constantFrom(0, 5, 20, 50, 100), fc.array(fc.nat(99), { minLength: FORM_KEY_NAMES.length, maxLength: FORM_KEY_NAMES.length }))
        .map(([rate, mask]) => FORM_KEY_NAMES.filter((_, i) => mask[i]! < rate)),
      hostileValues: fc.array(fc.oneof(hostileString, fc.array(hostileString, { minLength: 2, maxLength: 3 })), { minLength: 6, maxLength: 6 }),
      pick: fc.nat(1000),
      json: fc.oneof(
        {
          weight: 3,
          arbitrary: fc.dictionary(
            fc.oneof(
              fc.constantFrom(
                'title',
                'translations',
                'organisations',
                'links',
                'contact',
                'sdgs',
                'countries',
                'decision',
                'message',
                'fieldComments',
                'organisationId',
                'activityId',
                'kind',
                'actor',
                'publication',
                'event',
                'story',
                'startDate',
              ),
              hostileString.map((s) => s.slice(0, 40)),
            ),
            hostileJson,
            { maxKeys: 4 },
          ),
        },
        { weight: 1, arbitrary: hostileJson },
      ),
      raw: fc.constantFrom(
        '{"a":',
        '\u0000\u0001\u0002',
        '{"title":"\\ud800"}',
        '[1,2',
        'a=%ZZ&b=%00&c',
        '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n\u0000\r\n--x--',
        HUGE,
        '{"__proto__":{"polluted":1}}',
        'null',
      ),
      type: fc.constantFrom(
        'application/json',
        'application/x-www-form-urlencoded',
        'multipart/form-data',
        'multipart/form-data; boundary=x',
        'text/plain',
        'application/json; charset=utf-16',
        '',
      ),
      fileName: fc.constantFrom('a.pdf', 'a\u0000.pdf', 'a\r\n.pdf', '\ud800.pdf', `${'x'.repeat(5000)}.pdf`, '../../etc/passwd', ''),
    }),
    acceptLanguage: fc.option(fc.constantFrom('ar', 'zh-Hant-TW;q=0.9, *;q=0.1', 'x'.repeat(2000), ';;;,,,q=', 'en;q=NaN'), { nil: null }),
  });

const PDF = new TextEncoder().encode('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

/** The plausible form for a route: a value for every known field, then some fields made hostile (or repeated). */
function formOf(s: Sample['body'], f: Fixture): Record<string, string | string[]> {
  const form: Record<string, string | string[]> = {};
  for (const [k, values] of Object.entries(FORM_KEYS)) {
    const vs = values(f);
    if (vs.length) form[k] = vs[s.pick % vs.length]!;
  }
  s.hostileKeys.forEach((k, i) => {
    const v = s.hostileValues[i % s.hostileValues.length];
    form[k] = Array.isArray(v) ? v.map(String) : String(v);
  });
  return form;
}

describe('fuzz: every route, bounded random and hostile input, never a 5xx', () => {
  let t: TestDb;
  let f: Fixture;
  const clients = new Map<Role, TestClient>();
  const accounts = new Map<Role, { userId: number; email: string; role: 'contributor' | 'curator' | 'admin' }>();

  /** Signs a role in again (and undoes what the fuzz did to its account) when its session is gone. */
  async function keepSignedIn() {
    for (const [role, account] of accounts) {
      const client = clients.get(role)!;
      const session = client.cookies.get(SESSION_COOKIE);
      const ok = session ? (await client.request('GET', '/en/account')).status === 200 : false;
      if (ok) continue;
      await t.handle.db.updateTable('users').set({ status: 'active', role: account.role }).where('id', '=', account.userId).execute();
      const deps = { db: t.handle.db, config: t.deps.config };
      const { userId } = await signIn(deps, { email: account.email, password: PASSWORD }, `fixture-${role}`);
      const token = await createSession(deps, userId);
      client.cookies.clear();
      client.cookies.set(SESSION_COOKIE, token);
      client.csrf = '';
      await client.get('/en/account');
    }
  }

  before(async () => {
    t = await createTestDb();
    const org = await organisation(t, 'Fuzz Organisation');
    const otherOrg = await organisation(t, 'Other Organisation');
    const contributor = await person(t, { organisationId: org });
    const curator = await person(t, { role: 'curator' });
    const admin = await person(t, { role: 'admin' });
    const pending = await person(t, { status: 'pending' });
    accounts.set('contributor', { ...contributor, role: 'contributor' });
    accounts.set('curator', { ...curator, role: 'curator' });
    accounts.set('admin', { ...admin, role: 'admin' });

    const deps = { db: t.handle.db, taxonomy: t.deps.taxonomy, config: t.deps.config };
    const curatorActor = (await loadActor(t.handle.db, curator.userId))!;
    const published = async () => {
      const sid = await submissionRow(t, {
        organisationId: org,
        createdBy: contributor.userId,
        status: 'submitted',
        title: `Fuzz entry ${crypto.randomUUID()}`,
      });
      return (await decide(deps, curatorActor, sid, { decision: 'approve', message: '' })).entryId!;
    };
    const activityIds = [await published(), await published()];
    const kinds: Record<string, Record<string, unknown>> = {
      publication: { publication: { year: 2025, authors: ['A. Author'], language: null, fileIds: [] } },
      story: { story: { strategy: 'Start small.', activityId: activityIds[0] } },
      event: {
        event: {
          allDay: false,
          start: '2026-05-01T09:00',
          end: '2026-05-01T17:00',
          timeZone: 'Europe/Zurich',
          mode: 'online',
          city: '',
          onlineUrl: 'https://example.org/live',
        },
      },
      actor: { actor: { acronyms: { en: 'FZ' }, address: 'Nairobi, Kenya', issues: [{ issue: 'cybersecurity', narrative: 'Yes.', alias: null }] } },
    };
    let eventId = 0;
    for (const [kind, details] of Object.entries(kinds)) {
      const text = { en: { title: `A ${kind} ${crypto.randomUUID()}`, summary: SUMMARY_60, description: `${SUMMARY_60} ${SUMMARY_60}` } };
      const data = {
        ...completeDraft(),
        kind,
        activityType: undefined,
        status: undefined,
        scope: undefined,
        ...details,
        translations: text,
        links: [{ url: 'https://example.org/doc', label: null }],
      };
      const [row] = await importDrafts(deps, [{ externalId: crypto.randomUUID(), data: data as never }], 'fuzz fixture');
      activityIds.push(row!.id);
      if (kind === 'event') eventId = row!.id;
    }

    // Drafts of every kind, so every questionnaire step has a target; one with a file.
    const submissionIds: number[] = [];
    for (const kind of ['activity', ...Object.keys(kinds)]) {
      const id = await submissionRow(t, { organisationId: org, createdBy: contributor.userId });
      const data =
        kind === 'activity' ? completeDraft() : { ...completeDraft(), kind, activityType: undefined, status: undefined, scope: undefined, ...kinds[kind] };
      await t.handle.db
        .updateTable('submissions')
        .set({ data: JSON.stringify(data) })
        .where('id', '=', id)
        .execute();
      submissionIds.push(id);
    }
    submissionIds.push(await submissionRow(t, { organisationId: org, createdBy: contributor.userId, status: 'submitted' }));
    const fileId = await storedFile(t, { submissionId: submissionIds[1]!, uploadedBy: contributor.userId, bytes: PDF });
    const { id: callId } = await t.handle.db
      .insertInto('calls')
      .values({
        titles: JSON.stringify({ en: 'Open call' }),
        texts: JSON.stringify({}),
        opensAt: new Date(Date.now() - 86_400_000),
        closesAt: new Date(Date.now() + 86_400_000),
        accepts: 'both',
        createdBy: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();

    // A real reset token and a real verification token, so the token routes are reached past their format check.
    const visitor = new TestClient(t.app);
    const throwaway = await person(t);
    await visitor.post('/en/account/reset', { email: throwaway.email });
    const signUpEmail = `${crypto.randomUUID()}@fuzz.test`;
    await visitor.post('/en/account/sign-up', { email: signUpEmail, password: PASSWORD, displayName: 'Sign-up' });
    const tokens = [throwaway.email, signUpEmail].map(async (e) =>
      /token=([A-Za-z0-9_-]+)|reset\/([A-Za-z0-9_-]+)/.exec((await lastMail(t, e))?.textBody ?? ''),
    );
    const found = (await Promise.all(tokens)).map((m) => m?.[1] ?? m?.[2]).filter((x): x is string => Boolean(x));

    f = {
      ids: [org, otherOrg, contributor.userId, pending.userId, callId, 1, 2],
      activityIds,
      submissionIds,
      fileIds: [fileId],
      eventId,
      tokens: [...found, 'a'.repeat(43)],
    };
    clients.set('visitor', visitor);
    for (const role of ['contributor', 'curator', 'admin'] as const) {
      const c = new TestClient(t.app);
      await c.signIn(accounts.get(role)!.email, PASSWORD);
      clients.set(role, c);
    }
  });
  after(() => t?.close());

  it('has real tokens to reach the token routes with', () => {
    assert.ok(f.tokens.length >= 2, 'a reset or verification token was found in the outbox');
  });

  /** Routes as registered (middleware entries aside), each once. */
  const routes = () => {
    const seen = new Set<string>();
    return t.app.routes
      .filter((r) => r.method !== 'ALL')
      .filter((r) => {
        const key = `${r.method} ${r.path}`;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      });
  };

  type Route = { method: string; path: string };

  /** Sends one sample to a route; throws (with what was sent) on a 5xx or a logged unhandled error. */
  async function send(route: Route, s: Sample): Promise<void> {
    const client = clients.get(s.role)!;
    let i = 0;
    const path = template(route.path)
      .map((p) => {
        if ('literal' in p) return p.literal;
        const choice = s.params[i++] ?? { hostile: false, pick: 0 };
        const values = paramValues(p.param, f);
        const plausible = values.plausible.filter((v) => !p.pattern || p.pattern.test(v));
        if (choice.hostile || plausible.length === 0) return values.hostile[choice.pick % values.hostile.length]!;
        return enc(plausible[choice.pick % plausible.length]!);
      })
      .join('/');
    const query = s.query
      .map(([k, v]) => {
        const plausible = QUERY_KEYS[k]?.(f) ?? ['x'];
        return `${enc(k)}=${enc(v === PLAUSIBLE ? (plausible[s.body.pick % plausible.length] ?? 'x') : v)}`;
      })
      .join('&');
    const url = query ? `${path}?${query}` : path;
    const headers: Record<string, string> = {};
    if (s.acceptLanguage) headers['accept-language'] = s.acceptLanguage;
    if (client.csrf) headers['x-csrf-token'] = client.csrf;
    const cookie = [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const method = route.method;
    let sent = `${s.role} ${method} ${url.slice(0, 300)}`;
    const attempt = async (): Promise<Response> => {
      if (method === 'GET' || method === 'HEAD') return client.request(method, url, { headers });
      if (s.body.kind === 'form') {
        sent += ` form, hostile: ${JSON.stringify(s.body.hostileKeys.slice(0, 10))} = ${JSON.stringify(s.body.hostileValues).slice(0, 200)}`;
        return client.request(method, url, { form: { _csrf: client.csrf, ...formOf(s.body, f) }, headers });
      }
      if (s.body.kind === 'json') {
        const base = route.path.includes('decision')
          ? { decision: 'request_changes', message: 'x', fieldComments: { title: 'x' } }
          : route.path.endsWith('/submissions')
            ? { organisationId: f.ids[0], kind: 'story' }
            : completeDraft();
        const json = s.body.json !== null && typeof s.body.json === 'object' && !Array.isArray(s.body.json) ? { ...base, ...s.body.json } : s.body.json;
        sent += ` json ${JSON.stringify(json)?.slice(0, 300)}`;
        return client.request(method, url, { json, headers });
      }
      if (s.body.kind === 'multipart') {
        const form = new FormData();
        form.set('_csrf', client.csrf);
        for (const [k, v] of Object.entries(formOf(s.body, f))) for (const x of Array.isArray(v) ? v : [v]) form.append(k, x);
        if (s.body.fileName || s.body.pick % 2) form.set('file', new File([PDF as Uint8Array<ArrayBuffer>], s.body.fileName, { type: 'application/pdf' }));
        sent += ` multipart, file ${JSON.stringify(s.body.fileName.slice(0, 40))}, hostile: ${JSON.stringify(s.body.hostileKeys.slice(0, 10))}`;
        return t.app.request(url, { method, headers: { ...headers, ...(cookie ? { cookie } : {}) }, body: form });
      }
      sent += ` raw ${JSON.stringify(s.body.type)} ${JSON.stringify(s.body.raw.slice(0, 60))}`;
      return t.app.request(url, {
        method,
        headers: { ...headers, ...(cookie ? { cookie } : {}), ...(s.body.type ? { 'content-type': s.body.type } : {}) },
        body: s.body.raw,
      });
    };
    let res: Response;
    try {
      res = await attempt();
      await res.arrayBuffer();
    } catch (e) {
      throw new Error(`${sent}\n${e instanceof Error ? e.message.slice(0, 2000) : String(e)}`);
    }
    assert.ok(res.status < 500, `${res.status} for ${sent}`);
  }

  // The 100 kB string and the rest of the hostile values come in the random runs; the sweep is for the classes that broke things.
  const SWEEP = ['a\u0000b', 'x\ud800', 'a\r\nb', '4294967296'] as const;

  it('sends each hostile value in every field, parameter and query of every route', async () => {
    const all = routes();
    const failures: string[] = [];
    for (const [r, route] of all.entries()) {
      for (const [v, value] of SWEEP.entries()) {
        const role = ROLES[(r + v) % ROLES.length]!;
        const params = template(route.path)
          .filter((p) => 'param' in p)
          .map(() => ({ hostile: false, pick: v }));
        const body = { kind: 'form' as const, hostileKeys: FORM_KEY_NAMES, hostileValues: [value], pick: v, json: null, raw: '', type: '', fileName: 'a.pdf' };
        const samples: Sample[] = [];
        if (route.method === 'GET') samples.push({ role, params, query: Object.keys(QUERY_KEYS).map((k) => [k, value]), body, acceptLanguage: null });
        else {
          samples.push({ role, params, query: [], body, acceptLanguage: null });
          if (route.path.startsWith('/api/')) {
            const json = Object.fromEntries(
              ['title', 'translations', 'organisations', 'links', 'contact', 'message', 'fieldComments', 'decision', 'kind'].map((k) => [
                k,
                k === 'translations'
                  ? { en: { title: value, summary: value } }
                  : k === 'organisations'
                    ? [{ name: value, role: 'lead', stakeholderType: 'academia' }]
                    : k === 'links'
                      ? [{ url: value, label: value }]
                      : k === 'contact'
                        ? { name: value, email: value }
                        : k === 'fieldComments'
                          ? { title: value }
                          : value,
              ]),
            );
            samples.push({ role, params, query: [], body: { ...body, kind: 'json', json }, acceptLanguage: null });
          }
        }
        // Hostile path parameters, once per value.
        if (params.length) samples.push({ role, params: params.map(() => ({ hostile: true, pick: v })), query: [], body, acceptLanguage: null });
        for (const sample of samples) {
          try {
            await send(route, sample);
          } catch (e) {
            failures.push(e instanceof Error ? e.message : String(e));
          }
        }
      }
      await keepSignedIn();
    }
    assert.deepEqual(failures, []);
  });

  it('sends bounded random input to every route', async () => {
    const all = routes();
    assert.ok(all.length > 50, `the app registers ${all.length} routes`);
    const failures: string[] = [];
    for (const route of all) {
      const paramCount = template(route.path).filter((p) => 'param' in p).length;
      try {
        await fc.assert(
          fc.asyncProperty(sampleArb(paramCount), (s) => send(route, s)),
          { numRuns: RUNS, seed: SEED, endOnFailure: true },
        );
      } catch (e) {
        failures.push(`${route.method} ${route.path}: ${e instanceof Error ? e.message.slice(0, 2500) : String(e)}`);
      }
      await keepSignedIn();
    }
    assert.deepEqual(failures, []);
  });
});
