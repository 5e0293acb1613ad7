import type { Transaction } from 'kysely';
import type { Db } from '../../db/connection';
import type { Database } from '../../db/schema';
import { isLocale, type Locale } from '../../i18n/locales';
import type { EntryKind } from '../entries/entries';
import {
  TAG_FIELDS,
  type Activity,
  type ActivityState,
  type ActivityText,
  type FacetValues,
  type Organisation,
} from './activities';

type Trx = Transaction<Database>;

/** What is written for an activity: its own fields, plus the rows derived from it (facets, search terms). */
export interface ActivityWrite
  extends Pick<Activity, 'kind' | 'externalId' | 'state' | 'originalLanguage' | 'activityType' | 'status' | 'scope' | 'startDate' | 'endDate' | 'contact' | 'isDemo' | 'startsAt' | 'endsAt' | 'timeZone'> {
  /** The kind's own details ({} for activities). */
  details: Record<string, unknown>;
  lastConfirmedAt: string | null;
  translations: Partial<Record<Locale, ActivityText>>;
  tags: Record<keyof typeof TAG_FIELDS, string[]>;
  organisations: Organisation[];
  links: Array<{ url: string; label: string | null }>;
  facets: FacetValues;
  searchVector: string;
  searchTerms: string;
}

export async function findIdByExternalId(trx: Trx | Db, externalId: string): Promise<{ id: number; state: string } | undefined> {
  return trx.selectFrom('activities').select(['id', 'state']).where('externalId', '=', externalId).executeTakeFirst();
}

async function writeChildren(trx: Trx, id: number, a: ActivityWrite): Promise<void> {
  const translations = Object.entries(a.translations).map(([language, t]) => ({ activityId: id, language, ...t! }));
  if (translations.length) await trx.insertInto('activityTranslations').values(translations).execute();
  const tags = (Object.keys(TAG_FIELDS) as Array<keyof typeof TAG_FIELDS>).flatMap((field) =>
    [...new Set(a.tags[field])].map((code) => ({ activityId: id, vocabulary: TAG_FIELDS[field], code })),
  );
  if (tags.length) await trx.insertInto('activityTags').values(tags).execute();
  if (a.organisations.length) {
    await trx
      .insertInto('activityOrganisations')
      .values(a.organisations.map((o, i) => ({ activityId: id, position: i + 1, ...o })))
      .execute();
  }
  if (a.links.length) {
    await trx.insertInto('activityLinks').values(a.links.map((l, i) => ({ activityId: id, position: i + 1, ...l }))).execute();
  }
  if (a.facets.length) {
    await trx.insertInto('activityFacets').values(a.facets.map((f) => ({ activityId: id, ...f }))).execute();
  }
}

function row(a: ActivityWrite) {
  return {
    kind: a.kind,
    details: JSON.stringify(a.details),
    startsAt: a.startsAt,
    endsAt: a.endsAt,
    timeZone: a.timeZone,
    externalId: a.externalId,
    state: a.state,
    originalLanguage: a.originalLanguage,
    activityType: a.activityType,
    status: a.status,
    scope: a.scope,
    startDate: a.startDate,
    endDate: a.endDate,
    contact: JSON.stringify(a.contact),
    isDemo: a.isDemo,
    lastConfirmedAt: a.lastConfirmedAt,
    searchVector: a.searchVector,
    searchTerms: a.searchTerms,
  };
}

/** Inserts an activity with everything attached to it; returns its id. */
export async function insertActivity(trx: Trx, a: ActivityWrite): Promise<number> {
  const { id } = await trx
    .insertInto('activities')
    .values({ ...row(a), publishedAt: a.state === 'published' ? new Date() : null })
    .returning('id')
    .executeTakeFirstOrThrow();
  await writeChildren(trx, id, a);
  return id;
}

/** Replaces an activity's content (its id, creation time and first publication time stay). */
export async function replaceActivity(trx: Trx, id: number, a: ActivityWrite): Promise<void> {
  const existing = await trx.selectFrom('activities').select(['publishedAt']).where('id', '=', id).executeTakeFirstOrThrow();
  await trx
    .updateTable('activities')
    .set({
      ...row(a),
      updatedAt: new Date(),
      publishedAt: existing.publishedAt ?? (a.state === 'published' ? new Date() : null),
    })
    .where('id', '=', id)
    .execute();
  for (const table of ['activityTranslations', 'activityTags', 'activityOrganisations', 'activityLinks', 'activityFacets'] as const) {
    await trx.deleteFrom(table).where('activityId', '=', id).execute();
  }
  await writeChildren(trx, id, a);
}

