import { compareBy, cursorValues, type ValueOf } from './keyset.ts';
import { reversed, type SortKey } from './sort-keys.ts';

export interface InMemoryPageRequest<T> {
  keys: readonly SortKey[];
  valueOf: ValueOf<T>;
  cursor: { direction: 'after' | 'before'; doc: T } | null;
  offset: number;
  limit: number;
}

/**
 * One page of `docs` (every match), ordered, cut at the cursor and paged in memory, with the
 * semantics of the database path: for lists ordered by an attribute that is not stored.
 */
export function pageInMemory<T>(docs: readonly T[], request: InMemoryPageRequest<T>): T[] {
  const { cursor, offset, limit, valueOf } = request;
  const reverse = cursor?.direction === 'before';
  const keys = reverse ? reversed(request.keys) : request.keys;
  const compare = compareBy(keys, valueOf);
  let items = [...docs].sort(compare);
  if (cursor) {
    cursorValues(keys, cursor.doc, valueOf);
    items = items.filter((doc) => compare(doc, cursor.doc) > 0);
  }
  items = items.slice(offset, offset + limit);
  return reverse ? items.reverse() : items;
}
