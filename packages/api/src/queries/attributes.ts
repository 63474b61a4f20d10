/**
 * The types Appwrite's query validator knows for an attribute
 * (docs/appwrite-compatibility.md#queries-search-and-pages).
 */
export type AttributeType = 'string' | 'integer' | 'boolean' | 'datetime';

/** One queryable attribute of a list: how its values are checked and where it is stored. */
export interface AttributeSpec {
  type: AttributeType;
  /** The stored field (`$id` is `_id`). */
  field: string;
  /** Array attributes (`roles`, `labels`) accept only `contains`, `isNull` and `isNotNull`. */
  array?: boolean;
  /** The field may be missing or null, which matters for cursor pagination on it. */
  nullable?: boolean;
  /** Not stored: the list's service resolves conditions and ordering on it (teams' `total`). */
  virtual?: boolean;
}

/** The allow-list of one list: attribute name → spec. */
export type ListSchema = Readonly<Record<string, AttributeSpec>>;

/** `$sequence` is insertion order, which Roster reads from `createdAt` and then `_id`. */
export const SEQUENCE = '$sequence';

/**
 * The attributes every list accepts besides its own
 * (docs/appwrite-compatibility.md#queries-search-and-pages).
 */
const SYSTEM_ATTRIBUTES: ListSchema = {
  $id: { type: 'string', field: '_id' },
  $createdAt: { type: 'datetime', field: 'createdAt' },
  $updatedAt: { type: 'datetime', field: 'updatedAt' },
};

export function listSchema(attributes: Record<string, AttributeSpec>): ListSchema {
  return { ...attributes, ...SYSTEM_ATTRIBUTES };
}
