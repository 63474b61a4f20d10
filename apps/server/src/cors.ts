import cors from 'cors';
import { type Request, type RequestHandler } from 'express';
import { sendError, type Adapter } from './edge-errors.ts';

/** Headers a browser client may read: session fallback, rate limits, request ids. */
const EXPOSED_HEADERS = [
  'X-Fallback-Cookies',
  'X-RateLimit-Limit',
  'X-RateLimit-Remaining',
  'X-RateLimit-Reset',
  'Retry-After',
  'X-Request-Id',
  // A repeat answered from its Idempotency-Key's first result (docs/invitations.md#idempotency-keys).
  'Idempotent-Replayed',
];

/**
 * CORS with credentials for the exact origins of `ROSTER_CORS_ORIGINS` (scheme, host and port, as
 * browsers send them), like Appwrite's web platforms. Any other origin gets no CORS headers, so
 * its pages cannot read the answers. The list is separate from the invitation link hosts.
 */
export function corsForOrigins(origins: readonly string[]): RequestHandler {
  const allowed = new Set(origins);
  return cors({
    origin: (origin, callback) => callback(null, origin !== undefined && allowed.has(origin)),
    credentials: true,
    exposedHeaders: EXPOSED_HEADERS,
    maxAge: 86_400,
  });
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The Origin is this API itself: the Host the browser sent the request to (the demo served by the API, or through a dev proxy that keeps the Host). */
function isSameHost(origin: string, req: Request): boolean {
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

/**
 * Cross-site request forgery: a state-changing request sent by a browser page whose Origin is
 * neither this API (the public URL, or the Host it was sent to) nor on `ROSTER_CORS_ORIGINS` is
 * refused, 403 `general_unknown_origin`, as Appwrite refuses origins that are not a platform.
 * Requests without an Origin (servers, SDKs, curl: not a browser) and API-key requests (which a
 * page cannot send cross-site without a preflight) pass, as in Appwrite. Reads are not refused:
 * CORS already keeps their answers from the page.
 */
export function refuseUnknownOrigins(
  adapter: Adapter,
  { origins, publicUrl }: { origins: readonly string[]; publicUrl: string | undefined },
): RequestHandler {
  const trusted = new Set(origins);
  if (publicUrl) trusted.add(new URL(publicUrl).origin);
  return (req, res, next) => {
    const origin = req.headers.origin;
    if (SAFE_METHODS.has(req.method) || origin === undefined || req.headers['x-appwrite-key']) {
      return next();
    }
    if (trusted.has(origin) || isSameHost(origin, req)) return next();
    sendError(res, adapter, 'general_unknown_origin', {
      message: `Invalid Origin. Add ${origin} to ROSTER_CORS_ORIGINS to let its pages call this API.`,
    });
  };
}
