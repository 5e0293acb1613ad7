import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestDb, type TestDb } from '../../../test/support/test-db';
import { loadEntries } from '../entries/entries.repository';
import { searchEntries } from '../entries/entries.service';
import { entrySearchSchema } from '../entries/entry.schemas';
import { detailsIf, type Entry } from '../entries/entry';
import { loadDemoIfEmpty } from './demo.service';

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
  it('holds at least 300 activities, marked as demo data', () => {
    assert.ok(all.length >= 300, `${all.length}`);
    assert.ok(all.every((a) => a.isDemo));
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
    assert.equal(new Set(published.map((a) => detailsIf(a, 'activity')?.type)).size, 8);
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
