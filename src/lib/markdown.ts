/**
 * Markdown for user-written text (descriptions, comments), parsed by markdown-it.
 *
 * Only paragraphs, line breaks, `**strong**`, `*em*`/`_em_`, `` `code` ``, one-level lists,
 * h3/h4 headings and http(s)/mailto links are recognised. Everything else — raw HTML, images,
 * blockquotes, tables, link titles — is shown as escaped literal text, so the output is safe to
 * insert into a page as is. markdown-it starts from its `zero` preset (nothing enabled) and gets
 * only the rules of that subset; the few rules whose standard behaviour is wider than the subset
 * are replaced below. Both renderers read markdown-it's token stream, never its HTML renderer,
 * so no markup can appear that is not written in this file.
 */
import MarkdownIt from 'markdown-it';
import type { MarkdownIt as Parser, StateBlock, StateInline, Token } from 'markdown-it';
import { Lru } from './lru';

/** Anything else (javascript:, data:, vbscript:, relative or protocol-relative) loses its link. */
const SAFE_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);

/** Longer link destinations are not links; markdown-it itself caps their parenthesis nesting at 32. */
const MAX_DESTINATION_LENGTH = 2048;

const LINK_REL = 'nofollow ugc noopener';

// `#`/`##` are accepted but demoted to h3 because the page owns h1/h2; `#####` is plain text.
// The closing `#`s CommonMark strips are kept, as the text the author wrote.
const HEADING = /^(#{1,4})[ \t]+(\S.*)$/;

const BARE_LIST_MARKER = /^(?:[-*+]|\d{1,9}[.)])$/;

type Block =
  | { readonly kind: 'paragraph'; readonly inline: readonly Token[] }
  | { readonly kind: 'heading'; readonly level: 3 | 4; readonly inline: readonly Token[] }
  | { readonly kind: 'list'; readonly ordered: boolean; readonly items: Token[][] };

const md = createParser();

/** How many rendered texts are kept: a page's descriptions are rendered again on each cache miss, and parsing is ~40 µs. */
const RENDERED_KEPT = 2000;
/** Texts kept longer than this are rendered each time (they are rare, and would hold memory for little). */
const RENDERED_MAX_CHARS = 20_000;
const rendered = new Lru<string, string>(RENDERED_KEPT);

/**
 * Renders the safe Markdown subset to HTML that can be inserted into a page without further escaping. The same
 * text always renders the same, so recent results are kept by their text (least recently used out first).
 */
export function renderMarkdown(source: string): string {
  const kept = rendered.get(source);
  if (kept !== undefined) return kept;
  const html = parseBlocks(source).map(blockToHtml).join('\n');
  return source.length <= RENDERED_MAX_CHARS ? rendered.set(source, html) : html;
}

/** Renders the same Markdown subset as plain text with the markup removed, for e-mails and snippets. */
export function markdownToPlainText(source: string): string {
  return parseBlocks(source).map(blockToPlainText).join('\n\n');
}

// ---------------------------------------------------------------------------------------------
// The parser

function createParser(): Parser {
  // No HTML, no auto-linking, no typographic replacements: the zero preset has them all off.
  const parser = new MarkdownIt('zero', { html: false, linkify: false, typographer: false });
  parser.enable(['list', 'newline', 'escape', 'backticks', 'emphasis']);

  // Items hold text only: a list or heading marker right after an item's marker stays literal
  // (`- - x` is an item reading "- x"), which keeps lists one level deep. A marker alone on its
  // line is text too, as it was before markdown-it, rather than a list of one empty item.
  const list = parser.block.ruler.getRules('').find((rule) => rule.name === 'list');
  if (!list) throw new Error('markdown-it no longer names its list rule "list"');
  const interrupts = { alt: ['paragraph', 'reference', 'blockquote'] };
  parser.block.ruler.at(
    'list',
    (state, start, end, silent) => state.parentType !== 'list' && !BARE_LIST_MARKER.test(lineAt(state, start)) && list(state, start, end, silent),
    interrupts,
  );
  parser.block.ruler.at('heading', heading, interrupts);
  parser.enable('heading');

  parser.inline.ruler.at('link', link);
  parser.inline.ruler.at('image', imageAsText);
  parser.enable(['link', 'image']);
  // `__` is not part of the subset; runs of underscores stay literal (think `__init__`).
  parser.inline.ruler.before('emphasis', 'underscore_runs', underscoreRuns);
  return parser;
}

