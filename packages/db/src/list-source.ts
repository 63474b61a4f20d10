/** What a list needs of a model: `countDocuments` and a sorted, paged `find`, as plain objects. */
interface Listable<T> {
  countDocuments(filter: never, options: { limit: number }): { exec(): Promise<number> };
  find(filter: never): {
    sort(sort: Record<string, 1 | -1>): {
      skip(skip: number): { limit(limit: number): { lean(): { exec(): Promise<T[]> } } };
    };
  };
}

/**
 * Counting and paging over one model with filters and sorts built at run time (the list
 * queries of the API), so each list does not repeat the same Mongoose calls.
 */
export function listSource<T>(model: Listable<T>) {
  return {
    count: (filter: Record<string, unknown>, cap: number) =>
      model.countDocuments(filter as never, { limit: cap }).exec(),
    find: (filter: Record<string, unknown>, sort: Record<string, 1 | -1>, skip: number, limit: number) =>
      model
        .find(filter as never)
        .sort(sort)
        .skip(skip)
        .limit(limit)
        .lean()
        .exec(),
  };
}
