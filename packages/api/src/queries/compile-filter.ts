import { type Condition, type FilterNode, type QueryValue } from './ast.ts';
import { allOf, type MongoFilter } from './mongo.ts';
import { escapeRegex } from './regex.ts';

/** Turns a condition on a virtual (not stored) attribute into a filter on stored fields. */
export type VirtualResolver = (condition: Condition) => MongoFilter;

/** The MongoDB filter of the top-level filters (AND-ed). Regexes are RE2-safe, input escaped. */
export function compileFilters(
  filters: readonly FilterNode[],
  resolveVirtual?: VirtualResolver,
): MongoFilter {
  return allOf(...filters.map((node) => compileNode(node, resolveVirtual)));
}

function compileNode(node: FilterNode, resolveVirtual: VirtualResolver | undefined): MongoFilter {
  if (node.kind === 'logical') {
    return { [`$${node.method}`]: node.children.map((child) => compileNode(child, resolveVirtual)) };
  }
  if (node.spec.virtual) {
    if (!resolveVirtual) throw new Error(`No resolver for the virtual attribute ${node.attribute}`);
    return resolveVirtual(node);
  }
  return { [node.spec.field]: compileCondition(node) };
}

function compileCondition({ method, values, spec }: Condition): unknown {
  const [first, second] = values;
  switch (method) {
    case 'equal':
      return { $in: values };
    case 'notEqual':
      // SQL semantics, as in Appwrite: a missing value is not "not equal" to anything.
      return { $nin: [first, null] };
    case 'lessThan':
      return { $lt: first };
    case 'lessThanEqual':
      return { $lte: first };
    case 'greaterThan':
      return { $gt: first };
    case 'greaterThanEqual':
      return { $gte: first };
    case 'between':
      return { $gte: first, $lte: second };
    case 'isNull':
      return { $eq: null };
    case 'isNotNull':
      return { $ne: null };
    case 'contains':
      // Arrays: any of the values is an element. Strings: any of the values is a substring.
      return spec.array
        ? { $in: values }
        : { $regex: values.map((value) => escapeRegex(text(value))).join('|') };
    case 'startsWith':
      return { $regex: `^${escapeRegex(text(first))}` };
    case 'endsWith':
      return { $regex: `${escapeRegex(text(first))}$` };
  }
}

/** The parser only lets strings reach the string operators. */
function text(value: QueryValue | undefined): string {
  if (typeof value !== 'string') throw new Error('Expected a string query value');
  return value;
}