function parseBlocks(source: string): Block[] {
  // Indentation means nothing in the subset (no code blocks, no nesting) and trailing spaces make
  // no hard breaks, so every line is trimmed before markdown-it sees it.
  const text = source
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.trim())
    .join('\n');
  const blocks: Block[] = [];
  const tokens = md.parse(text, {});
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (!token) continue;
    if (token.type === 'paragraph_open' || token.type === 'heading_open') {
      const inline = tokens[i + 1]?.children ?? [];
      blocks.push(token.type === 'paragraph_open' ? { kind: 'paragraph', inline } : { kind: 'heading', level: token.tag === 'h4' ? 4 : 3, inline });
      i += 2;
    } else if (token.type === 'bullet_list_open' || token.type === 'ordered_list_open') {
      const ordered = token.type === 'ordered_list_open';
      const items: Token[][] = [];
      for (i++; i < tokens.length && tokens[i]?.level !== token.level; i++) {
        const inner = tokens[i];
        if (inner?.type === 'list_item_open') items.push([]);
        else if (inner?.type === 'inline') items[items.length - 1]?.push(...(inner.children ?? []));
      }
      // A list that changes its marker (`-` then `*`) is one list here, as it reads to a person.
      const last = blocks[blocks.length - 1];
      if (last?.kind === 'list' && last.ordered === ordered) last.items.push(...items);
      else blocks.push({ kind: 'list', ordered, items });
    }
  }
  return blocks;
}

/** A heading of one to four `#`, not inside a list item and never empty; `#`/`##` become h3. */
function heading(state: StateBlock, startLine: number, _endLine: number, silent: boolean): boolean {
  if (state.parentType === 'list' || (state.sCount[startLine] ?? 0) - state.blkIndent >= 4) return false;
  const match = HEADING.exec(lineAt(state, startLine));
  if (!match) return false;
  if (silent) return true;
  const tag = match[1]?.length === 4 ? 'h4' : 'h3';
  state.line = startLine + 1;
  const open = state.push('heading_open', tag, 1);
  open.map = [startLine, state.line];
  const inline = state.push('inline', '', 0);
  inline.content = (match[2] ?? '').trim();
  inline.map = [startLine, state.line];
  inline.children = [];
  state.push('heading_close', tag, -1);
  return true;
}

/** The text of one line without its indentation. */
function lineAt(state: StateBlock, line: number): string {
  return state.src.slice((state.bMarks[line] ?? 0) + (state.tShift[line] ?? 0), state.eMarks[line]);
}

/**
 * `[text](destination)` without a title and without references. The link tokens carry the
 * allowed href, or none when the destination is not an allowed absolute URL: then only the text shows.
 */
function link(state: StateInline, silent: boolean): boolean {
  if (state.src.charCodeAt(state.pos) !== 0x5b /* [ */) return false;
  const labelEnd = state.md.helpers.parseLinkLabel(state, state.pos, true);
  if (labelEnd < 0) return false;
  const tail = linkTail(state, labelEnd);
  if (!tail) return false;
  if (!silent) {
    const max = state.posMax;
    const href = safeHref(tail.destination);
    state.pos += 1;
    state.posMax = labelEnd;
    const open = state.push('link_open', 'a', 1);
    if (href) open.attrSet('href', href);
    state.linkLevel++;
    state.md.inline.tokenize(state);
    state.linkLevel--;
    const close = state.push('link_close', 'a', -1);
    if (href) close.attrSet('href', href);
    state.posMax = max;
  }
  state.pos = tail.end;
  return true;
}

/** Images are not in the subset: the whole `![alt](url)` stays visible as text. */
function imageAsText(state: StateInline, silent: boolean): boolean {
  if (state.src.charCodeAt(state.pos) !== 0x21 /* ! */ || state.src.charCodeAt(state.pos + 1) !== 0x5b /* [ */) return false;
  const labelEnd = state.md.helpers.parseLinkLabel(state, state.pos + 1, true);
  const tail = labelEnd < 0 ? null : linkTail(state, labelEnd);
  if (!tail) return false;
  if (!silent) state.pending += state.src.slice(state.pos, tail.end);
  state.pos = tail.end;
  return true;
}

