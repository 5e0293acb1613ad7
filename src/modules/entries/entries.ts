/** The kinds of public entry; all share one table, the submission loop, revisions and the search index. */
export const ENTRY_KINDS = ['activity', 'actor', 'publication', 'event', 'story'] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];

export function isEntryKind(v: string): v is EntryKind {
  return (ENTRY_KINDS as readonly string[]).includes(v);
}

/** The path segment of each kind's pages and API resource (`/{locale}/events/12`, `/api/v1/events`). */
export const KIND_PATHS = {
  activity: 'activities',
  actor: 'actors',
  publication: 'publications',
  event: 'events',
  story: 'stories',
} as const satisfies Record<EntryKind, string>;

export function kindOfPath(segment: string): EntryKind | undefined {
  return ENTRY_KINDS.find((k) => KIND_PATHS[k] === segment);
}

/** The public page of an entry. */
export const entryPath = (locale: string, kind: EntryKind, id: number): string => `/${locale}/${KIND_PATHS[kind]}/${id}`;

export const EVENT_MODES = ['in_person', 'online', 'hybrid'] as const;
export type EventMode = (typeof EVENT_MODES)[number];

/** The organisation roles each kind asks for: an activity's lead and partners, a publication's issuer, an event's organisers, a story's partners. */
export const ROLE_LABELS = {
  activity: { lead: 'orgRole.lead', partner: 'orgRole.partner' },
  actor: { lead: 'orgRole.lead', partner: 'orgRole.partner' },
  publication: { lead: 'orgRole.issuer', partner: 'orgRole.coPublisher' },
  event: { lead: 'orgRole.organiser', partner: 'orgRole.coOrganiser' },
  story: { lead: 'orgRole.lead', partner: 'orgRole.partner' },
} as const;
