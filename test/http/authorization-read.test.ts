import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadActor } from '../../src/modules/accounts/accounts.service';
import { decide } from '../../src/modules/submissions/review.service';
import { createToken } from '../../src/modules/tokens/tokens.service';
import { TestClient } from '../support/client';
import { castOfRoles, completeDraft, PASSWORD, storedFile, submissionRow } from '../support/people';
import { prizeContest, prizeNomination } from '../support/prizes';
import { createTestDb, type TestDb } from '../support/test-db';
import { openConsultation, pendingStatement } from '../support/consultations';

/** People, and an API token of organisation A (`submissions:read`, made by its editor), sent as `Authorization: Bearer` without a session. */
const ROLES = ['visitor', 'pending', 'contributor', 'member', 'editor', 'otherEditor', 'curator', 'admin', 'token'] as const;
type Role = (typeof ROLES)[number];
type Person = Exclude<Role, 'visitor' | 'token'>;
const SIGNED_IN: Person[] = ROLES.filter((r): r is Person => r !== 'visitor' && r !== 'token');
/** The author (a member of organisation A), its editor, and the staff. */
const DRAFT_READERS: Role[] = ['member', 'editor', 'curator', 'admin'];
const STAFF: Role[] = ['curator', 'admin'];

interface Fixture {
  t: TestDb;
  orgA: number;
  users: Record<Person, { userId: number; email: string }>;
  /** A draft of organisation A by its member. */
  draft(): Promise<number>;
  /** A submitted (waiting for review) submission of organisation A. */
  submitted(): Promise<number>;
  /** A published entry owned by organisation A, with one revision. */
  publishedEntry(): Promise<number>;
  /** A file uploaded to a draft of organisation A (not public). */
  draftFile(): Promise<number>;
  draftImage(): Promise<number>;
  /** A pending statement (with one file) by organisation A's member, on an open consultation: `/consultations/:id/statements/:sid`. */
  pendingStatement(): Promise<{ path: string; fileId: number }>;
  /** A prize contest in its submission phase. */
  prize(): Promise<{ id: number; year: number }>;
}

/**
 * Every GET route that is not public, with who may read it. `path` makes a fresh target, so one
 * role's reading cannot change what the next role meets. Denied means 401/403/404 or a redirect to
 * sign in; allowed means 200.
 */
