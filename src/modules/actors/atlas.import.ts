/**
 * From parsed Geneva Digital Atlas profiles to published actor entries.
 *
 * The parser (atlas.parser.ts) places the text; this module decides where each piece goes in an actor
 * entry, repairs what can be repaired without inventing anything (a website without its scheme, a
 * summary cut from the description), and reports what it could not place — with the source line — so
 * that one irregular profile is a line in the report, never a failed run or silently lost text.
 */
import { z } from 'zod';
import type { ErrorDetail } from '../../lib/errors';
import { STAKEHOLDER_TYPES } from '../entries/entry';
import type { ActorDetails } from '../entries/kinds';
import { countWords, KIND_RULES } from '../submissions/submissions.rules';
import { draftSchema, type DraftData } from '../submissions/submissions.schemas';
import { importDrafts, type ImportedEntry } from '../submissions/publishing.service';
import { submissionProblems, type SubmissionDeps } from '../submissions/submissions';
import type { Taxonomy } from '../taxonomy/taxonomy';
import { fold, parseAtlasText, type AtlasProfile, type AtlasReport, type AtlasVocabularyTerm } from './atlas.parser';

/** A piece of source text that did not make it into the entry, where it was (when known), and why. */
export type AtlasUnplaced = { line: number | null; text: string; reason: string };

/** One profile mapped to an entry, or the reason it cannot be one; with what was placed and what was not. */
export type AtlasEntry = {
  name: string | null;
  externalId: string | null;
  /** Null when the profile cannot be imported; `problems` then says why. */
  entry: ImportedEntry | null;
  problems: string[];
  /** The entry fields that received something (`title`, `actor.issues`, `countries`…). */
  mapped: string[];
  unmapped: AtlasUnplaced[];
  /** Repairs worth knowing about, e.g. a summary composed from the header fields. */
  notes: string[];
};

export type AtlasOutcome = 'created' | 'updated' | 'unchanged' | 'failed';

/** What the import did with one profile. */
export type AtlasImportReport = {
  name: string | null;
  externalId: string | null;
  outcome: AtlasOutcome;
  id: number | null;
  mapped: string[];
  unmapped: AtlasUnplaced[];
  notes: string[];
  problems: string[];
};

const IMPORT_REASON = 'Geneva Digital Atlas import';
const ACTOR_RULES = KIND_RULES.actor;
const SUMMARY_MIN_WORDS = ACTOR_RULES.summary?.minWords ?? 10;
const SUMMARY_MAX_WORDS = ACTOR_RULES.summary?.maxWords ?? 200;

/* ------------------------------------------------------------------ text helpers */

/** A stable identifier part: folded words joined by hyphens. */
function slugOf(text: string): string {
  return fold(text).replace(/\s+/g, '-').slice(0, 60).replace(/-+$/, '');
}

const LIST_MARKER = /^[-–—•▪●]\s+/;

/**
 * The parser joins source lines with single line breaks; the site renders Markdown, where that would
 * run paragraphs together. Each line becomes a paragraph, and runs of list items stay one list.
 */
function asMarkdown(text: string): string {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  let out = '';
  let previousWasItem = false;
  for (const line of lines) {
    const item = LIST_MARKER.test(line);
    const md = item ? line.replace(LIST_MARKER, '- ') : line;
    out += out === '' ? md : `${item && previousWasItem ? '\n' : '\n\n'}${md}`;
    previousWasItem = item;
  }
  return out;
}

const sentenceSegmenter = new Intl.Segmenter('en', { granularity: 'sentence' });

/**
 * The summary: the description's opening paragraphs, whole sentences only, at most 200 words, stopping
 * at the end of the first paragraph that reaches 10. Short lines without a full stop are sub-headings
 * and are passed over. The caller falls back when this gives fewer than 10 words.
 */
