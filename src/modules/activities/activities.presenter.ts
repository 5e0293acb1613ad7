import type { Activity } from './activities';

/** The public JSON of an activity: the only shape in which activities leave Stocktake. Contact is never included. */
export function presentActivity(a: Activity, baseUrl: string) {
  return {
    id: a.id,
    externalId: a.externalId,
    url: `${baseUrl}/${a.originalLanguage}/activities/${a.id}`,
    originalLanguage: a.originalLanguage,
    languages: Object.keys(a.translations),
    translations: a.translations,
    activityType: a.activityType,
    status: a.status,
    scope: a.scope,
    startDate: a.startDate,
    endDate: a.endDate,
    countries: a.countries,
    regions: a.regions,
    actionLines: a.actionLines,
    sdgs: a.sdgs,
    targetGroups: a.targetGroups,
    organisations: a.organisations,
    links: a.links,
    isDemo: a.isDemo,
    createdAt: a.createdAt.toISOString(),
    updatedAt: a.updatedAt.toISOString(),
    lastConfirmedAt: a.lastConfirmedAt ? new Date(a.lastConfirmedAt).toISOString() : null,
    publishedAt: a.publishedAt ? new Date(a.publishedAt).toISOString() : null,
  };
}
export type PublicActivity = ReturnType<typeof presentActivity>;
