import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { i18nFor, type MessageKey } from '../../../i18n/i18n';
import { draftSchema, type DraftData } from '../../submissions/submissions.schemas';
import { ENTRY_KINDS, KIND_PATHS, kindOfPath, type EntryKind } from '../entries';
import { detailFields, detailsOf, flatFieldsOf, KINDS, kindOf } from './index';
import { STEP_IDS, type FormReader } from './kind';

/** A complete draft of each kind's own fields, every one set to something other than its default. */
const DRAFTS: Record<EntryKind, Partial<DraftData>> = {
  activity: { activityType: 'training', status: 'ongoing', scope: 'national', startDate: '2024-03-01', endDate: '2025-06-30' },
  actor: {
    startDate: null,
    endDate: null,
    actor: {
      acronyms: { en: 'ITU', fr: 'UIT' },
      established: 1865,
      address: 'Place des Nations, Geneva',
      point: { lat: 46.2, lon: 6.14 },
      stakeholderType: 'international-organisation',
      category: 'UN agency',
      digitalActivities: 'Standards',
      digitalTools: 'MyMeetings',
      meetings: 'Plenipotentiary',
      social: [{ network: 'X', handle: '@ITU', url: null }],
      issues: [{ issue: 'network-security', narrative: 'Works on it.', alias: 'Cybersecurity' }],
      image: null,
    },
  },
  publication: { startDate: null, endDate: null, publication: { authors: ['A. Author', 'B. Author'], year: 2021, language: 'de', fileIds: [3, 4] } },
  event: {
    startDate: null,
    endDate: null,
    event: {
      allDay: false,
      start: '2026-12-03T09:00',
      end: '2026-12-03T17:00',
      timeZone: 'Europe/Zurich',
      mode: 'hybrid',
      city: 'Geneva',
      onlineUrl: 'https://example.org/live',
    },
  },
  story: {
    startDate: null,
    endDate: null,
    story: {
      strategy: 'Start small.',
      activityId: 12,
      image: { width: 640, height: 480, variants: [{ id: 7, width: 640, type: 'image/webp' }], alt: { en: 'Pupils at a laptop' } },
    },
  },
};

const draftOf = (kind: EntryKind): DraftData => draftSchema.parse({ kind, ...DRAFTS[kind] });

