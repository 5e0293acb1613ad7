import type { Locale } from '../../i18n/locales';
import { entryPath } from './entries';
import type { Entry } from './entry';
import { detailsOf, kindOf } from './kinds';

/** What a kept (frozen, so unchanging) entry presents as: worked out once while the memory keeps the entry. */
const presented = new WeakMap<Entry, { baseUrl: string; json: PublicEntry }>();

/**
 * The public JSON of an entry of any kind: the only shape in which entries leave Stocktake. Contact is never included.
 * An entry from the memory of published entries is frozen and shared by every request: its JSON is worked out once.
 */
export function presentEntry(a: Entry, baseUrl: string): PublicEntry {
  if (!Object.isFrozen(a)) return presentOnce(a, baseUrl);
  const kept = presented.get(a);
  if (kept && kept.baseUrl === baseUrl) return kept.json;
  const json = Object.freeze(presentOnce(a, baseUrl));
  presented.set(a, { baseUrl, json });
  return json;
}

function presentOnce(a: Entry, baseUrl: string) {
  // The kind's part: an activity's type, status, scope and dates at the top level, other kinds' in `details`.
  const own = kindOf(a.kind).present(detailsOf(a), baseUrl);
  return {
    id: a.id,
    kind: a.kind,
    externalId: a.externalId,
    url: `${baseUrl}${entryPath(a.originalLanguage, a.kind, a.id)}`,
    originalLanguage: a.originalLanguage,
    languages: Object.keys(a.translations) as Locale[],
    translations: a.translations,
    ...own.fields,
    startDate: own.startDate ?? null,
    endDate: own.endDate ?? null,
    startsAt: a.startsAt ? new Date(a.startsAt).toISOString() : null,
    endsAt: a.endsAt ? new Date(a.endsAt).toISOString() : null,
    timeZone: a.timeZone,
    countries: a.countries,
    regions: a.regions,
    actionLines: a.actionLines,
    sdgs: a.sdgs,
    issues: a.issues,
    targetGroups: a.targetGroups,
    organisations: a.organisations.map((o) => ({ name: o.name, role: o.role, stakeholderType: o.stakeholderType, actorId: o.actorId ?? null })),
    links: a.links,
    details: own.details,
    isDemo: a.isDemo,
    createdAt: a.createdAt.toISOString(),
    updatedAt: a.updatedAt.toISOString(),
    lastConfirmedAt: a.lastConfirmedAt ? new Date(a.lastConfirmedAt).toISOString() : null,
    publishedAt: a.publishedAt ? new Date(a.publishedAt).toISOString() : null,
  };
}
export type PublicEntry = ReturnType<typeof presentOnce>;
