/**
 * OAI-PMH 2.0: one request in, one XML answer out. Lists are read a page at a time from the database,
 * in id order after the position a resumption token carries; nothing is held between requests.
 */
import type { Db } from '../../db/connection';
import { i18nFor } from '../../i18n/i18n';
import { ENTRY_KINDS, type EntryKind } from '../entries/entries';
import { presentEntry, type PublicEntry } from '../entries/entries.presenter';
import { loadEntries } from '../entries/entries.repository';
import type { Taxonomy } from '../taxonomy/taxonomy';
import {
  actionLineSetSpec,
  datestamp,
  encodeToken,
  isDomainName,
  kindSetSpec,
  METADATA_FORMATS,
  OaiError,
  oaiIdentifier,
  parseOaiIdentifier,
  parseRequest,
  setFilter,
  type OaiRequest,
} from './oai';
import { dublinCore } from './oai.dc';
import { earliestChange, fileTypes, oaiCount, oaiPage, oaiRow, type OaiRow } from './oai.repository';
import { el, envelope, errorBody, header, oaiDc, record, resumptionToken, type OaiHeader } from './oai.xml';

export interface OaiDeps {
  db: Db;
  taxonomy: Taxonomy;
  baseUrl: string;
  oai: { repositoryId: string; adminEmail: string; pageSize: number };
  /** The site's name, as its settings give it. */
  repositoryName: string;
}

/** Answers one request (each argument with every value it was sent with). Protocol errors are answers too. */
export async function answerOai(deps: OaiDeps, args: ReadonlyMap<string, string[]>, now = new Date()): Promise<string> {
  let request: OaiRequest;
  try {
    request = parseRequest(args);
  } catch (e) {
    if (!(e instanceof OaiError)) throw e;
    // After badVerb or badArgument the request is echoed as the base URL alone; other errors echo the arguments.
    const echo = e.code === 'badVerb' || e.code === 'badArgument' ? null : echoed(args);
    return envelope(deps.baseUrl, now, echo, errorBody(e));
  }
  try {
    return envelope(deps.baseUrl, now, echoed(args), await body(deps, request));
  } catch (e) {
    if (!(e instanceof OaiError)) throw e;
    return envelope(deps.baseUrl, now, echoed(args), errorBody(e));
  }
}

function echoed(args: ReadonlyMap<string, string[]>): Record<string, string> {
  return Object.fromEntries([...args].map(([k, v]) => [k, v[0] ?? '']));
}

async function body(deps: OaiDeps, r: OaiRequest): Promise<string> {
  switch (r.verb) {
    case 'Identify':
      return identify(deps);
    case 'ListMetadataFormats':
      if (r.identifier !== null) await findRow(deps, r.identifier);
      return `<ListMetadataFormats>${Object.entries(METADATA_FORMATS)
        .map(
          ([prefix, f]) =>
            `<metadataFormat>${el('metadataPrefix', {}, prefix)}${el('schema', {}, f.schema)}${el('metadataNamespace', {}, f.namespace)}</metadataFormat>`,
        )
        .join('')}</ListMetadataFormats>`;
    case 'ListSets':
      return `<ListSets>${sets(deps.taxonomy)
        .map(([spec, name]) => `<set>${el('setSpec', {}, spec)}${el('setName', {}, name)}</set>`)
        .join('')}</ListSets>`;
    case 'GetRecord': {
      const row = await findRow(deps, r.identifier);
      if (r.metadataPrefix !== 'oai_dc') throw new OaiError('cannotDisseminateFormat', 'This repository offers oai_dc only.');
      const [one] = await records(deps, [row]);
      return `<GetRecord>${one}</GetRecord>`;
    }
    case 'ListIdentifiers':
    case 'ListRecords':
      return list(deps, r);
  }
}

async function identify(deps: OaiDeps): Promise<string> {
  const earliest = (await earliestChange(deps.db)) ?? new Date();
  const id = deps.oai.repositoryId;
  // The oai-identifier description names the scheme; its schema wants a domain name, so a bare host (localhost) goes without.
  const description = isDomainName(id)
    ? `<description><oai-identifier xmlns="http://www.openarchives.org/OAI/2.0/oai-identifier" xsi:schemaLocation="http://www.openarchives.org/OAI/2.0/oai-identifier http://www.openarchives.org/OAI/2.0/oai-identifier.xsd">` +
      `<scheme>oai</scheme>${el('repositoryIdentifier', {}, id)}<delimiter>:</delimiter>${el('sampleIdentifier', {}, oaiIdentifier(id, 'publication', 1))}` +
      `</oai-identifier></description>`
    : '';
  return (
    `<Identify>` +
    el('repositoryName', {}, deps.repositoryName) +
    el('baseURL', {}, `${deps.baseUrl}/oai`) +
    `<protocolVersion>2.0</protocolVersion>` +
    el('adminEmail', {}, deps.oai.adminEmail) +
    el('earliestDatestamp', {}, datestamp(earliest)) +
    // Entries are never deleted: an archived (or merged) entry keeps its row, its revisions and its datestamp.
    `<deletedRecord>persistent</deletedRecord>` +
    `<granularity>YYYY-MM-DDThh:mm:ssZ</granularity>` +
    description +
    `</Identify>`
  );
}

