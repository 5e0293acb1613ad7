/**
 * A deliberately small Markdown renderer for user-written text (descriptions, comments).
 *
 * Only paragraphs, line breaks, `**strong**`, `*em*`/`_em_`, `` `code` ``, one-level lists,
 * h3/h4 headings and http(s)/mailto links are recognised. Everything else — raw HTML included —
 * is shown as escaped literal text, so the output is safe to insert into a page as is.
 *
 * The scanner is hand-written rather than regex-driven so that hostile input cannot trigger
 * catastrophic backtracking; link destinations are length- and nesting-capped so that even a
 * flood of unclosed `](` stays linear.
 */

/** One piece of rendered inline content; both renderers (HTML and plain text) read this stream. */
type Token =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'break' }
  | { readonly kind: 'code'; readonly text: string }
  | { readonly kind: 'open'; readonly tag: EmphasisTag }
  | { readonly kind: 'close'; readonly tag: EmphasisTag }
  | { readonly kind: 'link-open'; readonly href: string }
  | { readonly kind: 'link-close'; readonly href: string };

type EmphasisTag = 'strong' | 'em';

type Block =
  | { readonly kind: 'paragraph'; readonly lines: string[] }
  | { readonly kind: 'heading'; readonly level: 3 | 4; readonly text: string }
  | { readonly kind: 'list'; readonly ordered: boolean; readonly items: string[][] };

/** CommonMark's ASCII punctuation: the only characters a backslash escapes. */
const ESCAPABLE = new Set('!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~');

/** Anything else (javascript:, data:, vbscript:, relative or protocol-relative) loses its link. */
const SAFE_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);

/**
 * Limits on a link destination. Every position can then lie inside at most ~32 failed scans
 * (each overlapping unclosed `(` must sit one level deeper), so a flood of `[a](` stays linear.
 */
const MAX_DESTINATION_LENGTH = 2048;
const MAX_DESTINATION_PARENS = 32;

const LINK_REL = 'nofollow ugc noopener';

