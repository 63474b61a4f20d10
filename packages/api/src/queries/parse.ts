import { AppError } from '../errors.ts';
import { UID_TEXT, zUid } from '../validation/params.ts';
import { SEQUENCE, type AttributeSpec, type ListSchema } from './attributes.ts';
import {
  CONDITION_METHODS,
  DEFAULT_LIMIT,
  type Condition,
  type ConditionMethod,
  type CursorQuery,
  type FilterNode,
  type OrderBy,
  type ParsedQueries,
  type QueryValue,
} from './ast.ts';
import { parseDateValue } from './dates.ts';

/**
 * Appwrite's `queries` parameter (docs/appwrite-compatibility.md#queries-search-and-pages): JSON query
 * strings, checked in Appwrite's order and with its messages against the list's allow-list. Every failure is
 * 400
 * `general_argument_invalid`, ``Invalid `queries` param: <description>``.
 */
export function parseQueries(queries: readonly string[], schema: ListSchema): ParsedQueries {
  const parsed: ParsedQueries = { filters: [], orders: [], limit: DEFAULT_LIMIT, offset: 0, cursor: null };
  let limit: number | undefined;
  let offset: number | undefined;
  let cursor: CursorQuery | undefined;
  for (const text of queries) {
    const query = decode(text);
    switch (query.method) {
      case 'limit': {
        const value = checkRange(query.values[0], 1, 'limit');
        limit ??= value;
        break;
      }
      case 'offset': {
        const value = checkRange(query.values[0], 0, 'offset');
        offset ??= value;
        break;
      }
      case 'cursorAfter':
      case 'cursorBefore': {
        const id = checkCursor(query.values[0]);
        cursor ??= { direction: query.method === 'cursorAfter' ? 'after' : 'before', id };
        break;
      }
      case 'orderAsc':
      case 'orderDesc':
        parsed.orders.push(checkOrder(query, schema));
        break;
      default:
        parsed.filters.push(checkFilter(query, schema));
    }
  }
  return { ...parsed, limit: limit ?? DEFAULT_LIMIT, offset: offset ?? 0, cursor: cursor ?? null };
}

/** The 400 every `queries` failure becomes. */
export function invalidQueries(description: string): AppError {
  return new AppError('general_argument_invalid', `Invalid \`queries\` param: ${description}`);
}

const invalidQuery = (description: string) => invalidQueries(`Invalid query: ${description}`);

/** Every method Appwrite's parser knows; the ones Roster does not run fail as unsupported. */
const KNOWN_METHODS = new Set<string>([
  ...CONDITION_METHODS,
  'and',
  'or',
  'orderAsc',
  'orderDesc',
  'limit',
  'offset',
  'cursorAfter',
  'cursorBefore',
  'containsAny',
  'containsAll',
  'notContains',
  'search',
  'notSearch',
  'notBetween',
  'notStartsWith',
  'notEndsWith',
  'regex',
  'exists',
  'notExists',
  'elemMatch',
  'select',
  'orderRandom',
  'crosses',
  'notCrosses',
  'distanceEqual',
  'distanceNotEqual',
  'distanceGreaterThan',
  'distanceLessThan',
  'intersects',
  'notIntersects',
  'overlaps',
  'notOverlaps',
  'touches',
  'notTouches',
  'vectorDot',
  'vectorCosine',
  'vectorEuclidean',
]);

const isConditionMethod = (method: string): method is ConditionMethod =>
  (CONDITION_METHODS as readonly string[]).includes(method);
const isFilterMethod = (method: string) => isConditionMethod(method) || method === 'and' || method === 'or';
const PAGING_METHODS = new Set(['limit', 'offset', 'cursorAfter', 'cursorBefore', 'orderAsc', 'orderDesc']);

/** One decoded query, before it is checked against the schema. */
interface RawQuery {
  method: string;
  attribute: string;
  values: unknown[];
  /** The decoded children of `and` / `or`. */
  children: RawQuery[];
}

/** JSON → RawQuery with the messages of Appwrite's `Query::parse`. */
function decode(text: string): RawQuery {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw invalidQuery('Invalid query: Syntax error');
  }
  return toRawQuery(json, 0);
}

