import { isAllowedHost } from '@roster/api';
import cors from 'cors';
import { type RequestHandler } from 'express';

/** Headers a browser client may read: session fallback, rate limits, request ids. */
const EXPOSED_HEADERS = [
  'X-Fallback-Cookies',
  'X-RateLimit-Limit',
  'X-RateLimit-Remaining',
  'X-RateLimit-Reset',
  'X-Request-Id',
];

/**
 * CORS with credentials for origins whose host is on `ROSTER_REDIRECT_HOSTS`: like Appwrite's
 * web platforms, one list says which sites may call the API and receive invitation links.
 */
export function corsForAllowedHosts(allowedHosts: readonly string[]): RequestHandler {
  return cors({
    origin: (origin, callback) =>
      callback(null, origin !== undefined && isAllowedOrigin(origin, allowedHosts)),
    credentials: true,
    exposedHeaders: EXPOSED_HEADERS,
    maxAge: 86_400,
  });
}

function isAllowedOrigin(origin: string, allowedHosts: readonly string[]): boolean {
  try {
    const { protocol, hostname } = new URL(origin);
    return (protocol === 'http:' || protocol === 'https:') && isAllowedHost(hostname, allowedHosts);
  } catch {
    return false;
  }
}
