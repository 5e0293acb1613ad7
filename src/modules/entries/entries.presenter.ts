import type { Locale } from '../../i18n/locales';
import { entryPath } from './entries';
import type { Entry } from './entry';

/** A kind's own details as published: publication files become download links (bytes never leave through JSON). */
function presentDetails(a: Entry, baseUrl: string): Record<string, unknown> | undefined {
  if (a.kind === 'activity') return undefined;
  if (a.kind === 'publication' && a.publication) {
    const { fileIds, ...rest } = a.publication;
    return { ...rest, files: fileIds.map((id) => `${baseUrl}/files/${id}`) };
  }
  return a[a.kind];
}

/** The public JSON of an entry of any kind: the only shape in which entries leave Stocktake. Contact is never included. */
export function presentEntry(a: Entry, baseUrl: string) {
  const activityOnly = a.kind === 'activity' ? { activityType: a.activityType, status: a.status, scope: a.scope } : {};
  return {
    id: a.id,
    kind: a.kind,
    externalId: a.externalId,
    url: `${baseUrl}${entryPath(a.originalLanguage, a.kind, a.id)}`,
    originalLanguage: a.originalLanguage,
    languages: Object.keys(a.translations) as Locale[],
    translations: a.translations,
    ...activityOnly,
    startDate: a.startDate,
    endDate: a.endDate,
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
    details: presentDetails(a, baseUrl),
    isDemo: a.isDemo,
    createdAt: a.createdAt.toISOString(),
    updatedAt: a.updatedAt.toISOString(),
    lastConfirmedAt: a.lastConfirmedAt ? new Date(a.lastConfirmedAt).toISOString() : null,
    publishedAt: a.publishedAt ? new Date(a.publishedAt).toISOString() : null,
  };
}
export type PublicEntry = ReturnType<typeof presentEntry>;
