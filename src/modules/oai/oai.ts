/**
 * OAI-PMH 2.0, the protocol's rules as pure functions: which arguments each verb takes, datestamps in
 * both granularities, set specs, and the resumption token. No I/O here (the service reads the database).
 */
import { isEntryKind, type EntryKind } from '../entries/entries';

export const VERBS = ['Identify', 'ListMetadataFormats', 'ListSets', 'ListIdentifiers', 'ListRecords', 'GetRecord'] as const;
export type Verb = (typeof VERBS)[number];

export type OaiErrorCode =
  'badVerb' | 'badArgument' | 'cannotDisseminateFormat' | 'idDoesNotExist' | 'noRecordsMatch' | 'badResumptionToken' | 'noSetHierarchy';

/** A protocol error: answered with HTTP 200 and `<error code=…>`, as the protocol asks. */
export class OaiError extends Error {
  constructor(
    readonly code: OaiErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** The one metadata format: unqualified Dublin Core, which every harvester reads. */
export const METADATA_FORMATS = {
  oai_dc: {
    schema: 'http://www.openarchives.org/OAI/2.0/oai_dc.xsd',
    namespace: 'http://www.openarchives.org/OAI/2.0/oai_dc/',
  },
} as const;
export type MetadataPrefix = keyof typeof METADATA_FORMATS;
const isPrefix = (v: string): v is MetadataPrefix => Object.hasOwn(METADATA_FORMATS, v);

/** Arguments each verb takes, beside `verb`: required, optional, and the exclusive one. */
const ARGUMENTS: Record<Verb, { required: string[]; optional: string[]; exclusive?: string }> = {
  Identify: { required: [], optional: [] },
  ListMetadataFormats: { required: [], optional: ['identifier'] },
  ListSets: { required: [], optional: [], exclusive: 'resumptionToken' },
  ListIdentifiers: { required: ['metadataPrefix'], optional: ['from', 'until', 'set'], exclusive: 'resumptionToken' },
  ListRecords: { required: ['metadataPrefix'], optional: ['from', 'until', 'set'], exclusive: 'resumptionToken' },
  GetRecord: { required: ['identifier', 'metadataPrefix'], optional: [] },
};

/** A datestamp as the protocol writes it (seconds granularity, UTC). */
export function datestamp(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

type Granularity = 'day' | 'second';
/** A `from` or `until` value: the instant it names, and its granularity; null when it is neither form (or no such date). */
export function parseDatestamp(value: string): { at: Date; granularity: Granularity } | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2})Z)?$/.exec(value);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map((x) => Number(x ?? 0));
  // Not Date.UTC, which reads years 0–99 as 1900–1999.
  const at = new Date(0);
  at.setUTCFullYear(y!, mo! - 1, d!);
  at.setUTCHours(h!, mi!, s!, 0);
  // 2025-02-30 or 25:00:00 would roll over: refused rather than read as another date.
  if (Number.isNaN(at.getTime()) || datestamp(at) !== (m[4] ? value : `${value}T00:00:00Z`)) return null;
  return { at, granularity: m[4] ? 'second' : 'day' };
}

/** What a list is asked for: the query, in the form a resumption token carries it too. */
export interface ListQuery {
  metadataPrefix: MetadataPrefix;
  /** Inclusive lower bound, as an instant. */
  from: Date | null;
  /** Exclusive upper bound (the `until` day's or second's end). */
  before: Date | null;
  set: string | null;
}

/** A set of the repository: every kind, or entries under an action line (or a C7 sub-line). */
export type SetFilter = { kind: EntryKind } | { actionLine: string } | { anyActionLine: true } | null;

const SET_SPEC = /^[A-Za-z0-9\-_.!~*'()]+(?::[A-Za-z0-9\-_.!~*'()]+)*$/;

/** The set of a kind (`kind:publication`). */
export const kindSetSpec = (kind: EntryKind): string => `kind:${kind}`;

