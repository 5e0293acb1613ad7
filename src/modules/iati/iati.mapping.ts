/**
 * One IATI activity (as read by `iati.reader.ts`) → an entry input in the register's shape, or the reasons
 * it cannot be one. Pure: the crosswalk (DAC sectors → action lines, organisation types, statuses) and the
 * vocabularies come in as arguments. IATI 2.01–2.03 are read fully; 1.0x where its structure maps (text
 * directly in title and description, role and date-type names, `DAC` sector vocabulary), and every part
 * that does not map is named in the activity's notes.
 */
import { LOCALES, type Locale } from '../../i18n/locales';
import { httpUrl } from '../../lib/text';
import { zodDetails } from '../../lib/zod-details';
import { checkVocabularyCodes } from '../entries/entries.service';
import { ACTIVITY_TYPES, STAKEHOLDER_TYPES, type ACTIVITY_STATUSES } from '../entries/entry';
import { entryInputSchema, LIMITS, type EntryInput } from '../entries/entry.schemas';
import type { Taxonomy } from '../taxonomy/taxonomy';
import {
  actionLinesForDac,
  CROSSWALK,
  roleForOrganisationRole,
  scopeForActivityScope,
  stakeholderForOrganisationType,
  statusForActivityStatus,
} from './crosswalk';
import type { ReadActivity, XmlNode } from './iati.reader';

type Status = (typeof ACTIVITY_STATUSES)[number];
type StakeholderType = (typeof STAKEHOLDER_TYPES)[number];
const isStakeholderType = (v: string | undefined): v is StakeholderType => (STAKEHOLDER_TYPES as readonly string[]).includes(v ?? '');
const isActivityType = (v: string): v is (typeof ACTIVITY_TYPES)[number] => (ACTIVITY_TYPES as readonly string[]).includes(v);

/** A reason or a note, as a stable code with its values (the CLI prints it, the page words it from the catalogs). */
export interface IatiIssue {
  code: string;
  params?: Record<string, string | number>;
}

export type MappedActivity =
  | { ok: true; identifier: string; title: string; input: EntryInput; notes: IatiIssue[] }
  | { ok: false; identifier: string | null; title: string | null; reasons: IatiIssue[]; notes: IatiIssue[] };

/** Every reason an activity can be refused for, and every note (the upload page words each from the catalogs). */
export const IATI_REASONS = [
  'too_large',
  'missing_identifier',
  'identifier_too_long',
  'missing_title',
  'title_not_in_kept_language',
  'missing_description',
  'bad_date',
  'end_before_start',
  'unknown_status',
  'missing_status',
  'no_action_line',
  'no_sector',
  'invalid',
  'duplicate_in_file',
  'entry_merged',
  'identifier_taken',
] as const;
export const IATI_NOTES = [
  'unknown_version',
  'read_as_1x',
  'title_shortened',
  'description_shortened',
  'language_without_description',
  'language_not_kept',
  'date_type_unknown',
  'status_from_dates',
  'status_cancelled',
  'status_suspended',
  'scope_not_mapped',
  'country_not_mapped',
  'region_not_mapped',
  'region_unspecified',
  'sdg_not_mapped',
  'sector_not_mapped',
  'sector_vocabulary_not_mapped',
  'tag_vocabulary_not_mapped',
  'organisation_without_name',
  'too_many_organisations',
  'link_not_kept',
  'too_many_links',
] as const;

/** The register's import identifier for an IATI identifier: one function, so the matching can move to its own column. */
export const iatiExternalId = (identifier: string) => `iati:${identifier}`;
/** The IATI identifier an import identifier carries, if it is one. */
export const iatiIdentifierOf = (externalId: string | null | undefined) => (externalId?.startsWith('iati:') ? externalId.slice(5) : null);