const TABLE: Array<{ route: string; allowed: readonly Role[]; path: (f: Fixture) => Promise<string> }> = [
  { route: 'GET /:locale/account', allowed: SIGNED_IN, path: async () => '/en/account' },
  { route: 'GET /:locale/account/password', allowed: SIGNED_IN, path: async () => '/en/account/password' },
  { route: 'GET /:locale/account/sessions', allowed: SIGNED_IN, path: async () => '/en/account/sessions' },
  { route: 'GET /:locale/account/two-factor', allowed: SIGNED_IN, path: async () => '/en/account/two-factor' },
  { route: 'GET /:locale/organisations/new', allowed: SIGNED_IN, path: async () => '/en/organisations/new' },
  { route: 'GET /:locale/contribute', allowed: SIGNED_IN, path: async () => '/en/contribute' },
  { route: 'GET /:locale/contribute/submissions/:id', allowed: DRAFT_READERS, path: async (f) => `/en/contribute/submissions/${await f.draft()}` },
  // The questionnaire itself: only those who may edit the draft (curators read it on the review page).
  {
    route: 'GET /:locale/contribute/submissions/:id/:step',
    allowed: ['member', 'editor'],
    path: async (f) => `/en/contribute/submissions/${await f.draft()}/about`,
  },
  // A token reads its organisation's submissions through the API, and nothing else in this table.
  { route: 'GET /api/v1/submissions/:id', allowed: [...DRAFT_READERS, 'token'], path: async (f) => `/api/v1/submissions/${await f.draft()}` },
  // policy.ts 'token.manage': the organisation's editors and administrators.
  { route: 'GET /:locale/organisations/:id/tokens', allowed: ['editor', 'admin'], path: async (f) => `/en/organisations/${f.orgA}/tokens` },
  { route: 'GET /:locale/admin/tokens', allowed: ['admin'], path: async () => '/en/admin/tokens' },
  // policy.ts 'entry.history': the owning organisation's editors and the staff.
  { route: 'GET /:locale/:kind/:id/history', allowed: ['editor', 'curator', 'admin'], path: async (f) => `/en/activities/${await f.publishedEntry()}/history` },
  {
    route: 'GET /:locale/:kind/:id/diff',
    allowed: ['editor', 'curator', 'admin'],
    path: async (f) => `/en/activities/${await f.publishedEntry()}/diff?from=1&to=1`,
  },
  { route: 'GET /:locale/review', allowed: STAFF, path: async () => '/en/review' },
  { route: 'GET /:locale/review/:id', allowed: STAFF, path: async (f) => `/en/review/${await f.submitted()}` },
  { route: 'GET /:locale/calls/new', allowed: STAFF, path: async () => '/en/calls/new' },
  // policy.ts 'report.manage': curators' pages of the yearly report (an unpublished report's public page is 404 to all).
  { route: 'GET /:locale/admin/reports', allowed: STAFF, path: async () => '/en/admin/reports' },
  { route: 'GET /:locale/admin/reports/new', allowed: STAFF, path: async () => '/en/admin/reports/new' },
  { route: 'GET /:locale/admin/reports/:id', allowed: STAFF, path: async (f) => `/en/admin/reports/${await draftReport(f)}` },
  { route: 'GET /:locale/admin/reports/:id/edit', allowed: STAFF, path: async (f) => `/en/admin/reports/${await draftReport(f)}/edit` },
  { route: 'GET /:locale/admin/users', allowed: ['admin'], path: async () => '/en/admin/users' },
  { route: 'GET /:locale/admin/settings', allowed: ['admin'], path: async () => '/en/admin/settings' },
  { route: 'GET /:locale/admin/outbox', allowed: ['admin'], path: async () => '/en/admin/outbox' },
  { route: 'GET /:locale/admin/audit', allowed: STAFF, path: async () => '/en/admin/audit' },
  { route: 'GET /:locale/admin/import', allowed: ['admin'], path: async () => '/en/admin/import' },
  // A file of a draft: those who may edit the draft and the reviewers; a published entry's listed files are public.
  { route: 'GET /files/:id{[0-9]+}', allowed: DRAFT_READERS, path: async (f) => `/files/${await f.draftFile()}` },
  { route: 'GET /files/:id{[0-9]+}/:name', allowed: DRAFT_READERS, path: async (f) => `/files/${await f.draftFile()}/a.pdf` },
  // A draft story's image: the same readers; a published entry's image is public.
  { route: 'GET /images/:id{[0-9]+}', allowed: DRAFT_READERS, path: async (f) => `/images/${await f.draftImage()}` },
  // Consultations: curators open them and moderate; a statement not yet approved (or private) is its author's and the staff's.
  { route: 'GET /:locale/consultations/new', allowed: STAFF, path: async () => '/en/consultations/new' },
  { route: 'GET /:locale/consultations/moderation', allowed: STAFF, path: async () => '/en/consultations/moderation' },
  { route: 'GET /:locale/consultations/:id/statements/:sid', allowed: ['member', ...STAFF], path: async (f) => (await f.pendingStatement()).path },
  {
    route: 'GET /:locale/consultations/:id/statements/:sid/files/:fileId',
    allowed: ['member', ...STAFF],
    path: async (f) => {
      const s = await f.pendingStatement();
      return `${s.path}/files/${s.fileId}`;
    },
  },
  // The WSIS Prizes: a curator's pages; the nomination form for members of an organisation; a nomination
  // not yet accepted for its organisation's members and the staff (an accepted one is public).
  { route: 'GET /:locale/prizes/new', allowed: STAFF, path: async () => '/en/prizes/new' },
  { route: 'GET /:locale/prizes/:year{[0-9]{4}}/edit', allowed: STAFF, path: async (f) => `/en/prizes/${(await f.prize()).year}/edit` },
  { route: 'GET /:locale/prizes/:year{[0-9]{4}}/screening', allowed: STAFF, path: async (f) => `/en/prizes/${(await f.prize()).year}/screening` },
  // The curators' votes page (fraud signals) and the audit export of all votes.
  { route: 'GET /:locale/prizes/:year{[0-9]{4}}/votes', allowed: STAFF, path: async (f) => `/en/prizes/${(await f.prize()).year}/votes` },
  { route: 'GET /:locale/prizes/:year{[0-9]{4}}/votes.csv', allowed: STAFF, path: async (f) => `/en/prizes/${(await f.prize()).year}/votes.csv` },
  { route: 'GET /:locale/prizes/:year{[0-9]{4}}/votes.json', allowed: STAFF, path: async (f) => `/en/prizes/${(await f.prize()).year}/votes.json` },
  {
    route: 'GET /:locale/prizes/:year{[0-9]{4}}/nominate',
    allowed: ['member', 'editor', 'otherEditor'],
    path: async (f) => `/en/prizes/${(await f.prize()).year}/nominate`,
  },
  // The jury: a juror's page for the contest's jurors only (here organisation A's member), the curators' selection page.
  {
    route: 'GET /:locale/prizes/:year{[0-9]{4}}/jury',
    allowed: ['member'],
    path: async (f) => {
      const c = await prizeContest(f.t.handle.db, 'selection');
      await f.t.handle.db.insertInto('prizeContestJurors').values({ contestId: c.id, userId: f.users.member.userId, assignedBy: null }).execute();
      return `/en/prizes/${c.year}/jury`;
    },
  },
  { route: 'GET /:locale/prizes/:year{[0-9]{4}}/selection', allowed: STAFF, path: async (f) => `/en/prizes/${(await f.prize()).year}/selection` },
  {
    route: 'GET /:locale/prizes/:year{[0-9]{4}}/nominations/:id',
    allowed: DRAFT_READERS,
    path: async (f) => {
      const c = await f.prize();
      return `/en/prizes/${c.year}/nominations/${await prizeNomination(f.t.handle.db, { contestId: c.id, organisationId: f.orgA, createdBy: f.users.member.userId })}`;
    },
  },
];

