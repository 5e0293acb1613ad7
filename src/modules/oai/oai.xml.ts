/**
 * The OAI-PMH response as XML text: the envelope, headers, records and Dublin Core. Every value passes
 * through `text()`, so whatever an entry or a request holds (`<`, `&`, control characters) stays well-formed.
 */
import { xmlEscape } from '../../lib/xml';
import { datestamp, METADATA_FORMATS, type OaiError } from './oai';

const OAI_NS = 'http://www.openarchives.org/OAI/2.0/';
const XSI = 'http://www.w3.org/2001/XMLSchema-instance';

/** Escapes a value for XML text or attributes (characters XML cannot hold become U+FFFD). */
export const text = xmlEscape;

/** `<name a="…">text</name>`, the text escaped; attributes with a null value are left out. */
export function el(name: string, attrs: Record<string, string | null>, content: string): string {
  const a = Object.entries(attrs)
    .filter((e): e is [string, string] => e[1] !== null)
    .map(([k, v]) => ` ${k}="${text(v)}"`)
    .join('');
  return `<${name}${a}>${text(content)}</${name}>`;
}

/**
 * The response around its body. `request` holds the arguments echoed in `<request>`; null after a
 * badVerb or badArgument, where the protocol wants the base URL alone.
 */
export function envelope(baseUrl: string, now: Date, request: Record<string, string> | null, body: string): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<OAI-PMH xmlns="${OAI_NS}" xmlns:xsi="${XSI}" xsi:schemaLocation="${OAI_NS} ${OAI_NS}OAI-PMH.xsd">` +
    `<responseDate>${datestamp(now)}</responseDate>` +
    el('request', request ?? {}, `${baseUrl}/oai`) +
    body +
    `</OAI-PMH>\n`
  );
}

export function errorBody(e: OaiError): string {
  return el('error', { code: e.code }, e.message);
}

export interface OaiHeader {
  identifier: string;
  datestamp: Date;
  deleted: boolean;
  setSpecs: string[];
}

export function header(h: OaiHeader): string {
  return (
    `<header${h.deleted ? ' status="deleted"' : ''}>` +
    el('identifier', {}, h.identifier) +
    el('datestamp', {}, datestamp(h.datestamp)) +
    h.setSpecs.map((s) => el('setSpec', {}, s)).join('') +
    `</header>`
  );
}

/** One Dublin Core element: its name (`title`), its value, and the language it is in when known. */
export interface DcElement {
  name:
    | 'title'
    | 'creator'
    | 'subject'
    | 'description'
    | 'publisher'
    | 'contributor'
    | 'date'
    | 'type'
    | 'format'
    | 'identifier'
    | 'language'
    | 'relation'
    | 'coverage'
    | 'rights';
  value: string;
  lang?: string | undefined;
}

export function oaiDc(elements: DcElement[]): string {
  const ns = METADATA_FORMATS.oai_dc.namespace;
  return (
    `<oai_dc:dc xmlns:oai_dc="${ns}" xmlns:dc="http://purl.org/dc/elements/1.1/" xsi:schemaLocation="${ns} ${METADATA_FORMATS.oai_dc.schema}">` +
    elements
      .filter((e) => e.value.trim() !== '')
      .map((e) => el(`dc:${e.name}`, { 'xml:lang': e.lang ?? null }, e.value))
      .join('') +
    `</oai_dc:dc>`
  );
}

/** A record: its header and, unless it is deleted, its metadata. */
export function record(h: OaiHeader, metadata: string | null): string {
  return `<record>${header(h)}${h.deleted || metadata === null ? '' : `<metadata>${metadata}</metadata>`}</record>`;
}

/** The token element closing a page: with the next token, or empty on the last page of a list that had more than one. */
export function resumptionToken(token: string, cursor: number, completeListSize: number): string {
  return el('resumptionToken', { completeListSize: String(completeListSize), cursor: String(cursor) }, token);
}
