import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestDb, type TestDb } from '../../../test/support/test-db';
import { loadEntries } from '../entries/entries.repository';
import { registerOverview, searchEntries } from '../entries/entries.service';
import { ENTRY_KINDS } from '../entries/entries';
import { countryProfile } from '../countries/countries.service';
import { entrySearchSchema } from '../entries/entry.schemas';
import { detailsIf, type Entry } from '../entries/entry';
import { loadDemoIfEmpty } from './demo.service';
import { readChunks } from '../publications/files.repository';
import { checkUpload } from '../publications/file-check';
import { submissionProblems } from '../submissions/submissions';
import { draftSchema } from '../submissions/submissions.schemas';

let t: TestDb;
let all: Entry[];
let loaded: Awaited<ReturnType<typeof loadDemoIfEmpty>>;

before(async () => {
  t = await createTestDb();
  loaded = await loadDemoIfEmpty({ db: t.handle.db, taxonomy: t.deps.taxonomy });
  const ids = (await t.handle.db.selectFrom('entries').select('id').execute()).map((r) => r.id);
  all = await loadEntries(t.handle.db, ids);
});
after(async () => t.close());

describe('demo register', () => {
  it('loads every line without an error, and only into an empty database', async () => {
    assert.ok(loaded);
    assert.deepEqual(loaded.errors, []);
    assert.equal(await loadDemoIfEmpty({ db: t.handle.db, taxonomy: t.deps.taxonomy }), null);
  });
  it('holds every kind (300 activities, 60 actors, 60 publications, 80 events, 30 stories), marked as demo data', () => {
    const count = (kind: string) => all.filter((e) => e.kind === kind).length;
    assert.ok(count('activity') >= 300, `activities: ${count('activity')}`);
    assert.ok(count('actor') >= 60, `actors: ${count('actor')}`);
    assert.ok(count('publication') >= 60, `publications: ${count('publication')}`);
    assert.ok(count('event') >= 80, `events: ${count('event')}`);
    assert.ok(count('story') >= 30, `stories: ${count('story')}`);
    assert.ok(all.every((a) => a.isDemo));
  });
  it('gives every publication a stored PDF of its own, which the upload check accepts', async () => {
    const publications = all.filter((e) => e.kind === 'publication');
    for (const p of publications) {
      const fileIds = detailsIf(p, 'publication')?.fileIds ?? [];
      assert.equal(fileIds.length, 1, `publication ${p.id}`);
      const file = await t.handle.db.selectFrom('entryFiles').select(['entryId', 'name']).where('id', '=', fileIds[0]!).executeTakeFirstOrThrow();
      assert.equal(file.entryId, p.id);
      const chunks: Uint8Array[] = [];
      for await (const c of readChunks(t.handle.db, fileIds[0]!)) chunks.push(c);
      const bytes = Buffer.concat(chunks);
      assert.equal(bytes.subarray(0, 5).toString('latin1'), '%PDF-');
      assert.ok(checkUpload({ name: file.name, bytes }).ok, file.name);
    }
    const page = await t.app.request(`/en/publications/${publications[0]!.id}`);
    assert.equal(page.status, 200);
    assert.match(await page.text(), new RegExp(`/files/${detailsIf(publications[0]!, 'publication')!.fileIds[0]}`));
  });
  it('places events over the past and the coming year, timed and all-day, in several zones and every mode', () => {
    const events = all.flatMap((e) => {
      const d = detailsIf(e, 'event');
      return d ? [d] : [];
    });
    const now = Date.now();
    const starts = events.map((e) => Date.parse(e.start!.slice(0, 10)));
    assert.ok(starts.filter((s) => s < now).length >= 20 && starts.filter((s) => s > now).length >= 20);
    assert.ok(starts.every((s) => Math.abs(s - now) <= 400 * 86_400_000));
    assert.ok(events.some((e) => e.allDay) && events.some((e) => !e.allDay));
    assert.ok(new Set(events.map((e) => e.timeZone)).size >= 5);
    assert.deepEqual(new Set(events.map((e) => e.mode)), new Set(['in_person', 'online', 'hybrid']));
  });
  it('links stories to demo activities and organisations to the actor profiles of their name', () => {
    const activityIds = new Set(all.filter((e) => e.kind === 'activity').map((e) => e.id));
    const linked = all.flatMap((e) => detailsIf(e, 'story')?.activityId ?? []);
    assert.ok(linked.length >= 10 && linked.every((id) => activityIds.has(id)));
    const actorIds = new Set(all.filter((e) => e.kind === 'actor').map((e) => e.id));
    const activityLinks = all.filter((e) => e.kind === 'activity').flatMap((e) => e.organisations.flatMap((o) => o.actorId ?? []));
    assert.ok(activityLinks.length >= 20 && activityLinks.every((id) => actorIds.has(id)), `${activityLinks.length}`);
    assert.ok(all.some((e) => detailsIf(e, 'actor')?.issues.some((i) => i.alias)));
  });
  it('shows every kind on Kenya’s page and in the home page’s counts', async () => {
    const kenya = await countryProfile(t.deps, 'KE', 'en');
    const home = new Map((await registerOverview(t.deps)).facets.kind.map((f) => [f.value, f.count]));
    for (const kind of ENTRY_KINDS) {
      assert.ok(kenya.counts.kinds[kind] > 0, `Kenya: ${kind}`);
      assert.ok((home.get(kind) ?? 0) > 0, `home: ${kind}`);
    }
    assert.equal((await t.app.request('/en/countries/KE')).status, 200);
  });
  it('leaves a demo contributor’s drafts and submissions for the curators, each ready to approve', async () => {
    assert.equal(loaded?.contributor.email, 'contributor@demo.stocktake.invalid');
    const rows = await t.handle.db.selectFrom('submissions').select(['status', 'data']).execute();
    const sent = rows.filter((r) => r.status === 'submitted');
    assert.ok(sent.length >= 4 && rows.some((r) => r.status === 'draft'), JSON.stringify(rows.map((r) => r.status)));
    for (const r of sent) assert.deepEqual(submissionProblems(draftSchema.parse(r.data), t.deps.taxonomy), []);
  });
  it('has originals in all six languages (at least 20 each) and some entries in several', () => {
    const counts = new Map<string, number>();
    for (const a of all) counts.set(a.originalLanguage, (counts.get(a.originalLanguage) ?? 0) + 1);
    for (const l of ['ar', 'zh', 'fr', 'es', 'ru', 'en']) assert.ok((counts.get(l) ?? 0) >= 20, `${l}: ${counts.get(l)}`);
    assert.ok(all.filter((a) => Object.keys(a.translations).length >= 2).length >= 40);
    assert.ok(all.some((a) => Object.keys(a.translations).length >= 3));
  });
  it('covers every action line, SDG, stakeholder type, activity type and region', () => {
    const published = all.filter((a) => a.state === 'published');
    const lines = new Set(published.flatMap((a) => a.actionLines));
    for (const term of t.deps.taxonomy.terms('action-line')) if (term.code !== 'c7') assert.ok(lines.has(term.code), term.code);
    const goals = new Set(published.flatMap((a) => a.sdgs.filter((s) => !s.includes('.'))));
    assert.equal(goals.size, 17);
    const leads = new Set(published.flatMap((a) => a.organisations.filter((o) => o.role === 'lead').map((o) => o.stakeholderType)));
    assert.equal(leads.size, 7);
    assert.equal(new Set(published.flatMap((a) => detailsIf(a, 'activity')?.type ?? [])).size, 8);
    const regions = new Set(published.flatMap((a) => a.countries.flatMap((c) => t.deps.taxonomy.regionsOfCountry(c))));
    for (const r of [
      '002',
      '019',
      '142',
      '150',
      '009',
      '015',
      '202',
      '419',
      '021',
      '143',
      '030',
      '035',
      '034',
      '145',
      '151',
      '154',
      '039',
      '155',
      '053',
      '054',
    ]) {
      assert.ok(regions.has(r), `region ${r}`);
    }
  });
  it('serves the search page (20 results, every facet) within the 30 KB page budget, compressed', async () => {
    const gzipped = async (path: string) => {
      // What travels: the compressed body, or the raw one where it is too small to be worth compressing.
      const res = await t.app.request(path, { headers: { 'accept-encoding': 'gzip' } });
      assert.equal(res.status, 200, path);
      return (await res.arrayBuffer()).byteLength;
    };
    const total = (await gzipped('/en/activities')) + (await gzipped('/static/app.css')) + (await gzipped('/static/app.js'));
    assert.ok(total <= 30 * 1024, `${total} bytes`);
  });
  it('keeps its drafts, submissions and archived entries out of public search', async () => {
    const hidden = all.filter((a) => a.state !== 'published');
    assert.ok(hidden.length >= 5);
    const result = await searchEntries(t.deps, entrySearchSchema.parse({ pageSize: 100 }), 'en');
    assert.equal(result.total, all.length - hidden.length);
  });
});
