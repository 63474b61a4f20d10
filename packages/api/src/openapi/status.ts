import { forEachOpenApiProcedure } from 'trpc-to-openapi';
import { appRouter } from '../root.ts';

/**
 * Appwrite's success statuses (docs/appwrite-compatibility.md#what-roster-implements): 201 for creates, an
 * empty 204 for deletes.
 */
export function successStatusOf(method: string): 200 | 201 | 204 {
  if (method === 'POST') return 201;
  if (method === 'DELETE') return 204;
  return 200;
}

const restMethods = new Map<string, string>();
forEachOpenApiProcedure(appRouter._def.procedures, ({ path, meta }) =>
  restMethods.set(path, meta.openapi.method),
);

/** The success status of the REST route of a procedure (`teams.create` → 201). */
export function restSuccessStatus(procedurePath: string): 200 | 201 | 204 {
  return successStatusOf(restMethods.get(procedurePath) ?? 'GET');
}