/** An action line's set (`actionline:C3`); a sub-line sits below its line (`actionline:C7:e-health`). */
export function actionLineSetSpec(code: string, parent: string | null): string {
  if (parent && code.startsWith(`${parent}-`)) return `actionline:${parent.toUpperCase()}:${code.slice(parent.length + 1)}`;
  return `actionline:${code.toUpperCase()}`;
}

/**
 * What a set spec selects; null for the whole repository's top sets (`kind` holds every record);
 * undefined when the spec names no set of ours (an empty list, not an error, by the protocol).
 */
export function setFilter(spec: string): SetFilter | undefined {
  if (spec === 'kind') return null;
  if (spec === 'actionline') return { anyActionLine: true };
  const [top, ...rest] = spec.split(':');
  if (top === 'kind' && rest.length === 1 && isEntryKind(rest[0]!)) return { kind: rest[0] };
  if (top === 'actionline' && (rest.length === 1 || rest.length === 2)) {
    const code = rest.join('-').toLowerCase();
    return { actionLine: code };
  }
  return undefined;
}

/** What a resumption token holds: the list's query and where the next page starts (after an id), and the cursor. */
interface TokenState {
  verb: 'ListIdentifiers' | 'ListRecords';
  query: ListQuery;
  /** The last id sent; the next page starts after it (ids never move, so the position is stable). */
  after: number;
  cursor: number;
}

/** An opaque token that carries the whole query and position: nothing is kept on the server between pages. */
export function encodeToken(state: TokenState): string {
  const q = state.query;
  const payload = [1, state.verb, state.after, state.cursor, q.metadataPrefix, q.from?.getTime() ?? null, q.before?.getTime() ?? null, q.set];
  return Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
}

export function decodeToken(token: string, verb: TokenState['verb']): TokenState {
  const bad = () => new OaiError('badResumptionToken', 'The resumption token is not one this repository issued (or it is for another verb).');
  if (!/^[A-Za-z0-9_-]{1,400}$/.test(token)) throw bad();
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw bad();
  }
  if (!Array.isArray(payload) || payload.length !== 8 || payload[0] !== 1 || payload[1] !== verb) throw bad();
  const [, , after, cursor, prefix, from, before, set] = payload as unknown[];
  const int = (v: unknown, max = Number.MAX_SAFE_INTEGER) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 && v <= max;
  // Times within what a datestamp can write (years 0000–9999), ids within the column's range.
  const time = (v: unknown) => v === null || (typeof v === 'number' && Number.isSafeInteger(v) && v >= -62167219200000 && v <= 253402300800000);
  if (!int(after, 2147483647) || !int(cursor) || !time(from) || !time(before) || !(set === null || (typeof set === 'string' && SET_SPEC.test(set))))
    throw bad();
  if (typeof prefix !== 'string' || !isPrefix(prefix)) throw bad();
  return {
    verb,
    after: after as number,
    cursor: cursor as number,
    query: {
      metadataPrefix: prefix,
      from: from === null ? null : new Date(from as number),
      before: before === null ? null : new Date(before as number),
      set: set as string | null,
    },
  };
}

/** A request, checked: the verb and its arguments, or the protocol error it earns. */
export type OaiRequest =
  | { verb: 'Identify' }
  | { verb: 'ListMetadataFormats'; identifier: string | null }
  | { verb: 'ListSets' }
  | { verb: 'ListIdentifiers' | 'ListRecords'; query: ListQuery; after: number; cursor: number }
  | { verb: 'GetRecord'; identifier: string; metadataPrefix: string };

/**
 * Reads the request's arguments (each name with every value it was sent with). A repeated, unknown or
 * missing argument is badArgument; a resumption token must come alone; from and until share one granularity.
 */
