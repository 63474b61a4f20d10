/**
 * The MongoDB shapes the query compiler produces. `packages/api` may not import mongoose, so these
 * are plain objects; services hand them to their model.
 */
export type MongoFilter = Record<string, unknown>;
export type MongoSort = Record<string, 1 | -1>;

/** A filter that matches no document. */
export const MATCH_NOTHING: MongoFilter = { _id: { $in: [] } };

/** The conjunction of `filters`, without needless `$and` wrapping. */
export function allOf(...filters: MongoFilter[]): MongoFilter {
  const parts = filters.filter((filter) => Object.keys(filter).length > 0);
  if (parts.length === 0) return {};
  if (parts.length === 1) return parts[0] ?? {};
  return { $and: parts };
}
