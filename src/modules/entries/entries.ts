import { KINDS } from './kinds';

/** The kinds of public entry; all share one table, the submission loop, revisions and the search index. Each is described by its descriptor in `kinds/`. */
export const ENTRY_KINDS = ['activity', 'actor', 'publication', 'event', 'story'] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];

export function isEntryKind(v: string): v is EntryKind {
  return (ENTRY_KINDS as readonly string[]).includes(v);
}

/** The path segment of each kind's pages and API resource (`/{locale}/events/12`, `/api/v1/events`), from its descriptor. */
export const KIND_PATHS = Object.fromEntries(ENTRY_KINDS.map((k) => [k, KINDS[k].path])) as Record<EntryKind, string>;

export function kindOfPath(segment: string): EntryKind | undefined {
  return ENTRY_KINDS.find((k) => KIND_PATHS[k] === segment);
}

/** The public page of an entry. */
export const entryPath = (locale: string, kind: EntryKind, id: number): string => `/${locale}/${KIND_PATHS[kind]}/${id}`;

export { EVENT_MODES, type EventMode } from './kinds/event';

/** The organisation roles each kind asks for (an activity's lead and partners, a publication's issuer…), from its descriptor. */
export const ROLE_LABELS = Object.fromEntries(ENTRY_KINDS.map((k) => [k, KINDS[k].roleLabels])) as Record<EntryKind, (typeof KINDS)[EntryKind]['roleLabels']>;