/** Reads `(destination)` after a label's `]`: spaces allowed around the destination, a title is not. */
function linkTail(state: StateInline, labelEnd: number): { destination: string; end: number } | null {
  const { src, posMax } = state;
  if (src.charCodeAt(labelEnd + 1) !== 0x28 /* ( */) return null;
  const start = skipWhitespace(src, labelEnd + 2, posMax);
  // CommonMark allows an empty destination, `[text]()`; markdown-it's helper does not parse one.
  const destination = src.charCodeAt(start) === 0x29 ? { ok: true, str: '', pos: start } : state.md.helpers.parseLinkDestination(src, start, posMax);
  if (!destination.ok || destination.pos - start > MAX_DESTINATION_LENGTH) return null;
  const end = skipWhitespace(src, destination.pos, posMax);
  if (src.charCodeAt(end) !== 0x29 /* ) */) return null;
  return { destination: destination.str, end: end + 1 };
}

function skipWhitespace(src: string, pos: number, max: number): number {
  let i = pos;
  while (i < max && (src.charAt(i) === ' ' || src.charAt(i) === '\t' || src.charAt(i) === '\n')) i++;
  return i;
}

function underscoreRuns(state: StateInline, silent: boolean): boolean {
  let end = state.pos;
  while (state.src.charCodeAt(end) === 0x5f /* _ */) end++;
  if (end - state.pos < 2) return false;
  if (!silent) state.pending += state.src.slice(state.pos, end);
  state.pos = end;
  return true;
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
// Rendering

function blockToHtml(block: Block): string {
  switch (block.kind) {
    case 'paragraph':
      return `<p>${inlineToHtml(block.inline)}</p>`;
    case 'heading':
      return `<h${block.level}>${inlineToHtml(block.inline)}</h${block.level}>`;
    case 'list': {
      const tag = block.ordered ? 'ol' : 'ul';
      const items = block.items.map((inline) => `<li>${inlineToHtml(inline)}</li>`);
      return `<${tag}>${items.join('')}</${tag}>`;
    }
  }
}

function blockToPlainText(block: Block): string {
  switch (block.kind) {
    case 'paragraph':
    case 'heading':
      return inlineToPlainText(block.inline);
    case 'list':
      return block.items
        .map((inline, index) => {
          const marker = block.ordered ? `${index + 1}. ` : '- ';
          // Continuation lines are indented under the item's text so the list still reads as one.
          return marker + inlineToPlainText(inline).replace(/\n/g, `\n${' '.repeat(marker.length)}`);
        })
        .join('\n');
  }
}

const HTML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** One escaper for text and attribute values alike: quotes are escaped too, so either context is safe. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

/** The allowed href the link rule put on a link token, if any. */
function hrefOf(token: Token): string | null {
  const href = token.attrGet('href');
  return typeof href === 'string' ? href : null;
}

function inlineToHtml(tokens: readonly Token[]): string {
  let out = '';
  tokens.forEach((token, i) => {
    const href = hrefOf(token);
    switch (token.type) {
      case 'softbreak':
      case 'hardbreak':
        out += '<br>';
        break;
      case 'code_inline':
        out += `<code>${escapeHtml(token.content)}</code>`;
        break;
      case 'strong_open':
      case 'em_open':
      case 'strong_close':
      case 'em_close':
        out += `<${token.nesting === -1 ? '/' : ''}${token.tag}>`;
        break;
      case 'link_open':
        if (href === null) break;
        out += `<a href="${escapeHtml(href)}" rel="${LINK_REL}">`;
        // An empty `[](url)` would be an invisible link; show where it goes instead.
        if (tokens[i + 1]?.type === 'link_close') out += escapeHtml(href);
        break;
      case 'link_close':
        if (href !== null) out += '</a>';
        break;
      default:
        // Text, and anything a rule might add later, is shown as escaped text.
        out += escapeHtml(token.content);
    }
  });
  return out;
}

function inlineToPlainText(tokens: readonly Token[]): string {
  let out = '';
  let linkStart = 0;
  tokens.forEach((token, i) => {
    const href = hrefOf(token);
    if (token.type === 'softbreak' || token.type === 'hardbreak') out += '\n';
    else if (token.type === 'link_open') {
      linkStart = out.length;
      if (href !== null && tokens[i + 1]?.type === 'link_close') out += href;
    }
    // A reader of plain text cannot click, so the destination is spelled out unless the text already is it.
    else if (token.type === 'link_close') {
      if (href !== null && safeHref(out.slice(linkStart)) !== href) out += ` (${href})`;
    } else if (token.nesting === 0) out += token.content;
  });
  return out;
}
