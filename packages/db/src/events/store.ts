import { type Model } from 'mongoose';
import { generateId } from '../ids.ts';
import { type Models } from '../models/index.ts';
import { type EventActor, type RosterEvent } from './event.ts';
import { generateEvents } from './generate-events.ts';
import { createEventPositions } from './positions.ts';
import { withMarker } from './marker.ts';

/**
 * The event outbox (docs/events.md#the-outbox). FerretDB has no transactions and no change
 * streams, so an event cannot be written atomically with its change. The rules:
 *
 * 1. **Prepare before the change.** The event is inserted `pending`, at the next `sequence` of its
 *    `resource`. The position is claimed by the insert itself: the unique (resource, sequence)
 *    index lets one of two racing inserts win, the loser reads the top again and retries (never
 *    `$inc`, which FerretDB loses under concurrency). positions.ts says how a process guesses it.
 * 2. **The change marks its document.** Inside `record`, the change's insert or update of the
 *    target document also sets that document's `eventId` (marker.ts), in the same write.
 * 3. **Commit or discard after the change.** Succeeded: the event becomes `ready` with the
 *    payload. Failed (threw, or found nothing to change): the pending event is discarded.
 * 4. **The sweeper resolves what a dead process left.** A `pending` event older than the grace
 *    period is checked against the database: a write happened when its document carries the
 *    event's marker, a delete when the document is gone. Then it is committed (`recovered`, with
 *    the payload known before the change) or discarded. A document since deleted, or written again
 *    by a later change (the marker holds the last event only), cannot prove an earlier write: that
 *    event is discarded, and the later event, which is delivered, carries the newer state.
 * 5. **Order per resource.** The dispatcher hands out a resource's events in `sequence` order and
 *    stops at the first one still `pending`: event n+1 never passes event n.
 *
 * A discarded event stays as a tombstone (`discarded`, done) until the retention: its position
 * is never handed out again (positions.ts). `sequence` is strictly increasing per resource.
 * Dispatch is at least once; `id` is stable, so consumers dedupe on it.
 */
export type EventStore = ReturnType<typeof createEventStore>;

export type EventCollection =
  | 'teams'
  | 'memberships'
  | 'users'
  | 'sessions'
  | 'tokens'
  | 'identities'
  | 'mfaChallenges'
  | 'joinLinks'
  | 'ownershipTransfers'
  | 'buckets';

/** What a change records (the API's services build it; docs/events.md#recording). */
export interface EventDraft {
  template: string;
  /** In Appwrite's `setParam` order; a value the change decides (a new membership's id) may be ''. */
  params: Record<string, string>;
  resource: string;
  teamId?: string | undefined;
  userId?: string | undefined;
  actor: EventActor;
  requestId?: string | undefined;
  /** The document the change writes (or deletes), as fields it will have (or its filter has). */
  target: {
    collection: EventCollection;
    filter: Record<string, string>;
    kind: 'write' | 'delete';
    /** The field the write sets to the event's id, when not `eventId` (recordMarked). */
    marker?: string;
  };
  /** The param that takes the written document's `_id` when only the change knows it. */
  idParam?: string;
  /** The payload as known before the change: what a swept event carries (a delete's resource). */
  payload?: Record<string, unknown>;
  /**
   * The change creates `resource` under an id generated for it (a new user's, a new team's): it
   * has no events yet, so its first position is taken without reading the top (positions.ts).
   * Also a hint where the first position is the likely one (an email's delivery): a wrong guess
   * costs a collision and the read it saved.
   */
  newResource?: boolean;
}

/** An event not yet taken by every consumer, with the consumers that took it. */
export interface OpenEvent {
  event: RosterEvent;
  delivered: string[];
}

/** What the change produced: the payload, and params it decided; null when it changed nothing. */
export type EventOutcome = { payload: Record<string, unknown>; params?: Record<string, string> } | null;

interface EventDocument {
  _id: string;
  resource: string;
  sequence: number;
  state: 'pending' | 'ready' | 'discarded';
  template: string;
  params: string;
  names: string[];
  payload: string;
  teamId?: string | null;
  userId?: string | null;
  actor: EventActor;
  requestId?: string | null;
  check: {
    on: EventCollection;
    filter: string;
    kind: 'write' | 'delete';
    idParam?: string | null;
    marker?: string | null;
  };
  recovered: boolean;
  delivered: string[];
  done: boolean;
  createdAt: Date;
}

