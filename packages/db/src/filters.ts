/**
 * Filters and sorts as plain objects: what the API's query compiler builds from Appwrite queries
 * and hands to a repository's listing. Only the repositories run them.
 */
export type Filter = Record<string, unknown>;
export type Sort = Record<string, 1 | -1>;

/** A filter that matches no document. */
export const MATCH_NOTHING: Filter = { _id: { $in: [] } };

/** The conjunction of `filters`, without needless `$and` wrapping or nesting. */
export function allOf(...filters: Filter[]): Filter {
  const parts = filters
    .flatMap((filter) => (isConjunction(filter) ? filter.$and : [filter]))
    .filter((filter) => Object.keys(filter).length > 0);
  if (parts.length === 0) return {};
  if (parts.length === 1) return parts[0] ?? {};
  return { $and: parts };
}

function isConjunction(filter: Filter): filter is { $and: Filter[] } {
  const keys = Object.keys(filter);
  return keys.length === 1 && keys[0] === '$and' && Array.isArray(filter.$and);
}
