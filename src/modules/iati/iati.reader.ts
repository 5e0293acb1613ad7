/**
 * Reads an IATI activity file as a stream (saxes): one `iati-activity` at a time, each as a small tree of
 * the elements the importer maps, so a file of hundreds of megabytes never sits in memory. Elements the
 * register has no place for (budgets, transactions' values, results, locations…) are skipped as they pass.
 */
import { SaxesParser, type SaxesTagPlain } from 'saxes';

/** One element of an activity as read: its attributes, its own text and the children kept. */
export interface XmlNode {
  name: string;
  attrs: Record<string, string>;
  text: string;
  children: XmlNode[];
}

/** An activity as read, with where it starts in the file and the defaults its file gives it. */
export interface ReadActivity {
  /** 1-based position in the file. */
  index: number;
  line: number;
  node: XmlNode;
  /** The file's `version` attribute (an activity may carry its own). */
  fileVersion: string | null;
  /** The file's `xml:lang`, the default for narratives without one. */
  fileLang: string | null;
  /** Set when the activity could not be read whole (too large, cut by a broken file). */
  problem: 'too_large' | null;
}

/** A file that is not an IATI activity file, or stops being well-formed XML. */
export class IatiFileError extends Error {
  constructor(
    readonly code: 'not_iati' | 'malformed_xml' | 'empty_file' | 'unsupported_encoding',
    readonly line: number | null,
    detail?: string,
  ) {
    super(detail ? `${code}: ${detail}` : code);
  }
}

/** The elements of an activity the importer reads; everything else passes unread. */
const KEPT = new Set([
  'iati-identifier',
  'title',
  'description',
  'activity-status',
  'activity-scope',
  'activity-date',
  'recipient-country',
  'recipient-region',
  'sector',
  'tag',
  'participating-org',
  'reporting-org',
  'document-link',
  'activity-website',
  'transaction',
]);
/** Inside a kept element, the children that are read (a transaction only for its sectors and countries). */
const KEPT_INSIDE: Record<string, Set<string> | 'all'> = {
  transaction: new Set(['sector', 'recipient-country', 'recipient-region']),
  'document-link': new Set(['title', 'narrative']),
};

/** Bounds one activity: a hostile or broken file cannot make one tree grow without end. */
export const READ_LIMITS = { nodes: 5000, textChars: 200_000 } as const;

const ROOTS = new Set(['iati-activities', 'iati-activity']);

/**
 * Yields the file's activities one by one. The source is read only as fast as activities are consumed
 * (each chunk is parsed, its activities yielded, then the next chunk read), so the caller's batch writes
 * pace the reading.
 */
export async function* readIatiActivities(source: AsyncIterable<string>): AsyncGenerator<ReadActivity> {
  const parser = new SaxesParser({ xmlns: false, position: true });
  const ready: ReadActivity[] = [];
  let error: IatiFileError | null = null;
  let depth = 0;
  let rootSeen = false;
  let fileVersion: string | null = null;
  let fileLang: string | null = null;
  let count = 0;
  // The activity being read: a stack of open kept nodes (null for a skipped subtree's elements).
  let current: ReadActivity | null = null;
  let nodes = 0;
  const stack: Array<XmlNode | null> = [];

  parser.on('error', (e) => {
    error ??= new IatiFileError('malformed_xml', parser.line, e.message.replace(/^[^:]*:\d+:\d+: /, ''));
  });
  parser.on('xmldecl', (decl) => {
    if (decl.encoding && !/^utf-?8$/i.test(decl.encoding)) error ??= new IatiFileError('unsupported_encoding', parser.line, decl.encoding);
  });
  parser.on('opentag', (tag: SaxesTagPlain) => {
    depth += 1;
    if (depth === 1) {
      if (!ROOTS.has(tag.name)) {
        error ??= new IatiFileError('not_iati', parser.line, tag.name);
        return;
      }
      rootSeen = true;
      if (tag.name === 'iati-activities') {
        fileVersion = tag.attributes.version ?? null;
        fileLang = tag.attributes['xml:lang'] ?? null;
        return;
      }
    }
    if (current === null) {
      if (tag.name === 'iati-activity' && depth <= 2) {
        count += 1;
        nodes = 0;
        current = { index: count, line: parser.line, node: node(tag), fileVersion, fileLang, problem: null };
        stack.length = 0;
        stack.push(current.node);
      }
      return;
    }
    const parent = stack[stack.length - 1] ?? null;
    let kept: XmlNode | null = null;
    if (parent) {
      const allowed = stack.length === 1 ? KEPT.has(tag.name) : keptInside(parent.name, tag.name);
      if (allowed) {
        nodes += 1;
        if (nodes > READ_LIMITS.nodes) current.problem = 'too_large';
        else {
          kept = node(tag);
          parent.children.push(kept);
        }
      }
    }
    stack.push(kept);
  });
  parser.on('text', (text) => {
    const open = stack[stack.length - 1];
    if (!current || !open) return;
    if (open.text.length + text.length > READ_LIMITS.textChars) current.problem = 'too_large';
    else open.text += text;
  });
  parser.on('closetag', (tag) => {
    depth -= 1;
    if (!current) return;
    stack.pop();
    if (stack.length === 0 && tag.name === 'iati-activity') {
      // Nothing after the first fault is trusted: the activity it cut is not yielded.
      if (!error) ready.push(current);
      current = null;
    }
  });

  const drain = function* () {
    while (ready.length) yield ready.shift()!;
  };
  for await (const chunk of source) {
    parser.write(chunk);
    yield* drain();
    if (error) throw error;
  }
  parser.close();
  yield* drain();
  if (error) throw error;
  if (!rootSeen) throw new IatiFileError('empty_file', null);
}

function keptInside(parent: string, child: string): boolean {
  const rule = KEPT_INSIDE[parent];
  if (rule === 'all') return true;
  if (rule) return rule.has(child);
  // Narratives (2.x) and the few structured children the mapping reads.
  return child === 'narrative' || child === 'title';
}

const node = (tag: SaxesTagPlain): XmlNode => ({ name: tag.name, attrs: { ...tag.attributes }, text: '', children: [] });

/** Decodes a byte stream as UTF-8 without splitting a character across chunks. */
export async function* utf8Chunks(source: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of source) {
    const text = decoder.decode(chunk, { stream: true });
    if (text) yield text;
  }
  const rest = decoder.decode();
  if (rest) yield rest;
}
