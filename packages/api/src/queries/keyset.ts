import { AppError } from '../errors.ts';
import { compareValues } from './compare.ts';
import { type MongoFilter } from './mongo.ts';
import { type SortKey } from './sort-keys.ts';

/** Reads a sort key's value from a document (virtual attributes come from elsewhere). */
export type ValueOf<T> = (doc: T, key: SortKey) => unknown;

export const storedValue = <T extends object>(doc: T, key: SortKey): unknown =>
  (doc as Record<string, unknown>)[key.field];

/**
 * The cursor document's value for each key (by field). Cursor pagination needs all of them: a
 * null one is 400 `database_query_order_null`, as in Appwrite.
 */
export function cursorValues<T>(
  keys: readonly SortKey[],
  cursor: T,
  valueOf: ValueOf<T>,
): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const key of keys) {
    const value = valueOf(cursor, key);
    if (value === null || value === undefined) {
      throw new AppError(
        'database_query_order_null',
        `The order attribute '${key.attribute}' had a null value. Cursor pagination requires all documents order attribute values are non-null.`,
      );
    }
    values[key.field] = value;
  }
  return values;
}

/**
 * Documents strictly after the cursor in the order of `keys` (keyset pagination):
 * `k1 > v1 OR (k1 = v1 AND k2 > v2) OR ...`, with `<` for descending keys.
 */
export function keysetFilter(
  keys: readonly SortKey[],
  values: Readonly<Record<string, unknown>>,
): MongoFilter {
  const branches = keys.map((key, index) => {
    const before = Object.fromEntries(keys.slice(0, index).map((k) => [k.field, values[k.field]]));
    return { ...before, ...beyond(key, values[key.field]) };
  });
  return branches.length === 1 ? (branches[0] ?? {}) : { $or: branches };
}

function beyond(key: SortKey, value: unknown): MongoFilter {
  const past = { [key.field]: { [key.direction === 1 ? '$gt' : '$lt']: value } };
  // Nulls sort first, so in descending order they come after every value.
  return key.direction === -1 && key.nullable ? { $or: [past, { [key.field]: null }] } : past;
}

/** The in-memory comparator of the same order (for lists sorted outside the database). */
export function compareBy<T>(keys: readonly SortKey[], valueOf: ValueOf<T>): (a: T, b: T) => number {
  return (a, b) => {
    for (const key of keys) {
      const compared = compareValues(valueOf(a, key), valueOf(b, key));
      if (compared !== 0) return compared * key.direction;
    }
    return 0;
  };
}
