import { allOf, type Filter, type Sort } from './filters.ts';
import { deliberateScan } from './index-coverage/capture.ts';

/**
 * A list of one collection within a scope the repository fixed (a team's memberships, the teams a
 * user may read): whatever filter the caller adds, nothing outside the scope is counted, paged or
 * found, so no list can forget the scope's rules (epochs, visibility).
 */
export interface Listing<T> {
  /** The matches of `filter` in the scope, counted up to `cap`. */
  count(filter: Filter, cap: number): Promise<number>;
  /** One sorted page of the matches of `filter` in the scope. */
  find(filter: Filter, sort: Sort, skip: number, limit: number): Promise<T[]>;
  /** The document `id` when it is in the scope (what a cursor names), else null. */
  byId(id: string): Promise<T | null>;
}

/** What a listing needs of a model, as plain objects. */
interface Listable<T> {
  countDocuments(filter: never, options: { limit: number }): { exec(): Promise<number> };
  find(filter: never): {
    sort(sort: Sort): {
      skip(skip: number): { limit(limit: number): { lean(): { exec(): Promise<T[]> } } };
    };
  };
  findOne(filter: never): { lean(): { exec(): Promise<T | null> } };
}

/**
 * `scan` names a listing whose filters may be served by no index (a deliberate scan,
 * docs/database.md#index-coverage).
 */
export function listing<T>(model: Listable<T>, scope: Filter, scan?: string): Listing<T> {
  const run = <R>(query: () => Promise<R>) => (scan ? deliberateScan(scan, query) : query());
  return {
    count: (filter, cap) =>
      run(() => model.countDocuments(allOf(scope, filter) as never, { limit: cap }).exec()),
    find: (filter, sort, skip, limit) =>
      run(() =>
        model
          .find(allOf(scope, filter) as never)
          .sort(sort)
          .skip(skip)
          .limit(limit)
          .lean()
          .exec(),
      ),
    byId: (id) =>
      model
        .findOne(allOf({ _id: id }, scope) as never)
        .lean()
        .exec(),
  };
}