export function toRosterEvent(document: EventDocument): RosterEvent {
  return {
    id: document._id,
    template: document.template,
    params: JSON.parse(document.params) as Record<string, string>,
    names: document.names,
    payload: JSON.parse(document.payload) as Record<string, unknown>,
    resource: document.resource,
    sequence: document.sequence,
    ...(document.teamId ? { teamId: document.teamId } : {}),
    ...(document.userId ? { userId: document.userId } : {}),
    actor: document.actor,
    ...(document.requestId ? { requestId: document.requestId } : {}),
    createdAt: document.createdAt,
    ...(document.recovered ? { recovered: true } : {}),
  };
}

/** Names are only generated once every param is known (a pending membership create lacks its id). */
const namesOf = (template: string, params: Record<string, string>) =>
  Object.values(params).every(Boolean) ? generateEvents(template, params) : [];

/** A prepared event (rule 1) at `sequence` of its resource. */
function pendingDocument(id: string, draft: EventDraft, sequence: number) {
  return {
    _id: id,
    resource: draft.resource,
    sequence,
    state: 'pending' as const,
    template: draft.template,
    params: JSON.stringify(draft.params),
    names: namesOf(draft.template, draft.params),
    payload: JSON.stringify(draft.payload ?? {}),
    ...(draft.teamId ? { teamId: draft.teamId } : {}),
    ...(draft.userId ? { userId: draft.userId } : {}),
    actor: draft.actor,
    ...(draft.requestId ? { requestId: draft.requestId } : {}),
    check: {
      on: draft.target.collection,
      filter: JSON.stringify(draft.target.filter),
      kind: draft.target.kind,
      ...(draft.idParam ? { idParam: draft.idParam } : {}),
      ...(draft.target.marker ? { marker: draft.target.marker } : {}),
    },
    // Inserted lean (positions.ts), so the schema's defaults and timestamp are written here.
    recovered: false,
    delivered: [],
    done: false,
    createdAt: new Date(),
  };
}

/** The value at a dotted path of a plain document. */
function valueAt(document: object, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], document);
}

