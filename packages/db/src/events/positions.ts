import { type Model } from 'mongoose';
import { isDuplicateKeyError } from '../errors.ts';

/**
 * Inserts prepared events at the next positions (`sequence`) of their resource (rule 1 of
 * store.ts, docs/events.md#the-outbox). The unique (resource, sequence) index is the claim: of two
 * inserts at one position exactly one succeeds, in any number of processes. What this adds is how
 * a process guesses the position, because reading a resource's top is a sorted read of all its
 * events on the embedded database (FerretDB sorts in memory), and a resource is a whole team:
 *
 * - **Remembered.** The process keeps the last position it saw per resource and tries the next one
 *   without reading; the top is read (sorted) only for a resource it has not seen and that is not
 *   new (a user or team just created under a generated id starts at 1), or after a duplicate says
 *   another process wrote there meanwhile.
 * - **Batched.** Events of one resource waiting in the process are inserted together by one
 *   `insertMany` at consecutive positions, in the order they were prepared: ten requests joining
 *   one team at once no longer race each other for its next position.
 * - **Never below the top.** A position is never freed (a discarded event stays, as a tombstone,
 *   until the retention removes it with its neighbours), so a stale guess can only collide, never
 *   land under an event already dispatched.
 */
/** What positions.ts needs of an event document. */
interface Positioned {
  _id: string;
  resource: string;
  sequence: number;
}

export interface EventPositions<D extends Positioned> {
  /**
   * Inserts the document `build` makes for the position it is given. `newResource`: the resource
   * was just created under a generated id, so it starts at 1 without a read (a wrong claim only
   * collides, and the top is read then).
   */
  insert(
    resource: string,
    build: (sequence: number) => Partial<D> & Positioned,
    options?: { newResource: boolean },
  ): Promise<void>;
}

interface Waiting<D> {
  build: (sequence: number) => Partial<D> & Positioned;
  newResource: boolean;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** At most this many events share one insert. */
const MAX_BATCH = 100;
/** Positions remembered (resources recently written by this process). */
const REMEMBERED = 10_000;
/** Collisions with other processes tolerated before a batch gives up. */
const ATTEMPTS = 50;

/** A bulk insert that failed for some of its documents. */
const hasWriteErrors = (error: unknown) =>
  typeof error === 'object' && error !== null && 'writeErrors' in error;

export function createEventPositions<D extends Positioned>(Event: Model<D>): EventPositions<D> {
  const lastSeen = new Map<string, number>();
  const waiting = new Map<string, Waiting<D>[]>();

  function remember(resource: string, sequence: number) {
    lastSeen.delete(resource);
    lastSeen.set(resource, sequence);
    if (lastSeen.size > REMEMBERED) lastSeen.delete(lastSeen.keys().next().value!);
  }

  async function readTop(resource: string): Promise<number> {
    const top = await Event.findOne({ resource }).sort({ sequence: -1 }).select({ sequence: 1 }).lean();
    return top?.sequence ?? 0;
  }

  /** Inserts `batch` at the positions after the top; returns the new top. */
  async function insertBatch(resource: string, batch: Waiting<D>[]): Promise<number> {
    let top =
      lastSeen.get(resource) ?? (batch.every((entry) => entry.newResource) ? 0 : await readTop(resource));
    let remaining = batch;
    for (let attempt = 0; remaining.length > 0; attempt++) {
      const documents = remaining.map((entry, index) => entry.build(top + 1 + index));
      try {
        await Event.insertMany(documents, { ordered: true });
        for (const entry of remaining) entry.resolve();
        return top + documents.length;
      } catch (error) {
        if (!isDuplicateKeyError(error) && !hasWriteErrors(error)) throw error;
        // An ordered insert stops at the first taken position: what came before it is in.
        const inserted = new Set(
          (
            await Event.find({ _id: { $in: documents.map((document) => document._id) } })
              .select({ _id: 1 })
              .lean()
          ).map((document) => document._id),
        );
        remaining = remaining.filter((entry, index) => {
          if (!inserted.has(documents[index]!._id)) return true;
          entry.resolve();
          return false;
        });
        if (attempt + 1 >= ATTEMPTS) {
          throw new Error(`no free event position for ${resource} after ${ATTEMPTS} attempts`, {
            cause: error,
          });
        }
        // Another process wrote this resource: read its top, after a short random pause that
        // spreads the retries of writers colliding again.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * (attempt + 1)));
        top = await readTop(resource);
      }
    }
    return top;
  }

  async function drain(resource: string): Promise<void> {
    for (;;) {
      const queue = waiting.get(resource) ?? [];
      const batch = queue.splice(0, MAX_BATCH);
      if (batch.length === 0) {
        waiting.delete(resource);
        return;
      }
      try {
        remember(resource, await insertBatch(resource, batch));
      } catch (error) {
        lastSeen.delete(resource);
        // Entries already inserted were resolved; a second settle is ignored.
        for (const entry of batch) entry.reject(error);
      }
    }
  }

  return {
    insert(resource, build, options) {
      return new Promise<void>((resolve, reject) => {
        const entry = { build, newResource: options?.newResource ?? false, resolve, reject };
        const queue = waiting.get(resource);
        if (queue) {
          queue.push(entry);
          return;
        }
        waiting.set(resource, [entry]);
        // Started on the next turn, so events prepared in the same turn share its first insert.
        setImmediate(() => void drain(resource));
      });
    },
  };
}
