/**
 * Query shapes and whether an index serves them (docs/database.md#index-coverage). A shape is what
 * the driver sends with the values taken out: the collection, the command, the fields of the
 * filter with how each is constrained, and the sort. The check is MongoDB's planner rule in small:
 * a declared index serves a shape when its first key is constrained by the filter (or, without a
 * filter, when it yields the sort), and a sort follows the index keys after those fixed by
 * equality, in their order and direction (or all reversed). `_id` is always indexed.
 */

/** How a filter constrains a field: one value, a range, or something no index bounds. */
export type Constraint = 'eq' | 'range' | 'other';

export interface QueryShape {
  collection: string;
  command: string;
  /** Alternatives (`$or` branches), each a map of field to constraint; `[{}]` for no filter. */
  branches: Record<string, Constraint>[];
  sort: [string, 1 | -1][];
}

export interface DeclaredIndex {
  keys: [string, 1 | -1][];
}

/** The commands whose filters are checked, and where each keeps its filter and sort. */
const FILTERS: Record<string, (command: Record<string, unknown>) => { filter: unknown; sort?: unknown }[]> = {
  find: (c) => [{ filter: c.filter, sort: c.sort }],
  count: (c) => [{ filter: c.query }],
  distinct: (c) => [{ filter: c.query }],
  findAndModify: (c) => [{ filter: c.query, sort: c.sort }],
  update: (c) => ((c.updates as { q: unknown }[] | undefined) ?? []).map((u) => ({ filter: u.q })),
  delete: (c) => ((c.deletes as { q: unknown }[] | undefined) ?? []).map((d) => ({ filter: d.q })),
  aggregate: (c) => {
    const stages = (c.pipeline as Record<string, unknown>[] | undefined) ?? [];
    const match = stages[0] !== undefined && '$match' in stages[0] ? stages[0].$match : undefined;
    const next = stages[match === undefined ? 0 : 1];
    return [{ filter: match ?? {}, sort: next && '$sort' in next ? next.$sort : undefined }];
  },
};

export const CHECKED_COMMANDS = Object.keys(FILTERS);

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' &&
  value !== null &&
  !Array.isArray(value) &&
  (Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null);

function constraintOf(value: unknown): Constraint {
  if (!isPlainObject(value)) return 'eq';
  const operators = Object.keys(value).filter((key) => key.startsWith('$'));
  if (operators.length === 0) return 'eq';
  if (operators.every((op) => op === '$eq' || op === '$in')) return 'eq';
  if (operators.every((op) => ['$gt', '$gte', '$lt', '$lte'].includes(op))) return 'range';
  return 'other';
}

type Branch = Record<string, Constraint>;

/** Every combination of one branch from each list (a conjunction of disjunctions). */
function product(lists: Branch[][]): Branch[] {
  return lists.reduce<Branch[]>(
    (acc, list) => acc.flatMap((left) => list.map((right) => merge(left, right))),
    [{}],
  );
}

const RANK: Record<Constraint, number> = { eq: 0, range: 1, other: 2 };
function merge(left: Branch, right: Branch): Branch {
  const out = { ...left };
  for (const [field, constraint] of Object.entries(right)) {
    // Two conditions on one field: the tighter one bounds the index scan.
    out[field] = out[field] && RANK[out[field]] < RANK[constraint] ? out[field] : constraint;
  }
  return out;
}

function branchesOf(filter: unknown): Branch[] {
  if (!isPlainObject(filter)) return [{}];
  const lists: Branch[][] = [];
  const own: Branch = {};
  for (const [key, value] of Object.entries(filter)) {
    if (key === '$and' && Array.isArray(value)) lists.push(...value.map(branchesOf));
    else if ((key === '$or' || key === '$nor') && Array.isArray(value)) {
      lists.push(key === '$or' ? value.flatMap(branchesOf) : [{}]);
    } else if (!key.startsWith('$')) own[key] = constraintOf(value);
  }
  return product([[own], ...lists]);
}

function sortOf(sort: unknown): [string, 1 | -1][] {
  if (!isPlainObject(sort)) return [];
  return Object.entries(sort).map(([field, dir]) => [field, Number(dir) < 0 ? -1 : 1]);
}

/** The shapes of one command (several for a multi-statement update or delete); none if unchecked. */
export function shapesOf(commandName: string, command: Record<string, unknown>): QueryShape[] {
  const extract = FILTERS[commandName];
  if (!extract) return [];
  const collection = String(command[commandName]);
  return extract(command).map(({ filter, sort }) => ({
    collection,
    command: commandName,
    branches: branchesOf(filter),
    sort: sortOf(sort),
  }));
}

/** A stable text of a shape: `memberships find {teamId:eq,confirm:eq} sort {createdAt:1,_id:1}`. */
export function shapeKey(shape: QueryShape): string {
  const branch = (b: Branch) =>
    `{${Object.keys(b)
      .sort()
      .map((field) => `${field}:${b[field]}`)
      .join(',')}}`;
  const branches = shape.branches.map(branch).sort().join(' | ');
  const sort = shape.sort.length ? ` sort {${shape.sort.map(([f, d]) => `${f}:${d}`).join(',')}}` : '';
  return `${shape.collection} ${shape.command} ${branches}${sort}`;
}

const ID_INDEX: DeclaredIndex = { keys: [['_id', 1]] };

/** Whether `index` serves one branch of a filter with `sort`. */
function serves(index: DeclaredIndex, branch: Branch, sort: [string, 1 | -1][]): boolean {
  const [first] = index.keys;
  const bounded = first !== undefined && (branch[first[0]] === 'eq' || branch[first[0]] === 'range');
  const filtered = Object.keys(branch).length > 0;
  if (filtered && !bounded) return false;
  // A sort on fields the filter fixes to one value orders nothing.
  const wanted = sort.filter(([field]) => branch[field] !== 'eq');
  if (wanted.length === 0) return filtered || sort.length > 0;
  let start = 0;
  while (start < index.keys.length && branch[index.keys[start]![0]] === 'eq') start++;
  const rest = index.keys.slice(start, start + wanted.length);
  if (rest.length < wanted.length || rest.some(([field], i) => field !== wanted[i]![0])) return false;
  const same = rest.every(([, dir], i) => dir === wanted[i]![1]);
  const reversed = rest.every(([, dir], i) => dir === -wanted[i]![1]);
  return same || reversed;
}

/**
 * Whether the declared indexes serve `shape`: every branch is served by one of them (or by `_id`
 * equality, which settles any sort).
 */
export function isServed(shape: QueryShape, indexes: readonly DeclaredIndex[]): boolean {
  return shape.branches.every(
    (branch) =>
      branch._id === 'eq' || [ID_INDEX, ...indexes].some((index) => serves(index, branch, shape.sort)),
  );
}
