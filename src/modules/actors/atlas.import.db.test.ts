import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { createTestDb, type TestDb } from '../../../test/support/test-db';
import { detailsIf, type Entry } from '../entries/entry';
import { loadEntries } from '../entries/entries.repository';
import type { SubmissionDeps } from '../submissions/submissions';
import { atlasVocabulary, importAtlas, type AtlasImportReport } from './atlas.import';
import { parseAtlasText } from './atlas.parser';

const SEED = new URL('../../../../shared/seeds/004_b78da1f58fdcc80b.txt', import.meta.url);
const seedSkip = !existsSync(SEED) && 'shared/seeds/004_b78da1f58fdcc80b.txt is absent (../shared is not part of the project)';

let t: TestDb;
let deps: SubmissionDeps;
before(async () => {
  t = await createTestDb();
  deps = { db: t.handle.db, taxonomy: t.deps.taxonomy, config: t.deps.config };
});
after(() => t.close());

const load = async (id: number | null): Promise<Entry> => {
  assert.ok(id, 'the profile has an entry');
  const [activity] = await loadEntries(t.handle.db, [id]);
  assert.ok(activity, `activity ${id} is stored`);
  return activity;
};
const revisionCount = async (ids?: number[]) => {
  let q = t.handle.db
    .selectFrom('revisions')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('entity', '=', 'entry');
  if (ids) q = q.where('entityId', 'in', ids);
  return Number((await q.executeTakeFirstOrThrow()).n);
};
const byId = (reports: AtlasImportReport[], externalId: string) => {
  const found = reports.find((r) => r.externalId === externalId);
  assert.ok(found, `no report for ${externalId}`);
  return found;
};