/** Every set: the kinds, and the action lines with their C7 sub-lines, under their two top sets. */
function sets(taxonomy: Taxonomy): Array<[string, string]> {
  const t = i18nFor('en').t;
  const lines = taxonomy.terms('action-line');
  return [
    ['kind', 'Entries by kind'],
    ...ENTRY_KINDS.map((k): [string, string] => [kindSetSpec(k), t(`kind.${k}`)]),
    ['actionline', 'Entries by WSIS action line'],
    ...lines.map((l): [string, string] => [actionLineSetSpec(l.code, l.parent), `${l.code.toUpperCase()}: ${taxonomy.label('action-line', l.code, 'en')}`]),
  ];
}

async function findRow(deps: OaiDeps, identifier: string): Promise<OaiRow> {
  const parsed = parseOaiIdentifier(deps.oai.repositoryId, identifier);
  const row = parsed ? await oaiRow(deps.db, parsed.id) : undefined;
  if (!parsed || !row || row.kind !== parsed.kind) throw new OaiError('idDoesNotExist', 'This repository has no item with that identifier.');
  return row;
}

function headerOf(deps: OaiDeps, row: OaiRow): OaiHeader {
  const parents = new Map(deps.taxonomy.terms('action-line').map((t) => [t.code, t.parent]));
  return {
    identifier: oaiIdentifier(deps.oai.repositoryId, row.kind as EntryKind, row.id),
    datestamp: new Date(row.updatedAt),
    deleted: row.state !== 'published',
    setSpecs: [kindSetSpec(row.kind as EntryKind), ...row.actionLines.map((code) => actionLineSetSpec(code, parents.get(code) ?? null))],
  };
}

/** Full records for a page of rows: the published ones' entries in one query, their files' types in another. */
async function records(deps: OaiDeps, rows: OaiRow[]): Promise<string[]> {
  const published = rows.filter((r) => r.state === 'published').map((r) => r.id);
  const entries = new Map<number, PublicEntry>((await loadEntries(deps.db, published, ['published'])).map((e) => [e.id, presentEntry(e, deps.baseUrl)]));
  const fileIds = [...entries.values()].flatMap((e) =>
    ((e.details as { files?: string[] } | undefined)?.files ?? []).map((url) => Number(url.split('/').pop())),
  );
  const types = await fileTypes(deps.db, fileIds.filter(Number.isSafeInteger));
  const typeByUrl = new Map([...types].map(([id, type]) => [`${deps.baseUrl}/files/${id}`, type]));
  return rows.map((row) => {
    const entry = entries.get(row.id);
    return record(headerOf(deps, row), entry ? oaiDc(dublinCore(entry, deps.taxonomy, typeByUrl)) : null);
  });
}

async function list(deps: OaiDeps, r: Extract<OaiRequest, { verb: 'ListIdentifiers' | 'ListRecords' }>): Promise<string> {
  const none = () => new OaiError('noRecordsMatch', 'No record matches these arguments.');
  const set = r.query.set === null ? null : setFilter(r.query.set);
  if (set === undefined) throw none();
  const filter = { set, from: r.query.from, before: r.query.before };
  const size = deps.oai.pageSize;
  const rows = await oaiPage(deps.db, filter, r.after, size + 1);
  if (rows.length === 0) throw none();
  const page = rows.slice(0, size);
  const more = rows.length > size;
  const items = r.verb === 'ListRecords' ? (await records(deps, page)).join('') : page.map((row) => header(headerOf(deps, row))).join('');
  // A list in one page needs no token; otherwise each page ends with one (empty on the last), with the cursor and the list's size.
  let token = '';
  if (more || r.cursor > 0) {
    const next = more ? encodeToken({ verb: r.verb, query: r.query, after: page.at(-1)!.id, cursor: r.cursor + page.length }) : '';
    token = resumptionToken(next, r.cursor, await oaiCount(deps.db, filter));
  }
  return `<${r.verb}>${items}${token}</${r.verb}>`;
}
