import {
  type EventActor,
  type EventCollection,
  type EventDraft,
  type EventOutcome,
  type Repositories,
} from '@roster/db';
import { type Actor } from '../auth/actor.ts';

/**
 * Who made a change, as services pass it to `recordEvent`: the request's actor, or nothing for a
 * change Roster makes itself (tests' fixtures, maintenance): the `system` actor.
 */
export type EventSource = Pick<Actor, 'principal' | 'ip' | 'userAgent' | 'requestId'> | undefined;

/** Appwrite's log `userType`: `user` for a session, `keyProject` for an API key, else `guest`. */
export function eventActor(source: EventSource): EventActor {
  const base = { ip: source?.ip ?? '', userAgent: source?.userAgent ?? '' };
  const principal = source?.principal;
  if (!principal) return { type: 'system', userId: '', userName: '', userEmail: '', ...base };
  if (principal.kind === 'user') {
    return {
      type: 'user',
      userId: principal.userId,
      userName: principal.name ?? '',
      userEmail: principal.email,
      ...base,
    };
  }
  if (principal.kind === 'key')
    return { type: 'keyProject', userId: '', userName: '', userEmail: '', ...base };
  return { type: 'guest', userId: '', userName: '', userEmail: '', ...base };
}

/**
 * The event a call site declares (docs/events.md#recording): Appwrite's template and params in its
 * `setParam` order, and the document the change writes or deletes, which carries the marker.
 */
export interface EventSpec {
  template: string;
  params: Record<string, string>;
  target: { collection: EventCollection; filter: Record<string, string>; kind: 'write' | 'delete' };
  idParam?: string;
  /** The payload as known before the change (what a swept event carries). */
  payload?: Record<string, unknown>;
  /** The change creates the resource under a generated id: no events to read before (EventDraft). */
  newResource?: boolean;
}

/** The ordering key of an event: its team, its user or its bucket (docs/events.md#the-outbox). */
function ownerOf(spec: EventSpec): Pick<EventDraft, 'resource' | 'teamId' | 'userId'> {
  const { teamId, userId } = spec.params;
  if (spec.template.startsWith('teams.') && teamId) {
    return { resource: `team/${teamId}`, teamId, ...(userId ? { userId } : {}) };
  }
  if (userId) return { resource: `user/${userId}`, userId };
  // Storage: a bucket's events are ordered among themselves (docs/storage.md#buckets).
  const { bucketId } = spec.params;
  if (spec.template.startsWith('buckets.') && bucketId) return { resource: `bucket/${bucketId}` };
  throw new Error(`event ${spec.template} names neither a team nor a user`);
}

/**
 * Runs `change` as an outbox write (docs/events.md#the-outbox): the event is prepared before it,
 * committed with `outcome(result)` after it, discarded when it throws or `outcome` says null.
 */
export function recordEvent<T>(
  repos: Pick<Repositories, 'events'>,
  source: EventSource,
  spec: EventSpec,
  change: () => Promise<T>,
  outcome: (result: T) => EventOutcome,
): Promise<T> {
  return repos.events.record(
    {
      ...spec,
      ...ownerOf(spec),
      actor: eventActor(source),
      ...(source?.requestId ? { requestId: source.requestId } : {}),
    },
    change,
    outcome,
  );
}

/** The spec of a write or delete of one document by id: the common case. */
export const byId = (collection: EventCollection, id: string, kind: 'write' | 'delete' = 'write') => ({
  collection,
  filter: { _id: id },
  kind,
});