// `#`/`##` are accepted but demoted to h3 because the page owns h1/h2; `#####` is plain text.
const HEADING = /^(#{1,4})[ \t]+(\S[\s\S]*)$/;
const BULLET_ITEM = /^[-*][ \t]+(\S[\s\S]*)$/;
const ORDERED_ITEM = /^\d{1,9}\.[ \t]+(\S[\s\S]*)$/;

const WHITESPACE = /^\s$/u;
const PUNCTUATION = /^[\p{P}\p{S}]$/u;

/** Renders the safe Markdown subset to HTML that can be inserted into a page without further escaping. */
export function renderMarkdown(source: string): string {
  return parseBlocks(source).map(blockToHtml).join('\n');
}

/** Renders the same Markdown subset as plain text with the markup removed, for e-mails and snippets. */
export function markdownToPlainText(source: string): string {
  return parseBlocks(source).map(blockToPlainText).join('\n\n');
}

// ---------------------------------------------------------------------------------------------
// Blocks

function parseBlocks(source: string): Block[] {
  // NUL is replaced because browsers and mail clients disagree on what it means.
  const lines = source.replace(/\r\n?/g, '\n').replace(/\0/g, '\uFFFD').split('\n');
  const blocks: Block[] = [];
  let open: Extract<Block, { kind: 'paragraph' | 'list' }> | null = null;
  for (const raw of lines) {
    const line = raw.trim();
    if (line === '') {
      open = null;
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      blocks.push({ kind: 'heading', level: (heading[1] ?? '').length === 4 ? 4 : 3, text: heading[2] ?? '' });
      open = null;
      continue;
    }
    const item = listItem(line);
    if (item) {
      // Nested or indented items join the current list: only one level is supported.
      if (open?.kind === 'list' && open.ordered === item.ordered) open.items.push([item.text]);
      else blocks.push((open = { kind: 'list', ordered: item.ordered, items: [[item.text]] }));
      continue;
    }
    if (open?.kind === 'list') open.items[open.items.length - 1]?.push(line);
    else if (open?.kind === 'paragraph') open.lines.push(line);
    else blocks.push((open = { kind: 'paragraph', lines: [line] }));
  }
  return blocks;
}

function listItem(line: string): { ordered: boolean; text: string } | null {
  const bullet = BULLET_ITEM.exec(line);
  if (bullet) return { ordered: false, text: bullet[1] ?? '' };
  const ordered = ORDERED_ITEM.exec(line);
  return ordered ? { ordered: true, text: ordered[1] ?? '' } : null;
}

function blockToHtml(block: Block): string {
  switch (block.kind) {
    case 'paragraph':
      return `<p>${inlineToHtml(parseInline(block.lines.join('\n')))}</p>`;
    case 'heading':
      return `<h${block.level}>${inlineToHtml(parseInline(block.text))}</h${block.level}>`;
    case 'list': {
      const tag = block.ordered ? 'ol' : 'ul';
      const items = block.items.map((lines) => `<li>${inlineToHtml(parseInline(lines.join('\n')))}</li>`);
      return `<${tag}>${items.join('')}</${tag}>`;
    }
  }
}

function blockToPlainText(block: Block): string {
  switch (block.kind) {
    case 'paragraph':
      return inlineToPlainText(parseInline(block.lines.join('\n')));
    case 'heading':
      return inlineToPlainText(parseInline(block.text));
    case 'list':
      return block.items
        .map((lines, index) => {
          const marker = block.ordered ? `${index + 1}. ` : '- ';
          // Continuation lines are indented under the item's text so the list still reads as one.
          const text = inlineToPlainText(parseInline(lines.join('\n')));
          return marker + text.replace(/\n/g, `\n${' '.repeat(marker.length)}`);
        })
        .join('\n');
  }
}

// ---------------------------------------------------------------------------------------------
// Inline rendering

const HTML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** One escaper for text and attribute values alike: quotes are escaped too, so either context is safe. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

function inlineToHtml(tokens: readonly Token[]): string {
  return tokens.map(tokenToHtml).join('');
}

function tokenToHtml(token: Token): string {
  switch (token.kind) {
    case 'text':
      return escapeHtml(token.text);
    case 'break':
      return '<br>';
    case 'code':
      return `<code>${escapeHtml(token.text)}</code>`;
    case 'open':
      return `<${token.tag}>`;
    case 'close':
      return `</${token.tag}>`;
    case 'link-open':
      return `<a href="${escapeHtml(token.href)}" rel="${LINK_REL}">`;
    case 'link-close':
      return '</a>';
  }
}

function inlineToPlainText(tokens: readonly Token[]): string {
  let out = '';
  let linkStart = 0;
  for (const token of tokens) {
    if (token.kind === 'text' || token.kind === 'code') out += token.text;
    else if (token.kind === 'break') out += '\n';
    else if (token.kind === 'link-open') linkStart = out.length;
    // A reader of plain text cannot click, so the destination is spelled out unless the text already is it.
    else if (token.kind === 'link-close' && safeHref(out.slice(linkStart)) !== token.href) out += ` (${token.href})`;
  }
  return out;
}

/** The normalised href for an allowed absolute URL, or null when the text must not become a link. */
function safeHref(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null; // relative and protocol-relative destinations have no base to resolve against
  }
  if (!SAFE_PROTOCOLS.has(url.protocol)) return null;
  // `href` is re-serialised by the URL parser, so stray spaces, tabs and case tricks are gone.
  // Quotes and angle brackets survive in some parts (mailto: paths), so they are percent-encoded
  // as well: the attribute is then safe even before HTML escaping.
  return url.href.replace(/["'<>`]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

// ---------------------------------------------------------------------------------------------
// Inline parsing: a single left-to-right scan, then CommonMark's delimiter-run algorithm for
// emphasis, which pairs `*`/`_` runs in linear time and guarantees properly nested tags.

/** A run of `*` or `_` that may open and/or close emphasis; kept in a doubly linked list. */
interface Delimiter {
  readonly kind: 'delimiter';
  readonly char: '*' | '_';
  readonly length: number;
  readonly seq: number;
  readonly canOpen: boolean;
  readonly canClose: boolean;
  count: number;
  readonly openTags: Token[];
  readonly closeTags: Token[];
  prev: Delimiter | null;
  next: Delimiter | null;
}

/** A `[` or `![` whose tokens are decided only when its `]` is found. */
interface Slot {
  readonly kind: 'slot';
  tokens: Token[];
}

type Node = Token | Delimiter | Slot;

interface Bracket {
  readonly slot: Slot;
  readonly image: boolean;
  readonly nodeIndex: number;
  readonly delimiterBelow: Delimiter | null;
}

interface DelimiterList {
  head: Delimiter | null;
  tail: Delimiter | null;
  seq: number;
}

interface InlineState {
  readonly src: string;
  readonly nodes: Node[];
  readonly brackets: Bracket[];
  readonly delimiters: DelimiterList;
  /** Brackets below this stack index can no longer form links (links do not nest). */
  inactiveBelow: number;
  codeCloser: ((from: number, length: number) => number) | null;
}

function parseInline(src: string): Token[] {
  const state: InlineState = {
    src,
    nodes: [],
    brackets: [],
    delimiters: { head: null, tail: null, seq: 0 },
    inactiveBelow: 0,
    codeCloser: null,
  };
  let textStart = 0;
  let i = 0;
  while (i < src.length) {
    const c = src.charAt(i);
    const special = c === '\\' || c === '`' || c === '*' || c === '_' || c === '[' || c === ']' || c === '\n' || (c === '!' && src.charAt(i + 1) === '[');
    if (!special) {
      i++;
      continue;
    }
    if (i > textStart) state.nodes.push({ kind: 'text', text: src.slice(textStart, i) });
    i = scanSpecial(state, c, i);
    textStart = i;
  }
  if (src.length > textStart) state.nodes.push({ kind: 'text', text: src.slice(textStart) });
  processEmphasis(state.delimiters, null);
  return flatten(state.nodes);
}

/** Consumes the construct starting at `i` and returns the index after it. */
function scanSpecial(state: InlineState, c: string, i: number): number {
  const { src, nodes } = state;
  switch (c) {
    case '\\': {
      const next = src.charAt(i + 1);
      nodes.push({ kind: 'text', text: ESCAPABLE.has(next) ? next : '\\' });
      return ESCAPABLE.has(next) ? i + 2 : i + 1;
    }
    case '`':
      return scanCodeSpan(state, i);
    case '*':
    case '_':
      return scanDelimiterRun(state, c, i);
    case '!':
    case '[':
      return pushBracket(state, c === '!', i);
    case ']':
      return closeBracket(state, i);
    default:
      nodes.push({ kind: 'break' });
      return i + 1;
  }
}

function runLength(src: string, start: number, char: string): number {
  let end = start;
  while (src.charAt(end) === char) end++;
  return end - start;
}

function scanCodeSpan(state: InlineState, i: number): number {
  const length = runLength(state.src, i, '`');
  state.codeCloser ??= codeCloserFinder(state.src);
  const closer = state.codeCloser(i + length, length);
  if (closer < 0) {
    state.nodes.push({ kind: 'text', text: '`'.repeat(length) });
    return i + length;
  }
  state.nodes.push({ kind: 'code', text: codeContent(state.src.slice(i + length, closer)) });
  return closer + length;
}

/**
 * Indexes every backtick run once so each opener finds its closer without rescanning the rest
 * of the text; cursors only move forward because openers are met in order.
 */
function codeCloserFinder(src: string): (from: number, length: number) => number {
  const runs = new Map<number, number[]>();
  for (let i = src.indexOf('`'); i >= 0; ) {
    const length = runLength(src, i, '`');
    const starts = runs.get(length) ?? [];
    starts.push(i);
    runs.set(length, starts);
    i = src.indexOf('`', i + length);
  }
  const cursors = new Map<number, number>();
  return (from, length) => {
    const starts = runs.get(length) ?? [];
    let k = cursors.get(length) ?? 0;
    while (k < starts.length && (starts[k] ?? Infinity) < from) k++;
    cursors.set(length, k);
    return starts[k] ?? -1;
  };
}

/** Code spans are single-line in the output; one padding space each side lets code start with a backtick. */
function codeContent(raw: string): string {
  const text = raw.replace(/\n/g, ' ');
  const padded = text.length >= 2 && text.startsWith(' ') && text.endsWith(' ') && /[^ ]/.test(text);
  return padded ? text.slice(1, -1) : text;
}

function scanDelimiterRun(state: InlineState, char: '*' | '_', i: number): number {
  const { src } = state;
  const length = runLength(src, i, char);
  // `__` is not part of the subset; runs of underscores stay literal (think `__init__`).
  if (char === '_' && length !== 1) {
    state.nodes.push({ kind: 'text', text: char.repeat(length) });
    return i + length;
  }
  const before = codePointBefore(src, i);
  const after = codePointAt(src, i + length);
  const leftFlanking = !isWhitespace(after) && (!isPunctuation(after) || isWhitespace(before) || isPunctuation(before));
  const rightFlanking = !isWhitespace(before) && (!isPunctuation(before) || isWhitespace(after) || isPunctuation(after));
  // Underscores inside words (snake_case) never emphasise, unlike asterisks.
  const canOpen = char === '*' ? leftFlanking : leftFlanking && (!rightFlanking || isPunctuation(before));
  const canClose = char === '*' ? rightFlanking : rightFlanking && (!leftFlanking || isPunctuation(after));
  const list = state.delimiters;
  const delimiter: Delimiter = {
    kind: 'delimiter',
    char,
    length,
    seq: list.seq++,
    canOpen,
    canClose,
    count: length,
    openTags: [],
    closeTags: [],
    prev: list.tail,
    next: null,
  };
  if (list.tail) list.tail.next = delimiter;
  else list.head = delimiter;
  list.tail = delimiter;
  state.nodes.push(delimiter);
  return i + length;
}

/** The character before `i`, whole even when it is an astral code point; a line edge counts as whitespace. */
function codePointBefore(src: string, i: number): string {
  if (i <= 0) return '\n';
  const low = src.charCodeAt(i - 1);
  const high = i >= 2 ? src.charCodeAt(i - 2) : 0;
  const pair = low >= 0xdc00 && low <= 0xdfff && high >= 0xd800 && high <= 0xdbff;
  return pair ? src.slice(i - 2, i) : src.charAt(i - 1);
}

function codePointAt(src: string, i: number): string {
  const code = src.codePointAt(i);
  return code === undefined ? '\n' : String.fromCodePoint(code);
}

const isWhitespace = (c: string): boolean => WHITESPACE.test(c);
const isPunctuation = (c: string): boolean => PUNCTUATION.test(c);

function pushBracket(state: InlineState, image: boolean, i: number): number {
  const slot: Slot = { kind: 'slot', tokens: [{ kind: 'text', text: image ? '![' : '[' }] };
  state.brackets.push({ slot, image, nodeIndex: state.nodes.length, delimiterBelow: state.delimiters.tail });
  state.nodes.push(slot);
  return i + (image ? 2 : 1);
}

function closeBracket(state: InlineState, i: number): number {
  const { src, nodes, brackets } = state;
  const opener = brackets.pop();
  const active = opener !== undefined && brackets.length >= state.inactiveBelow;
  state.inactiveBelow = Math.min(state.inactiveBelow, brackets.length);
  const destination = src.charAt(i + 1) === '(' ? scanDestination(src, i + 2) : null;
  if (!opener || !active || !destination) {
    nodes.push({ kind: 'text', text: ']' });
    return i + 1;
  }
  if (opener.image) {
    // Images are not in the subset: the whole `![alt](url)` stays visible as text.
    nodes.push({ kind: 'text', text: src.slice(i, destination.end) });
    return destination.end;
  }
  processEmphasis(state.delimiters, opener.delimiterBelow);
  const href = safeHref(destination.url);
  if (href) {
    opener.slot.tokens = [{ kind: 'link-open', href }];
    // An empty `[](url)` would be an invisible link; show where it goes instead.
    if (nodes.length === opener.nodeIndex + 1) nodes.push({ kind: 'text', text: href });
    nodes.push({ kind: 'link-close', href });
  } else {
    opener.slot.tokens = [];
  }
  state.inactiveBelow = brackets.length;
  return destination.end;
}

/**
 * Reads `url)` after `](`: optional spaces, a destination without whitespace whose parentheses
 * balance, optional spaces, `)`. Titles are not supported, so anything else is not a link.
 */
function scanDestination(src: string, start: number): { url: string; end: number } | null {
  let i = skipSpaces(src, start);
  const urlStart = i;
  let depth = 0;
  let escaped = false;
  for (; i < src.length && i - urlStart <= MAX_DESTINATION_LENGTH; i++) {
    const code = src.charCodeAt(i);
    if (code <= 0x20 || code === 0x7f) break;
    if (code === 0x5c && ESCAPABLE.has(src.charAt(i + 1))) {
      escaped = true;
      i++;
    } else if (code === 0x28) {
      if (++depth > MAX_DESTINATION_PARENS) return null;
    } else if (code === 0x29) {
      if (depth === 0) break;
      depth--;
    }
  }
  const raw = src.slice(urlStart, i);
  const end = skipSpaces(src, i);
  if (src.charAt(end) !== ')' || raw.length > MAX_DESTINATION_LENGTH) return null;
  return { url: escaped ? unescapePunctuation(raw) : raw, end: end + 1 };
}

function skipSpaces(src: string, i: number): number {
  while (src.charAt(i) === ' ' || src.charAt(i) === '\t') i++;
  return i;
}

function unescapePunctuation(raw: string): string {
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charAt(i);
    if (c === '\\' && ESCAPABLE.has(raw.charAt(i + 1))) out += raw.charAt(++i);
    else out += c;
  }
  return out;
}

/**
 * Pairs delimiter runs above `bottom` into strong/em tags (CommonMark's "process emphasis").
 * `openersBottom` remembers where a failed search stopped so that no run is scanned twice.
 */
function processEmphasis(list: DelimiterList, bottom: Delimiter | null): void {
  const floor = bottom ? bottom.seq : -1;
  const openersBottom = new Map<string, number>();
  let closer = bottom ? bottom.next : list.head;
  while (closer) {
    if (!closer.canClose) {
      closer = closer.next;
      continue;
    }
    const key = `${closer.char}${closer.canOpen ? 1 : 0}${closer.length % 3}`;
    const opener = findOpener(closer, openersBottom.get(key) ?? floor);
    if (opener) {
      closer = pairDelimiters(list, opener, closer);
      continue;
    }
    openersBottom.set(key, closer.prev ? closer.prev.seq : floor);
    const next: Delimiter | null = closer.next;
    if (!closer.canOpen) unlink(list, closer);
    closer = next;
  }
  if (bottom) bottom.next = null;
  else list.head = null;
  list.tail = bottom;
}

function findOpener(closer: Delimiter, floor: number): Delimiter | null {
  for (let d = closer.prev; d && d.seq > floor; d = d.prev) {
    if (d.char === closer.char && d.canOpen && !breaksRuleOfThree(d, closer)) return d;
  }
  return null;
}

/** CommonMark's "rule of 3", which keeps `*a**b*` and friends from pairing the wrong runs. */
function breaksRuleOfThree(opener: Delimiter, closer: Delimiter): boolean {
  if (!opener.canClose && !closer.canOpen) return false;
  return (opener.length + closer.length) % 3 === 0 && !(opener.length % 3 === 0 && closer.length % 3 === 0);
}

/** Wraps the content between two runs in a tag and returns the closer to examine next. */
function pairDelimiters(list: DelimiterList, opener: Delimiter, closer: Delimiter): Delimiter | null {
  const use = opener.count >= 2 && closer.count >= 2 ? 2 : 1;
  const tag: EmphasisTag = use === 2 ? 'strong' : 'em';
  opener.count -= use;
  closer.count -= use;
  // Later pairs of the same runs are the outer ones, so their tags go outside the earlier ones.
  opener.openTags.unshift({ kind: 'open', tag });
  closer.closeTags.push({ kind: 'close', tag });
  // Runs between the two can no longer pair with anything outside, or tags would overlap.
  opener.next = closer;
  closer.prev = opener;
  if (opener.count === 0) unlink(list, opener);
  if (closer.count > 0) return closer;
  const next = closer.next;
  unlink(list, closer);
  return next;
}

function unlink(list: DelimiterList, d: Delimiter): void {
  if (d.prev) d.prev.next = d.next;
  else list.head = d.next;
  if (d.next) d.next.prev = d.prev;
  else list.tail = d.prev;
}

/** Turns the parse nodes into tokens, merging adjacent text so renderers see tidy runs. */
function flatten(nodes: readonly Node[]): Token[] {
  const tokens: Token[] = [];
  const push = (token: Token) => {
    const last = tokens[tokens.length - 1];
    if (token.kind === 'text' && last?.kind === 'text') tokens[tokens.length - 1] = { kind: 'text', text: last.text + token.text };
    else if (token.kind !== 'text' || token.text !== '') tokens.push(token);
  };
  for (const node of nodes) {
    if (node.kind === 'slot') node.tokens.forEach(push);
    else if (node.kind === 'delimiter') {
      // Closing tags use the run's leading characters and opening tags its trailing ones.
      node.closeTags.forEach(push);
      push({ kind: 'text', text: node.char.repeat(node.count) });
      node.openTags.forEach(push);
    } else push(node);
  }
  return tokens;
}