const KEPT_LANGUAGES = new Set<string>(LOCALES);
/** IATI 2.x description types: 1 general, 2 objectives, 3 target groups, 4 other; 1.0x wrote the names. */
const DESCRIPTION_TYPES: Record<string, string> = { general: '1', objectives: '2', 'target groups': '3', other: '4' };
/** IATI organisation roles: 1 funding, 2 accountable, 3 extending, 4 implementing (1.0x: the names). */
const ROLE_CODES: Record<string, string> = { funding: '1', accountable: '2', extending: '3', implementing: '4' };
/** IATI activity date types: 1 planned start, 2 actual start, 3 planned end, 4 actual end (1.0x: the names). */
const DATE_TYPES: Record<string, string> = { 'start-planned': '1', 'start-actual': '2', 'end-planned': '3', 'end-actual': '4' };
/** DAC recipient regions (region vocabulary 1) with a UN M49 region of the same extent; the others are reported. */
const DAC_REGIONS: Record<string, string> = {
  '89': '150',
  '189': '015',
  '289': '202',
  '298': '002',
  '380': '029',
  '489': '005',
  '498': '019',
  '589': '145',
  '619': '143',
  '679': '034',
  '789': '030',
  '798': '142',
  '889': '009',
};
/** DAC regions that name no place: the activity is international. */
const DAC_UNSPECIFIED = new Set(['998']);
const SECTOR_DAC5 = new Set(['1', 'dac']);
const SECTOR_DAC3 = new Set(['2', 'dac-3']);
const SECTOR_SDG_GOAL = '7';
const SECTOR_SDG_TARGET = '8';
const MAX_NOTES = 30;

const childrenNamed = (n: XmlNode, name: string) => n.children.filter((c) => c.name === name);
const firstChild = (n: XmlNode, name: string) => n.children.find((c) => c.name === name);
const attr = (n: XmlNode, name: string) => n.attrs[name]?.trim() ?? '';
const EMPTY: XmlNode = { name: '', attrs: {}, text: '', children: [] };
/** An attribute of the Stocktake extension namespace, whatever prefix the file bound it to. */
const ownAttr = (n: XmlNode, local: string) => {
  const key = Object.keys(n.attrs).find((k) => k.endsWith(`:${local}`));
  return key ? n.attrs[key]?.trim() : undefined;
};
/** Which of our vocabularies a vocabulary-99 (or 98) code belongs to: the last segment of its vocabulary-uri. */
const ownVocabulary = (n: XmlNode, vocabulary: string) =>
  (attr(n, 'vocabulary') || '') === vocabulary ? (/\/vocabularies\/([a-z-]+)\/?$/.exec(attr(n, 'vocabulary-uri'))?.[1] ?? null) : null;

/** A language tag as the register's code: `EN`, `en-GB`, `fr_CA` → en, en, fr. */
function languageOf(tag: string | undefined): string | null {
  const t = tag?.trim().toLowerCase().split(/[-_]/)[0];
  return t ? t : null;
}

