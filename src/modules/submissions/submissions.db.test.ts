import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestDb, type TestDb } from '../../../test/support/test-db';
import { organisation, person, submissionRow } from '../../../test/support/people';
import { loadActor } from '../accounts/accounts.service';
import { getCall, remindOwners, submissionWindow } from '../calls/calls.service';
import { saveSettings } from '../settings/settings';
import { startSubmission, submit } from './drafts.service';
import { findDuplicates } from './duplicates.service';
import { confirmEntry, entryHistory, mergeEntries, restoreRevision } from './history.service';
import { decide } from './review.service';
import { draftSchema } from './submissions.schemas';

describe('submissions: merge, restore, confirm, calls and reminders', () => {
  let t: TestDb;
  let deps: { db: TestDb['handle']['db']; taxonomy: TestDb['deps']['taxonomy']; config: TestDb['deps']['config'] };
  let org: number;
  let editorId: number;
  let editorEmail: string;
  let curatorId: number;
  const actor = async (id: number) => (await loadActor(t.handle.db, id))!;
  const publish = async (title: string, patch: Record<string, unknown> = {}) => {
    const sid = await submissionRow(t, { organisationId: org, createdBy: editorId, status: 'submitted', title });
    if (Object.keys(patch).length) {
      const row = await t.handle.db.selectFrom('submissions').select('data').where('id', '=', sid).executeTakeFirstOrThrow();
      await t.handle.db
        .updateTable('submissions')
        .set({ data: JSON.stringify({ ...row.data, ...patch }) })
        .where('id', '=', sid)
        .execute();
    }
    return (await decide(deps, await actor(curatorId), sid, { decision: 'approve', message: '' })).entryId!;
  };

  before(async () => {
    t = await createTestDb();
    deps = { db: t.handle.db, taxonomy: t.deps.taxonomy, config: t.deps.config };
    org = await organisation(t, 'Merge Org');
    const editor = await person(t, { organisationId: org });
    editorId = editor.userId;
    editorEmail = editor.email;
    curatorId = (await person(t, { role: 'curator' })).userId;
  });
  after(() => t.close());

  it('merges a duplicate: tags and languages joined, the duplicate archived, both histories shown', async () => {
    const keep = await publish('Mobile money for farmers');
    const dup = await publish('Mobile money for farmers in Kenya', {
      countries: ['UG'],
      translations: {
        en: { title: 'Mobile money for farmers in Kenya', summary: 'x '.repeat(60), description: '' },
        fr: { title: 'Argent mobile pour agriculteurs', summary: 'y '.repeat(60), description: '' },
      },
    });
    const hints = await findDuplicates(deps, draftSchema.parse({ translations: { en: { title: 'Mobile money for farmers' } }, organisations: [] }), null);
    assert.ok(
      hints.some((h) => h.activity.id === dup),
      'the similar title is hinted',
    );
    await mergeEntries(deps, await actor(curatorId), keep, dup, 'Same project');
    const rows = await t.handle.db.selectFrom('entries').select(['id', 'state', 'mergedInto']).where('id', 'in', [keep, dup]).orderBy('id').execute();
    assert.deepEqual(
      rows.map((r) => [r.state, r.mergedInto]),
      [
        ['published', null],
        ['archived', keep],
      ],
    );
    const countries = await t.handle.db
      .selectFrom('entryTags')
      .select('code')
      .where('entryId', '=', keep)
      .where('vocabulary', '=', 'country')
      .orderBy('code')
      .execute();
    assert.deepEqual(
      countries.map((c) => c.code),
      ['KE', 'UG'],
    );
    const langs = await t.handle.db.selectFrom('entryTranslations').select('language').where('entryId', '=', keep).orderBy('language').execute();
    assert.deepEqual(
      langs.map((l) => l.language),
      ['en', 'fr'],
    );
    const history = await entryHistory(deps, await actor(curatorId), keep);
    assert.ok(history.revisions.some((r) => r.entityId === dup && r.source === 'merged'));
    assert.ok(history.revisions.some((r) => r.entityId === keep && r.source === 'merge'));
    await assert.rejects(mergeEntries(deps, await actor(curatorId), keep, keep, 'x'), /validation_failed/);
  });

  it('an owner’s restore becomes a pending update; the published text stays until approved', async () => {
    const id = await publish('Digital skills for youth');
    const upd = await startSubmission(deps, await actor(editorId), { entryId: id });
    const data = draftSchema.parse((await t.handle.db.selectFrom('submissions').select('data').where('id', '=', upd).executeTakeFirstOrThrow()).data);
    await t.handle.db
      .updateTable('submissions')
      .set({ data: JSON.stringify({ ...data, translations: { en: { ...data.translations.en!, title: 'Digital skills for young women' } } }) })
      .where('id', '=', upd)
      .execute();
    await submit(deps, await actor(editorId), upd);
    await decide(deps, await actor(curatorId), upd, { decision: 'approve', message: '' });
    const { submissionId } = await restoreRevision(deps, await actor(editorId), id, 1, 'Back to the first title');
    assert.ok(submissionId);
    const title = async () => (await t.handle.db.selectFrom('entryTranslations').select('title').where('entryId', '=', id).executeTakeFirstOrThrow()).title;
    assert.equal(await title(), 'Digital skills for young women');
    await submit(deps, await actor(editorId), submissionId);
    await decide(deps, await actor(curatorId), submissionId, { decision: 'approve', message: '' });
    assert.equal(await title(), 'Digital skills for youth');
  });

  it('confirming records the date as a revision; reminders go to editors of stale entries only', async () => {
    const fresh = await publish('Fresh entry');
    const stale = await publish('Stale entry');
    await t.handle.db
      .updateTable('entries')
      .set({ lastConfirmedAt: new Date('2020-01-01') })
      .where('id', '=', stale)
      .execute();
    await t.handle.db.updateTable('entries').set({ lastConfirmedAt: new Date() }).where('ownerOrganisationId', '=', org).where('id', '!=', stale).execute();
    const { id: callId } = await t.handle.db
      .insertInto('calls')
      .values({
        titles: JSON.stringify({ en: 'Updates 2026' }),
        texts: JSON.stringify({}),
        opensAt: new Date(Date.now() - 1000),
        closesAt: new Date(Date.now() + 86_400_000),
        accepts: 'updates',
        createdBy: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const mails = await remindOwners(t.handle.db, await actor(curatorId), callId, { siteName: 'S', baseUrl: 'http://s.test' });
    assert.equal(mails, 1);
    const mail = await t.handle.db
      .selectFrom('mailOutbox')
      .select('textBody')
      .where('toAddress', '=', editorEmail)
      .where('template', '=', 'reminder')
      .executeTakeFirstOrThrow();
    assert.match(mail.textBody, new RegExp(`/activities/${stale}`));
    assert.doesNotMatch(mail.textBody, new RegExp(`/activities/${fresh}\\b`));
    await confirmEntry(deps, await actor(editorId), stale);
    const confirmed = await t.handle.db.selectFrom('entries').select('lastConfirmedAt').where('id', '=', stale).executeTakeFirstOrThrow();
    assert.ok(new Date(confirmed.lastConfirmedAt!).getTime() > Date.now() - 60_000);
    assert.equal(await remindOwners(t.handle.db, await actor(curatorId), callId, { siteName: 'S', baseUrl: 'http://s.test' }), 0);
    await t.handle.db
      .deleteFrom('calls')
      .where('id', '=', callId)
      .execute()
      .catch(() => undefined);
  });

  it('in calls-only mode a submission needs an open call, which then counts it', async () => {
    await saveSettings(t.handle.db, curatorId, { registration: 'approval', submissions: 'calls', confirmAfterDays: 365 });
    await t.handle.db
      .updateTable('calls')
      .set({ closesAt: new Date(Date.now() - 1000), opensAt: new Date(Date.now() - 2000) })
      .execute();
    await assert.rejects(submissionWindow(t.handle.db, 'new'), /invalid_transition/);
    await assert.rejects(startSubmission(deps, await actor(editorId), { organisationId: org }), /invalid_transition/);
    const { id: callId } = await t.handle.db
      .insertInto('calls')
      .values({
        titles: JSON.stringify({ en: 'New entries 2027' }),
        texts: JSON.stringify({}),
        opensAt: new Date(Date.now() - 1000),
        closesAt: new Date(Date.now() + 86_400_000),
        accepts: 'new',
        createdBy: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const sid = await startSubmission(deps, await actor(editorId), { organisationId: org });
    assert.equal((await getCall(t.handle.db, callId)).received, 0, 'a draft is not yet received');
    await t.handle.db
      .updateTable('submissions')
      .set({
        data: (
          await t.handle.db
            .selectFrom('submissions')
            .select('data')
            .where('id', '=', await submissionRow(t, { organisationId: org, createdBy: editorId }))
            .executeTakeFirstOrThrow()
        ).data as never,
      })
      .where('id', '=', sid)
      .execute();
    await submit(deps, await actor(editorId), sid);
    assert.equal(Number((await getCall(t.handle.db, callId)).received), 1);
    await saveSettings(t.handle.db, curatorId, { registration: 'approval', submissions: 'always', confirmAfterDays: 365 });
  });
});
