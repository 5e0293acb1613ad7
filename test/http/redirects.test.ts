import assert from 'node:assert/strict';
import sharp from 'sharp';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ENTRY_NOTICES } from '../../src/ui/pages/entry.page';
import { importEntries } from '../../src/modules/submissions/jsonl.import';
import { entryLine } from '../support/factories';
import { TestClient } from '../support/client';
import { organisation, PASSWORD, person, submissionRow } from '../support/people';
import { freshCodeFor } from '../support/two-factor';
import { createTestDb, type TestDb } from '../support/test-db';
import { consultationForm } from '../support/consultations';
import { juryContest } from '../support/prize-jury';
import { prizeContest, prizeNomination } from '../support/prizes';

/**
 * Every redirect the product makes lands on a page that accepts it. While they run, each `c.redirect(` call in src/ that answers is
 * noted (from its stack, so by file and line); a client follows each Location at
 * once, as a browser does, with the same cookies (up to 3 more redirects) and expects 200. The flows below drive every
 * call site; the last test fails when one in src/ was not reached, so a new redirect cannot go unwalked.
 */

const ROOT = join(import.meta.dirname, '../..');
const reached = new Map<string, string[]>();
const PDF = new TextEncoder().encode('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

/**
 * Notes, while the tests run, each `Location` the app sets (Hono's `c.redirect` sets it through `Headers#set`): the
 * first frame of the stack inside src/ is the `c.redirect(` call that made it.
 */
function recordRedirects(): () => void {
  const set = Headers.prototype.set;
  Headers.prototype.set = function (this: Headers, name: string, value: string) {
    if (name.toLowerCase() === 'location') {
      const frame = new Error().stack?.split('\n').find((l) => l.includes(`${ROOT}/src/`));
      const site = frame ? /\((.*):(\d+):\d+\)$|at (.*):(\d+):\d+$/.exec(frame) : null;
      if (site) {
        const key = `${relative(ROOT, site[1] ?? site[3]!)}:${site[2] ?? site[4]}`;
        reached.set(key, [...(reached.get(key) ?? []), value]);
      }
    }
    set.call(this, name, value);
  };
  return () => {
    Headers.prototype.set = set;
  };
}

const followed: string[] = [];

/** A test client that follows every redirect it is given, at once, and insists on a 200 at the end. */
class FollowingClient extends TestClient {
  override async request(method: string, path: string, init: Parameters<TestClient['request']>[2] = {}) {
    const res = await super.request(method, path, init);
    await this.follow(res, `${method} ${path}`);
    return res;
  }

  override async upload(path: string, file: { name: string; bytes: Uint8Array; type?: string; field?: string }, fields: Record<string, string> = {}) {
    const r = await super.upload(path, file, fields);
    await this.follow(r.res, `POST ${path} (upload)`);
    return r;
  }

  private following = false;
  private async follow(res: Response, from: string) {
    if (this.following || res.status < 300 || res.status >= 400) return;
    this.following = true;
    try {
      let at = res.headers.get('location') ?? '';
      for (let hop = 0; ; hop += 1) {
        assert.ok(at.startsWith('/') && !at.startsWith('//'), `${from}: a Location within the site (${at})`);
        const next = await super.request('GET', at.replace(/#.*$/, ''));
        if (next.status >= 300 && next.status < 400 && hop < 3) {
          at = next.headers.get('location') ?? '';
          continue;
        }
        const body = await next.text();
        assert.equal(next.status, 200, `${from} → ${res.headers.get('location')} ended on ${at} with ${next.status}: ${body.slice(0, 300)}`);
        followed.push(`${from} → ${res.headers.get('location')}`);
        return;
      }
    } finally {
      this.following = false;
    }
  }
}

let t: TestDb;
let restore: () => void;
const ids: Record<string, number> = {};
let orgA = 0;

const entry = entryLine;

before(async () => {
  t = await createTestDb();
  restore = recordRedirects();
  orgA = await organisation(t, 'Redirects Organisation');
  const report = await importEntries(t.deps, [
    entry('r-activity', 'Telecentres'),
    entry('r-other', 'Telecentres again'),
    entry('r-publication', 'A report', { kind: 'publication', publication: { year: 2024, authors: [] } }),
    entry('r-story', 'A story', { kind: 'story', story: { strategy: 'Start small.' } }),
  ]);
  assert.equal(report.failed, 0, JSON.stringify(report.errors));
  for (const r of await t.deps.db.selectFrom('entries').select(['id', 'externalId']).execute()) if (r.externalId) ids[r.externalId.slice(2)] = r.id;
});
after(async () => {
  restore();
  await t.close();
});

const client = () => new FollowingClient(t.app);
async function signedIn(opts: Parameters<typeof person>[1] = {}) {
  const p = await person(t, opts);
  const c = client();
  await c.signIn(p.email, PASSWORD);
  return { c, ...p };
}
const ok = (r: { status: number; text: string }, what: string) =>
  assert.ok(r.status === 303 || r.status === 301 || r.status === 302, `${what}: ${r.status} ${r.text.slice(0, 300)}`);

describe('every redirect lands on a page that accepts it', () => {
  it('for a visitor: the root, a locale without its slash, an old address, a page that needs an account', async () => {
    const v = client();
    for (const path of ['/', '/en', '/en/countries/ke', `/en/activities/${ids.story}`, `/en/activities/${ids.publication}?version=en`, '/en/contribute']) {
      const r = await v.get(path);
      assert.ok([301, 302, 303].includes(r.status), `${path}: ${r.status}`);
    }
  });

  it('signing in, with and without a second factor, and staff sent to enrol', async () => {
    const staff = await person(t, { role: 'curator' });
    const c = client();
    ok(await c.post('/en/account/sign-in?next=%2Fen%2Freview', { email: staff.email, password: PASSWORD }), 'first step');
    ok(await c.post('/en/account/sign-in/code?next=%2Fen%2Freview', { code: await freshCodeFor(staff.email) }), 'second step');
    const unenrolled = await person(t, { role: 'curator', twoFactor: false });
    const u = client();
    ok(await u.post('/en/account/sign-in', { email: unenrolled.email, password: PASSWORD }), 'staff without a second factor');
    ok(await u.get('/en/review'), 'a staff page asks for enrolment');
  });

  it('account changes: sessions ended here and elsewhere, a second factor turned off, signing out, an expired session', async () => {
    const a = await signedIn({ twoFactor: true });
    const other = await t.handle.db
      .insertInto('sessions')
      .values({ id: crypto.randomUUID(), userId: a.userId, csrfToken: 'x', expiresAt: new Date(Date.now() + 3_600_000), userAgent: null })
      .returning('handle')
      .executeTakeFirstOrThrow();
    ok(await a.c.post(`/en/account/sessions/${other.handle}/sign-out`), 'another session');
    ok(await a.c.post('/en/account/two-factor/disable', { password: PASSWORD, disableCode: await freshCodeFor(a.email) }), 'second factor off');
    const own = await t.handle.db.selectFrom('sessions').select('handle').where('userId', '=', a.userId).executeTakeFirstOrThrow();
    ok(await a.c.post(`/en/account/sessions/${own.handle}/sign-out`), 'this session');

    const b = await signedIn();
    ok(await b.c.post('/en/account/sessions/sign-out-everywhere'), 'everywhere');
    const d = await signedIn();
    ok(await d.c.post('/en/account/sign-out'), 'sign out');
    const e = await signedIn();
    await t.handle.db
      .updateTable('sessions')
      .set({ lastSeenAt: new Date(Date.now() - 400 * 86_400_000) })
      .where('userId', '=', e.userId)
      .execute();
    ok(await e.c.get('/en/account/sessions?x=1'), 'an expired session');
  });

  it('organisations: created, joined, a membership decided', async () => {
    const editor = await signedIn({ organisationId: orgA });
    ok(await editor.c.post('/en/organisations', { name: `Org ${crypto.randomUUID()}`, stakeholderType: 'academia' }), 'create');
    const applicant = await signedIn();
    ok(await applicant.c.post(`/en/organisations/${orgA}/join`), 'join');
    ok(await editor.c.post(`/en/organisations/${orgA}/members`, { userId: String(applicant.userId), decision: 'approve' }), 'decide');
  });

  it('API tokens: revoked from the organisation’s page and from the administrators’ list', async () => {
    const editor = await signedIn({ organisationId: orgA });
    await editor.c.get(`/en/organisations/${orgA}/tokens`);
    const made = await editor.c.post(`/en/organisations/${orgA}/tokens`, { name: 'Redirects', scopes: 'submissions:read', expiresInDays: '7' });
    assert.equal(made.status, 200, 'the secret is shown on the answer itself, not after a redirect');
    const ids = async () =>
      (await t.handle.db.selectFrom('apiTokens').select('id').where('organisationId', '=', orgA).orderBy('id').execute()).map((r) => r.id);
    ok(await editor.c.post(`/en/organisations/${orgA}/tokens/${(await ids()).at(-1)}/revoke`), 'revoked by an editor');
    await editor.c.post(`/en/organisations/${orgA}/tokens`, { name: 'Redirects 2', scopes: 'submissions:read', expiresInDays: '7' });
    const admin = await signedIn({ role: 'admin' });
    await admin.c.get('/en/admin/tokens');
    ok(await admin.c.post(`/en/admin/tokens/${(await ids()).at(-1)}/revoke`), 'revoked by an administrator');
  });

  it('contributing: start, step forward and back, more rows, a language, save, a file in and out, an image in and out, submit, reply', async () => {
    const editor = await signedIn({ organisationId: orgA });
    let r = await editor.c.post('/en/contribute/submissions', { organisationId: String(orgA), kind: 'publication' });
    ok(r, 'start');
    const base = /\/en\/contribute\/submissions\/\d+/.exec(r.location!)![0];
    ok(await editor.c.post(`${base}/about`, { originalLanguage: 'en', title: 'A report', action: 'next' }), 'next');
    ok(await editor.c.post(`${base}/details`, { action: 'back' }), 'back');
    ok(await editor.c.post(`${base}/links`, { action: 'more' }), 'more rows');
    ok(await editor.c.post(`${base}/languages`, { addLanguage: 'fr', action: 'save' }), 'add a language');
    ok(await editor.c.post(`${base}/languages?language=fr`, { 'fr.title': 'Un rapport', action: 'save' }), 'save');
    r = await editor.c.upload(`${base}/files`, { name: 'report.pdf', bytes: PDF, type: 'application/pdf' });
    ok(r, 'upload');
    const file = await t.handle.db.selectFrom('entryFiles').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow();
    ok(await editor.c.post(`${base}/files/${file.id}/remove`), 'remove the file');

    // A story's image: in with its alt text, then out again.
    r = await editor.c.post('/en/contribute/submissions', { organisationId: String(orgA), kind: 'story' });
    const story = /\/en\/contribute\/submissions\/\d+/.exec(r.location!)![0];
    const png = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#2a6' } })
      .png()
      .toBuffer();
    ok(await editor.c.upload(`${story}/images`, { name: 'class.png', bytes: png, field: 'image', type: 'image/png' }, { alt: 'A class' }), 'an image in');
    ok(await editor.c.post(`${story}/images/remove`), 'the image out');

    const ready = await submissionRow(t, { organisationId: orgA, createdBy: editor.userId });
    ok(await editor.c.post(`/en/contribute/submissions/${ready}/submit`), 'submit');
    ok(await editor.c.post(`/en/contribute/submissions/${ready}/reply`, { message: 'The dates are those of the second phase.' }), 'a reply to the curators');
    ok(await editor.c.get(`/en/contribute/submissions/${ready}/about`), 'a submitted draft’s step');
  });

  it('reviewing, then the entry’s actions: approve, reject, confirm, match, archive, restore, merge, and its history under another kind', async () => {
    const curator = await signedIn({ role: 'curator' });
    const editor = await signedIn({ organisationId: orgA });
    const approveMe = await submissionRow(t, { organisationId: orgA, createdBy: editor.userId, status: 'submitted' });
    ok(await curator.c.post(`/en/review/${approveMe}`, { decision: 'approve', message: '' }), 'approve');
    const entryId = (await t.handle.db.selectFrom('submissions').select('entryId').where('id', '=', approveMe).executeTakeFirstOrThrow()).entryId!;
    const rejectMe = await submissionRow(t, { organisationId: orgA, createdBy: editor.userId, status: 'submitted' });
    ok(await curator.c.post(`/en/review/${rejectMe}`, { decision: 'reject', message: 'Not digital work' }), 'reject');

    ok(await editor.c.post(`/en/activities/${entryId}/confirm`), 'confirm');
    ok(await curator.c.post(`/en/activities/${ids.activity}/organisations/0/actor`, { actorId: '' }), 'match');
    ok(await curator.c.post(`/en/activities/${entryId}/archive`, { reason: 'Out of scope' }), 'archive');
    ok(await curator.c.post(`/en/activities/${entryId}/restore`, { revision: '1', reason: 'Back' }), 'restore');
    ok(await curator.c.post(`/en/activities/${ids.activity}/merge`, { mergeId: String(ids.other), reason: 'The same project' }), 'merge');
    ok(await curator.c.get(`/en/publications/${ids.activity}/history?from=x`), 'history under another kind’s path');
  });

  it('a rating and a shared story', async () => {
    const reader = await signedIn();
    ok(await reader.c.post(`/en/publications/${ids.publication}/rating`, { rating: '4' }), 'rate');
    ok(await reader.c.post(`/en/stories/${ids.story}/share`, { to: 'colleague@example.test', message: 'Worth reading' }), 'share');
  });

  it('administration: a call opened and closed, an account approved, settings saved, a logo in and out', async () => {
    const admin = await signedIn({ role: 'admin' });
    const r = await admin.c.post('/en/calls', {
      'titles.en': 'Call 2027',
      'texts.en': 'Tell us',
      opensAt: '2026-01-01',
      closesAt: '2030-01-01',
      accepts: 'both',
    });
    ok(r, 'open a call');
    ok(await admin.c.post(`${r.location!}/close`), 'close it');
    ok(await admin.c.post(`/en/admin/users/${(await person(t, { status: 'pending' })).userId}`, { status: 'active' }), 'approve an account');
    ok(await admin.c.post('/en/admin/settings', { registration: 'approval', submissions: 'always', confirmAfterDays: '365' }), 'settings');
    const logo = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>');
    ok(await admin.c.upload('/en/admin/settings/logo', { name: 'logo.svg', bytes: logo, field: 'logo', type: 'image/svg+xml' }), 'a logo in');
    ok(await admin.c.post('/en/admin/settings/logo/remove'), 'the logo out');
  });

  it('open data: a curator asks for a snapshot, twice (the second joins the first)', async () => {
    const curator = await signedIn({ role: 'curator' });
    ok(await curator.c.post('/en/data/snapshots'), 'make a snapshot');
    ok(await curator.c.post('/en/data/snapshots'), 'again, while it waits');
  });

  it('the yearly report: a curator writes one, changes it and asks for a version', async () => {
    const curator = await signedIn({ role: 'curator' });
    const year = new Date().getUTCFullYear();
    const form = { languages: 'en', 'titles.en': 'Report', periodFrom: `${year}-01-01`, periodTo: `${year}-12-31`, filters: '' };
    const r = await curator.c.post('/en/admin/reports', form);
    ok(r, 'write a report');
    const page = r.location!.replace(/\?.*$/, '');
    ok(await curator.c.post(page, { ...form, published: 'yes' }), 'change it');
    ok(await curator.c.post(`${page}/generate`), 'generate a version');
  });

  it('a consultation: opened, a statement sent with a file, moderated, the deadline extended, a summary saved', async () => {
    const curator = await signedIn({ role: 'curator' });
    const r = await curator.c.post('/en/consultations', consultationForm());
    ok(r, 'open a consultation');
    const id = Number(/(\d+)$/.exec(r.location!)![1]);
    const author = await signedIn({ organisationId: orgA, memberRole: 'member' });
    const sent = await author.c.post(`/en/consultations/${id}/statements`, {
      organisationId: String(orgA),
      questionId: '',
      body: 'Our view.',
      visibility: 'public',
      language: 'en',
    });
    ok(sent, 'send a statement');
    const sid = Number(/statements\/(\d+)/.exec(sent.location!)![1]);
    ok(await author.c.upload(`/en/consultations/${id}/statements/${sid}/files`, { name: 'view.pdf', bytes: PDF }), 'add a file');
    ok(await curator.c.post(`/en/consultations/statements/${sid}/decision`, { decision: 'approve', reason: '' }), 'approve it');
    ok(await curator.c.post(`/en/consultations/${id}/extend`, { deadline: '2099-01-01T12:00' }), 'extend the deadline');
    const q = await t.handle.db.selectFrom('consultationQuestions').select('id').where('consultationId', '=', id).orderBy('position').executeTakeFirstOrThrow();
    ok(await curator.c.post(`/en/consultations/${id}/summaries`, { questionId: String(q.id), [`summary-${q.id}`]: 'In short.' }), 'save a summary');
  });

  it('accepts on the entry page every ?done= notice that src/ sends there', async () => {
    const sent = new Set<string>();
    const walk = (dir: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, e.name);
        if (e.isDirectory()) walk(path);
        else if (/\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name))
          for (const m of readFileSync(path, 'utf8').matchAll(/[?&]done=([a-z_]+)/g)) sent.add(m[1]!);
      }
    };
    walk(join(ROOT, 'src'));
    assert.ok(sent.size >= 3, [...sent].join());
    for (const done of sent) {
      assert.ok((ENTRY_NOTICES as readonly string[]).includes(done), `the entry page's query declares done=${done}`);
      for (const path of [`/en/publications/${ids.publication}`, `/ar/stories/${ids.story}`, `/en/activities/${ids.activity}`]) {
        const res = await t.app.request(`${path}?done=${done}`);
        assert.equal(res.status, 200, `${path}?done=${done}`);
      }
    }
  });

  it('the prizes: a curator creates a contest', async () => {
    const curator = await signedIn({ role: 'curator' });
    const phases = {
      submission: '2031-01-01T09:00',
      screening: '2031-02-01T09:00',
      voting: '2031-03-01T09:00',
      selection: '2031-04-01T09:00',
      announcement: '2031-05-01T09:00',
    };
    const form = {
      year: '2031',
      'titles.en': 'Prizes 2031',
      timeZone: 'Europe/Zurich',
      ...Object.fromEntries(Object.entries(phases).map(([k, v]) => [`phases.${k}`, v])),
      categories: ['c1'],
      'minWords.description': '150',
      'minWords.linkage': '0',
      'minWords.impact': '0',
      'minWords.partners': '0',
      'minWords.challenges': '0',
      descriptionMaxWords: '200',
      languages: 'en',
    };
    ok(await curator.c.post('/en/prizes', form), 'create a contest');
    ok(await curator.c.post('/en/prizes/2031/edit', { ...form, 'titles.en': 'Prizes 2031, corrected' }), 'correct a contest');
  });

  it('the prizes jury: a curator assigns and removes a juror, a juror declares and scores, the curator confirms the awards', async () => {
    const curator = await signedIn({ role: 'curator' });
    const juror = await signedIn();
    const voters = await Promise.all([1, 2, 3, 4, 5].map(async () => (await person(t)).userId));
    const c = await juryContest(t.handle.db, { at: 'selection', createdBy: curator.userId, voters });
    const other = await person(t);
    ok(await curator.c.post(`/en/prizes/${c.year}/jurors`, { email: juror.email }), 'assign a juror');
    ok(await curator.c.post(`/en/prizes/${c.year}/jurors`, { email: other.email }), 'assign another juror');
    ok(await curator.c.post(`/en/prizes/${c.year}/jurors/${other.userId}/remove`), 'remove a juror');
    ok(await juror.c.post(`/en/prizes/${c.year}/jury/nominations/${c.top[0]!}/declaration`, { conflict: 'no' }), 'declare no conflict');
    ok(
      await juror.c.post(`/ar/prizes/${c.year}/jury/nominations/${c.top[0]!}/scores`, { impact: '8', sustainability: '7', replicability: '6', linkage: '9' }),
      'score',
    );
    ok(
      await curator.c.post(`/en/prizes/${c.year}/selection/c1`, { [`award.${c.top[0]!}`]: 'winner', [`award.${c.top[1]!}`]: 'champion' }),
      'confirm the awards',
    );
  });

  it('the prizes: a curator excludes a vote, then counts it again', async () => {
    const curator = await signedIn({ role: 'curator' });
    const voter = await person(t, {});
    const contest = await prizeContest(t.handle.db, 'voting');
    const nominationId = await prizeNomination(t.handle.db, { contestId: contest.id, organisationId: orgA, createdBy: curator.userId, status: 'accepted' });
    await t.handle.db.insertInto('prizeVotes').values({ contestId: contest.id, category: 'c1', userId: voter.userId, nominationId }).execute();
    const key = `c1:${voter.userId}`;
    ok(await curator.c.post(`/en/prizes/${contest.year}/votes/exclude`, { votes: key, reason: 'Bot' }), 'exclude a vote');
    ok(await curator.c.post(`/en/prizes/${contest.year}/votes/reinstate`, { votes: key, reinstateReason: 'Not a bot' }), 'count it again');
  });

  it('reached every c.redirect call in src/', () => {
    const sites: string[] = [];
    const walk = (dir: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, e.name);
        if (e.isDirectory()) walk(path);
        else if (/\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name))
          readFileSync(path, 'utf8')
            .split('\n')
            .forEach((line, i) => {
              if (/\bc\.redirect\(/.test(line)) sites.push(`${relative(ROOT, path)}:${i + 1}`);
            });
      }
    };
    walk(join(ROOT, 'src'));
    assert.ok(sites.length >= 30, `found ${sites.length} call sites`);
    const missed = sites.filter((s) => !reached.has(s));
    assert.deepEqual(missed, [], `redirects no flow here reached (add a flow): reached ${[...reached.keys()].join(', ')}`);
    assert.ok(followed.length >= sites.length, 'each was followed');
  });
});