// Only XML's own white space is collapsed: a no-break space (French typography) is part of the text.
const oneLine = (s: string) => s.replace(/[ \t\r\n]+/g, ' ').trim();
const paragraphs = (s: string) =>
  s
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => l.replace(/[ \t]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();

/** Cuts a text at a sentence (or word) end within `max` characters, marking the cut. */
function cut(s: string, max: number): string {
  if (s.length <= max) return s;
  const room = s.slice(0, max - 1);
  const sentence = Math.max(room.lastIndexOf('. '), room.lastIndexOf('.\n'));
  if (sentence > max / 2) return room.slice(0, sentence + 1);
  const word = room.lastIndexOf(' ');
  return `${(word > max / 2 ? room.slice(0, word) : room).trimEnd()}…`;
}

/**
 * The texts of some elements by language: 2.x narratives with their `xml:lang`, or (1.0x, or a 2.x file
 * written the old way) the element's own text in the element's language. Unkept languages are collected.
 */
function texts(elements: XmlNode[], defaultLang: string, dropped: Set<string>): Map<Locale, string[]> {
  const out = new Map<Locale, string[]>();
  const put = (lang: string | null, raw: string) => {
    const value = raw.trim();
    if (!value) return;
    const l = lang ?? defaultLang;
    if (!KEPT_LANGUAGES.has(l)) {
      dropped.add(l);
      return;
    }
    const list = out.get(l as Locale) ?? [];
    list.push(value);
    out.set(l as Locale, list);
  };
  for (const el of elements) {
    const own = languageOf(el.attrs['xml:lang']);
    const narratives = childrenNamed(el, 'narrative');
    if (narratives.length) for (const n of narratives) put(languageOf(n.attrs['xml:lang']) ?? own, n.text);
    else put(own, el.text);
  }
  return out;
}

/** A name for an organisation element: its narrative in the preferred language, else any, else its own text. */
function orgName(el: XmlNode, preferred: string, defaultLang: string): string {
  const narratives = childrenNamed(el, 'narrative');
  const wanted =
    narratives.find((n) => (languageOf(n.attrs['xml:lang']) ?? defaultLang) === preferred && n.text.trim()) ?? narratives.find((n) => n.text.trim());
  return oneLine(wanted?.text ?? el.text);
}

/** An IATI date (`iso-date` attribute, or 1.0x text) as YYYY-MM-DD, null when absent, 'bad' when not a real date. */
function dateOf(el: XmlNode): string | null | 'bad' {
  const raw = (el.attrs['iso-date'] ?? el.text).trim();
  if (!raw) return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:$|T)/.exec(raw);
  if (!m) return 'bad';
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  if (d.getUTCFullYear() !== Number(m[1]) || d.getUTCMonth() !== Number(m[2]) - 1 || d.getUTCDate() !== Number(m[3])) return 'bad';
  return `${m[1]}-${m[2]}-${m[3]}`;
}