/** GET routes anyone may read (published things, forms to sign in, reference data). */
const PUBLIC = [
  'GET /',
  'GET /healthz',
  'GET /static/:name',
  'GET /favicon.svg',
  'GET /favicon.ico',
  'GET /site-logo',
  'GET /robots.txt',
  // OAI-PMH: published entries (and archived ones as deleted headers) for harvesters.
  'GET /oai',
  'GET /sitemap.xml',
  'GET /sitemaps/:file{[a-z]+(?:-[0-9]+)?\\.xml}',
  'GET /api/v1/search',
  ...['activities', 'actors', 'publications', 'events', 'stories'].flatMap((k) => [`GET /api/v1/${k}`, `GET /api/v1/${k}/:id`]),
  'GET /api/v1/vocabularies/:name',
  // IATI 2.03 file of a search of published activities (contacts are never in it).
  'GET /api/v1/exports/iati',
  'GET /api/v1/questionnaire',
  'GET /api/v1/exports/:format',
  'GET /api/openapi.json',
  // Embeds: a search's results for other sites' frames, the web component's script, and the generator.
  'GET /embed.js',
  'GET /embed/:locale/search',
  'GET /:locale/embed',
  // sign-in/code: the second step, which only a browser holding a pending sign-in can go on with.
  ...['sign-up', 'verify', 'confirm-email', 'sign-in', 'sign-in/code', 'reset', 'reset/:token'].map((p) => `GET /:locale/account/${p}`),
  'GET /:locale/organisations',
  'GET /:locale/organisations/:id',
  'GET /:locale/calls',
  'GET /:locale/calls/:id',
  // Consultations: the list, a consultation, its synthesis and exports show approved public statements only (staff: all).
  'GET /:locale/consultations',
  'GET /:locale/consultations/:id',
  'GET /:locale/consultations/:id/synthesis',
  'GET /:locale/consultations/:id/statements.csv',
  'GET /:locale/consultations/:id/statements.json',
  // The prizes: contests, the nominated list per category (404 before voting opens), results (404 before the close).
  'GET /:locale/prizes',
  'GET /:locale/prizes/:year{[0-9]{4}}',
  'GET /:locale/prizes/:year{[0-9]{4}}/categories/:category{c[0-9]+(?:-e-[a-z]+)?}',
  'GET /:locale/prizes/:year{[0-9]{4}}/results',
  // The winners and champions: 404 to everyone until the announcement phase starts (test/http/prizes-jury.test.ts).
  'GET /:locale/prizes/:year{[0-9]{4}}/winners',
  'GET /:locale/events',
  'GET /:locale/events/calendar.ics',
  'GET /:locale/events/:file{[0-9]+\\.ics}',
  'GET /:locale/publications',
  'GET /:locale/countries',
  'GET /:locale/countries/compare',
  'GET /:locale/countries/:iso{[A-Za-z]{2}}',
  // The map of any search: the published register's country counts and actors' places.
  'GET /:locale/map',
  // Open data: the snapshots page and the snapshot files (a name the table does not list is 404).
  'GET /:locale/data',
  'GET /data/snapshots/:file',
  // Published reports and their files (an unpublished report's files only to curators: test/http/reports.test.ts).
  'GET /:locale/reports',
  'GET /:locale/reports/:id',
  'GET /reports/files/:file',
  'GET /:locale',
  'GET /:locale/',
  'GET /:locale/search',
  ...['activities', 'actors', 'stories'].map((k) => `GET /:locale/${k}`),
  ...['activities', 'actors', 'publications', 'events', 'stories'].map((k) => `GET /:locale/${k}/:id`),
  // Feeds of any search and of each kind's list (Atom and JSON Feed).
  ...['search', 'activities', 'actors', 'publications', 'events', 'stories'].flatMap((k) => [`GET /:locale/${k}.atom`, `GET /:locale/${k}.json`]),
  // The WSIS–SDG crosswalk: its data and its vocabulary pages (reference data and counts of published entries).
  'GET /api/v1/crosswalk',
  'GET /:locale/action-lines',
  'GET /:locale/action-lines/:code{c[0-9]{1,2}(?:-[a-z-]{1,30})?}',
  'GET /:locale/sdgs',
  'GET /:locale/sdgs/:code{[0-9]{1,2}(?:\\.[0-9a-z]{1,2})?}',
  // Dashboards of any search (published entries' counts) and each chart's numbers as CSV.
  'GET /:locale/dashboard',
  'GET /:locale/dashboard.csv',
];