function summaryFromDescription(description: string): { text: string; words: number } {
  const parts: string[] = [];
  let words = 0;
  for (const raw of description.split('\n')) {
    const paragraph = raw.replace(LIST_MARKER, '').trim();
    if (!paragraph) continue;
    if (!/[.!?…:;)"”’]$/.test(paragraph) && countWords(paragraph) < SUMMARY_MIN_WORDS) continue;
    let full = false;
    for (const { segment } of sentenceSegmenter.segment(paragraph)) {
      const sentence = segment.trim();
      const n = countWords(sentence);
      if (!sentence) continue;
      if (words + n > SUMMARY_MAX_WORDS) {
        full = true;
        break;
      }
      parts.push(sentence);
      words += n;
    }
    if (full || words >= SUMMARY_MIN_WORDS) break;
  }
  // A sentence ending in a colon announces a list the summary does not carry; it is left out if it can be.
  const last = parts.at(-1);
  if (last?.endsWith(':') && words - countWords(last) >= SUMMARY_MIN_WORDS) {
    parts.pop();
    words -= countWords(last);
  }
  return { text: parts.join(' '), words };
}

/* ------------------------------------------------------------------ header fields */

// Stakeholder groups as the Atlas and similar directories write them, folded, to the platform's types.
const STAKEHOLDER_PATTERNS: Array<[RegExp, (typeof STAKEHOLDER_TYPES)[number]]> = [
  [
    /^(international|intergovernmental|inter governmental|regional|international and regional|regional and international|un|united nations)( organi[sz]ations?| bodies| agenc(y|ies))?$/,
    'international-organisation',
  ],
  [
    /^(ngos?( and associations)?|associations?|non governmental organi[sz]ations?|non profits?|nonprofits?|civil society( organi[sz]ations?)?|foundations?)$/,
    'civil-society',
  ],
  [/^(academia|academic( and research)? institutions?|academia and (research|think tanks)|universities|research institutions?|think tanks?)$/, 'academia'],
  [/^(private sector|business(es)?|companies|industry|corporations?|business and industry)$/, 'private-sector'],
  [/^(governments?|public sector|permanent missions?|governments? and permanent missions?|states?)$/, 'government'],
  [/^technical community$/, 'technical-community'],
  [/^other$/, 'other'],
];

/** The platform's stakeholder type for a stakeholder group as written, or null when none fits. */
export function stakeholderTypeOf(group: string): (typeof STAKEHOLDER_TYPES)[number] | null {
  const key = fold(group);
  return STAKEHOLDER_PATTERNS.find(([re]) => re.test(key))?.[1] ?? null;
}

const httpUrl = z.url({ protocol: /^https?$/ }).max(2000);

/** A link with `https://` added when the scheme is missing; null when it is still no web address. */
function normaliseUrl(raw: string): string | null {
  const trimmed = raw.trim().replace(/[.,;]+$/, '');
  if (!trimmed || /\s/.test(trimmed)) return null;
  const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(trimmed) ? trimmed : `https://${trimmed.replace(/^\/\//, '')}`;
  if (!httpUrl.safeParse(withScheme).success) return null;
  const host = new URL(withScheme).hostname;
  return host.includes('.') ? withScheme : null;
}

/** Finds the ISO code of the country an address ends with (its last line or comma-separated part). */
function countryOfAddress(address: string, countries: ReadonlyMap<string, string>): { code: string | null; segment: string } {
  const segment =
    address
      .split(/[\n,;]/)
      .map((s) => s.trim())
      .filter(Boolean)
      .at(-1) ?? '';
  const key = fold(segment).replace(/^the /, '');
  return { code: countries.get(key) ?? null, segment };
}

/** English country labels of the taxonomy, folded, to their ISO codes. */
function countryIndex(taxonomy: Taxonomy): Map<string, string> {
  const index = new Map<string, string>();
  for (const term of taxonomy.terms('country')) {
    const label = term.labels.en;
    if (label) index.set(fold(label).replace(/^the /, ''), term.code);
  }
  return index;
}

/* ------------------------------------------------------------------ source line lookup */

/**
 * Finds source lines for what the parser reports without a line number (header fields, issue
 * headings). Profiles come in file order, each opened by its Category or Acronym line, so a profile's
 * lines run from its opening line to the next profile's.
 */
function profileRanges(source: string | undefined, reports: readonly AtlasReport[]): { lines: string[]; ranges: Array<[number, number]> } {
  const lines = (source ?? '')
    .replace(/^\uFEFF/, '')
    .split(/\r\n|\r|\n/)
    .map((l) => l.trim());
  const starts: number[] = [];
  let cursor = 0;
  for (const { profile } of reports) {
    const [key, value] = profile.category ? ['category', profile.category] : ['acronyms?', profile.acronym ?? ''];
    const opener = new RegExp(`^${key}\\s*:\\s*(.*)$`, 'i');
    let found = -1;
    for (let i = cursor; i < lines.length && value; i += 1) {
      const m = opener.exec(lines[i] ?? '');
      if (m && fold(m[1] ?? '') === fold(value)) {
        found = i;
        break;
      }
    }
    starts.push(found);
    if (found >= 0) cursor = found + 1;
  }
  const ranges = starts.map((start, i): [number, number] => {
    const next = starts.slice(i + 1).find((s) => s >= 0) ?? lines.length;
    return start >= 0 ? [start, next] : [-1, -1];
  });
  return { lines, ranges };
}

type Locator = {
  /** The 1-based number of the first line in the profile that the test accepts, at or after `from`. */
  find(test: (line: string) => boolean, from?: number): number | null;
};

function locatorFor(lines: readonly string[], [start, end]: [number, number]): Locator {
  return {
    find(test, from = 0) {
      for (let i = Math.max(start, from - 1); start >= 0 && i < end; i += 1) if (test(lines[i] ?? '')) return i + 1;
      return null;
    },
  };
}

const headerLine = (keys: string) => (line: string) => new RegExp(`^(${keys})\\s*:`, 'i').test(line);

/* ------------------------------------------------------------------ one profile */

type Mapping = { data: DraftData; mapped: string[]; unmapped: AtlasUnplaced[]; notes: string[] };

/** Maps one parsed profile onto an actor draft; everything it cannot place goes to `unmapped`. */
function mapProfile(report: AtlasReport, taxonomy: Taxonomy, countries: ReadonlyMap<string, string>, at: Locator): Mapping {
  const p: AtlasProfile = report.profile;
  const unmapped: AtlasUnplaced[] = report.unmapped.map((u) => ({ ...u }));
  const notes: string[] = [];
  const name = p.name ?? '';

  // Issues: known ones become actor issues; an unknown heading keeps its narrative in the description.
  const issues: ActorDetails['issues'] = [];
  const extraSections: Array<{ heading: string; text: string }> = [];
  // Headings are looked for after the section heading, in order; a footnote marker may follow them.
  let issueCursor = at.find((l) => /^(digital )?policy issues?( \d{1,2})?$/.test(fold(l))) ?? 1;
  for (const issue of p.policyIssues) {
    const key = fold(issue.heading);
    const line = at.find((l) => {
      const folded = fold(l);
      return folded === key || (folded.startsWith(key) && /^ ?\d{1,2}$/.test(folded.slice(key.length)));
    }, issueCursor);
    if (line) issueCursor = line + 1;
    if (issue.slug && taxonomy.has('digital-policy-issue', issue.slug)) {
      const same = issues.find((i) => i.issue === issue.slug);
      if (same) {
        // Two headings for one issue: one issue, both narratives, the second under its own heading.
        same.narrative = [same.narrative, issue.heading, asMarkdown(issue.narrative)].filter(Boolean).join('\n\n');
        notes.push(`“${issue.heading}” is the same issue (${issue.slug}) as an earlier heading; its narrative was added to that issue`);
      } else {
        issues.push({ issue: issue.slug, narrative: asMarkdown(issue.narrative), alias: issue.alias });
      }
    } else {
      extraSections.push({ heading: issue.heading, text: issue.narrative });
      unmapped.push({
        line,
        text: issue.heading,
        reason: 'issue heading not in the digital-policy-issue vocabulary; its narrative is kept in the description under this heading',
      });
    }
  }

  // Stakeholder group.
  let stakeholderType: ActorDetails['stakeholderType'] = null;
  if (p.stakeholderGroup) {
    stakeholderType = stakeholderTypeOf(p.stakeholderGroup);
    if (!stakeholderType) {
      unmapped.push({
        line: at.find(headerLine('stakeholder group|stakeholder type')),
        text: p.stakeholderGroup,
        reason: `stakeholder group matches none of ${STAKEHOLDER_TYPES.join(', ')}; left empty`,
      });
    }
  }

  // Country, from the end of the address.
  const countryCodes: string[] = [];
  if (p.address) {
    const { code, segment } = countryOfAddress(p.address, countries);
    if (code) countryCodes.push(code);
    else
      unmapped.push({
        line: at.find(headerLine('address')),
        text: p.address,
        reason: `no known country at the end of the address (“${segment}”); countries left empty`,
      });
  }

  // Website: one or more addresses; each invalid one is reported.
  const links: DraftData['links'] = [];
  if (p.website) {
    for (const raw of p.website.split(/[\s,;]+/).filter(Boolean)) {
      const url = normaliseUrl(raw);
      if (url && !links.some((l) => l.url === url)) links.push({ url, label: null });
      else if (!url) unmapped.push({ line: at.find(headerLine('website|web site')), text: raw, reason: 'website is not a valid web address; no link added' });
    }
  }

  // Social channels: a link without its scheme is repaired; one that is no web address is dropped from the channel and reported.
  const social: ActorDetails['social'] = p.socialMedia.map((c) => {
    if (!c.url) return { network: c.network, handle: c.handle, url: null };
    const url = normaliseUrl(c.url);
    if (!url) {
      const raw = c.url;
      unmapped.push({
        line: at.find((l) => l.includes(raw)),
        text: raw,
        reason: `${c.network} link is not a valid web address; the channel is kept without it`,
      });
    }
    return { network: c.network, handle: c.handle, url };
  });

  // Description: the profile's own text, then unknown issues and sections the entry has no field for.
  const description = [
    asMarkdown(p.description),
    ...[...extraSections, ...p.otherSections].map((s) => [`## ${s.heading}`, asMarkdown(s.text)].filter(Boolean).join('\n\n')),
  ]
    .filter(Boolean)
    .join('\n\n');

  // Summary: cut from the description; when that is too short, the header fields say who the actor is.
  let { text: summary } = summaryFromDescription(p.description);
  if (countWords(summary) < SUMMARY_MIN_WORDS) {
    const acronym = p.acronym && fold(p.acronym) !== fold(name) ? ` (${p.acronym})` : '';
    const facts = [`${name}${acronym}.`, p.category ? `Category: ${p.category}.` : '', p.stakeholderGroup ? `Stakeholder group: ${p.stakeholderGroup}.` : ''];
    summary = [...facts, summary].filter(Boolean).join(' ');
    notes.push('the description is too short for a summary; the summary is made of the name, category and stakeholder group, then what the description has');
  }

  const actor: ActorDetails = {
    acronyms: p.acronym ? { en: p.acronym } : {},
    established: p.established,
    address: p.address ?? '',
    point: null,
    stakeholderType,
    category: p.category ?? '',
    digitalActivities: asMarkdown(p.digitalActivities),
    digitalTools: asMarkdown(p.digitalTools),
    meetings: asMarkdown(p.meetings),
    social,
    issues,
    // The atlas has no images; like the rest of the profile, an import replaces what the entry had.
    image: null,
  };
  const data: DraftData = {
    kind: 'actor',
    originalLanguage: 'en',
    translations: { en: { title: name, summary, description } },
    countries: countryCodes,
    regions: [],
    actionLines: [],
    sdgs: [],
    targetGroups: [],
    issues: [],
    organisations: [],
    links,
    actor,
  };
  unmapped.sort((a, b) => (a.line ?? Number.MAX_SAFE_INTEGER) - (b.line ?? Number.MAX_SAFE_INTEGER));
  return { data, mapped: filledFields(data), unmapped, notes };
}

/** The entry fields a mapping filled, in a fixed order. */
function filledFields(data: DraftData): string[] {
  const t = data.translations.en;
  const a = data.actor;
  const candidates: Array<[string, boolean]> = [
    ['title', Boolean(t?.title)],
    ['summary', Boolean(t?.summary)],
    ['description', Boolean(t?.description)],
    ['countries', data.countries.length > 0],
    ['links', data.links.length > 0],
    ['actor.acronyms', Object.keys(a?.acronyms ?? {}).length > 0],
    ['actor.established', a?.established !== null && a?.established !== undefined],
    ['actor.address', Boolean(a?.address)],
    ['actor.stakeholderType', Boolean(a?.stakeholderType)],
    ['actor.category', Boolean(a?.category)],
    ['actor.digitalActivities', Boolean(a?.digitalActivities)],
    ['actor.digitalTools', Boolean(a?.digitalTools)],
    ['actor.meetings', Boolean(a?.meetings)],
    ['actor.social', (a?.social.length ?? 0) > 0],
    ['actor.issues', (a?.issues.length ?? 0) > 0],
  ];
  return candidates.filter(([, filled]) => filled).map(([field]) => field);
}

const describeDetail = (d: ErrorDetail) => `${d.field}: ${d.code}${d.params ? ` ${JSON.stringify(d.params)}` : ''}`;

/* ------------------------------------------------------------------ entry points */

/**
 * Maps parsed profiles to importable actor entries. `source`, the text that was parsed, lets reports
 * name the line of a header field or issue heading that could not be placed (null without it).
 */
export function atlasEntries(reports: readonly AtlasReport[], taxonomy: Taxonomy, source?: string): AtlasEntry[] {
  const countries = countryIndex(taxonomy);
  const { lines, ranges } = profileRanges(source, reports);
  const taken = new Map<string, string>();
  return reports.map((report, i) => {
    const p = report.profile;
    const idSource = p.acronym?.split(/\s*[,;/]\s*/)[0] || p.name;
    const externalId = idSource && slugOf(idSource) ? `atlas:${slugOf(idSource)}` : null;
    const base = { name: p.name, externalId, mapped: [], notes: [], unmapped: report.unmapped.map((u) => ({ ...u })) };
    if (!p.name || !externalId) return { ...base, entry: null, problems: ['the profile has neither a name nor an acronym'] };
    const mapping = mapProfile(report, taxonomy, countries, locatorFor(lines, ranges[i] ?? [-1, -1]));
    const result = { name: p.name, externalId, mapped: mapping.mapped, unmapped: mapping.unmapped, notes: mapping.notes };
    const earlier = taken.get(externalId);
    if (earlier) return { ...result, entry: null, problems: [`${externalId} is also the identifier of “${earlier}” earlier in the file`] };
    taken.set(externalId, p.name);
    // The same checks importDrafts makes, so that a profile that breaks a rule fails alone.
    const parsed = draftSchema.safeParse(mapping.data);
    if (!parsed.success) return { ...result, entry: null, problems: parsed.error.issues.map((e) => `${e.path.join('.')}: ${e.message}`) };
    const problems = submissionProblems(parsed.data, taxonomy);
    if (problems.length) return { ...result, entry: null, problems: problems.map(describeDetail) };
    return { ...result, entry: { externalId, data: parsed.data }, problems: [] };
  });
}

/** The digital-policy-issue vocabulary in the shape the parser matches headings against. */
export function atlasVocabulary(taxonomy: Taxonomy): AtlasVocabularyTerm[] {
  return taxonomy.terms('digital-policy-issue').map((t) => {
    const aliases = t.extra?.aliases;
    return { code: t.code, labels: { en: t.labels.en }, aliases: Array.isArray(aliases) ? aliases.filter((a): a is string => typeof a === 'string') : [] };
  });
}

/**
 * Imports an Atlas text: parses it, maps each profile, publishes the valid ones (created, updated or
 * unchanged by their `atlas:` identifier) and reports every profile, failed ones included.
 */
export async function importAtlas(deps: SubmissionDeps, text: string): Promise<AtlasImportReport[]> {
  const entries = atlasEntries(parseAtlasText(text, atlasVocabulary(deps.taxonomy)), deps.taxonomy, text);
  const valid = entries.flatMap((e) => (e.entry ? [e.entry] : []));
  const results = valid.length ? await importDrafts(deps, valid, IMPORT_REASON) : [];
  const byExternalId = new Map(results.map((r) => [r.externalId, r]));
  return entries.map((e) => {
    const result = e.entry ? byExternalId.get(e.entry.externalId) : undefined;
    return {
      name: e.name,
      externalId: e.externalId,
      outcome: result?.outcome ?? 'failed',
      id: result?.id ?? null,
      mapped: e.mapped,
      unmapped: e.unmapped,
      notes: e.notes,
      problems: e.problems,
    };
  });
}