function toRawQuery(json: unknown, depth: number): RawQuery {
  if (typeof json !== 'object' || json === null) {
    throw invalidQuery(`Invalid query. Must be an array, got ${phpType(json)}`);
  }
  // PHP reads a JSON list as an array without these keys, so it fails on the method.
  const object = Array.isArray(json) ? {} : (json as Record<string, unknown>);
  const method = object.method ?? '';
  if (typeof method !== 'string') {
    throw invalidQuery(`Invalid query method. Must be a string, got ${phpType(method)}`);
  }
  if (!KNOWN_METHODS.has(method)) throw invalidQuery(`Invalid query method: ${method}`);
  const attribute = object.attribute ?? '';
  if (typeof attribute !== 'string') {
    throw invalidQuery(`Invalid query attribute. Must be a string, got ${phpType(attribute)}`);
  }
  const values = object.values ?? [];
  if (!Array.isArray(values)) {
    throw invalidQuery(`Invalid query values. Must be an array, got ${phpType(values)}`);
  }
  const logical = method === 'and' || method === 'or';
  if (logical && depth >= MAX_NESTING) {
    throw invalidQuery(`Queries can be nested at most ${MAX_NESTING} levels deep`);
  }
  const children = logical ? values.map((child) => toRawQuery(child, depth + 1)) : [];
  return { method, attribute, values: values as unknown[], children };
}

/** PHP's `gettype` of a decoded JSON value. */
function phpType(value: unknown): string {
  if (value === null) return 'NULL';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'double';
  if (typeof value === 'object') return 'array';
  return typeof value;
}

const ucfirst = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * The largest `limit` and `offset`. Appwrite 1.9 accepts up to PHP_INT_MAX; Roster caps both
 * (issue 12, review finding 9): a page holds documents and their users in memory, and an offset
 * makes the database walk past that many rows. 5000 is Appwrite's own count cap (APP_LIMIT_COUNT,
 * `TOTAL_CAP`): `total` never reports more, so an offset beyond it pages past what a list can
 * tell; cursors (`cursorAfter`) reach further.
 */
export const MAX_LIMIT = 5000;
export const MAX_OFFSET = 5000;

/**
 * How deep `and`/`or` may nest. Each level is two levels of the MongoDB filter, whose documents
 * nest at most 100 deep (a deeper filter was a 500 from the database); ten is more than any
 * hand-written filter needs and keeps parsing and compiling shallow.
 */
export const MAX_NESTING = 10;

function checkRange(value: unknown, min: number, name: 'limit' | 'offset'): number {
  const max = name === 'limit' ? MAX_LIMIT : MAX_OFFSET;
  const number =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/.test(value)
        ? Number(value)
        : undefined;
  if (number === undefined) throw invalidQuery(`Invalid ${name}: Value must be a valid number`);
  if (!Number.isSafeInteger(number) || number < min || number > max) {
    throw invalidQuery(
      `Invalid ${name}: Value must be a valid range between ${min} and ${max.toLocaleString('en-US')}`,
    );
  }
  return number;
}

function checkCursor(value: unknown): string {
  const result = zUid().safeParse(value);
  if (!result.success) throw invalidQuery(`Invalid cursor: ${UID_TEXT}`);
  return result.data;
}

function checkOrder(query: RawQuery, schema: ListSchema): OrderBy {
  const { attribute } = query;
  if (attribute !== SEQUENCE && !Object.hasOwn(schema, attribute)) {
    throw invalidQuery(`Attribute not found in schema: ${attribute}`);
  }
  return { attribute, direction: query.method === 'orderAsc' ? 'asc' : 'desc' };
}

function checkFilter(query: RawQuery, schema: ListSchema): FilterNode {
  const { method } = query;
  if (method === 'and' || method === 'or') {
    const children: FilterNode[] = [];
    for (const child of query.children) {
      if (isFilterMethod(child.method)) children.push(checkFilter(child, schema));
      else if (!PAGING_METHODS.has(child.method)) throw unsupported(child.method);
    }
    if (children.length !== query.children.length) {
      throw invalidQuery(`${ucfirst(method)} queries can only contain filter queries`);
    }
    if (children.length < 2) throw invalidQuery(`${ucfirst(method)} queries require at least two queries`);
    return { kind: 'logical', method, children };
  }
  if (!isConditionMethod(method)) throw unsupported(method);
  return checkCondition(method, query, schema);
}

