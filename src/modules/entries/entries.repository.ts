import { sql, type Transaction } from 'kysely';
import type { Db } from '../../db/connection';
import type { Database } from '../../db/schema';
import { isLocale, type Locale } from '../../i18n/locales';
import type { EntryKind } from './entries';
import { TAG_FIELDS, type Entry, type EntryState, type EntryText, type FacetValues, type Organisation } from './entry';

type Trx = Transaction<Database>;

/** What is written for an activity: its own fields, plus the rows derived from it (facets, search terms). */
export interface EntryWrite extends Pick<
  Entry,
  'kind' | 'externalId' | 'state' | 'originalLanguage' | 'contact' | 'isDemo' | 'startsAt' | 'endsAt' | 'timeZone'
> {
  /** The kind's own details, as its descriptor's schema gives them. */
  details: object;
  lastConfirmedAt: string | null;
  translations: Partial<Record<Locale, EntryText>>;
  tags: Record<keyof typeof TAG_FIELDS, string[]>;
  organisations: Organisation[];
  links: Array<{ url: string; label: string | null }>;
  facets: FacetValues;
  searchVector: string;
  searchTerms: string;
}

export async function findIdByExternalId(trx: Trx | Db, externalId: string): Promise<{ id: number; state: string } | undefined> {
  return trx.selectFrom('entries').select(['id', 'state']).where('externalId', '=', externalId).executeTakeFirst();
}

async function writeChildren(trx: Trx, id: number, a: EntryWrite): Promise<void> {
  const translations = Object.entries(a.translations).map(([language, t]) => ({ entryId: id, language, ...t! }));
  if (translations.length) await trx.insertInto('entryTranslations').values(translations).execute();
  const tags = (Object.keys(TAG_FIELDS) as Array<keyof typeof TAG_FIELDS>).flatMap((field) =>
    [...new Set(a.tags[field])].map((code) => ({ entryId: id, vocabulary: TAG_FIELDS[field], code })),
  );
  if (tags.length) await trx.insertInto('entryTags').values(tags).execute();
  if (a.organisations.length) {
    await trx
      .insertInto('entryOrganisations')
      .values(a.organisations.map((o, i) => ({ entryId: id, position: i + 1, ...o })))
      .execute();
  }
  if (a.links.length) {
    await trx
      .insertInto('entryLinks')
      .values(a.links.map((l, i) => ({ entryId: id, position: i + 1, ...l })))
      .execute();
  }
  if (a.facets.length) {
    await trx
      .insertInto('entryFacets')
      .values(a.facets.map((f) => ({ entryId: id, ...f })))
      .execute();
  }
}

function row(a: EntryWrite) {
  return {
    kind: a.kind,
    details: JSON.stringify(a.details),
    startsAt: a.startsAt,
    endsAt: a.endsAt,
    timeZone: a.timeZone,
    externalId: a.externalId,
    state: a.state,
    originalLanguage: a.originalLanguage,
    contact: JSON.stringify(a.contact),
    isDemo: a.isDemo,
    lastConfirmedAt: a.lastConfirmedAt,
    searchVector: a.searchVector,
    searchTerms: a.searchTerms,
  };
}

/** Inserts an activity with everything attached to it; returns its id. */
export async function insertEntry(trx: Trx, a: EntryWrite): Promise<number> {
  const { id } = await trx
    .insertInto('entries')
    .values({ ...row(a), publishedAt: a.state === 'published' ? new Date() : null })
    .returning('id')
    .executeTakeFirstOrThrow();
  await writeChildren(trx, id, a);
  return id;
}

/** Replaces an activity's content (its id, creation time and first publication time stay). */
export async function replaceEntry(trx: Trx, id: number, a: EntryWrite): Promise<void> {
  const existing = await trx.selectFrom('entries').select(['publishedAt']).where('id', '=', id).executeTakeFirstOrThrow();
  await trx
    .updateTable('entries')
    .set({
      ...row(a),
      updatedAt: new Date(),
      publishedAt: existing.publishedAt ?? (a.state === 'published' ? new Date() : null),
    })
    .where('id', '=', id)
    .execute();
  for (const table of ['entryTranslations', 'entryTags', 'entryOrganisations', 'entryLinks', 'entryFacets'] as const) {
    await trx.deleteFrom(table).where('entryId', '=', id).execute();
  }
  await writeChildren(trx, id, a);
}

/**
 * Loads full entries by id, in the order of `ids`; ids not found (or not in `states`) are skipped.
 * One round trip: each entry's translations, tags, organisations and links come aggregated as JSON
 * arrays beside its row (on the embedded database every query costs main-thread time, and five
 * queries per page were most of an entry page's cost). Translations and tags keep the order they
 * were written in (their physical order, as separate reads of those tables returned them);
 * organisations and links their position.
 */
