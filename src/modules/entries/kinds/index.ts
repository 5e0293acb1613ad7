import type { EntryKind } from '../entries';
import { activityKind, type ActivityDetails } from './activity';
import { actorDetailsSchema, actorKind, type ActorDetails } from './actor';
import { eventDetailsSchema, eventKind, type EventDetails } from './event';
import type { KindDescriptor } from './kind';
import { publicationDetailsSchema, publicationKind, type PublicationDetails } from './publication';
import { storyDetailsSchema, storyKind, type StoryDetails } from './story';

/** Each kind's own details, as an entry of that kind holds them under the kind's name (`entry.event`). */
export interface KindDetails {
  activity: ActivityDetails;
  actor: ActorDetails;
  publication: PublicationDetails;
  event: EventDetails;
  story: StoryDetails;
}

/** Every kind's descriptor: the one place that knows a kind (a new kind is one more file and one more line here). */
export const KINDS = {
  activity: activityKind,
  actor: actorKind,
  publication: publicationKind,
  event: eventKind,
  story: storyKind,
} as const satisfies { [K in EntryKind]: KindDescriptor<K, KindDetails[K], object> };

/** The descriptor of a kind, for code that holds a kind only at run time. */
export function kindOf(kind: EntryKind): KindDescriptor {
  // Each descriptor is typed by its own details; callers give it the details of that same kind.
  return KINDS[kind] as unknown as KindDescriptor;
}

/** The kinds whose details drafts and inputs carry as one object under the kind's name (an activity's fields are flat). */
export const detailFields = {
  actor: actorDetailsSchema.optional(),
  publication: publicationDetailsSchema.optional(),
  event: eventDetailsSchema.optional(),
  story: storyDetailsSchema.optional(),
};
export type DetailKind = keyof typeof detailFields;

/** An entry's own details (`entry[entry.kind]`), whatever its kind. */
export const detailsOf = <E extends { kind: EntryKind }>(entry: E): KindDetails[EntryKind] =>
  (entry as unknown as Record<EntryKind, KindDetails[EntryKind]>)[entry.kind];

/**
 * An entry's own fields as a draft or an input carries them. Every kind's draft has its start and end
 * date (null but for activities), as drafts and revisions always have.
 */
export function flatFieldsOf(entry: { kind: EntryKind }): Record<string, unknown> {
  return { startDate: null, endDate: null, ...kindOf(entry.kind).toFlat(detailsOf(entry)) };
}

export type { KindDescriptor } from './kind';
export type { ActivityDetails, ActorDetails, EventDetails, PublicationDetails, StoryDetails };