/** An unpublished report, for the curators' pages. */
async function draftReport(f: Fixture) {
  const year = new Date().getUTCFullYear();
  const { id } = await f.t.handle.db
    .insertInto('reports')
    .values({
      titles: JSON.stringify({ en: 'A draft report' }),
      introductions: '{}',
      periodFrom: `${year}-01-01`,
      periodTo: `${year}-12-31`,
      filters: '',
      languages: JSON.stringify(['en']),
      highlights: '{}',
      published: false,
      createdBy: null,
      updatedAt: new Date(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

const normalise = (path: string) => path.replace(/:locale\{[^}]*\}/, ':locale').replace(/:kind\{[^}]*\}/, ':kind');

describe('authorisation: every GET route that is not public × every role', () => {
  let f: Fixture;
  const clients = new Map<Role, TestClient>();

  before(async () => {
    const t = await createTestDb();
    const { orgA, users } = await castOfRoles(t);
    const curatorActor = (await loadActor(t.handle.db, users.curator.userId))!;
    const deps = { db: t.handle.db, taxonomy: t.deps.taxonomy, config: t.deps.config };
    const draft = () => submissionRow(t, { organisationId: orgA, createdBy: users.member.userId, title: `Draft ${crypto.randomUUID()}` });
    const submitted = () =>
      submissionRow(t, { organisationId: orgA, createdBy: users.member.userId, status: 'submitted', title: `Sent ${crypto.randomUUID()}` });
    const publishedEntry = async () => {
      const { entryId } = await decide(deps, curatorActor, await submitted(), { decision: 'approve', message: '' });
      return entryId!;
    };
    const draftFile = async () => {
      const submissionId = await draft();
      const fileId = await storedFile(t, { submissionId, uploadedBy: users.member.userId });
      const data = {
        ...completeDraft(),
        kind: 'publication',
        activityType: undefined,
        status: undefined,
        scope: undefined,
        publication: { year: 2025, authors: [], language: null, fileIds: [fileId] },
      };
      await t.handle.db
        .updateTable('submissions')
        .set({ data: JSON.stringify(data) })
        .where('id', '=', submissionId)
        .execute();
      return fileId;
    };
    const draftImage = async () => {
      const submissionId = await draft();
      const fileId = await storedFile(t, { submissionId, uploadedBy: users.member.userId, name: 'image-320.webp', mimeType: 'image/webp', fileKind: 'image' });
      const story = { image: { width: 320, height: 200, variants: [{ id: fileId, width: 320, type: 'image/webp' }], alt: { en: 'A class' } } };
      const data = { ...completeDraft(), kind: 'story', activityType: undefined, status: undefined, scope: undefined, story };
      await t.handle.db
        .updateTable('submissions')
        .set({ data: JSON.stringify(data) })
        .where('id', '=', submissionId)
        .execute();
      return fileId;
    };
    const consultationId = await openConsultation(t, users.curator.userId);
    const pending = async () => {
      const s = await pendingStatement(t, { consultationId, organisationId: orgA, authorId: users.member.userId, withFile: true });
      return { path: `/en/consultations/${consultationId}/statements/${s.statementId}`, fileId: s.fileId! };
    };
    f = {
      t,
      orgA,
      users,
      draft,
      submitted,
      publishedEntry,
      draftFile,
      draftImage,
      pendingStatement: pending,
      prize: () => prizeContest(t.handle.db, 'submission'),
    };
    clients.set('visitor', new TestClient(t.app));
    for (const role of SIGNED_IN) {
      const c = new TestClient(t.app);
      await c.signIn(users[role].email, PASSWORD);
      clients.set(role, c);
    }
    const editorActor = (await loadActor(t.handle.db, users.editor.userId))!;
    const { secret } = await createToken(t.handle.db, editorActor, orgA, { name: 'Reader', scopes: ['submissions:read'], expiresInDays: 7 });
    clients.set('token', new TestClient(t.app, { authorization: `Bearer ${secret}` }));
  });
  after(() => f.t.close());

  it('the table and the public list name every GET route the application has', () => {
    const routes = [...new Set(f.t.app.routes.filter((r) => r.method === 'GET').map((r) => `${r.method} ${normalise(r.path)}`))].sort();
    const named = [...TABLE.map((r) => r.route), ...PUBLIC];
    assert.deepEqual(
      routes.filter((r) => !named.includes(r)),
      [],
      'routes missing from the table (or from the public list)',
    );
    assert.deepEqual(
      named.filter((r) => !routes.includes(r)),
      [],
      'listed routes the application no longer has',
    );
  });

  for (const row of TABLE) {
    it(row.route, async () => {
      const outcomes: string[] = [];
      for (const role of ROLES) {
        const res = (await clients.get(role)!.get(await row.path(f))).res;
        const toSignIn = res.status === 303 && /\/account\/sign-in/.test(res.headers.get('location') ?? '');
        const denied = toSignIn || [401, 403, 404].includes(res.status);
        const expected = row.allowed.includes(role);
        assert.ok(res.status < 500, `${role}: ${res.status}`);
        if (expected ? res.status !== 200 : !denied) outcomes.push(`${role}: got ${res.status}, expected ${expected ? 'allowed' : 'denied'}`);
      }
      assert.deepEqual(outcomes, []);
    });
  }

  it('a contributor of another organisation learns nothing of a draft: not its title, not whether it exists', async () => {
    const id = await f.draft();
    const title = (await f.t.handle.db.selectFrom('submissions').select('data').where('id', '=', id).executeTakeFirstOrThrow()).data as {
      translations: { en: { title: string } };
    };
    const other = clients.get('otherEditor')!;
    for (const path of [`/en/contribute/submissions/${id}`, `/en/contribute/submissions/${id}/about`, `/api/v1/submissions/${id}`]) {
      const seen = await other.get(path);
      const missing = await other.get(path.replace(String(id), String(id + 100_000)));
      assert.equal(seen.status, 404, path);
      assert.equal(missing.status, 404, `${path}: the same answer as for an id that does not exist`);
      assert.ok(!seen.text.includes(title.translations.en.title), `${path} shows nothing of the draft`);
    }
  });
});