/** Loads full activities by id, in the order of `ids`; ids not found (or not in `states`) are skipped. */
export async function loadActivities(db: Db | Trx, ids: number[], states?: readonly ActivityState[]): Promise<Activity[]> {
  if (ids.length === 0) return [];
  let q = db
    .selectFrom('activities')
    .select([
      'id',
      'kind',
      'details',
      'startsAt',
      'endsAt',
      'timeZone',
      'externalId',
      'state',
      'originalLanguage',
      'activityType',
      'status',
      'scope',
      'startDate',
      'endDate',
      'contact',
      'isDemo',
      'createdAt',
      'updatedAt',
      'lastConfirmedAt',
      'publishedAt',
    ])
    .where('id', 'in', ids);
  if (states) q = q.where('state', 'in', [...states]);
  const rows = await q.execute();
  if (rows.length === 0) return [];
  const found = rows.map((r) => r.id);
  const [translations, tags, organisations, links] = await Promise.all([
    db.selectFrom('activityTranslations').selectAll().where('activityId', 'in', found).execute(),
    db.selectFrom('activityTags').selectAll().where('activityId', 'in', found).execute(),
    db.selectFrom('activityOrganisations').selectAll().where('activityId', 'in', found).orderBy('position').execute(),
    db.selectFrom('activityLinks').selectAll().where('activityId', 'in', found).orderBy('position').execute(),
  ]);
  const byId = new Map<number, Activity>();
  for (const { details, ...r } of rows) {
    const kind = r.kind as EntryKind;
    byId.set(r.id, {
      ...r,
      kind,
      ...(kind === 'activity' ? {} : { [kind]: details }),
      state: r.state as ActivityState,
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
    });
  }
  for (const t of translations) {
    const a = byId.get(t.activityId);
    if (a && isLocale(t.language)) a.translations[t.language] = { title: t.title, summary: t.summary, description: t.description };
  }
  const fieldOf = Object.fromEntries(Object.entries(TAG_FIELDS).map(([field, vocab]) => [vocab, field])) as Record<
    string,
    keyof typeof TAG_FIELDS
  >;
  for (const t of tags) {
    const field = fieldOf[t.vocabulary];
    if (field) byId.get(t.activityId)?.[field].push(t.code);
  }
  for (const o of organisations) {
    byId.get(o.activityId)?.organisations.push({ name: o.name, role: o.role as Organisation['role'], stakeholderType: o.stakeholderType as Organisation['stakeholderType'], actorId: o.actorId });
  }
  for (const l of links) byId.get(l.activityId)?.links.push({ url: l.url, label: l.label });
  return ids.flatMap((id) => {
    const a = byId.get(id);
    return a ? [a] : [];
  });
}

export async function countActivities(db: Db): Promise<number> {
  const { n } = await db.selectFrom('activities').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(n);
}

/** Distinct organisation names across published activities. */
export async function countPublishedOrganisations(db: Db): Promise<number> {
  const row = await db
    .selectFrom('activityOrganisations as o')
    .innerJoin('activities as a', 'a.id', 'o.activityId')
    .where('a.state', '=', 'published')
    .select((eb) => eb.fn.count<number>(eb.fn('lower', ['o.name'])).distinct().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Most recently updated published activities. */
export async function recentPublishedIds(db: Db, limit: number): Promise<number[]> {
  const rows = await db
    .selectFrom('activities')
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
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- rows are built for this very table above
    await trx.insertInto(table).values(rows.slice(i, i + CHUNK) as any).execute();
  }
}

/** Inserts many new activities with few round trips (bulk loads: benchmarks, large imports). */
export async function insertActivitiesBulk(trx: Trx, writes: ActivityWrite[]): Promise<number[]> {
  if (writes.length === 0) return [];
  const now = new Date();
  const inserted = await trx
    .insertInto('activities')
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
    const activityId = ids[i]!;
    for (const [language, t] of Object.entries(a.translations)) translations.push({ activityId, language, ...t });
    for (const field of Object.keys(TAG_FIELDS) as Array<keyof typeof TAG_FIELDS>) {
      for (const code of new Set(a.tags[field])) tags.push({ activityId, vocabulary: TAG_FIELDS[field], code });
    }
    a.organisations.forEach((o, p) => organisations.push({ activityId, position: p + 1, ...o }));
    a.links.forEach((l, p) => links.push({ activityId, position: p + 1, ...l }));
    for (const f of a.facets) facets.push({ activityId, ...f });
  });
  await insertChunked(trx, 'activityTranslations', translations);
  await insertChunked(trx, 'activityTags', tags);
  await insertChunked(trx, 'activityOrganisations', organisations);
  await insertChunked(trx, 'activityLinks', links);
  await insertChunked(trx, 'activityFacets', facets);
  return ids;
}
