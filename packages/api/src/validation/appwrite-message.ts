import { type ZodError } from 'zod';
import { MISSING } from './params.ts';

/**
 * Appwrite's validation message for the first failing parameter of a zod error
 * (docs/appwrite-compatibility.md#parameters-and-validation).
 */
export function appwriteValidationMessage(error: ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'Invalid argument.';
  const param = issue.path.length > 0 ? String(issue.path[0]) : 'body';
  if (issue.message === MISSING) return `Param "${param}" is not optional.`;
  if (issue.code === 'unrecognized_keys') return `Unknown param(s): ${issue.keys.join(', ')}`;
  if (issue.path.length === 0 && issue.code === 'invalid_type')
    return 'The request body must be a JSON object.';
  return `Invalid \`${param}\` param: ${issue.message}`;
}
