import { type AttributeSpec } from './attributes.ts';

export const CONDITION_METHODS = [
  'equal',
  'notEqual',
  'lessThan',
  'lessThanEqual',
  'greaterThan',
  'greaterThanEqual',
  'contains',
  'startsWith',
  'endsWith',
  'isNull',
  'isNotNull',
  'between',
] as const;
export type ConditionMethod = (typeof CONDITION_METHODS)[number];

/** A checked value: datetime values are already `Date`s. */
export type QueryValue = string | number | boolean | Date;

/** A filter on one attribute, validated against the list's schema. */
export interface Condition {
  kind: 'condition';
  method: ConditionMethod;
  attribute: string;
  spec: AttributeSpec;
  values: QueryValue[];
}

/** `and` / `or` of at least two filters. */
export interface Logical {
  kind: 'logical';
  method: 'and' | 'or';
  children: FilterNode[];
}

export type FilterNode = Condition | Logical;

export interface OrderBy {
  /** The public attribute name (`$id`, `name`, `$sequence`, ...). */
  attribute: string;
  direction: 'asc' | 'desc';
}

export interface CursorQuery {
  direction: 'after' | 'before';
  id: string;
}

/** The `queries` of a list request, checked and grouped (top-level filters are AND-ed). */
export interface ParsedQueries {
  filters: FilterNode[];
  orders: OrderBy[];
  limit: number;
  offset: number;
  cursor: CursorQuery | null;
}

export const DEFAULT_LIMIT = 25;

/** Whether any filter (nested ones included) or order uses `attribute`. */
export function usesAttribute(parsed: ParsedQueries, attribute: string): boolean {
  const inFilter = (node: FilterNode): boolean =>
    node.kind === 'condition' ? node.attribute === attribute : node.children.some(inFilter);
  return parsed.filters.some(inFilter) || parsed.orders.some((order) => order.attribute === attribute);
}
