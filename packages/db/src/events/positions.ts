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
 *   one team at once no longer race each other for its next position. The batches of every
 *   resource whose next position is known share one ordered insert (the mail worker's delivery
 *   events, one resource per email); a resource whose top must be read, or that collided in the
 *   shared insert, goes on alone.
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
   * Inserts the document `build` makes for the position it is given, as it is (lean: no Mongoose
   * document, defaults or validation; `build` writes every field). `newResource`: the resource
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

/** At most this many events of one resource share one insert. */
const MAX_BATCH = 100;
/** At most this many events, of any resources, share one insert. */
const MAX_INSERT = 500;
/** Positions remembered (resources recently written by this process). */
const REMEMBERED = 10_000;
/** Collisions with other processes tolerated before a batch gives up. */
const ATTEMPTS = 50;

/** A bulk insert that failed for some of its documents. */
const hasWriteErrors = (error: unknown) =>
  typeof error === 'object' && error !== null && 'writeErrors' in error;

interface Batch<D> {
  resource: string;
  entries: Waiting<D>[];
}

export function createEventPositions<D extends Positioned>(Event: Model<D>): EventPositions<D> {
  const lastSeen = new Map<string, number>();
  /** Events not yet in an insert, by resource, in the order they were prepared. */
  const waiting = new Map<string, Waiting<D>[]>();
  /** Resources with an insert in flight: their next events wait for it (consecutive positions). */
  const busy = new Set<string>();
  let scheduled = false;
  let grouping = false;

  function remember(resource: string, sequence: number) {
    lastSeen.delete(resource);
    lastSeen.set(resource, sequence);
    if (lastSeen.size > REMEMBERED) lastSeen.delete(lastSeen.keys().next().value!);
  }

  async function readTop(resource: string): Promise<number> {
    const top = await Event.findOne({ resource }).sort({ sequence: -1 }).select({ sequence: 1 }).lean();
    return top?.sequence ?? 0;
  }

  /** Where a batch starts without asking another process: remembered, or 0 for a new resource. */
  const guessTop = ({ resource, entries }: Batch<D>) =>
    lastSeen.get(resource) ?? (entries.every((entry) => entry.newResource) ? 0 : undefined);

  /**
   * Inserts `batch` at the positions after `top` (read when unknown), retrying after collisions
   * with other processes; returns the new top.
   */
  async function insertBatch({ resource, entries }: Batch<D>, known: number | undefined): Promise<number> {
    let top = known ?? (await readTop(resource));
    let remaining = entries;
    for (let attempt = 0; remaining.length > 0; attempt++) {
      const documents = remaining.map((entry, index) => entry.build(top + 1 + index));
      try {
        await Event.insertMany(documents, { ordered: true, lean: true });
        for (const entry of remaining) entry.resolve();
        return top + documents.length;
      } catch (error) {
        if (!isDuplicateKeyError(error) && !hasWriteErrors(error)) throw error;
        // An ordered insert stops at the first taken position: what came before it is in.
        const inserted = await insertedOf(documents);
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

  async function insertedOf(documents: readonly Positioned[]): Promise<Set<string>> {
    const found = await Event.find({ _id: { $in: documents.map((document) => document._id) } })
      .select({ _id: 1 })
      .lean();
    return new Set(found.map((document) => document._id));
  }

  /** One resource's batch on its own (its top unknown, or after a collision); then the next. */
  async function alone(batch: Batch<D>, known: number | undefined): Promise<void> {
    try {
      remember(batch.resource, await insertBatch(batch, known));
    } catch (error) {
      lastSeen.delete(batch.resource);
      // Entries already inserted were resolved; a second settle is ignored.
      for (const entry of batch.entries) entry.reject(error);
    }
    busy.delete(batch.resource);
    schedule();
  }

  /**
   * The batches of every resource whose next position this process knows go out as one ordered
   * insert (a worker recording the events of many emails pays one command, not one per email);
   * a batch whose top must be read, or that collided, goes on alone (insertBatch).
   */
  async function group(batches: Batch<D>[]): Promise<void> {
    const documents: Positioned[] = [];
    const tops = batches.map((batch) => {
      const top = guessTop(batch)!;
      batch.entries.forEach((entry, index) => documents.push(entry.build(top + 1 + index)));
      return top;
    });
    let inserted: Set<string> | undefined;
    try {
      await Event.insertMany(documents, { ordered: true, lean: true });
    } catch (error) {
      if (!isDuplicateKeyError(error) && !hasWriteErrors(error)) {
        for (const batch of batches) {
          lastSeen.delete(batch.resource);
          busy.delete(batch.resource);
          for (const entry of batch.entries) entry.reject(error);
        }
        return;
      }
      inserted = await insertedOf(documents).catch(() => new Set<string>());
    }
    let offset = 0;
    let collided = false;
    batches.forEach((batch, index) => {
      const mine = documents.slice(offset, offset + batch.entries.length);
      offset += batch.entries.length;
      const rest = batch.entries.filter((entry, position) => {
        if (inserted && !inserted.has(mine[position]!._id)) return true;
        entry.resolve();
        return false;
      });
      const done = batch.entries.length - rest.length;
      if (rest.length === 0) {
        remember(batch.resource, tops[index]! + done);
        busy.delete(batch.resource);
        return;
      }
      // The ordered insert stopped at the first resource with a taken position: its top is read;
      // the ones after it were not tried, and keep their guess.
      const known = collided ? tops[index]! + done : undefined;
      collided = true;
      void alone({ resource: batch.resource, entries: rest }, known);
    });
  }

  function flush(): void {
    scheduled = false;
    const grouped: Batch<D>[] = [];
    let size = 0;
    for (const [resource, queue] of waiting) {
      if (busy.has(resource)) continue;
      const known = lastSeen.get(resource) ?? (queue.every((entry) => entry.newResource) ? 0 : undefined);
      // While a grouped insert is in flight, the next group waits for it (group commit).
      if (known !== undefined && (grouping || size >= MAX_INSERT)) continue;
      const entries = queue.splice(
        0,
        known === undefined ? MAX_BATCH : Math.min(MAX_BATCH, MAX_INSERT - size),
      );
      if (queue.length === 0) waiting.delete(resource);
      busy.add(resource);
      if (known === undefined) {
        void alone({ resource, entries }, undefined);
        continue;
      }
      grouped.push({ resource, entries });
      size += entries.length;
    }
    if (grouped.length === 0) return;
    grouping = true;
    void group(grouped).finally(() => {
      grouping = false;
      schedule();
    });
  }

  function schedule(): void {
    if (scheduled || waiting.size === 0) return;
    scheduled = true;
    // On the next turn, so events prepared in the same turn share one insert.
    setImmediate(flush);
  }

  return {
    insert(resource, build, options) {
      return new Promise<void>((resolve, reject) => {
        const entry = { build, newResource: options?.newResource ?? false, resolve, reject };
        const queue = waiting.get(resource);
        if (queue) queue.push(entry);
        else waiting.set(resource, [entry]);
        schedule();
      });
    },
  };
}
