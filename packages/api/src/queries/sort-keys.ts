import { SEQUENCE, type ListSchema } from './attributes.ts';
import { type OrderBy } from './ast.ts';
import { type MongoSort } from './mongo.ts';

/** One field of the effective sort order. */
export interface SortKey {
  /** The public attribute, for messages (`$sequence` for the insertion-order fields). */
  attribute: string;
  field: string;
  direction: 1 | -1;
  nullable: boolean;
  virtual: boolean;
}

const sequenceKeys = (direction: 1 | -1): SortKey[] => [
  { attribute: SEQUENCE, field: 'createdAt', direction, nullable: false, virtual: false },
  { attribute: SEQUENCE, field: '_id', direction, nullable: false, virtual: false },
];

/**
 * The requested orders, then insertion order (`createdAt`, `_id`, ascending) unless `_id` already
 * decides, so every order is total, as Appwrite appends `$sequence`
 * (docs/appwrite-compatibility.md#queries-search-and-pages). Without orders this is insertion order. A field
 * asked for twice keeps its first direction.
 */
export function sortKeys(orders: readonly OrderBy[], schema: ListSchema): SortKey[] {
  const keys: SortKey[] = [];
  const add = (key: SortKey) => {
    if (!keys.some((existing) => existing.field === key.field)) keys.push(key);
  };
  for (const order of orders) {
    const direction = order.direction === 'asc' ? 1 : -1;
    if (order.attribute === SEQUENCE) {
      sequenceKeys(direction).forEach(add);
      continue;
    }
    const spec = Object.hasOwn(schema, order.attribute) ? schema[order.attribute] : undefined;
    if (!spec) throw new Error(`Unchecked order attribute ${order.attribute}`);
    add({
      attribute: order.attribute,
      field: spec.field,
      direction,
      nullable: spec.nullable ?? false,
      virtual: spec.virtual ?? false,
    });
  }
  if (!keys.some((key) => key.field === '_id')) sequenceKeys(1).forEach(add);
  return keys;
}

/** The same keys in the opposite direction (to read the page before a cursor). */
export function reversed(keys: readonly SortKey[]): SortKey[] {
  return keys.map((key) => ({ ...key, direction: key.direction === 1 ? -1 : 1 }));
}

export function toMongoSort(keys: readonly SortKey[]): MongoSort {
  const sort: MongoSort = {};
  for (const key of keys) {
    if (key.virtual) throw new Error(`Cannot sort on the virtual attribute ${key.attribute} in the database`);
    sort[key.field] = key.direction;
  }
  return sort;
}