export function createEventStore(models: Models) {
  const Event = models.Event as unknown as Model<EventDocument>;
  const collections: Record<EventCollection, Model<{ _id: string; eventId?: string }>> = {
    teams: models.Team as never,
    memberships: models.Membership as never,
    users: models.User as never,
    sessions: models.Session as never,
    tokens: models.Token as never,
    identities: models.Identity as never,
    mfaChallenges: models.MfaChallenge as never,
    joinLinks: models.JoinLink as never,
    ownershipTransfers: models.OwnershipTransfer as never,
    buckets: models.Bucket as never,
  };

  const positions = createEventPositions(Event);

  /** Rule 1: inserts the pending event at the next free position of its resource (positions.ts). */
  async function prepare(draft: EventDraft): Promise<string> {
    const id = generateId();
    await positions.insert(draft.resource, (sequence) => pendingDocument(id, draft, sequence), {
      newResource: draft.newResource ?? false,
    });
    return id;
  }

  /** Rule 3: the change happened; the event is ready to dispatch. */
  async function commit(id: string, draft: EventDraft, outcome: NonNullable<EventOutcome>): Promise<void> {
    const params = { ...draft.params, ...outcome.params };
    await Event.updateOne(
      { _id: id },
      {
        $set: {
          state: 'ready',
          params: JSON.stringify(params),
          names: generateEvents(draft.template, params),
          payload: JSON.stringify(outcome.payload),
        },
      },
    );
  }

  /**
   * Rule 3's other branch: the change did not happen. The event stays as a tombstone (never
   * dispatched, never replayed) so that its position is not handed out again (positions.ts).
   */
  const discardMany = async (ids: readonly string[]) => {
    await Event.updateMany(
      { _id: { $in: [...ids] }, state: 'pending' },
      { $set: { state: 'discarded', done: true } },
    );
  };
  const discard = (id: string) => discardMany([id]);

  /**
   * Rule 1 for several events at once; events of one resource take consecutive positions in the
   * order given (one insert per resource).
   */
  const prepareMany = (drafts: readonly EventDraft[]): Promise<string[]> => Promise.all(drafts.map(prepare));

  /** Rule 4: whether the change of a pending event happened, and the written document if any. */
  async function happened(event: EventDocument): Promise<{ happened: boolean; id?: string }> {
    const filter = JSON.parse(event.check.filter) as Record<string, string>;
    const model = collections[event.check.on];
    if (event.check.kind === 'delete') return { happened: !(await model.exists(filter)) };
    const written = await model
      .findOne({ ...filter, [event.check.marker ?? 'eventId']: event._id })
      .select({ _id: 1 })
      .lean();
    return written ? { happened: true, id: written._id } : { happened: false };
  }

  return {
    /**
     * Records the event of `change` (rules 1–3): prepares it, runs the change with the marker on,
     * and commits it with `outcome(result)`, or discards it when the change throws or `outcome`
     * returns null. If discarding fails too, the sweeper finds the pending event unmarked.
     */
    async record<T>(
      draft: EventDraft,
      change: () => Promise<T>,
      outcome: (result: T) => EventOutcome,
    ): Promise<T> {
      const id = await prepare(draft);
      let result: T;
      let produced: EventOutcome;
      try {
        result = await withMarker(
          { eventId: id, collection: draft.target.collection, filter: draft.target.filter },
          change,
        );
        produced = outcome(result);
      } catch (error) {
        await discard(id).catch(() => undefined);
        throw error;
      }
      if (produced) await commit(id, draft, produced);
      else await discard(id);
      return result;
    },

    /**
     * Records the events of writes that carry their marker themselves (a bulk write, which the
     * marker plugin does not see): every draft names one document by `_id`, the field that takes
     * the marker (`target.marker`), and its final payload. The events are prepared in one
     * insert, `change(ids)` writes each document with its event's id in that field, then an
     * event is committed when its document carries it (a point read by `_id` each) and discarded
     * otherwise (the write matched nothing). Of two drafts of one document in a batch, only the
     * last can prove its write: the earlier is discarded, as the sweeper would (rule 4).
     */
    async recordMarked<T>(
      drafts: readonly EventDraft[],
      change: (eventIds: readonly string[]) => Promise<T>,
    ): Promise<T> {
      if (drafts.length === 0) return change([]);
      const ids = await prepareMany(drafts);
      let result: T;
      try {
        result = await change(ids);
      } catch (error) {
        await discardMany(ids).catch(() => undefined);
        throw error;
      }
      // One read per collection: which documents now carry their event's marker.
      const marked = new Set<string>();
      for (const collection of new Set(drafts.map((draft) => draft.target.collection))) {
        const mine = drafts.flatMap((draft, index) =>
          draft.target.collection === collection ? [{ draft, id: ids[index]! }] : [],
        );
        const markers = [...new Set(mine.map(({ draft }) => draft.target.marker ?? 'eventId'))];
        const documents = await collections[collection]
          .find({ _id: { $in: mine.map(({ draft }) => draft.target.filter._id!) } })
          .select(Object.fromEntries(markers.map((marker) => [marker, 1])))
          .lean();
        const carried = new Set(
          documents.flatMap((document) => markers.map((marker) => valueAt(document, marker))),
        );
        for (const { id } of mine) if (carried.has(id)) marked.add(id);
      }
      const committed = ids.filter((id) => marked.has(id));
      const discarded = ids.filter((id) => !marked.has(id));
      if (committed.length > 0) {
        await Event.updateMany({ _id: { $in: committed }, state: 'pending' }, { $set: { state: 'ready' } });
      }
      if (discarded.length > 0) await discardMany(discarded);
      return result;
    },

    /** Rule 4, the sweeper: resolves pending events created before `olderThan`. */
    async resolvePending(options: { olderThan: Date; limit: number }) {
      const stale = await Event.find({ state: 'pending', createdAt: { $lte: options.olderThan } })
        .sort({ createdAt: 1 })
        .limit(options.limit)
        .lean();
      let committed = 0;
      let discarded = 0;
      for (const event of stale) {
        const found = await happened(event);
        if (!found.happened) {
          await discard(event._id);
          discarded++;
          continue;
        }
        const params = JSON.parse(event.params) as Record<string, string>;
        if (event.check.idParam && found.id) params[event.check.idParam] = found.id;
        await Event.updateOne(
          { _id: event._id, state: 'pending' },
          {
            $set: {
              state: 'ready',
              recovered: true,
              params: JSON.stringify(params),
              names: generateEvents(event.template, params),
            },
          },
        );
        committed++;
      }
      return { committed, discarded };
    },

    /**
     * Rule 5: the next events `consumer` has not taken, at most `limit`, each resource's in
     * sequence order and none after a resource's first pending event. `consumer` undefined: the
     * events no consumer has marked done (a dispatcher without consumers).
     */
    async nextFor(consumer: string | undefined, limit: number): Promise<OpenEvent[]> {
      const open = consumer === undefined ? { done: false } : { done: false, delivered: { $ne: consumer } };
      const candidates = await Event.find(open)
        .sort({ createdAt: 1 })
        .limit(limit)
        .select({ resource: 1 })
        .lean();
      const resources = [...new Set(candidates.map((event) => event.resource))];
      if (resources.length === 0) return [];
      // Every open event of those resources, so that a pending one older than the page is seen.
      const all = await Event.find({ ...open, resource: { $in: resources } })
        .sort({ resource: 1, sequence: 1 })
        .lean();
      const blocked = new Set<string>();
      const deliverable: EventDocument[] = [];
      for (const event of all) {
        if (blocked.has(event.resource)) continue;
        if (event.state === 'pending') blocked.add(event.resource);
        else deliverable.push(event);
      }
      deliverable.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.sequence - b.sequence);
      return deliverable
        .slice(0, limit)
        .map((event) => ({ event: toRosterEvent(event), delivered: event.delivered }));
    },

    /**
     * `consumer` took these events (as `nextFor` returned them); those every one of `consumers`
     * has taken are done. Without consumers, `consumer` is undefined and the events are done at
     * once. Only the dispatcher writes these fields, one pass at a time, so setting the list read
     * by `nextFor` loses nothing.
     */
    async markDelivered(
      taken: readonly OpenEvent[],
      consumer: string | undefined,
      consumers: readonly string[],
    ): Promise<void> {
      // Events that had the same consumers get the same new list: one command per group,
      // usually one per batch. (A bulkWrite of such updates hangs on FerretDB v1.)
      const groups = new Map<string, { delivered: string[]; ids: string[] }>();
      for (const { event, delivered } of taken) {
        const now = consumer === undefined ? delivered : [...new Set([...delivered, consumer])].sort();
        const key = JSON.stringify(now);
        const group = groups.get(key) ?? { delivered: now, ids: [] };
        group.ids.push(event.id);
        groups.set(key, group);
      }
      for (const { delivered, ids } of groups.values()) {
        await Event.updateMany(
          { _id: { $in: ids } },
          { $set: { delivered, done: consumers.every((name) => delivered.includes(name)) } },
        );
      }
    },

    /** The events of one resource, in order (tests, replay). */
    async ofResource(resource: string): Promise<(RosterEvent & { state: 'pending' | 'ready' })[]> {
      const events = await Event.find({ resource }).sort({ sequence: 1 }).lean();
      return events.flatMap((event) =>
        event.state === 'discarded' ? [] : [{ ...toRosterEvent(event), state: event.state }],
      );
    },

    /**
     * Committed events created at or after `since`, oldest first, and when `names` is given only
     * those with one of these names (webhook replay reads these).
     */
    async since(since: Date, limit: number, names?: readonly string[]): Promise<RosterEvent[]> {
      const events = await Event.find({
        state: 'ready' as const,
        createdAt: { $gte: since },
        ...(names ? { names: { $in: [...names] } } : {}),
      })
        .sort({ createdAt: 1, sequence: 1 })
        .limit(limit)
        .lean();
      return events.map(toRosterEvent);
    },

    /** Retention: removes events created before `cutoff`, taken or not (docs/events.md#retention). */
    async deleteCreatedBefore(cutoff: Date): Promise<number> {
      return (await Event.deleteMany({ createdAt: { $lt: cutoff } })).deletedCount;
    },

    /** Low-level steps, for the tests that simulate a process dying between them. */
    internals: { prepare, prepareMany, commit, discard },
  };
}