export async function loadEntries(db: Db | Trx, ids: number[], states?: readonly EntryState[]): Promise<Entry[]> {
  if (ids.length === 0) return [];
  let q = db
    .selectFrom('entries as e')
    .select([
      'e.id',
      'e.kind',
      'e.details',
      'e.startsAt',
      'e.endsAt',
      'e.timeZone',
      'e.externalId',
      'e.state',
      'e.originalLanguage',
      'e.contact',
      'e.isDemo',
      'e.createdAt',
      'e.updatedAt',
      'e.lastConfirmedAt',
      'e.publishedAt',
      sql<
        Array<[string, string, string, string]>
      >`(select coalesce(json_agg(json_build_array(t.language, t.title, t.summary, t.description) order by t.ctid), '[]')
        from entry_translations t where t.entry_id = e.id)`.as('translationRows'),
      sql<Array<[string, string]>>`(select coalesce(json_agg(json_build_array(t.vocabulary, t.code) order by t.ctid), '[]')
        from entry_tags t where t.entry_id = e.id)`.as('tagRows'),
      sql<
        Array<[string, string, string, number | null]>
      >`(select coalesce(json_agg(json_build_array(o.name, o.role, o.stakeholder_type, o.actor_id) order by o.position), '[]')
        from entry_organisations o where o.entry_id = e.id)`.as('organisationRows'),
      sql<Array<[string, string | null]>>`(select coalesce(json_agg(json_build_array(l.url, l.label) order by l.position), '[]')
        from entry_links l where l.entry_id = e.id)`.as('linkRows'),
    ])
    .where('e.id', 'in', ids);
  if (states) q = q.where('e.state', 'in', [...states]);
  const rows = await q.execute();
  if (rows.length === 0) return [];
  const fieldOf = Object.fromEntries(Object.entries(TAG_FIELDS).map(([field, vocab]) => [vocab, field])) as Record<string, keyof typeof TAG_FIELDS>;
  const byId = new Map<number, Entry>();
  for (const { details, translationRows, tagRows, organisationRows, linkRows, ...r } of rows) {
    const kind = r.kind as EntryKind;
    // Each kind's own details are stored in `details` and held under the kind's name.
    const entry = {
      ...r,
      kind,
      [kind]: details,
      state: r.state as EntryState,
      originalLanguage: isLocale(r.originalLanguage) ? r.originalLanguage : 'en',
      translations: {},
      countries: [],
      regions: [],
      actionLines: [],
      sdgs: [],
      targetGroups: [],
      issues: [],
      organisations: [],
      links: [],
    } as unknown as Entry;
    for (const [language, title, summary, description] of translationRows) {
      if (isLocale(language)) entry.translations[language] = { title, summary, description };
    }
    for (const [vocabulary, code] of tagRows) {
      const field = fieldOf[vocabulary];
      if (field) entry[field].push(code);
    }
    for (const [name, role, stakeholderType, actorId] of organisationRows) {
      entry.organisations.push({
        name,
        role: role as Organisation['role'],
        stakeholderType: stakeholderType as Organisation['stakeholderType'],
        actorId,
      });
    }
    for (const [url, label] of linkRows) entry.links.push({ url, label });
    byId.set(r.id, entry);
  }
  return ids.flatMap((id) => {
    const a = byId.get(id);
    return a ? [a] : [];
  });
}

export async function countEntries(db: Db): Promise<number> {
  const { n } = await db
    .selectFrom('entries')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(n);
}

/** Distinct organisation names across published activities. */
export async function countPublishedOrganisations(db: Db): Promise<number> {
  const row = await db
    .selectFrom('entryOrganisations as o')
    .innerJoin('entries as a', 'a.id', 'o.entryId')
    .where('a.state', '=', 'published')
    .select((eb) =>
      eb.fn
        .count<number>(eb.fn('lower', ['o.name']))
        .distinct()
        .as('n'),
    )
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Most recently updated published activities. */
export async function recentPublishedIds(db: Db, limit: number): Promise<number[]> {
  const rows = await db
    .selectFrom('entries')
    .select('id')
    .where('state', '=', 'published')
    .orderBy('lastConfirmedAt', (ob) => ob.desc().nullsLast())
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

const CHUNK = 2000;
async function insertChunked<T extends keyof Database>(trx: Trx, table: T, rows: Array<Record<string, unknown>>): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    // Rows are built for this very table above.
    const batch = rows.slice(i, i + CHUNK) as Parameters<ReturnType<typeof trx.insertInto<T>>['values']>[0];
    await trx.insertInto(table).values(batch).execute();
  }
}

/** Inserts many new activities with few round trips (bulk loads: benchmarks, large imports). */
export async function insertEntriesBulk(trx: Trx, writes: EntryWrite[]): Promise<number[]> {
  if (writes.length === 0) return [];
  const now = new Date();
  const inserted = await trx
    .insertInto('entries')
    .values(writes.map((a) => ({ ...row(a), publishedAt: a.state === 'published' ? now : null })))
    .returning('id')
    .execute();
  const ids = inserted.map((r) => r.id);
  const translations: Array<Record<string, unknown>> = [];
  const tags: Array<Record<string, unknown>> = [];
  const organisations: Array<Record<string, unknown>> = [];
  const links: Array<Record<string, unknown>> = [];
  const facets: Array<Record<string, unknown>> = [];
  writes.forEach((a, i) => {
    const entryId = ids[i]!;
    for (const [language, t] of Object.entries(a.translations)) translations.push({ entryId, language, ...t });
    for (const field of Object.keys(TAG_FIELDS) as Array<keyof typeof TAG_FIELDS>) {
      for (const code of new Set(a.tags[field])) tags.push({ entryId, vocabulary: TAG_FIELDS[field], code });
    }
    a.organisations.forEach((o, p) => organisations.push({ entryId, position: p + 1, ...o }));
    a.links.forEach((l, p) => links.push({ entryId, position: p + 1, ...l }));
    for (const f of a.facets) facets.push({ entryId, ...f });
  });
  await insertChunked(trx, 'entryTranslations', translations);
  await insertChunked(trx, 'entryTags', tags);
  await insertChunked(trx, 'entryOrganisations', organisations);
  await insertChunked(trx, 'entryLinks', links);
  await insertChunked(trx, 'entryFacets', facets);
  return ids;
}

/** The kind of the entry with this id, whatever its state; undefined when there is none. */
export async function entryKindOf(db: Db | Trx, id: number): Promise<EntryKind | undefined> {
  const row = await db.selectFrom('entries').select('kind').where('id', '=', id).executeTakeFirst();
  return row?.kind as EntryKind | undefined;
}
