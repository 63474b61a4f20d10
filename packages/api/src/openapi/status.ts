import { forEachOpenApiProcedure } from 'trpc-to-openapi';
import { appRouter } from '../root.ts';

/**
 * Appwrite's success statuses (docs/appwrite-compatibility.md#what-roster-implements): 201 for creates, an
 * empty 204 for deletes.
 */
export function successStatusOf(method: string, path = ''): 200 | 201 | 204 | 301 {
  if (REDIRECTS.has(path)) return 301;
  if (method === 'POST') {
    if (POSTS_ANSWERING_204.has(path)) return 204;
    return POSTS_ANSWERING_200.has(path) ? 200 : 201;
  }
  if (method === 'DELETE') return 204;
  return 200;
}

/** POST routes Appwrite answers with 200 (`createMFAAuthenticator` makes no resource of its own). */
const POSTS_ANSWERING_200 = new Set([
  '/account/mfa/authenticators/{type}',
  // Roster's invitation routes that create nothing: a preview, an accept (docs/invitations.md).
  '/teams/{teamId}/memberships/{membershipId}/preview',
  '/account/invitations/{membershipId}/accept',
]);

/** POST routes that answer nothing: a decline deletes the invitation (docs/invitations.md). */
const POSTS_ANSWERING_204 = new Set(['/account/invitations/{membershipId}/decline']);

/** The OAuth2 routes answer with a redirect, as Appwrite's (the procedure sets `Location`). */
const REDIRECTS = new Set([
  '/account/sessions/oauth2/{provider}',
  '/account/tokens/oauth2/{provider}',
  '/account/sessions/oauth2/callback/{provider}/{projectId}',
]);

const restRoutes = new Map<string, { method: string; path: string }>();
forEachOpenApiProcedure(appRouter._def.procedures, ({ path, meta }) =>
  restRoutes.set(path, { method: meta.openapi.method, path: meta.openapi.path }),
);

/** The success status of the REST route of a procedure (`teams.create` → 201). */
export function restSuccessStatus(procedurePath: string): 200 | 201 | 204 | 301 {
  const route = restRoutes.get(procedurePath);
  return successStatusOf(route?.method ?? 'GET', route?.path);
}
