import { type Listing } from '@roster/db';
import { AppError } from '../errors.ts';
import {
  allOf,
  cursorValues,
  keysetFilter,
  reversed,
  storedValue,
  toMongoSort,
  type CursorQuery,
  type MongoFilter,
  type ParsedQueries,
  type SortKey,
} from '../queries/index.ts';

/**
 * Lists count at most this many matches (Appwrite's APP_LIMIT_COUNT, docs/appwrite-compatibility.md#models).
 */
export const TOTAL_CAP = 5000;

/** The parameters every list procedure takes (docs/appwrite-compatibility.md#queries-search-and-pages). */
export interface ListInput {
  queries?: string[] | undefined;
  search?: string | undefined;
  /** `false`: do not count, `total` is 0. */
  total?: boolean | undefined;
}

export interface ListOptions {
  /** Overrides TOTAL_CAP (tests). */
  totalCap?: number;
}

export interface PageCursor<T> {
  direction: CursorQuery['direction'];
  doc: T;
}

export interface PageRequest<T> {
  /** Everything `total` counts: visibility, search and the filter queries. */
  filter: MongoFilter;
  keys: readonly SortKey[];
  cursor: PageCursor<T> | null;
  offset: number;
  limit: number;
  includeTotal: boolean;
  totalCap: number;
}

/** The page a list's parameters ask for, within `filter`, in the order of `keys`, from `cursor`. */
export function pageRequest<T>(
  parsed: ParsedQueries,
  input: ListInput,
  options: ListOptions,
  page: { filter: MongoFilter; keys: readonly SortKey[]; cursor: PageCursor<T> | null },
): PageRequest<T> {
  return {
    ...page,
    offset: parsed.offset,
    limit: parsed.limit,
    includeTotal: input.total ?? true,
    totalCap: options.totalCap ?? TOTAL_CAP,
  };
}

/**
 * One page and the capped count of all matches, in two round trips whatever the page size.
 * `cursorBefore` reads backwards from the cursor and flips the page back into the asked order.
 */
export async function fetchPage<T extends object>(
  source: Pick<Listing<T>, 'count' | 'find'>,
  request: PageRequest<T>,
): Promise<{ total: number; items: T[] }> {
  const reverse = request.cursor?.direction === 'before';
  const keys = reverse ? reversed(request.keys) : request.keys;
  const pageFilter = request.cursor
    ? allOf(request.filter, keysetFilter(keys, cursorValues(keys, request.cursor.doc, storedValue)))
    : request.filter;
  const [total, items] = await Promise.all([
    request.includeTotal ? source.count(request.filter, request.totalCap) : Promise.resolve(0),
    source.find(pageFilter, toMongoSort(keys), request.offset, request.limit),
  ]);
  return { total, items: reverse ? items.reverse() : items };
}

/**
 * The document a `cursorAfter`/`cursorBefore` names, if the listing holds it, or 400
 * `general_cursor_not_found` with Appwrite's `<Label> '<id>' for the 'cursor' value not found.`.
 */
export async function loadCursor<T>(
  cursor: CursorQuery | null,
  label: 'Team' | 'Membership' | 'User' | 'Webhook' | 'Delivery' | 'Identity' | 'Bucket',
  listing: Pick<Listing<T>, 'byId'>,
): Promise<PageCursor<T> | null> {
  if (!cursor) return null;
  const doc = await listing.byId(cursor.id);
  if (!doc) {
    throw new AppError(
      'general_cursor_not_found',
      `${label} '${cursor.id}' for the 'cursor' value not found.`,
    );
  }
  return { direction: cursor.direction, doc };
}