const unsupported = (method: string) => invalidQueries(`Invalid query method: ${method}`);

const MAX_VALUES = 500;

function checkCondition(method: ConditionMethod, query: RawQuery, schema: ListSchema): Condition {
  const { attribute, values } = query;
  const count = values.length;
  switch (method) {
    case 'equal':
    case 'contains':
      if (count === 0 || (Array.isArray(values[0]) && values[0].length === 0)) {
        throw invalidQuery(`${ucfirst(method)} queries require at least one value.`);
      }
      break;
    case 'between':
      if (count !== 2) throw invalidQuery(`${ucfirst(method)} queries require exactly two values.`);
      break;
    case 'isNull':
    case 'isNotNull':
      break;
    default:
      if (count !== 1) throw invalidQuery(`${ucfirst(method)} queries require exactly one value.`);
  }

  const spec = attributeSpec(attribute, schema);
  if (count > MAX_VALUES) {
    throw invalidQuery(`Query on attribute has greater than ${MAX_VALUES} values: ${attribute}`);
  }
  const checked = values.map((value) => {
    const converted = convertValue(value, spec);
    if (converted === undefined) throw invalidQuery(`Query value is invalid for attribute "${attribute}"`);
    return converted;
  });
  if (!spec.array && method === 'contains' && spec.type !== 'string') {
    throw invalidQuery(
      `Cannot query contains on attribute "${attribute}" because it is not an array or string.`,
    );
  }
  if (spec.array && method !== 'contains' && method !== 'isNull' && method !== 'isNotNull') {
    throw invalidQuery(`Cannot query ${method} on attribute "${attribute}" because it is an array.`);
  }
  return { kind: 'condition', method, attribute, spec, values: checked };
}

function attributeSpec(attribute: string, schema: ListSchema): AttributeSpec {
  if (attribute === SEQUENCE) {
    // Roster keeps no sequence numbers; `$sequence` exists only as an order (insertion order).
    throw invalidQuery(`Cannot query on attribute "${SEQUENCE}": it can only be used to order`);
  }
  const spec = Object.hasOwn(schema, attribute) ? schema[attribute] : undefined;
  if (spec) return spec;
  const parent = attribute.split('.')[0] ?? '';
  if (attribute.includes('.') && Object.hasOwn(schema, parent)) {
    throw invalidQuery(`Cannot query nested attribute on: ${parent}`);
  }
  throw invalidQuery(`Attribute not found in schema: ${attribute}`);
}

/** The value in the form it is compared in, or undefined when it does not fit the type. */
function convertValue(value: unknown, spec: AttributeSpec): QueryValue | undefined {
  switch (spec.type) {
    case 'string':
      return typeof value === 'string' ? value : undefined;
    case 'integer':
      return typeof value === 'number' && Number.isSafeInteger(value) ? value : undefined;
    case 'boolean':
      return typeof value === 'boolean' ? value : undefined;
    case 'datetime':
      return typeof value === 'string' ? parseDateValue(value) : undefined;
  }
}

/**
 * The `queries` of a list that pages only (Appwrite's `Queries([new Limit(), new Offset()])`, the
 * activity logs): `limit` and `offset`; any other method is ``Invalid query method: <method>``.
 */
export function parseLimitOffset(queries: readonly string[]): { limit: number; offset: number } {
  let limit: number | undefined;
  let offset: number | undefined;
  for (const text of queries) {
    const query = decode(text);
    if (query.method === 'limit') limit ??= checkRange(query.values[0], 1, 'limit');
    else if (query.method === 'offset') offset ??= checkRange(query.values[0], 0, 'offset');
    else throw unsupported(query.method);
  }
  return { limit: limit ?? DEFAULT_LIMIT, offset: offset ?? 0 };
}