export function parseRequest(args: ReadonlyMap<string, string[]>): OaiRequest {
  const verbs = args.get('verb') ?? [];
  const verb = verbs[0];
  if (verbs.length !== 1 || !verb || !(VERBS as readonly string[]).includes(verb)) {
    throw new OaiError(
      'badVerb',
      verbs.length > 1 ? 'The verb argument is repeated.' : verbs.length === 0 ? 'No verb was given.' : 'That is not an OAI-PMH verb.',
    );
  }
  const v = verb as Verb;
  const rule = ARGUMENTS[v];
  const one = new Map<string, string>();
  for (const [name, values] of args) {
    if (name === 'verb') continue;
    if (![...rule.required, ...rule.optional, rule.exclusive].includes(name)) throw new OaiError('badArgument', `${v} takes no argument named ${name}.`);
    if (values.length !== 1) throw new OaiError('badArgument', `The argument ${name} is repeated.`);
    one.set(name, values[0]!);
  }
  if (rule.exclusive && one.has(rule.exclusive)) {
    if (one.size > 1) throw new OaiError('badArgument', `The argument ${rule.exclusive} must be the only argument beside the verb.`);
    // The sets fit in one answer: this repository never gives a token for ListSets.
    if (v === 'ListSets') throw new OaiError('badResumptionToken', 'This repository lists its sets in one answer and gives no token for them.');
    const state = decodeToken(one.get(rule.exclusive)!, v as TokenState['verb']);
    return { verb: state.verb, query: state.query, after: state.after, cursor: state.cursor };
  }
  for (const name of rule.required) if (!one.has(name)) throw new OaiError('badArgument', `${v} needs the argument ${name}.`);
  switch (v) {
    case 'Identify':
      return { verb: v };
    case 'ListMetadataFormats':
      return { verb: v, identifier: one.get('identifier') ?? null };
    case 'ListSets':
      return { verb: v };
    case 'GetRecord':
      return { verb: v, identifier: one.get('identifier')!, metadataPrefix: one.get('metadataPrefix')! };
    default: {
      const from = one.has('from') ? parseDatestamp(one.get('from')!) : null;
      const until = one.has('until') ? parseDatestamp(one.get('until')!) : null;
      if ((one.has('from') && !from) || (one.has('until') && !until)) {
        throw new OaiError('badArgument', 'from and until take a date (YYYY-MM-DD) or a time (YYYY-MM-DDThh:mm:ssZ).');
      }
      if (from && until && from.granularity !== until.granularity) throw new OaiError('badArgument', 'from and until must have the same granularity.');
      if (from && until && from.at > until.at) throw new OaiError('badArgument', 'from is later than until.');
      const set = one.get('set') ?? null;
      if (set !== null && !SET_SPEC.test(set)) throw new OaiError('badArgument', 'That is not a set spec.');
      const prefix = one.get('metadataPrefix')!;
      if (!isPrefix(prefix)) throw new OaiError('cannotDisseminateFormat', 'This repository offers oai_dc only.');
      const step = until?.granularity === 'day' ? 86_400_000 : 1000;
      return {
        verb: v,
        query: { metadataPrefix: prefix, from: from?.at ?? null, before: until ? new Date(until.at.getTime() + step) : null, set },
        after: 0,
        cursor: 0,
      };
    }
  }
}

/** An item's identifier (`oai:stocktake.example.org:publication/12`), and back. */
export function oaiIdentifier(repositoryId: string, kind: EntryKind, id: number): string {
  return `oai:${repositoryId}:${kind}/${id}`;
}

export function parseOaiIdentifier(repositoryId: string, identifier: string): { kind: EntryKind; id: number } | null {
  const prefix = `oai:${repositoryId}:`;
  if (!identifier.startsWith(prefix)) return null;
  const m = /^([a-z]+)\/([1-9]\d{0,9})$/.exec(identifier.slice(prefix.length));
  if (!m || !isEntryKind(m[1]!) || Number(m[2]) > 2147483647) return null;
  return { kind: m[1], id: Number(m[2]) };
}

/** The repository's namespace: configured, else the public address's host name. */
export function repositoryIdOf(configured: string | undefined, baseUrl: string): string {
  return configured ?? new URL(baseUrl).hostname;
}

/** Whether a repository id may stand in an oai-identifier description (a domain name with a dot). */
export const isDomainName = (id: string): boolean => /^[a-zA-Z][a-zA-Z0-9-]*(\.[a-zA-Z][a-zA-Z0-9-]*)+$/.test(id);
