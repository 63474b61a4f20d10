import { AsyncLocalStorage } from 'node:async_hooks';
import { type Schema } from 'mongoose';

/** The write an event is waiting for: which document of which collection. */
export interface MarkTarget {
  eventId: string;
  collection: string;
  /** Fields the written document (or the update's filter) has, e.g. `{ _id }` or `{ teamId }`. */
  filter: Record<string, string>;
}

const current = new AsyncLocalStorage<MarkTarget>();

/** Runs `change` so that its write of the target document carries `eventId` (see `eventMarker`). */
export function withMarker<T>(target: MarkTarget, change: () => Promise<T>): Promise<T> {
  // Awaited inside the context: a Mongoose query only runs when awaited, and its hooks must see it.
  return current.run(target, async () => await change());
}

const matches = (filter: Record<string, string>, fields: Record<string, unknown>) =>
  Object.entries(filter).every(([key, value]) => fields[key] === value);

/**
 * The marker of the event outbox (docs/events.md#the-outbox): inside `withMarker`, an insert or
 * update of the target document also sets its `eventId` field, in the same single-document write,
 * so the sweeper can later tell whether the change happened. Other writes are left alone. Done as
 * a schema plugin so that no repository has to thread event ids through its writes.
 */
export function eventMarker(schema: Schema): void {
  schema.add({ eventId: { type: String } });
  schema.pre('save', function () {
    const target = current.getStore();
    if (target && this.isNew && this.collection.name === target.collection) {
      if (matches(target.filter, this.toObject())) this.set('eventId', target.eventId);
    }
  });
  schema.pre(['updateOne', 'findOneAndUpdate'], function () {
    const target = current.getStore();
    if (!target || this.model.collection.name !== target.collection) return;
    if (!matches(target.filter, this.getFilter())) return;
    const update = (this.getUpdate() ?? {}) as Record<string, unknown>;
    const operators = Object.keys(update).some((key) => key.startsWith('$'));
    const set = (operators ? update.$set : update) as Record<string, unknown> | undefined;
    const rest = operators ? update : {};
    this.setUpdate({ ...rest, $set: { ...set, eventId: target.eventId } });
  });
}
