/**
 * Parser for actor profiles of the Geneva Digital Atlas in its plain-text form.
 *
 * The text is loose: a profile starts with a `Category:` and/or an `Acronym:` line, header fields may
 * be missing, sections come in any order, headings carry footnote markers, and footnotes at the end of
 * a profile say how the actor itself names an issue. The parser is pure (text in, reports out) and
 * follows one rule above the others: no text is dropped silently. Every non-blank line ends up in a
 * field of the profile or in `unmapped`, with its line number and the reason it could not be placed.
 */

/** One term of the digital-policy-issue vocabulary, as much of it as the parser needs. */
export type AtlasVocabularyTerm = { code: string; labels: { en?: string }; aliases?: string[] };

/** One digital policy issue of an actor, as its profile presents it. */
export type AtlasIssue = {
  heading: string;
  slug: string | null;
  alias: string | null;
  narrative: string;
};

/** One social-media channel of an actor. */
export type AtlasSocialChannel = { network: string; handle: string | null; url: string | null };

/** Everything the parser could place from one actor profile. */
export type AtlasProfile = {
  name: string | null;
  acronym: string | null;
  category: string | null;
  established: number | null;
  address: string | null;
  website: string | null;
  stakeholderGroup: string | null;
  description: string;
  digitalActivities: string;
  policyIssues: AtlasIssue[];
  digitalTools: string;
  meetings: string;
  socialMedia: AtlasSocialChannel[];
  otherSections: Array<{ heading: string; text: string }>;
};

/** A source line the parser could not place in the profile: where it was, what it said, and why. */
export type AtlasUnmappedLine = { line: number; text: string; reason: string };

/** The parse of one profile: the profile, the names of the fields it filled, and the lines left over. */
export type AtlasReport = { profile: AtlasProfile; mapped: string[]; unmapped: AtlasUnmappedLine[] };

/* ------------------------------------------------------------------ lines and folding */

type Line = { no: number; text: string };

/** Splits on any line ending (CRLF, CR, LF) and trims each line; numbers stay 1-based as in an editor. */
function toLines(text: string): Line[] {
  return text
    .replace(/^\uFEFF/, '')
    .split(/\r\n|\r|\n/)
    .map((raw, i) => ({ no: i + 1, text: raw.trim() }));
}