/** Maps one activity; never throws for bad content (it becomes a reason). */
export function mapIatiActivity(read: ReadActivity, taxonomy: Taxonomy): MappedActivity {
  const a = read.node;
  const reasons: IatiIssue[] = [];
  const notes: IatiIssue[] = [];
  const note = (code: string, params?: IatiIssue['params']) => {
    if (notes.length < MAX_NOTES && !notes.some((n) => n.code === code && JSON.stringify(n.params) === JSON.stringify(params)))
      notes.push(params ? { code, params } : { code });
  };
  const identifier = oneLine(firstChild(a, 'iati-identifier')?.text ?? '') || null;
  const version = attr(a, 'iati-activities:version') || read.fileVersion || '';
  const legacy = /^1\./.test(version);
  if (version && !/^(1\.0\d?|2\.0[123])$/.test(version)) note('unknown_version', { version });
  const defaultLang = languageOf(a.attrs['xml:lang']) ?? languageOf(read.fileLang ?? undefined) ?? 'en';
  const dropped = new Set<string>();

  if (read.problem === 'too_large') reasons.push({ code: 'too_large' });
  if (!identifier) reasons.push({ code: 'missing_identifier' });
  else if (identifier.length > 190) reasons.push({ code: 'identifier_too_long' });

  // Titles and descriptions, per language.
  const titles = texts(childrenNamed(a, 'title'), defaultLang, dropped);
  const general: Map<Locale, string[]> = new Map();
  const other: Map<Locale, string[]> = new Map();
  for (const d of childrenNamed(a, 'description')) {
    const type = attr(d, 'type').toLowerCase();
    const code = DESCRIPTION_TYPES[type] ?? (type || '1');
    for (const [lang, values] of texts([d], defaultLang, dropped)) {
      const target = code === '1' ? general : other;
      target.set(lang, [...(target.get(lang) ?? []), ...values]);
    }
  }
  const translations: EntryInput['translations'] = {};
  for (const [lang, values] of titles) {
    let title = oneLine(values[0]!);
    if (title.length > LIMITS.title) {
      title = cut(title, LIMITS.title);
      note('title_shortened', { language: lang });
    }
    const main = (general.get(lang) ?? []).map(paragraphs);
    const more = (other.get(lang) ?? []).map(paragraphs);
    const firstText = main[0] ?? more[0];
    if (!firstText) {
      note('language_without_description', { language: lang });
      continue;
    }
    const summary = cut(firstText, LIMITS.summary);
    const rest = [...main, ...more].filter((t) => t !== firstText || summary !== firstText);
    let description = rest.join('\n\n');
    if (description.length > LIMITS.description) {
      description = cut(description, LIMITS.description);
      note('description_shortened', { language: lang });
    }
    translations[lang] = { title, summary, description };
  }
  for (const lang of dropped) note('language_not_kept', { language: lang });
  const languages = Object.keys(translations) as Locale[];
  const originalLanguage: Locale | undefined = (languages as string[]).includes(defaultLang) ? (defaultLang as Locale) : languages[0];
  const anyTitle = originalLanguage ? translations[originalLanguage]!.title : (titles.values().next().value?.[0] ?? null);
  if (titles.size === 0) reasons.push({ code: dropped.size ? 'title_not_in_kept_language' : 'missing_title' });
  else if (!originalLanguage) reasons.push({ code: 'missing_description' });

  // Dates: actual before planned.
  const dates: Record<string, string> = {};
  for (const d of childrenNamed(a, 'activity-date')) {
    // A date the export wrote only because IATI requires one (the entry's registration) is no date of the activity.
    if (ownAttr(d, 'registered') === 'true') continue;
    const type = DATE_TYPES[attr(d, 'type').toLowerCase()] ?? attr(d, 'type');
    const value = dateOf(d);
    if (value === 'bad') reasons.push({ code: 'bad_date', params: { value: (d.attrs['iso-date'] ?? d.text).trim().slice(0, 40) } });
    else if (value && ['1', '2', '3', '4'].includes(type)) dates[type] ??= value;
    else if (value) note('date_type_unknown', { type });
  }
  const startDate = dates['2'] ?? dates['1'] ?? null;
  const endDate = dates['4'] ?? dates['3'] ?? null;
  if (startDate && endDate && endDate < startDate) reasons.push({ code: 'end_before_start', params: { start: startDate, end: endDate } });

  // Status: the code through the crosswalk (cancelled reads as completed, suspended as ongoing, both noted), or what the dates say.
  const statusCode = attr(firstChild(a, 'activity-status') ?? EMPTY, 'code');
  const today = new Date().toISOString().slice(0, 10);
  let status: Status | undefined;
  if (statusCode) {
    status = statusForActivityStatus(statusCode);
    if (!status) reasons.push({ code: 'unknown_status', params: { code: statusCode } });
    else if (statusCode === '5') note('status_cancelled');
    else if (statusCode === '6') note('status_suspended');
  } else if (dates['4'] && dates['4'] <= today) status = 'completed';
  else if (dates['2']) status = 'ongoing';
  else if (startDate) status = startDate > today ? 'planned' : 'ongoing';
  else reasons.push({ code: 'missing_status' });
  if (!statusCode && status) note('status_from_dates', { status });

  // Where: recipient countries and regions (on the activity, or on its transactions).
  const countries = new Set<string>();
  const regions = new Set<string>();
  let unspecifiedRegion = false;
  const transactions = childrenNamed(a, 'transaction');
  for (const c of [...childrenNamed(a, 'recipient-country'), ...transactions.flatMap((t) => childrenNamed(t, 'recipient-country'))]) {
    const code = attr(c, 'code').toUpperCase();
    if (code && taxonomy.has('country', code)) countries.add(code);
    else note('country_not_mapped', { code: code || '—' });
  }
  for (const r of [...childrenNamed(a, 'recipient-region'), ...transactions.flatMap((t) => childrenNamed(t, 'recipient-region'))]) {
    const code = attr(r, 'code');
    const vocabulary = attr(r, 'vocabulary') || '1';
    const region =
      vocabulary === '1'
        ? DAC_REGIONS[code]
        : vocabulary === CROSSWALK.regionVocabularies.m49
          ? code.padStart(3, '0')
          : ownVocabulary(r, CROSSWALK.regionVocabularies.own) === 'region'
            ? code
            : undefined;
    if (region && taxonomy.has('region', region)) regions.add(region);
    else if (vocabulary === '1' && DAC_UNSPECIFIED.has(code)) unspecifiedRegion = true;
    else note('region_not_mapped', { code: code || '—', vocabulary });
  }
  const scopeCode = attr(firstChild(a, 'activity-scope') ?? EMPTY, 'code');
  const givenScope = scopeCode ? scopeForActivityScope(scopeCode) : undefined;
  if (scopeCode && !givenScope) note('scope_not_mapped', { code: scopeCode });
  const scope = givenScope ?? (countries.size === 1 && regions.size === 0 ? 'national' : countries.size + regions.size > 0 ? 'regional' : 'international');
  if (unspecifiedRegion && countries.size + regions.size === 0) note('region_unspecified');

  // Themes: our own action-line codes when the file carries them (a Stocktake export), else DAC sectors through the
  // crosswalk; SDG goals and targets from tags (vocabularies 2, 3) and sectors (7, 8); our other vocabularies from tags 99.
  const ownLines = new Set<string>();
  const dacLines = new Set<string>();
  const sdgs = new Set<string>();
  const ownTags: Record<string, Set<string>> = { 'activity-type': new Set(), 'target-group': new Set(), 'digital-policy-issue': new Set() };
  const addSdg = (code: string, kind: 'goal' | 'target') => {
    const c = code.trim().toLowerCase();
    const shaped = kind === 'goal' ? /^\d{1,2}$/.test(c) : /^\d{1,2}\.[0-9a-z]{1,2}$/.test(c);
    if (shaped && taxonomy.has('sdg', c)) sdgs.add(c);
    else note('sdg_not_mapped', { code: c || '—' });
  };
  let sectorsSeen = 0;
  for (const s of [...childrenNamed(a, 'sector'), ...transactions.flatMap((t) => childrenNamed(t, 'sector'))]) {
    const code = attr(s, 'code');
    const vocabulary = (attr(s, 'vocabulary') || '1').toLowerCase();
    if (SECTOR_DAC5.has(vocabulary) || SECTOR_DAC3.has(vocabulary)) {
      sectorsSeen += 1;
      const lines = actionLinesForDac(code);
      for (const l of lines) if (taxonomy.has('action-line', l)) dacLines.add(l);
      if (!lines.length) note('sector_not_mapped', { code: code || '—' });
    } else if (vocabulary === SECTOR_SDG_GOAL) addSdg(code, 'goal');
    else if (vocabulary === SECTOR_SDG_TARGET) addSdg(code, 'target');
    else if ((vocabulary === '99' || vocabulary === '98') && ownVocabulary(s, vocabulary) === 'action-line' && taxonomy.has('action-line', code)) {
      sectorsSeen += 1;
      ownLines.add(code);
    } else note('sector_vocabulary_not_mapped', { vocabulary });
  }
  for (const t of childrenNamed(a, 'tag')) {
    const vocabulary = attr(t, 'vocabulary');
    const code = attr(t, 'code');
    const own = vocabulary === '99' ? ownVocabulary(t, '99') : null;
    if (vocabulary === CROSSWALK.sdg.goalVocabulary) addSdg(code, 'goal');
    else if (vocabulary === CROSSWALK.sdg.targetVocabulary) addSdg(code, 'target');
    else if (own && own in ownTags) ownTags[own]!.add(code);
    else note('tag_vocabulary_not_mapped', { vocabulary: vocabulary || '—' });
  }
  const actionLines = ownLines.size ? ownLines : dacLines;
  if (actionLines.size === 0) reasons.push({ code: sectorsSeen ? 'no_action_line' : 'no_sector' });
  const activityType = [...ownTags['activity-type']!].find(isActivityType) ?? 'project';

  // Organisations: the participating ones, as names with a role (accountable leads, the others are partners) and a
  // stakeholder type (ours when the file carries it, else from the organisation type). One line per name.
  const preferred = originalLanguage ?? defaultLang;
  const organisations: EntryInput['organisations'] = [];
  const byName = new Map<string, EntryInput['organisations'][number]>();
  for (const p of childrenNamed(a, 'participating-org')) {
    // The publisher stands in for an entry that named no organisation (IATI wants one): it is not the entry's.
    if (ownAttr(p, 'publisher') === 'true') continue;
    const roleCode = ROLE_CODES[attr(p, 'role').toLowerCase()] ?? attr(p, 'role');
    let name = orgName(p, preferred, defaultLang);
    if (!name) {
      note('organisation_without_name', { ref: attr(p, 'ref') || '—' });
      continue;
    }
    if (name.length > 300) name = cut(name, 300);
    const role = roleForOrganisationRole(roleCode) ?? 'partner';
    const known = byName.get(name.toLowerCase());
    if (known) {
      if (role === 'lead') known.role = 'lead';
      continue;
    }
    if (organisations.length >= 50) {
      note('too_many_organisations');
      break;
    }
    const own = ownAttr(p, 'stakeholder-type');
    const stakeholderType = isStakeholderType(own) ? own : (stakeholderForOrganisationType(attr(p, 'type')) ?? 'other');
    const org = { name, role, stakeholderType: isStakeholderType(stakeholderType) ? stakeholderType : 'other' } as const;
    const entry = { ...org };
    byName.set(name.toLowerCase(), entry);
    organisations.push(entry);
  }

  // Links: document links and (1.0x) the activity's website; a title that only repeats the address is no label.
  const links: EntryInput['links'] = [];
  const linkTargets = [
    ...childrenNamed(a, 'document-link').map((d) => ({ url: attr(d, 'url'), label: orgName(firstChild(d, 'title') ?? EMPTY, preferred, defaultLang) })),
    ...childrenNamed(a, 'activity-website').map((w) => ({ url: w.text.trim(), label: '' })),
  ];
  for (const l of linkTargets) {
    if (!l.url) continue;
    if (!httpUrl.safeParse(l.url).success) {
      note('link_not_kept', { url: l.url.slice(0, 100) });
      continue;
    }
    if (links.some((x) => x.url === l.url)) continue;
    if (links.length >= 20) {
      note('too_many_links');
      break;
    }
    links.push({ url: l.url, label: l.label && l.label !== l.url ? cut(l.label, 200) : null });
  }
  if (legacy) note('read_as_1x', { version });

  if (reasons.length || !identifier || !originalLanguage || !status) return { ok: false, identifier, title: anyTitle, reasons, notes };
  const parsed = entryInputSchema.safeParse({
    externalId: iatiExternalId(identifier),
    kind: 'activity',
    state: 'published',
    originalLanguage,
    translations,
    activityType,
    status,
    scope,
    startDate,
    endDate,
    countries: [...countries].slice(0, 250),
    regions: [...regions],
    actionLines: [...actionLines],
    sdgs: [...sdgs],
    targetGroups: [...ownTags['target-group']!].filter((c) => taxonomy.has('target-group', c)),
    issues: [...ownTags['digital-policy-issue']!].filter((c) => taxonomy.has('digital-policy-issue', c)),
    organisations,
    links,
  });
  if (!parsed.success) return { ok: false, identifier, title: anyTitle, reasons: zodDetails(parsed.error.issues).map(detailIssue), notes };
  const problems = checkVocabularyCodes(parsed.data, taxonomy);
  if (problems.length) return { ok: false, identifier, title: anyTitle, reasons: problems.map(detailIssue), notes };
  return { ok: true, identifier, title: anyTitle ?? identifier, input: parsed.data, notes };
}

/** A validation detail as a reason: `invalid` with the field and the check that failed. */
function detailIssue(d: { field: string; code: string; params?: Record<string, unknown> | undefined }): IatiIssue {
  return { code: 'invalid', params: { field: d.field, check: d.code } };
}