describe('importAtlas on the Geneva Digital Atlas seed file', { skip: seedSkip }, () => {
  const text = existsSync(SEED) ? readFileSync(SEED, 'utf8') : '';
  let first: AtlasImportReport[];
  const ids = () => first.map((r) => r.id ?? 0);

  before(async () => {
    first = await importAtlas(deps, text);
  });

  it('creates the five actors under stable atlas: identifiers', () => {
    assert.deepEqual(
      first.map((r) => [r.externalId, r.outcome]),
      [
        ['atlas:cyberpeace-institute', 'created'],
        ['atlas:geneva-graduate-institute', 'created'],
        ['atlas:unidir', 'created'],
        ['atlas:itu', 'created'],
        ['atlas:igf', 'created'],
      ],
    );
    assert.equal(new Set(ids()).size, 5);
    // What the parser could not place is passed on, line by line.
    assert.deepEqual(
      byId(first, 'atlas:geneva-graduate-institute').unmapped.map((u) => u.line),
      [81],
    );
    assert.equal(byId(first, 'atlas:igf').unmapped.length, 13);
  });

  it('stores each actor with its issues, aliases, tools, social channels, website and country', async () => {
    const itu = await load(byId(first, 'atlas:itu').id);
    assert.equal(itu.kind, 'actor');
    assert.equal(itu.translations.en?.title, 'ITU');
    assert.equal(itu.actor?.acronyms.en, 'ITU, UIT');
    assert.equal(itu.actor?.established, 1865);
    assert.equal(itu.actor?.stakeholderType, 'international-organisation');
    assert.deepEqual(itu.countries, ['CH']);
    const childSafety = itu.actor?.issues.find((i) => i.issue === 'child-safety-online');
    assert.equal(childSafety?.alias, 'Child online protection');
    assert.equal(itu.actor?.issues.length, 18);
    assert.match(itu.actor?.digitalTools ?? '', /MyMeetings platform/);
    // The footnotes have no field of their own: they close the description.
    assert.match(itu.translations.en?.description ?? '', /\n\n## Footnotes\n\n1 – In the work of ITU/);
    assert.ok(itu.issues.includes('child-safety-online'), 'actor issues are also the entry’s tags');

    const igf = await load(byId(first, 'atlas:igf').id);
    assert.deepEqual(igf.links, [{ url: 'https://www.intgovforum.org', label: null }]);
    assert.deepEqual(
      detailsIf(igf, 'actor')?.social.map((s) => [s.network, s.handle]),
      [
        ['Facebook', '@IGF – Internet Governance Forum'],
        ['Instagram', '@intgovforum'],
        ['Twitter', '@intgovforum'],
        ['YouTube', '@Internet Governance Forum (IGF)'],
      ],
    );
    // The summary is the first paragraph's sentences, without the one that announces a list.
    assert.match(igf.translations.en?.summary ?? '', /^The IGF provides the most comprehensive coverage.*\(run all year long\)\.$/);

    const cpi = await load(byId(first, 'atlas:cyberpeace-institute').id);
    assert.equal(detailsIf(cpi, 'actor')?.stakeholderType, 'civil-society');
    assert.equal(detailsIf(cpi, 'actor')?.category, 'Cyberconflict and warfare');
    assert.deepEqual(cpi.links, [{ url: 'https://cyberpeaceinstitute.org/', label: null }]);
    assert.deepEqual(
      detailsIf(cpi, 'actor')?.issues.map((i) => i.issue),
      ['critical-infrastructure', 'network-security', 'capacity-development', 'interdisciplinary-approaches'],
    );

    const gi = await load(byId(first, 'atlas:geneva-graduate-institute').id);
    assert.equal(gi.translations.en?.title, 'Geneva Graduate Institute of International and Development Studies');
    assert.equal(detailsIf(gi, 'actor')?.stakeholderType, null);
    assert.equal(detailsIf(gi, 'actor')?.social.length, 5);
    assert.match(detailsIf(gi, 'actor')?.digitalTools ?? '', /^- Digital collections/);
    assert.match(detailsIf(gi, 'actor')?.meetings ?? '', /usually on Zoom/);
  });

  it('a second import of the same text changes nothing and records no revision', async () => {
    const before = await revisionCount();
    const again = await importAtlas(deps, text);
    assert.deepEqual(
      again.map((r) => r.outcome),
      ['unchanged', 'unchanged', 'unchanged', 'unchanged', 'unchanged'],
    );
    assert.deepEqual(
      again.map((r) => r.id),
      ids(),
    );
    assert.equal(await revisionCount(), before);
  });

  it('a changed narrative updates exactly that profile and records its revision 2', async () => {
    const unidir = parseAtlasText(text, atlasVocabulary(deps.taxonomy)).find((r) => r.profile.acronym === 'UNIDIR');
    const line = unidir?.profile.policyIssues[0]?.narrative.split('\n')[0] ?? '';
    assert.equal(text.split(line).length, 2, 'the changed line is unique in the file');
    const changed = text.replace(line, `${line} This sentence was added for the test.`);
    const before = await revisionCount();

    const reports = await importAtlas(deps, changed);
    assert.deepEqual(
      reports.map((r) => r.outcome),
      ['unchanged', 'unchanged', 'updated', 'unchanged', 'unchanged'],
    );
    assert.equal(await revisionCount(), before + 1);
    const id = byId(reports, 'atlas:unidir').id!;
    const revisions = await t.handle.db
      .selectFrom('revisions')
      .select(['number', 'source'])
      .where('entity', '=', 'entry')
      .where('entityId', '=', id)
      .orderBy('number')
      .execute();
    assert.deepEqual(
      revisions.map((r) => [r.number, r.source]),
      [
        [1, 'import'],
        [2, 'import'],
      ],
    );
    const stored = await load(id);
    assert.match(detailsIf(stored, 'actor')?.issues[0]?.narrative ?? '', /This sentence was added for the test\./);
  });
});

/* ---------------------------------------------------------------- irregular profiles */

const IRREGULAR = [
  'Category: Development',
  'Acronym: OOO',
  'Stakeholder group: Sports clubs',
  'Address: 12 Harbour Road, Atlantis',
  'The Out-of-Order Observatory (OOO) studies connectivity in remote regions. It publishes open data on rural networks.',
  'Social media channels',
  'Twitter: www.twitter.com/ooo_obs',
  'Digital policy issues',
  'Space governance',
  'Satellite constellations shape access in remote regions.',
  'Cybercrime [1]',
  'The observatory trains prosecutors.',
  'Privacy and data protection',
  '- Data protection impact assessments',
  '- Privacy by design workshops',
  'Digital activities',
  'The observatory runs three programmes:',
  '- Field research',
  '- Open data',
  'Partnerships',
  'Works with five universities.',
  '[1] In this observatory’s work, cybercrime is referred to as ‘Cyber offences’.',
  '',
  'Acronym: KNW',
  'Established: 1999',
  'Website: knw.example.org not-a-website',
  'Stakeholder group: Private sector',
  'Address: Rue du Rhône 1, 1204 Genève, SWITZERLAND',
  'The Knowledge Network (KNW) builds networks.',
  '',
  'Acronym: NIL',
  'Established: 2001',
].join('\n');
const lineOf = (text: string) => IRREGULAR.split('\n').indexOf(text) + 1;

/** Everything a stored actor holds as text, folded, to look source lines up in. */
function storedText(a: Entry, labels: (slug: string) => string): string {
  const t = a.translations.en;
  const d = detailsIf(a, 'actor');
  const parts = [
    t?.title,
    t?.summary,
    t?.description,
    d?.acronyms.en,
    d?.established?.toString(),
    d?.address,
    d?.category,
    d?.digitalActivities,
    d?.digitalTools,
    d?.meetings,
    ...(d?.social ?? []).flatMap((s) => [s.network, s.handle, s.url]),
    ...(d?.issues ?? []).flatMap((i) => [labels(i.issue), i.alias, i.narrative]),
    ...a.links.map((l) => l.url),
  ];
  return fold(parts.filter(Boolean).join('\n'));
}
const fold = (s: string) =>
  s
    .toLowerCase()
    .replace(/https?:\/\//g, '')
    .replace(/[^\p{L}\p{N}@]+/gu, ' ')
    .trim();

describe('importAtlas on irregular profiles', () => {
  let reports: AtlasImportReport[];
  before(async () => {
    reports = await importAtlas(deps, IRREGULAR);
  });

  it('imports the irregular profiles and reports the one that breaks a rule instead of failing the run', () => {
    assert.deepEqual(
      reports.map((r) => [r.externalId, r.outcome]),
      [
        ['atlas:ooo', 'created'],
        ['atlas:knw', 'created'],
        ['atlas:nil', 'failed'],
      ],
    );
    // A profile with nothing but its acronym and year has no summary to cut or compose.
    assert.deepEqual(byId(reports, 'atlas:nil').problems, ['summary: too_few_words {"min":10,"count":1}']);
    assert.equal(byId(reports, 'atlas:nil').id, null);
  });

  it('maps sections given out of order, lists, and a footnote marker on an issue heading', async () => {
    const ooo = await load(byId(reports, 'atlas:ooo').id);
    assert.equal(ooo.translations.en?.title, 'Out-of-Order Observatory');
    assert.equal(detailsIf(ooo, 'actor')?.established, null);
    assert.deepEqual(ooo.links, []);
    assert.deepEqual(detailsIf(ooo, 'actor')?.issues, [
      { issue: 'cybercrime', alias: 'Cyber offences', narrative: 'The observatory trains prosecutors.' },
      { issue: 'privacy-and-data-protection', alias: null, narrative: '- Data protection impact assessments\n- Privacy by design workshops' },
    ]);
    assert.deepEqual(detailsIf(ooo, 'actor')?.social, [{ network: 'Twitter', handle: null, url: 'https://www.twitter.com/ooo_obs' }]);
    assert.equal(detailsIf(ooo, 'actor')?.digitalActivities, 'The observatory runs three programmes:\n\n- Field research\n- Open data');
    const description = ooo.translations.en?.description ?? '';
    assert.match(description, /\n\n## Space governance\n\nSatellite constellations shape access in remote regions\.\n\n/);
    assert.match(description, /\n\n## Partnerships\n\nWorks with five universities\.\n\n## Footnotes\n\n\[1\] In this observatory’s work/);
    assert.equal(
      ooo.translations.en?.summary,
      'The Out-of-Order Observatory (OOO) studies connectivity in remote regions. It publishes open data on rural networks.',
    );
  });

  it('reports the unknown issue heading, stakeholder group and country with their lines, and leaves those fields empty', async () => {
    const ooo = byId(reports, 'atlas:ooo');
    assert.deepEqual(
      ooo.unmapped.map((u) => [u.line, u.text]),
      [
        [lineOf('Stakeholder group: Sports clubs'), 'Sports clubs'],
        [lineOf('Address: 12 Harbour Road, Atlantis'), '12 Harbour Road, Atlantis'],
        [lineOf('Space governance'), 'Space governance'],
      ],
    );
    assert.match(ooo.unmapped[0]?.reason ?? '', /stakeholder group matches none of .*; left empty/);
    assert.match(ooo.unmapped[1]?.reason ?? '', /no known country at the end of the address \(“Atlantis”\)/);
    assert.match(ooo.unmapped[2]?.reason ?? '', /not in the digital-policy-issue vocabulary; its narrative is kept in the description/);
    assert.ok(!ooo.mapped.includes('actor.stakeholderType') && !ooo.mapped.includes('countries') && !ooo.mapped.includes('links'));
    const stored = await load(ooo.id);
    assert.equal(detailsIf(stored, 'actor')?.stakeholderType, null);
    assert.deepEqual(stored.countries, []);
  });

  it('repairs a website without a scheme, reports an invalid one, matches a country in capitals and composes a short profile’s summary', async () => {
    const knw = byId(reports, 'atlas:knw');
    const stored = await load(knw.id);
    assert.deepEqual(stored.links, [{ url: 'https://knw.example.org', label: null }]);
    assert.deepEqual(knw.unmapped, [
      { line: lineOf('Website: knw.example.org not-a-website'), text: 'not-a-website', reason: 'website is not a valid web address; no link added' },
    ]);
    assert.deepEqual(stored.countries, ['CH']);
    assert.equal(detailsIf(stored, 'actor')?.stakeholderType, 'private-sector');
    assert.equal(stored.translations.en?.summary, 'Knowledge Network (KNW). Stakeholder group: Private sector. The Knowledge Network (KNW) builds networks.');
    assert.match(knw.notes.join('\n'), /description is too short for a summary/);
  });

  it('drops nothing silently: every line of an imported profile is in its entry or in the report', async () => {
    const { taxonomy } = deps;
    const stored = await Promise.all(reports.filter((r) => r.id).map((r) => load(r.id)));
    const haystack = stored.map((a) => storedText(a, (slug) => taxonomy.label('digital-policy-issue', slug, 'en'))).join('\n');
    const reported = reports.flatMap((r) => r.unmapped.map((u) => fold(u.text)));
    const imported = IRREGULAR.split('\n').slice(0, lineOf('Acronym: NIL') - 1);
    const pieces = imported
      .filter((l) => l.trim() && !/^(digital policy issues|digital activities|social media channels)$/i.test(l))
      .map((l) => l.replace(/\s*\[\d\]$/, ''))
      // A header line comes back as its value; the website's value as its separate addresses.
      .flatMap((l) =>
        /^website:/i.test(l) ? l.replace(/^website:\s*/i, '').split(/\s+/) : [l.replace(/^(category|acronym|established|address|stakeholder group):\s*/i, '')],
      )
      .map(fold);
    assert.deepEqual(
      pieces.filter((piece) => !haystack.includes(piece) && !reported.includes(piece)),
      [],
    );
  });
});