describe('kind descriptors', () => {
  it('describe every kind, under its own name, with a path of its own that leads back to it', () => {
    assert.deepEqual(Object.keys(KINDS).sort(), [...ENTRY_KINDS].sort());
    for (const kind of ENTRY_KINDS) {
      assert.equal(kindOf(kind).kind, kind);
      assert.equal(KIND_PATHS[kind], kindOf(kind).path);
      assert.equal(kindOfPath(kindOf(kind).path), kind);
    }
    assert.equal(new Set(ENTRY_KINDS.map((k) => kindOf(k).path)).size, ENTRY_KINDS.length, 'paths are distinct');
  });

  it('ask for each step once, start with "about" and end with "languages"', () => {
    for (const kind of ENTRY_KINDS) {
      const ids = kindOf(kind).steps.map((s) => s.id);
      assert.equal(new Set(ids).size, ids.length, `${kind}: a step twice`);
      assert.equal(ids[0], 'about', kind);
      assert.equal(ids.at(-1), 'languages', kind);
      for (const id of ids) assert.ok((STEP_IDS as readonly string[]).includes(id), `${kind}: unknown step ${id}`);
    }
    const used = new Set(ENTRY_KINDS.flatMap((k) => kindOf(k).steps.map((s) => s.id)));
    assert.deepEqual(
      [...STEP_IDS].filter((id) => !used.has(id)),
      [],
      'every step id is some kind’s',
    );
  });

  it('ask on a step for every field their rules require, and name only fields drafts have', () => {
    const draftFields = new Set([...Object.keys(draftSchema.shape), 'title', 'summary', 'description', 'contactName', 'contactEmail', 'contactPhone']);
    for (const kind of ENTRY_KINDS) {
      const d = kindOf(kind);
      const asked = d.steps.flatMap((s) => [...s.fields]);
      for (const field of asked) assert.ok(draftFields.has(field.split('.')[0]!), `${kind}: step field ${field}`);
      for (const [field, rule] of Object.entries(d.fieldRules))
        if (rule.required) assert.ok(asked.includes(field), `${kind}: ${field} is required but asked nowhere`);
      for (const field of d.requiredFields)
        assert.ok(d.fieldRules[field as keyof typeof d.fieldRules]?.required, `${kind}: ${field} required in inputs but not in the questionnaire`);
      // A kind with its own details object is asked for it on its details step.
      if (kind in detailFields)
        assert.ok(
          d.steps.some((s) => s.id === 'details' && s.fields.includes(kind)),
          `${kind}: no details step`,
        );
    }
  });

  it('label roles and review fields with strings every catalog has', () => {
    for (const locale of ['en', 'fr', 'ar', 'zh', 'es', 'ru'] as const) {
      const { t } = i18nFor(locale);
      for (const kind of ENTRY_KINDS) {
        const d = kindOf(kind);
        const keys: MessageKey[] = [
          d.roleLabels.lead,
          d.roleLabels.partner,
          ...d.reviewFields.map(([, label]) => label),
          `kind.${kind}` as MessageKey,
          `kinds.${kind}` as MessageKey,
        ];
        for (const key of keys) assert.notEqual(t(key), key, `${locale}: ${key}`);
      }
    }
  });

  it('review fields that drafts have (a dotted field names a part of the kind’s details)', () => {
    for (const kind of ENTRY_KINDS) {
      const draft = draftOf(kind);
      for (const [field] of kindOf(kind).reviewFields) {
        const [root, part] = field.split('.');
        if (part === undefined) continue;
        assert.equal(root, kind, `${kind}: ${field}`);
        assert.ok(part in (draft[kind as keyof DraftData] as object), `${kind}: ${field} is no field of its details`);
      }
    }
  });

  it('turn a draft of each kind into its entry details and back without losing anything', () => {
    for (const kind of ENTRY_KINDS) {
      const d = kindOf(kind);
      const draft = draftOf(kind);
      const details = d.fromFlat(draft);
      assert.deepEqual(d.detailsSchema.parse(details), details, `${kind}: the details are valid as they are`);
      const entry = { kind, [kind]: details };
      assert.deepEqual(detailsOf(entry), details);
      assert.deepEqual(draftSchema.parse({ kind, ...flatFieldsOf(entry) }), draft, kind);
    }
  });

  it('keep an activity’s own fields in its details, named as the database stores them', () => {
    assert.deepEqual(KINDS.activity.fromFlat(draftOf('activity')), {
      type: 'training',
      status: 'ongoing',
      scope: 'national',
      startDate: '2024-03-01',
      endDate: '2025-06-30',
    });
    assert.throws(() => KINDS.activity.fromFlat({ status: 'ongoing', scope: 'national' }), 'an activity without a type has no details');
    assert.deepEqual(KINDS.activity.requiredFields, ['activityType', 'status', 'scope']);
  });

  it('present an activity’s fields at the top level and other kinds’ in details, publication files as links', () => {
    assert.deepEqual(KINDS.activity.present(KINDS.activity.fromFlat(draftOf('activity')), 'https://x.test'), {
      fields: { activityType: 'training', status: 'ongoing', scope: 'national' },
      startDate: '2024-03-01',
      endDate: '2025-06-30',
    });
    const publication = KINDS.publication.present(KINDS.publication.fromFlat(draftOf('publication')), 'https://x.test');
    assert.deepEqual(publication.details?.files, ['https://x.test/files/3', 'https://x.test/files/4']);
    assert.equal('fileIds' in (publication.details ?? {}), false);
    // An image's variants are links too, never bare file ids.
    const story = KINDS.story.present(KINDS.story.fromFlat(draftOf('story')), 'https://x.test');
    assert.deepEqual(story.details?.image, {
      width: 640,
      height: 480,
      alt: { en: 'Pupils at a laptop' },
      variants: [{ url: 'https://x.test/images/7', width: 640, type: 'image/webp' }],
    });
  });

  it('derive their own facet values and search texts', () => {
    const organisations = [{ name: 'Lead org', role: 'lead' as const, stakeholderType: 'academia' as const }];
    const facets = (kind: EntryKind) => kindOf(kind).facetValues(kindOf(kind).fromFlat(draftOf(kind)), organisations);
    assert.deepEqual(facets('activity'), [
      { facet: 'stakeholder', value: 'academia' },
      { facet: 'type', value: 'training' },
      { facet: 'status', value: 'ongoing' },
      { facet: 'year', value: '2024' },
    ]);
    assert.deepEqual(facets('actor'), [{ facet: 'stakeholder', value: 'international-organisation' }], 'an actor is its own stakeholder');
    assert.deepEqual(facets('publication'), [
      { facet: 'stakeholder', value: 'academia' },
      { facet: 'year', value: '2021' },
    ]);
    assert.deepEqual(facets('event'), [
      { facet: 'stakeholder', value: 'academia' },
      { facet: 'mode', value: 'hybrid' },
      { facet: 'year', value: '2026' },
    ]);
    const texts = kindOf('actor')
      .searchTexts(kindOf('actor').fromFlat(draftOf('actor')), 'en')
      .map((s) => `${s.locale}:${s.weight}:${s.text}`);
    assert.deepEqual(texts, ['en:A:ITU', 'fr:A:UIT', 'en:B:Cybersecurity', 'en:C:Works on it.', 'en:C:Standards', 'en:C:MyMeetings']);
    assert.deepEqual(kindOf('actor').ownIssues(kindOf('actor').fromFlat(draftOf('actor'))), ['network-security']);
  });

  it('check their own details before publication', () => {
    const problems = (kind: EntryKind, flat: object, links = 0) =>
      kindOf(kind)
        .problems(flat, { links })
        .map((p) => `${p.field}:${p.code}`);
    assert.deepEqual(problems('event', draftOf('event')), []);
    assert.deepEqual(problems('event', { event: { ...draftOf('event').event!, mode: 'online', onlineUrl: null, end: '2026-12-02T09:00' } }), [
      'event.end:end_before_start',
      'event.onlineUrl:required',
    ]);
    assert.deepEqual(problems('publication', { publication: { authors: [], year: null, language: null, fileIds: [] } }), [
      'publication.year:required',
      'publication.fileIds:file_or_link',
    ]);
    assert.deepEqual(problems('publication', { publication: { authors: [], year: 2020, language: null, fileIds: [] } }, 1), [], 'a link stands for the file');
    assert.deepEqual(problems('story', {}), ['story.strategy:required']);
    assert.deepEqual(problems('activity', {}), [], 'an activity’s required fields are rules as data');
  });

  it('decode their details step from a form, as typed', () => {
    const form = (values: Record<string, string>): FormReader => ({
      one: (k) => values[k],
      opt: (k) => values[k]?.trim() || undefined,
      rows: () => Number(values.rows ?? 0),
    });
    assert.deepEqual(kindOf('story').decodeForm(form({ 'story.strategy': 'Listen', 'story.activityId': '7' }), {}, 'en'), {
      story: { strategy: 'Listen', activityId: 7 },
    });
    // The details step keeps the image, which has a step of its own.
    const image = draftOf('story').story!.image;
    assert.deepEqual(kindOf('story').decodeForm(form({ 'story.strategy': 'Listen' }), { story: { strategy: 'x', activityId: null, image } }, 'en'), {
      story: { strategy: 'Listen', activityId: null, image },
    });
    assert.deepEqual(
      kindOf('publication').decodeForm(
        form({ 'publication.authors': 'A\r\n\r\n B ', 'publication.year': 'soon', 'publication.language': 'DE' }),
        { publication: { authors: [], year: null, language: null, fileIds: [9] } },
        'en',
      ),
      {
        publication: { authors: ['A', 'B'], year: 'soon', language: 'de', fileIds: [9] },
      },
    );
    const actor = kindOf('actor').decodeForm(
      form({ rows: '2', 'actor.acronym': 'OIT', 'actor.social.1.network': 'X', 'actor.point.lat': '1.5' }),
      draftOf('actor'),
      'fr',
    ) as { actor: Record<string, unknown> };
    assert.deepEqual(actor.actor.acronyms, { en: 'ITU', fr: 'OIT' }, 'the acronym of the original language is replaced, the others kept');
    assert.deepEqual(actor.actor.social, [{ network: 'X', handle: null, url: null }]);
    assert.deepEqual(actor.actor.point, { lat: 1.5, lon: null });
    assert.deepEqual(actor.actor.issues, draftOf('actor').actor!.issues, 'the issues step keeps its own fields');
    assert.deepEqual(kindOf('activity').decodeForm(form({ activityType: 'project' }), {}, 'en'), {});
  });
});