/** Folds a label for comparison: case, accents, apostrophes and punctuation do not count. */
export function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/['’‘`]/g, '')
    .replace(/&/g, ' and ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

const joinLines = (lines: readonly Line[]): string => lines.map((l) => l.text).join('\n');

const isListItem = (text: string): boolean => /^[-–—•▪●]\s+/.test(text);

/* ------------------------------------------------------------------ footnote markers */

const SUPERSCRIPT_DIGITS: Record<string, string> = { '⁰': '0', '¹': '1', '²': '2', '³': '3', '⁴': '4', '⁵': '5', '⁶': '6', '⁷': '7', '⁸': '8', '⁹': '9' };

/** Reduces `(4)`, `[4]`, `⁴` and `4` to one key, so a heading's marker finds its footnote. */
function markerKey(raw: string): string {
  const digits = raw.replace(/[()[\]\s]/g, '').replace(/[⁰¹²³⁴⁵⁶⁷⁸⁹]/g, (c) => SUPERSCRIPT_DIGITS[c] ?? c);
  return digits.replace(/^0+(?=\d)/, '');
}

// A trailing footnote marker: (1), [1], superscript digits, or one to three * / † / ‡.
const TRAILING_MARKER = /^(.*?\S)\s*(\(\d{1,2}\)|\[\d{1,2}\]|[⁰¹²³⁴⁵⁶⁷⁸⁹]+|\*{1,3}|†{1,3}|‡{1,2})$/u;

/** Removes trailing colons and footnote markers from a heading-like line, returning the marker's key. */
function stripDecorations(text: string): { text: string; marker: string | null } {
  let rest = text.trim();
  let marker: string | null = null;
  for (;;) {
    const withoutColon = rest.replace(/\s*:+$/, '');
    const m = TRAILING_MARKER.exec(withoutColon);
    if (m?.[1] && m[2]) {
      marker ??= markerKey(m[2]);
      rest = m[1];
      continue;
    }
    rest = withoutColon;
    break;
  }
  return { text: rest, marker };
}

// A footnote definition: a marker at the start of the line, then the note (`4 – Within the work of ITU…`).
const FOOTNOTE_LINE = /^(?:\[(\d{1,2})\]|\((\d{1,2})\)|(\d{1,2})\s*[–—-]|(\d{1,2})[.)]|([⁰¹²³⁴⁵⁶⁷⁸⁹]+)|(\*{1,3}|†{1,3}|‡{1,2}))\s*(\S.*)$/u;

/** Reads a footnote definition line, or null when the line does not start with a marker. */
function readFootnote(text: string): { key: string; note: string } | null {
  const m = FOOTNOTE_LINE.exec(text);
  if (!m) return null;
  const raw = m[1] ?? m[2] ?? m[3] ?? m[4] ?? m[5] ?? m[6] ?? '';
  return { key: markerKey(raw), note: m[7] ?? '' };
}

/**
 * Footnotes of one profile. A marker-led line counts as a footnote only when some heading of the same
 * profile carries that marker; otherwise `1. …` or `* …` lines inside sections would be torn out of
 * their lists.
 */
function collectFootnotes(lines: readonly Line[]): Map<string, Line> {
  const declared = new Set<string>();
  for (const line of lines) {
    const { text, marker } = stripDecorations(line.text);
    if (marker && isTitleLike(text)) declared.add(marker);
  }
  const notes = new Map<string, Line>();
  for (const line of lines) {
    const note = readFootnote(line.text);
    if (note && declared.has(note.key) && !notes.has(note.key)) notes.set(note.key, line);
  }
  return notes;
}

// The footnotes say e.g. “child safety online is addressed as ‘Child online protection’”; the quoted
// words are the actor's own name. “also includes ‘Smart cities’” widens the issue and is no alias.
// The closing quote must end a word, so an apostrophe inside the name (‘Children’s rights’) does not cut it.
const FOOTNOTE_ALIAS =
  /\b(?:addressed|dealt with|treated|referred to|known|called|named|termed|covered|framed)\s+(?:as|under)\s+[‘'"“«]\s*(.+?)\s*[’'"”»‘](?=[\s.,;:!?)]|$)/iu;

/** The actor's own name for an issue when its footnote declares one, else null. */
function aliasFromFootnote(note: string): string | null {
  return FOOTNOTE_ALIAS.exec(note)?.[1]?.trim() || null;
}

/* ------------------------------------------------------------------ profile boundaries and header fields */

type HeaderField = 'name' | 'category' | 'acronym' | 'established' | 'address' | 'website' | 'stakeholderGroup';

const HEADER_KEYS: Record<string, HeaderField> = {
  name: 'name',
  'full name': 'name',
  category: 'category',
  acronym: 'acronym',
  acronyms: 'acronym',
  established: 'established',
  founded: 'established',
  'year established': 'established',
  address: 'address',
  website: 'website',
  'web site': 'website',
  'stakeholder group': 'stakeholderGroup',
  'stakeholder type': 'stakeholderGroup',
};

// Lines that open a profile. Category sits above Acronym in the Atlas, so Acronym opens a new profile
// only when the current one is past its header or already has an acronym. (A `Name:` line is read as a
// header field but opens nothing: the format does not start profiles with it.)
const PROFILE_START_FIELDS = new Set<HeaderField>(['category', 'acronym']);

/** Reads a `Key: value` header line with a known key, else null. */
function readHeaderField(text: string): { field: HeaderField; key: string; value: string } | null {
  const m = /^([\p{L}][\p{L} ]{0,30}?)\s*:\s*(.*)$/u.exec(text);
  const key = m?.[1];
  if (!m || !key) return null;
  const field = HEADER_KEYS[key.toLowerCase().replace(/\s+/g, ' ')];
  return field ? { field, key, value: (m[2] ?? '').trim() } : null;
}

/** Cuts the file into profile blocks; lines before the first profile are returned apart. */
function splitProfiles(lines: readonly Line[]): { before: Line[]; blocks: Line[][] } {
  const before: Line[] = [];
  const blocks: Line[][] = [];
  let current: Line[] | null = null;
  let inHeader = false;
  let seen = new Set<HeaderField>();
  for (const line of lines) {
    const field = line.text ? readHeaderField(line.text)?.field : undefined;
    if (field && PROFILE_START_FIELDS.has(field) && !(current && inHeader && !seen.has(field))) {
      current = [line];
      blocks.push(current);
      inHeader = true;
      seen = new Set([field]);
      continue;
    }
    if (!current) {
      before.push(line);
      continue;
    }
    current.push(line);
    if (field) seen.add(field);
    else if (line.text) inHeader = false;
  }
  return { before, blocks };
}

/* ------------------------------------------------------------------ section headings */

type SectionKind = 'digitalActivities' | 'policyIssues' | 'digitalTools' | 'meetings' | 'socialMedia';

const SECTION_HEADINGS: Record<string, SectionKind> = {
  'digital activities': 'digitalActivities',
  'digital activity': 'digitalActivities',
  'digital policy issues': 'policyIssues',
  'digital policy issue': 'policyIssues',
  'policy issues': 'policyIssues',
  'digital tools': 'digitalTools',
  'digital tool': 'digitalTools',
  'digital tools and initiatives': 'digitalTools',
  'digital initiatives and tools': 'digitalTools',
  'tools and initiatives': 'digitalTools',
  'future of meetings': 'meetings',
  'the future of meetings': 'meetings',
  'future of meeting': 'meetings',
  'social media channels': 'socialMedia',
  'social media channel': 'socialMedia',
  'social media': 'socialMedia',
  'social media accounts': 'socialMedia',
  'social networks': 'socialMedia',
};

// Headings of sections the profile type has no field for; they are kept whole in otherSections.
const OTHER_HEADINGS = new Set([
  'publications',
  'key publications',
  'partnerships',
  'partners',
  'projects',
  'events',
  'resources',
  'contact',
  'contacts',
  'awards',
  'further reading',
  'footnotes',
  'notes',
]);

const SECTION_LABEL: Record<SectionKind, string> = {
  digitalActivities: 'Digital activities',
  policyIssues: 'Digital policy issues',
  digitalTools: 'Digital tools',
  meetings: 'Future of meetings',
  socialMedia: 'Social media channels',
};

type HeadingMatch = { kind: SectionKind; heading: string } | { kind: 'other'; heading: string };

/** Recognises a section heading from the known lists, tolerant of case, trailing colons and footnote markers. */
function matchSectionHeading(text: string): HeadingMatch | null {
  if (!text || text.length > 60 || isListItem(text)) return null;
  const heading = stripDecorations(text).text;
  const key = fold(heading);
  const kind = SECTION_HEADINGS[key];
  if (kind) return { kind, heading };
  return OTHER_HEADINGS.has(key) ? { kind: 'other', heading } : null;
}

/* ------------------------------------------------------------------ issue headings */

type IssueIndex = Map<string, { code: string; viaAlias: boolean }>;

/** Indexes the vocabulary by folded English label and alias; labels win over aliases on a clash. */
function buildIssueIndex(vocabulary: readonly AtlasVocabularyTerm[]): IssueIndex {
  const index: IssueIndex = new Map();
  for (const term of vocabulary) {
    const label = term.labels.en;
    if (label && !index.has(fold(label))) index.set(fold(label), { code: term.code, viaAlias: false });
  }
  for (const term of vocabulary) {
    for (const alias of term.aliases ?? []) {
      if (!index.has(fold(alias))) index.set(fold(alias), { code: term.code, viaAlias: true });
    }
  }
  return index;
}

/**
 * A line that reads like a heading: short (at most 10 words, 80 characters), starts with a capital
 * or a digit, is not a list item, holds no link, and does not end like a sentence (. , ; : ! ?).
 */
function isTitleLike(text: string): boolean {
  if (!text || text.length > 80 || isListItem(text) || /https?:\/\/|www\./i.test(text)) return false;
  if (text.split(/\s+/).length > 10) return false;
  return /^[\p{Lu}\p{N}]/u.test(text) && !/[.,;:!?]$/.test(text);
}

/** Matches a heading against the vocabulary: whole heading first, then `A (B)` in either direction. */
function matchIssue(heading: string, index: IssueIndex): { slug: string; alias: string | null } | null {
  if (!heading || heading.length > 120 || isListItem(heading)) return null;
  const whole = index.get(fold(heading));
  if (whole) return { slug: whole.code, alias: whole.viaAlias ? heading : null };
  const parts = /^(.+?)\s*\(([^()]+)\)$/.exec(heading);
  if (!parts?.[1] || !parts[2]) return null;
  const [outer, inner] = [parts[1].trim(), parts[2].trim()];
  // “Child online protection (Child safety online)”: the side that is the taxonomy's own label names the
  // issue and the other side is the actor's name for it; a bare abbreviation in brackets (“Internet of
  // things (IoT)”) is no alias.
  const isAbbreviation = (s: string) => !/\s/.test(s) && s.length <= 6;
  const viaOuter = index.get(fold(outer));
  const viaInner = index.get(fold(inner));
  if (viaOuter && !viaOuter.viaAlias) return { slug: viaOuter.code, alias: isAbbreviation(inner) ? null : inner };
  if (viaInner) return { slug: viaInner.code, alias: outer };
  if (viaOuter) return { slug: viaOuter.code, alias: outer };
  return null;
}

type OpenIssue = { heading: string; slug: string | null; alias: string | null; marker: string | null; lines: Line[] };

/**
 * Splits the “Digital policy issues” section into issues. A line opens a new issue when
 *   (a) without its footnote marker it equals an English label or alias of the vocabulary (or is `A (B)`
 *       with one side matching) — the Atlas names issues by the taxonomy, so this is the strong signal;
 *   (b) it is title-like and carries a footnote marker that a footnote of the profile explains — in the
 *       Atlas such notes annotate issue headings only; or
 *   (c) it is the first line of the section, title-like, and followed by a narrative line (an issue
 *       the vocabulary does not know: kept with slug null).
 * Any other title-like line inside an issue (“5G”, “Satellite” under telecommunications infrastructure,
 * “Global Health” under artificial intelligence) is a sub-heading and stays in that issue's narrative:
 * the Atlas nests such sub-headings freely, and splitting on them would invent issues. Text before the
 * first issue heading belongs to no issue and is reported as unmapped.
 */
function parseIssues(lines: readonly Line[], index: IssueIndex, footnotes: ReadonlyMap<string, Line>, unmapped: AtlasUnmappedLine[]): AtlasIssue[] {
  const issues: OpenIssue[] = [];
  const content = lines.filter((l) => l.text);
  content.forEach((line, i) => {
    const { text: heading, marker } = stripDecorations(line.text);
    const matched = isListItem(line.text) ? null : matchIssue(heading, index);
    const marked = marker !== null && footnotes.has(marker) && isTitleLike(heading);
    const next = content[i + 1]?.text ?? '';
    const unknownFirst = i === 0 && isTitleLike(line.text) && next !== '' && !isTitleLike(next) && !isListItem(next);
    if (matched || marked || unknownFirst) {
      issues.push({ heading, slug: matched?.slug ?? null, alias: matched?.alias ?? null, marker, lines: [] });
      return;
    }
    const current = issues.at(-1);
    if (current) current.lines.push(line);
    else unmapped.push({ line: line.no, text: line.text, reason: 'under “Digital policy issues” but before any issue heading' });
  });
  return issues.map((issue) => {
    const note = issue.marker ? footnotes.get(issue.marker) : undefined;
    const declared = note ? aliasFromFootnote(readFootnote(note.text)?.note ?? '') : null;
    // The footnote is the actor's own word on its name for the issue, so it outranks the heading.
    const alias = declared && fold(declared) !== fold(issue.heading) ? declared : issue.alias;
    return { heading: issue.heading, slug: issue.slug, alias, narrative: joinLines(issue.lines) };
  });
}

/* ------------------------------------------------------------------ social media */

const NETWORKS = [
  'Facebook',
  'Instagram',
  'LinkedIn',
  'Twitter',
  'X',
  'YouTube',
  'Flickr',
  'TikTok',
  'Mastodon',
  'Bluesky',
  'Threads',
  'Telegram',
  'WhatsApp',
  'WeChat',
  'Weibo',
  'VKontakte',
  'VK',
  'Vimeo',
  'SoundCloud',
  'Spotify',
  'GitHub',
  'Medium',
  'Pinterest',
  'Reddit',
];

const NETWORK_HOSTS: Array<[RegExp, string]> = [
  [/(^|\.)facebook\.com$|(^|\.)fb\.com$/, 'Facebook'],
  [/(^|\.)instagram\.com$/, 'Instagram'],
  [/(^|\.)linkedin\.com$/, 'LinkedIn'],
  [/(^|\.)twitter\.com$/, 'Twitter'],
  [/(^|\.)x\.com$/, 'X'],
  [/(^|\.)youtube\.com$|(^|\.)youtu\.be$/, 'YouTube'],
  [/(^|\.)flickr\.com$/, 'Flickr'],
  [/(^|\.)tiktok\.com$/, 'TikTok'],
  [/(^|\.)t\.me$/, 'Telegram'],
  [/(^|\.)vimeo\.com$/, 'Vimeo'],
  [/(^|\.)github\.com$/, 'GitHub'],
  [/(^|\.)medium\.com$/, 'Medium'],
];

const URL_IN_TEXT = /\b(?:https?:\/\/|www\.)[^\s<>()]+/i;

/** The first link in a text, without the sentence punctuation that may follow it. */
function linkIn(text: string): string | null {
  return URL_IN_TEXT.exec(text)?.[0].replace(/[.,;:!?]+$/, '') ?? null;
}

/** Names the network a link points to, or null for an unknown host. */
function networkOfUrl(url: string): string | null {
  try {
    const host = new URL(/^https?:/i.test(url) ? url : `https://${url}`).hostname.toLowerCase();
    return NETWORK_HOSTS.find(([re]) => re.test(host))?.[1] ?? null;
  } catch {
    return null;
  }
}

/** Reads `Network @handle`, `Network: link` or a bare link to a known network; null when it is none. */
function readChannel(text: string): AtlasSocialChannel | null {
  const body = text.replace(/^[-–—•▪●]\s+/, '');
  for (const network of NETWORKS) {
    const m = new RegExp(`^${network}(?![\\p{L}\\p{N}])\\s*[:–—-]?\\s*(.*)$`, 'iu').exec(body);
    if (!m) continue;
    const rest = (m[1] ?? '').trim();
    // “X” is also a word: take it as the network only when a handle or a link follows.
    if (network === 'X' && !/^(@|https?:|www\.)/i.test(rest)) continue;
    const url = linkIn(rest);
    const handle = (url ? rest.replace(url, '') : rest).replace(/^[\s:–—-]+|[\s:;,.–—-]+$/g, '') || null;
    return { network, handle, url };
  }
  const url = linkIn(body);
  const network = url ? networkOfUrl(url) : null;
  if (url && network && body.replace(url, '').replace(/[\s.,;]+/g, '') === '') return { network, handle: null, url };
  return null;
}

/** Reads the channels of a “Social media channels” section; other lines are reported, not dropped. */
function parseSocial(lines: readonly Line[], unmapped: AtlasUnmappedLine[]): AtlasSocialChannel[] {
  const channels: AtlasSocialChannel[] = [];
  for (const line of lines) {
    if (!line.text) continue;
    const channel = readChannel(line.text);
    if (channel) channels.push(channel);
    else unmapped.push({ line: line.no, text: line.text, reason: 'in “Social media channels” but names no known network or link' });
  }
  return channels;
}

/* ------------------------------------------------------------------ name and year */

const NAME_CONNECTORS = ['of', 'and', 'for', 'the', 'on', 'in', 'de', 'du', 'des', 'la', 'le', 'et', 'für', 'und'];
const LEADING_NOISE = new Set(['the', 'a', 'an', 'in', 'of', 'and', 'for', 'on', 'by', 'with', 'at', 'to', 'from']);
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** True when the acronym's letters appear, in order, in the name, starting with its first letter. */
function fitsAcronym(name: string, acronym: string): boolean {
  if (/\s/.test(acronym)) return fold(name).includes(fold(acronym));
  const letters = fold(acronym).replace(/\s/g, '');
  const haystack = fold(name).replace(/\s/g, '');
  if (!letters || haystack[0] !== letters[0]) return false;
  let at = 0;
  for (const ch of letters) {
    at = haystack.indexOf(ch, at);
    if (at < 0) return false;
    at += 1;
  }
  return true;
}

/** Finds “Full Name (ACRONYM)” for any of the profile's acronyms; the first fitting occurrence wins. */
function findFullName(acronym: string | null, texts: readonly string[]): string | null {
  if (!acronym) return null;
  const word = String.raw`(?:\p{Lu}[\p{L}\p{M}’'.&-]*|${NAME_CONNECTORS.join('|')})`;
  for (const token of acronym.split(/\s*[,;/]\s*/).filter(Boolean)) {
    const re = new RegExp(String.raw`(?<![\p{L}\p{N}])(${word}(?:\s+${word})*)\s*\(\s*${escapeRegExp(token)}\s*\)`, 'gu');
    for (const text of texts) {
      for (const m of text.matchAll(re)) {
        const words = (m[1] ?? '').split(/\s+/);
        while (words.length && LEADING_NOISE.has((words[0] ?? '').toLowerCase())) words.shift();
        const name = words.join(' ');
        if (words.length >= 2 && fold(name) !== fold(token) && fitsAcronym(name, token)) return name;
      }
    }
  }
  return null;
}

/** Reads the founding year: a plain year is exact; a year inside other words is taken but flagged. */
function readYear(value: string): { year: number | null; exact: boolean } {
  if (/^\d{4}$/.test(value)) return { year: Number(value), exact: true };
  const m = /\b(1[5-9]\d\d|20\d\d)\b/.exec(value);
  return { year: m ? Number(m[1]) : null, exact: false };
}

/* ------------------------------------------------------------------ one profile */

type Zone = { kind: 'preamble' } | { kind: SectionKind } | { kind: 'other'; at: number } | { kind: 'repeated'; heading: string; firstLine: number };

const PROFILE_FIELDS = [
  'name',
  'acronym',
  'category',
  'established',
  'address',
  'website',
  'stakeholderGroup',
  'description',
  'digitalActivities',
  'policyIssues',
  'digitalTools',
  'meetings',
  'socialMedia',
  'otherSections',
] as const satisfies ReadonlyArray<keyof AtlasProfile>;

/** Names the profile fields that received something. */
function filledFields(profile: AtlasProfile): string[] {
  return PROFILE_FIELDS.filter((key) => {
    const value = profile[key];
    if (value === null) return false;
    if (typeof value === 'string' || Array.isArray(value)) return value.length > 0;
    return true;
  });
}

/** Parses one profile block into a report. */
function parseProfile(block: readonly Line[], index: IssueIndex): AtlasReport {
  const unmapped: AtlasUnmappedLine[] = [];
  const footnotes = collectFootnotes(block);
  const footnoteLines = new Set([...footnotes.values()].map((l) => l.no));

  const fields: Partial<Record<HeaderField, { value: string; line: Line }>> = {};
  const description: Line[] = [];
  const sections = new Map<SectionKind, { line: number; lines: Line[] }>();
  const others: Array<{ heading: string; lines: Line[] }> = [];
  let zone: Zone = { kind: 'preamble' };

  for (const line of block) {
    if (!line.text || footnoteLines.has(line.no)) continue;
    const heading = matchSectionHeading(line.text);
    if (heading?.kind === 'other') {
      others.push({ heading: heading.heading, lines: [] });
      zone = { kind: 'other', at: others.length - 1 };
      continue;
    }
    if (heading) {
      const first = sections.get(heading.kind);
      if (first) {
        // A second copy of a section in one profile is most likely text of another profile that got
        // displaced; merging it would hand one actor's channels or tools to another, so it is reported.
        unmapped.push({ line: line.no, text: line.text, reason: `repeats the “${SECTION_LABEL[heading.kind]}” heading of line ${first.line}` });
        zone = { kind: 'repeated', heading: SECTION_LABEL[heading.kind], firstLine: first.line };
      } else {
        sections.set(heading.kind, { line: line.no, lines: [] });
        zone = { kind: heading.kind };
      }
      continue;
    }
    switch (zone.kind) {
      case 'preamble': {
        const field = readHeaderField(line.text);
        if (field) {
          if (fields[field.field])
            unmapped.push({ line: line.no, text: line.text, reason: `second “${field.key}” field; the first (line ${fields[field.field]?.line.no}) is kept` });
          else fields[field.field] = { value: field.value, line };
        } else if (description.length === 0 && /^[\p{L}][\p{L} ]{1,30}:\s+\S/u.test(line.text) && line.text.length <= 160) {
          // Still in the header block: a `Key: value` line with a key the Atlas format does not define.
          unmapped.push({ line: line.no, text: line.text, reason: `unknown header field “${line.text.split(':')[0] ?? ''}”` });
        } else description.push(line);
        break;
      }
      case 'other':
        others[zone.at]?.lines.push(line);
        break;
      case 'repeated':
        unmapped.push({
          line: line.no,
          text: line.text,
          reason: `under a repeated “${zone.heading}” heading (first at line ${zone.firstLine}); left for review, not merged`,
        });
        break;
      default:
        sections.get(zone.kind)?.lines.push(line);
    }
  }

  const value = (f: HeaderField): string | null => fields[f]?.value || null;
  const established = fields.established;
  let year: number | null = null;
  if (established?.value) {
    const read = readYear(established.value);
    year = read.year;
    if (!read.exact) {
      const reason = read.year === null ? 'Established holds no year' : `Established is not a plain year; ${read.year} was taken from it`;
      unmapped.push({ line: established.line.no, text: established.line.text, reason });
    }
  }

  const sectionText = (kind: SectionKind) => joinLines(sections.get(kind)?.lines ?? []);
  const policyIssues = parseIssues(sections.get('policyIssues')?.lines ?? [], index, footnotes, unmapped);
  const socialMedia = parseSocial(sections.get('socialMedia')?.lines ?? [], unmapped);
  const otherSections = others.map((o) => ({ heading: o.heading, text: joinLines(o.lines) }));
  // Footnotes are kept verbatim; the aliases they declare are also set on the issues they annotate.
  const notes = [...footnotes.values()].sort((a, b) => a.no - b.no);
  if (notes.length) otherSections.push({ heading: 'Footnotes', text: joinLines(notes) });

  const acronym = value('acronym');
  const prose = block.filter((l) => l.text && !readHeaderField(l.text)).map((l) => l.text);
  // The Acronym field may list several (“ITU, UIT”); without a full name the first one names the actor.
  const name = value('name') ?? findFullName(acronym, prose) ?? acronym?.split(/\s*[,;/]\s*/)[0] ?? null;

  const profile: AtlasProfile = {
    name,
    acronym,
    category: value('category'),
    established: year,
    address: value('address'),
    website: value('website'),
    stakeholderGroup: value('stakeholderGroup'),
    description: joinLines(description),
    digitalActivities: sectionText('digitalActivities'),
    policyIssues,
    digitalTools: sectionText('digitalTools'),
    meetings: sectionText('meetings'),
    socialMedia,
    otherSections,
  };
  unmapped.sort((a, b) => a.line - b.line);
  return { profile, mapped: filledFields(profile), unmapped };
}

/** A profile with nothing in it, for text that holds no profile at all. */
function emptyProfile(): AtlasProfile {
  return {
    name: null,
    acronym: null,
    category: null,
    established: null,
    address: null,
    website: null,
    stakeholderGroup: null,
    description: '',
    digitalActivities: '',
    policyIssues: [],
    digitalTools: '',
    meetings: '',
    socialMedia: [],
    otherSections: [],
  };
}

/* ------------------------------------------------------------------ entry point */

/** Splits an Atlas text into profiles and parses each, matching issue headings against the vocabulary. */
export function parseAtlasText(text: string, vocabulary: readonly AtlasVocabularyTerm[]): AtlasReport[] {
  const index = buildIssueIndex(vocabulary);
  const { before, blocks } = splitProfiles(toLines(text));
  const stray = before.filter((l) => l.text).map((l) => ({ line: l.no, text: l.text, reason: 'before the first profile (no Category: or Acronym: line yet)' }));
  const reports = blocks.map((block) => parseProfile(block, index));
  const first = reports[0];
  if (first) first.unmapped.unshift(...stray);
  // Text without any profile start still has to come back to the caller, not vanish.
  else if (stray.length) reports.push({ profile: emptyProfile(), mapped: [], unmapped: stray });
  return reports;
}
