import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadActor } from '../../src/modules/accounts/accounts.service';
import { uploadFile } from '../../src/modules/publications/publications.service';
import { readSubmission } from '../../src/modules/submissions/drafts.service';
import { entryHistory, linkOrganisationActor } from '../../src/modules/submissions/history.service';
import { importDrafts } from '../../src/modules/submissions/publishing.service';
import type { SubmissionDeps } from '../../src/modules/submissions/submissions';
import { TestClient } from '../support/client';
import { completeDraft, organisation, PASSWORD, person, SUMMARY_60 } from '../support/people';
import { createTestDb, type TestDb } from '../support/test-db';

/** A small but well-formed PDF (the content check wants the header, a version and the end marker). */
const PDF = new TextEncoder().encode('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const MISSING = 2_000_000_000;

type Json = Record<string, unknown>;
type ErrorJson = { error: { code: string; message: string; details: Array<{ field: string; code: string; params?: Json; message: string }> } };

/**
 * Object-level checks on every id that arrives in a body: two organisations, A and B, each with an
 * editor; B's editor puts A's ids (files, submissions, organisations, unpublished entries, applicants)
 * into their own requests through the API and the forms. Every refusal leaves the database as it was.
 */
describe('object-level checks on ids in bodies', () => {
  let t: TestDb;
  let deps: SubmissionDeps;
  let orgA: number;
  let orgB: number;
  let a: TestClient;
  let b: TestClient;
  let curator: TestClient;
  let curatorId: number;
  let editorB: number;

  before(async () => {
    t = await createTestDb();
    deps = { db: t.handle.db, taxonomy: t.deps.taxonomy, config: t.deps.config };
    orgA = await organisation(t, 'Organisation A');
    orgB = await organisation(t, 'Organisation B');
    const pa = await person(t, { organisationId: orgA, memberRole: 'editor' });
    const pb = await person(t, { organisationId: orgB, memberRole: 'editor' });
    editorB = pb.userId;
    const pc = await person(t, { role: 'curator' });
    curatorId = pc.userId;
    a = new TestClient(t.app);
    await a.signIn(pa.email, PASSWORD);
    b = new TestClient(t.app);
    await b.signIn(pb.email, PASSWORD);
    curator = new TestClient(t.app);
    await curator.signIn(pc.email, PASSWORD);
  });
  after(() => t.close());

  const api = (client: TestClient, method: string, path: string, json?: unknown) =>
    client.request(method, path, { json, headers: { 'x-csrf-token': client.csrf } });
  const errorOf = async (res: Response) => ((await res.json()) as ErrorJson).error;
  /** An error body without its request id: what a client could compare between two answers. */
  const comparable = async (res: Response) => {
    const e = await errorOf(res);
    return { status: res.status, code: e.code, message: e.message, details: e.details };
  };

  async function start(client: TestClient, body: Json): Promise<number> {
    const res = await api(client, 'POST', '/api/v1/submissions', body);
    assert.equal(res.status, 201, await res.clone().text());
    return ((await res.json()) as { data: { id: number } }).data.id;
  }

  async function draftData(id: number): Promise<Json> {
    const row = await t.handle.db.selectFrom('submissions').select('data').where('id', '=', id).executeTakeFirstOrThrow();
    return (typeof row.data === 'string' ? JSON.parse(row.data) : row.data) as Json;
  }

  async function setDraft(id: number, data: Json, status: 'draft' | 'submitted' = 'draft') {
    await t.handle.db
      .updateTable('submissions')
      .set({ data: JSON.stringify(data), status, submittedAt: status === 'submitted' ? new Date() : null })
      .where('id', '=', id)
      .execute();
  }

  /** Everything a refused write could have touched. */
  async function snapshot() {
    const db = t.handle.db;
    const [submissions, files, activities, organisations, members, revisions, messages, mails] = await Promise.all([
      db.selectFrom('submissions').select(['id', 'status', 'data', 'entryId', 'organisationId', 'updatedAt']).orderBy('id').execute(),
      db.selectFrom('entryFiles').select(['id', 'entryId', 'submissionId', 'name']).orderBy('id').execute(),
      db.selectFrom('entries').select(['id', 'state', 'details', 'ownerOrganisationId', 'mergedInto', 'updatedAt']).orderBy('id').execute(),
      db.selectFrom('entryOrganisations').select(['entryId', 'name', 'actorId']).orderBy('entryId').orderBy('name').execute(),
      db.selectFrom('organisationMembers').select(['organisationId', 'userId', 'role', 'status']).orderBy('organisationId').orderBy('userId').execute(),
      db.selectFrom('revisions').select(['entityId', 'number']).orderBy('entityId').orderBy('number').execute(),
      db.selectFrom('reviewMessages').select('id').orderBy('id').execute(),
      db.selectFrom('mailOutbox').select('id').orderBy('id').execute(),
    ]);
    return JSON.stringify({ submissions, files, activities, organisations, members, revisions, messages, mails });
  }

  async function unchanged(what: string, run: () => Promise<void>) {
    const before = await snapshot();
    await run();
    assert.equal(await snapshot(), before, `${what} changed nothing`);
  }

  const publicationDraft = (title: string, fileIds: number[]) => ({
    ...completeDraft(title),
    kind: 'publication',
    activityType: undefined,
    status: undefined,
    scope: undefined,
    publication: { year: 2025, authors: ['A. Author'], language: 'en', fileIds },
  });

  async function uploadTo(client: TestClient, submissionId: number, name: string): Promise<number> {
    await client.get(`/en/contribute/submissions/${submissionId}/file`);
    const r = await client.upload(`/en/contribute/submissions/${submissionId}/files`, { name, bytes: PDF });
    assert.equal(r.status, 303, r.text.slice(0, 300));
    const data = await draftData(submissionId);
    return (data.publication as { fileIds: number[] }).fileIds.at(-1)!;
  }

  async function approve(submissionId: number): Promise<number> {
    await curator.get('/en/');
    const res = await api(curator, 'POST', `/api/v1/submissions/${submissionId}/decision`, { decision: 'approve' });
    assert.equal(res.status, 200, await res.clone().text());
    return ((await res.json()) as { data: { entryId: number } }).data.entryId;
  }

  /** A publication of organisation A with one uploaded file, sent and approved. */
  async function publishedPublicationOfA(title: string) {
    const id = await start(a, { organisationId: orgA, kind: 'publication' });
    const fileId = await uploadTo(a, id, `${title}.pdf`);
    const res = await api(a, 'PATCH', `/api/v1/submissions/${id}`, { ...publicationDraft(title, [fileId]), kind: undefined });
    assert.equal(res.status, 200, await res.clone().text());
    assert.equal((await api(a, 'POST', `/api/v1/submissions/${id}/submit`)).status, 200);
    return { submissionId: id, fileId, entryId: await approve(id) };
  }

  async function importEntry(kind: 'activity' | 'actor' | 'publication', title: string, state: 'published' | 'archived' = 'published') {
    const base: Json = { ...completeDraft(title), translations: { en: { title, summary: SUMMARY_60, description: `${SUMMARY_60} ${SUMMARY_60}` } } };
    const data =
      kind === 'activity'
        ? base
        : kind === 'actor'
          ? { ...base, kind, activityType: undefined, status: undefined, scope: undefined, actor: {} }
          : {
              ...base,
              kind,
              activityType: undefined,
              status: undefined,
              scope: undefined,
              publication: { year: 2024, authors: [], language: null, fileIds: [] },
              links: [{ url: 'https://example.org/p', label: null }],
            };
    const [row] = await importDrafts(deps, [{ externalId: crypto.randomUUID(), data: data as never }], 'fixture');
    if (state === 'archived') await t.handle.db.updateTable('entries').set({ state: 'archived' }).where('id', '=', row!.id).execute();
    return row!.id;
  }

  describe('file ids', () => {
    it('refuses another organisation’s unpublished file in a draft, answering as for a file that does not exist', async () => {
      await a.get('/en/');
      await b.get('/en/');
      const draftA = await start(a, { organisationId: orgA, kind: 'publication' });
      const fileA = await uploadTo(a, draftA, 'Secret strategy of A.pdf');
      const draftB = await start(b, { organisationId: orgB, kind: 'publication' });
      const own = await uploadTo(b, draftB, 'Our report.pdf');

      let stolen!: Response;
      await unchanged('listing A’s file in B’s draft', async () => {
        stolen = await api(b, 'PATCH', `/api/v1/submissions/${draftB}`, { publication: { year: 2025, authors: [], language: null, fileIds: [own, fileA] } });
      });
      assert.equal(stolen.status, 400);
      const e = await errorOf(stolen);
      assert.deepEqual(
        e.details.map((d) => [d.field, d.code]),
        [['publication.fileIds.1', 'file_unknown']],
      );
      assert.match(e.details[0]!.message, /is not one of this submission’s files/);
      const missing = await api(b, 'PATCH', `/api/v1/submissions/${draftB}`, {
        publication: { year: 2025, authors: [], language: null, fileIds: [own, MISSING] },
      });
      assert.equal(missing.status, 400);
      assert.deepEqual(
        (await errorOf(missing)).details.map((d) => [d.field, d.code]),
        [['publication.fileIds.1', 'file_unknown']],
        'a missing file and another’s answer alike',
      );

      const ok = await api(b, 'PATCH', `/api/v1/submissions/${draftB}`, { publication: { year: 2025, authors: [], language: null, fileIds: [own] } });
      assert.equal(ok.status, 200, 'the draft’s own upload is accepted');
      const page = await b.get(`/en/contribute/submissions/${draftB}/file`);
      assert.match(page.text, /Our report\.pdf/);
      assert.doesNotMatch(page.text, /Secret strategy/);
    });

    it('refuses a file already published with another organisation’s entry, and accepts one published with this entry', async () => {
      const pub = await publishedPublicationOfA('Published paper of A');
      const draftB = await start(b, { organisationId: orgB, kind: 'publication' });
      await unchanged('listing A’s published file in B’s new draft', async () => {
        const res = await api(b, 'PATCH', `/api/v1/submissions/${draftB}`, { publication: { year: 2025, authors: [], language: null, fileIds: [pub.fileId] } });
        assert.equal(res.status, 400);
        assert.equal((await errorOf(res)).details[0]?.code, 'file_unknown');
      });
      // A's update of its own entry starts from its published files and may keep them.
      const update = await start(a, { entryId: pub.entryId });
      assert.deepEqual(((await draftData(update)).publication as { fileIds: number[] }).fileIds, [pub.fileId]);
      const keep = await api(a, 'PATCH', `/api/v1/submissions/${update}`, { publication: { year: 2026, authors: [], language: null, fileIds: [pub.fileId] } });
      assert.equal(keep.status, 200, await keep.clone().text());
      // B cannot start an update of A's entry to reach its files either.
      assert.equal((await api(b, 'POST', '/api/v1/submissions', { entryId: pub.entryId })).status, 403);
    });

    it('refuses a file of the same entry that was never published (uploaded to a rejected update)', async () => {
      const pub = await publishedPublicationOfA('Paper with a rejected update');
      const first = await start(a, { entryId: pub.entryId });
      const unpublished = await uploadTo(a, first, 'Rejected draft.pdf');
      assert.equal((await api(a, 'POST', `/api/v1/submissions/${first}/submit`)).status, 200);
      assert.equal((await api(curator, 'POST', `/api/v1/submissions/${first}/decision`, { decision: 'reject', message: 'Not now' })).status, 200);
      const second = await start(a, { entryId: pub.entryId });
      const res = await api(a, 'PATCH', `/api/v1/submissions/${second}`, {
        publication: { year: 2025, authors: [], language: null, fileIds: [pub.fileId, unpublished] },
      });
      assert.equal(res.status, 400);
      assert.deepEqual(
        (await errorOf(res)).details.map((d) => d.field),
        ['publication.fileIds.1'],
      );
    });

    it('never shows, sends or publishes a foreign file that a draft listed before these checks', async () => {
      const draftA = await start(a, { organisationId: orgA, kind: 'publication' });
      const fileA = await uploadTo(a, draftA, 'Confidential budget of A.pdf');
      const draftB = await start(b, { organisationId: orgB, kind: 'publication' });
      await setDraft(draftB, publicationDraft('Legacy draft of B', [fileA]));

      const step = await b.get(`/en/contribute/submissions/${draftB}/file`);
      assert.equal(step.status, 200);
      assert.doesNotMatch(step.text, /Confidential budget/, 'the file step does not describe another’s file');

      await unchanged('sending the legacy draft (form)', async () => {
        const r = await b.post(`/en/contribute/submissions/${draftB}/submit`);
        assert.equal(r.status, 422);
        assert.match(r.text, /is not one of this submission’s files/);
      });
      await unchanged('sending the legacy draft (API)', async () => {
        const res = await api(b, 'POST', `/api/v1/submissions/${draftB}/submit`);
        assert.equal(res.status, 400);
        assert.deepEqual(
          (await errorOf(res)).details.map((d) => [d.field, d.code]),
          [['publication.fileIds.0', 'file_unknown']],
        );
      });

      await setDraft(draftB, publicationDraft('Legacy draft of B', [fileA]), 'submitted');
      await unchanged('approving the legacy draft', async () => {
        const res = await api(curator, 'POST', `/api/v1/submissions/${draftB}/decision`, { decision: 'approve' });
        assert.equal(res.status, 400);
        assert.equal((await errorOf(res)).details[0]?.code, 'file_unknown');
      });

      // Saving the details form drops the foreign id instead of leaving the author stuck with it.
      await setDraft(draftB, publicationDraft('Legacy draft of B', [fileA]));
      await b.get(`/en/contribute/submissions/${draftB}/details`);
      const r = await b.post(`/en/contribute/submissions/${draftB}/details`, {
        'publication.authors': 'B. Author',
        'publication.year': '2025',
        action: 'save',
      });
      assert.equal(r.status, 303, r.text.slice(0, 400));
      assert.deepEqual(((await draftData(draftB)).publication as { fileIds: number[] }).fileIds, []);
      const row = await t.handle.db.selectFrom('entryFiles').select(['entryId', 'submissionId']).where('id', '=', fileA).executeTakeFirstOrThrow();
      assert.deepEqual(row, { entryId: null, submissionId: draftA }, 'A’s file is untouched');
    });

    it('does not list another entry’s file on a published page even when its details name it', async () => {
      const draftA = await start(a, { organisationId: orgA, kind: 'publication' });
      const fileA = await uploadTo(a, draftA, 'Hidden annex of A.pdf');
      const entry = await importEntry('publication', 'Public paper naming a foreign file');
      await t.handle.db
        .updateTable('entries')
        .set({ details: JSON.stringify({ year: 2024, authors: [], language: null, fileIds: [fileA] }) })
        .where('id', '=', entry)
        .execute();
      const page = await new TestClient(t.app).get(`/en/publications/${entry}`);
      assert.equal(page.status, 200);
      assert.doesNotMatch(page.text, /Hidden annex/);
    });
  });

  describe('a story’s linked entry', () => {
    const storyDraft = (activityId: number) => ({
      ...completeDraft('A story of B'),
      translations: { en: { title: 'A story of B', summary: SUMMARY_60, description: `${SUMMARY_60} ${SUMMARY_60}` } },
      kind: 'story',
      activityType: undefined,
      status: undefined,
      scope: undefined,
      story: { strategy: 'Start small.', activityId },
    });
    it('must exist, be published and be an activity (API and form), and is checked again when sent', async () => {
      const archived = await importEntry('activity', 'Archived work of A', 'archived');
      const publication = await importEntry('publication', 'A published publication');
      const activity = await importEntry('activity', 'A published activity');
      const story = await start(b, { organisationId: orgB, kind: 'story' });
      const answers: string[][][] = [];
      for (const target of [archived, MISSING, publication]) {
        await unchanged(`linking story to #${target}`, async () => {
          const res = await api(b, 'PATCH', `/api/v1/submissions/${story}`, { story: { strategy: 'Start small.', activityId: target } });
          assert.equal(res.status, 400);
          const e = await errorOf(res);
          answers.push(e.details.map((d) => [d.field, d.code]));
        });
      }
      assert.deepEqual(answers, Array(3).fill([['story.activityId', 'linked_entry_unknown']]), 'archived, missing and wrong-kind entries answer alike');

      await b.get(`/en/contribute/submissions/${story}/details`);
      await unchanged('the form linking an archived entry', async () => {
        const r = await b.post(`/en/contribute/submissions/${story}/details`, {
          'story.strategy': 'Start small.',
          'story.activityId': String(archived),
          action: 'save',
        });
        assert.equal(r.status, 422);
        assert.match(r.text, /is not the number of a published activity/);
      });
      const ok = await b.post(`/en/contribute/submissions/${story}/details`, {
        'story.strategy': 'Start small.',
        'story.activityId': String(activity),
        action: 'save',
      });
      assert.equal(ok.status, 303, 'a published activity is accepted');

      // Archived after it was linked: the draft cannot be sent or approved with it.
      await setDraft(story, storyDraft(archived));
      await unchanged('sending a story linked to an archived entry', async () => {
        const res = await api(b, 'POST', `/api/v1/submissions/${story}/submit`);
        assert.equal(res.status, 400);
        assert.deepEqual(
          (await errorOf(res)).details.map((d) => d.field),
          ['story.activityId'],
        );
      });
      await setDraft(story, storyDraft(archived), 'submitted');
      await unchanged('approving it', async () => {
        const res = await api(curator, 'POST', `/api/v1/submissions/${story}/decision`, { decision: 'approve' });
        assert.equal(res.status, 400);
        assert.equal((await errorOf(res)).details[0]?.code, 'linked_entry_unknown');
      });
      await setDraft(story, storyDraft(activity), 'submitted');
      await approve(story);
    });
  });

  describe('actor links on organisations', () => {
    it('refuses a contributor’s actor link through the API and never applies one at approval', async () => {
      const profile = await importEntry('actor', 'Regional Internet Registry');
      const draft = await start(a, { organisationId: orgA });
      await unchanged('a contributor setting an actor link', async () => {
        const res = await api(a, 'PATCH', `/api/v1/submissions/${draft}`, {
          organisations: [{ name: 'Friendly Partner', role: 'partner', stakeholderType: 'civil-society', actorId: profile }],
        });
        assert.equal(res.status, 400);
        const e = await errorOf(res);
        assert.deepEqual(
          e.details.map((d) => [d.field, d.code]),
          [['organisations.0.actorId', 'curator_only']],
        );
        assert.match(e.details[0]!.message, /Only a curator can link/);
      });
      const plain = await api(a, 'PATCH', `/api/v1/submissions/${draft}`, {
        organisations: [{ name: 'Friendly Partner', role: 'partner', stakeholderType: 'civil-society' }],
      });
      assert.equal(plain.status, 200, 'the same organisation without a link is fine');

      // A draft that holds a link from before these checks: approval does not apply it.
      await setDraft(
        draft,
        {
          ...completeDraft('Entry with a smuggled link'),
          organisations: [{ name: 'Friendly Partner', role: 'partner', stakeholderType: 'civil-society', actorId: profile }],
        },
        'submitted',
      );
      const entry = await approve(draft);
      const org = await t.handle.db
        .selectFrom('entryOrganisations')
        .select('actorId')
        .where('entryId', '=', entry)
        .where('name', '=', 'Friendly Partner')
        .executeTakeFirstOrThrow();
      assert.equal(org.actorId, null, 'the contributor’s link was not published');
    });

    it('keeps a curator’s link through a contributor’s update (API and form), refusing a change to it', async () => {
      const profile = await importEntry('actor', 'National Research Network');
      const other = await importEntry('actor', 'Another Actor Profile');
      const draft = await start(a, { organisationId: orgA });
      await api(a, 'PATCH', `/api/v1/submissions/${draft}`, {
        ...completeDraft('Entry a curator matches'),
        organisations: [{ name: 'Research partner', role: 'partner', stakeholderType: 'academia' }],
      });
      assert.equal((await api(a, 'POST', `/api/v1/submissions/${draft}/submit`)).status, 200);
      const entry = await approve(draft);
      const curatorActor = (await loadActor(t.handle.db, curatorId))!;
      const index = (
        await t.handle.db.selectFrom('entryOrganisations').select(['name', 'position']).where('entryId', '=', entry).orderBy('position').execute()
      ).findIndex((o) => o.name === 'Research partner');
      await linkOrganisationActor(deps, curatorActor, entry, index, profile);

      const update = await start(a, { entryId: entry });
      const held = (await draftData(update)).organisations as Json[];
      assert.equal(held.find((o) => o.name === 'Research partner')?.actorId, profile);
      await unchanged('a contributor moving the link to another profile', async () => {
        const res = await api(a, 'PATCH', `/api/v1/submissions/${update}`, {
          organisations: held.map((o) => (o.name === 'Research partner' ? { ...o, actorId: other } : o)),
        });
        assert.equal(res.status, 400);
        assert.equal((await errorOf(res)).details[0]?.code, 'curator_only');
      });
      await unchanged('a contributor removing the link', async () => {
        const res = await api(a, 'PATCH', `/api/v1/submissions/${update}`, {
          organisations: held.map((o) => (o.name === 'Research partner' ? { ...o, actorId: null } : o)),
        });
        assert.equal(res.status, 400);
      });
      const same = await api(a, 'PATCH', `/api/v1/submissions/${update}`, { organisations: held });
      assert.equal(same.status, 200, 'sending the link back unchanged is fine');

      // The form never carries links: saving the organisations step keeps the curator's.
      await a.get(`/en/contribute/submissions/${update}/organisations`);
      const form: Record<string, string> = { rows: String(held.length), action: 'save' };
      held.forEach((o, i) =>
        Object.assign(form, {
          [`organisations.${i}.name`]: o.name,
          [`organisations.${i}.role`]: o.role,
          [`organisations.${i}.stakeholderType`]: o.stakeholderType,
        }),
      );
      const r = await a.post(`/en/contribute/submissions/${update}/organisations`, form);
      assert.equal(r.status, 303, r.text.slice(0, 300));
      assert.equal(((await draftData(update)).organisations as Json[]).find((o) => o.name === 'Research partner')?.actorId, profile);
      assert.equal((await api(a, 'POST', `/api/v1/submissions/${update}/submit`)).status, 200);
      await approve(update);
      const org = await t.handle.db
        .selectFrom('entryOrganisations')
        .select('actorId')
        .where('entryId', '=', entry)
        .where('name', '=', 'Research partner')
        .executeTakeFirstOrThrow();
      assert.equal(org.actorId, profile, 'the curator’s link survives the update');
    });

    it('keeps a link a curator made while a contributor’s update was waiting', async () => {
      const profile = await importEntry('actor', 'Open Data Institute Network');
      const draft = await start(a, { organisationId: orgA });
      await api(a, 'PATCH', `/api/v1/submissions/${draft}`, {
        ...completeDraft('Entry matched during an update'),
        organisations: [{ name: 'Data partner', role: 'partner', stakeholderType: 'academia' }],
      });
      assert.equal((await api(a, 'POST', `/api/v1/submissions/${draft}/submit`)).status, 200);
      const entry = await approve(draft);
      const update = await start(a, { entryId: entry });
      const index = (
        await t.handle.db.selectFrom('entryOrganisations').select(['name', 'position']).where('entryId', '=', entry).orderBy('position').execute()
      ).findIndex((o) => o.name === 'Data partner');
      await linkOrganisationActor(deps, (await loadActor(t.handle.db, curatorId))!, entry, index, profile);
      assert.equal((await api(a, 'PATCH', `/api/v1/submissions/${update}`, { sdgs: ['9'] })).status, 200);
      assert.equal((await api(a, 'POST', `/api/v1/submissions/${update}/submit`)).status, 200);
      await approve(update);
      const org = await t.handle.db
        .selectFrom('entryOrganisations')
        .select('actorId')
        .where('entryId', '=', entry)
        .where('name', '=', 'Data partner')
        .executeTakeFirstOrThrow();
      assert.equal(org.actorId, profile);
    });
  });

  describe('organisation ids and submission ids', () => {
    it('lets only an active member start a draft for an organisation (API and form)', async () => {
      const pending = await person(t);
      await t.handle.db.insertInto('organisationMembers').values({ organisationId: orgA, userId: pending.userId, role: 'member', status: 'pending' }).execute();
      const applicant = new TestClient(t.app);
      await applicant.signIn(pending.email, PASSWORD);
      await unchanged('B’s editor and A’s applicant starting drafts for A', async () => {
        const swapped = await api(b, 'POST', '/api/v1/submissions', { organisationId: orgA });
        const missing = await api(b, 'POST', '/api/v1/submissions', { organisationId: MISSING });
        assert.equal(swapped.status, 403);
        assert.deepEqual(await comparable(swapped), await comparable(missing), 'another organisation and a missing one answer alike');
        assert.equal((await api(applicant, 'POST', '/api/v1/submissions', { organisationId: orgA })).status, 403, 'a pending applicant is not a member yet');
        await b.get('/en/contribute');
        assert.equal((await b.post('/en/contribute/submissions', { organisationId: String(orgA) })).status, 403);
      });
    });

    it('answers B’s editor about A’s drafts as about drafts that do not exist', async () => {
      const draftA = await start(a, { organisationId: orgA, kind: 'publication' });
      await b.get('/en/');
      await unchanged('B reaching A’s draft', async () => {
        const pairs: Array<[string, string, unknown]> = [
          ['GET', '', undefined],
          ['PATCH', '', { sdgs: ['5'] }],
          ['POST', '/submit', undefined],
        ];
        for (const [method, suffix, body] of pairs) {
          const swapped = await api(b, method, `/api/v1/submissions/${draftA}${suffix}`, body);
          const missing = await api(b, method, `/api/v1/submissions/${MISSING}${suffix}`, body);
          assert.equal(swapped.status, 404, `${method} ${suffix}`);
          assert.deepEqual(await comparable(swapped), await comparable(missing), `${method} ${suffix}`);
        }
        for (const path of ['', '/about', '/file']) {
          const swapped = await b.get(`/en/contribute/submissions/${draftA}${path}`);
          const missing = await b.get(`/en/contribute/submissions/${MISSING}${path}`);
          assert.equal(swapped.status, 404, path);
          assert.equal(missing.status, 404, path);
        }
        assert.equal((await b.post(`/en/contribute/submissions/${draftA}/themes`, { actionLines: 'c3', action: 'save' })).status, 404);
        assert.equal((await b.post(`/en/contribute/submissions/${draftA}/submit`)).status, 404);
        assert.equal((await b.upload(`/en/contribute/submissions/${draftA}/files`, { name: 'x.pdf', bytes: PDF })).status, 404);
      });
    });
  });

  describe('a visitor', () => {
    it('is asked to sign in before any id is looked up or validated: an existing id and a missing one answer alike', async () => {
      const draftA = await start(a, { organisationId: orgA });
      const visitor = new TestClient(t.app);
      await visitor.get('/en/');
      await unchanged('a visitor’s requests', async () => {
        for (const [method, body] of [
          ['GET', undefined],
          ['PATCH', { sdgs: ['5'] }],
          ['PATCH', { nonsense: true }],
        ] as const) {
          const answers = [];
          for (const id of [String(draftA), String(MISSING), 'abc']) {
            const res = await api(visitor, method, `/api/v1/submissions/${id}`, body);
            answers.push(await comparable(res));
          }
          assert.equal(answers[0]!.status, 401);
          assert.deepEqual(answers[1], answers[0], `${method}: a missing id answers as an existing one`);
          assert.deepEqual(answers[2], answers[0], `${method}: a malformed id answers as an existing one`);
        }
        const submitAnswers = [];
        for (const id of [String(draftA), String(MISSING), 'abc'])
          submitAnswers.push(await comparable(await api(visitor, 'POST', `/api/v1/submissions/${id}/submit`)));
        assert.equal(submitAnswers[0]!.status, 401);
        assert.deepEqual(new Set(submitAnswers.map((s) => JSON.stringify(s))).size, 1);
        for (const path of ['', '/about', '/no-such-step']) {
          const answers = [];
          for (const id of [String(draftA), String(MISSING)]) {
            const res = await visitor.request('GET', `/en/contribute/submissions/${id}${path}`);
            answers.push({ status: res.status, location: res.headers.get('location')?.replace(encodeURIComponent(`/${id}`), '/ID') });
          }
          assert.equal(answers[0]!.status, 303, 'sent to sign in');
          assert.deepEqual(answers[1], answers[0], path);
        }
      });
    });

    it('is refused by the services themselves before any lookup', async () => {
      const archived = await importEntry('activity', 'An archived entry', 'archived');
      const draftA = await start(a, { organisationId: orgA });
      for (const id of [draftA, MISSING]) {
        await assert.rejects(readSubmission(deps, null, id), { code: 'unauthenticated' });
        await assert.rejects(
          uploadFile(t.handle.db, null, id, {
            name: 'x.pdf',
            chunks: (async function* () {
              yield PDF;
            })(),
          }),
          { code: 'unauthenticated' },
        );
      }
      for (const id of [archived, MISSING]) await assert.rejects(entryHistory(deps, null, id), { code: 'unauthenticated' });
      // A signed-in actor who may not see an archived entry is told it does not exist.
      const outsider = (await loadActor(t.handle.db, editorB))!;
      for (const id of [archived, MISSING]) await assert.rejects(entryHistory(deps, outsider, id), { code: 'not_found' });
    });
  });

  describe('membership decisions, merge ids and revision numbers', () => {
    it('decides only on a pending applicant of the editor’s own organisation', async () => {
      const applicant = await person(t);
      await t.handle.db
        .insertInto('organisationMembers')
        .values({ organisationId: orgA, userId: applicant.userId, role: 'member', status: 'pending' })
        .execute();
      const declined = await person(t);
      await t.handle.db
        .insertInto('organisationMembers')
        .values({ organisationId: orgA, userId: declined.userId, role: 'member', status: 'declined' })
        .execute();
      await b.get('/en/');
      await unchanged('B’s editor deciding on A’s applicant', async () => {
        const viaOwn = await b.post(`/en/organisations/${orgB}/members`, { userId: String(applicant.userId), decision: 'approve' });
        const missing = await b.post(`/en/organisations/${orgB}/members`, { userId: String(MISSING), decision: 'approve' });
        assert.equal(viaOwn.status, 404, 'A’s applicant is no one B’s editor can decide on');
        assert.equal(missing.status, 404);
        assert.equal((await b.post(`/en/organisations/${orgA}/members`, { userId: String(applicant.userId), decision: 'approve' })).status, 403);
      });
      await a.get('/en/');
      await unchanged('A’s editor approving a declined request', async () => {
        assert.equal((await a.post(`/en/organisations/${orgA}/members`, { userId: String(declined.userId), decision: 'approve' })).status, 409);
      });
      const ok = await a.post(`/en/organisations/${orgA}/members`, { userId: String(applicant.userId), decision: 'approve' });
      assert.equal(ok.status, 303);
    });

    it('restores only a revision of the entry itself, and merges only an existing entry of the same kind', async () => {
      const entryA = await importEntry('activity', 'Entry with one revision');
      const entryB = await importEntry('activity', 'Entry with three revisions');
      // Give B's entry revisions 1–3 (archive and restore write revisions); A's entry has none beyond 1.
      await curator.get('/en/');
      assert.equal((await curator.post(`/en/activities/${entryB}/archive`, { reason: 'Check' })).status, 303);
      assert.equal((await curator.post(`/en/activities/${entryB}/restore`, { revision: '1', reason: 'Back' })).status, 303);
      const revisionsB = await t.handle.db.selectFrom('revisions').select('number').where('entity', '=', 'entry').where('entityId', '=', entryB).execute();
      assert.ok(revisionsB.some((r) => r.number === 3));
      await unchanged('restoring a revision number that only another entry has', async () => {
        assert.equal((await curator.post(`/en/activities/${entryA}/restore`, { revision: '3', reason: 'Wrong entry' })).status, 404);
      });
      const publication = await importEntry('publication', 'A publication to merge');
      await unchanged('merging a missing entry, another kind, or the entry itself', async () => {
        assert.equal((await curator.post(`/en/activities/${entryA}/merge`, { mergeId: String(MISSING), reason: 'Dup' })).status, 404);
        assert.equal((await curator.post(`/en/activities/${entryA}/merge`, { mergeId: String(publication), reason: 'Dup' })).status, 400);
        assert.equal((await curator.post(`/en/activities/${entryA}/merge`, { mergeId: String(entryA), reason: 'Dup' })).status, 400);
      });
    });
  });
});
