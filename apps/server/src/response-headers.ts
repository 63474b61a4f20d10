import { type RequestHandler, type Response } from 'express';

/** For JSON answers: nothing to load, nothing to frame. */
const API_CSP = "default-src 'none'; frame-ancestors 'none'";

/**
 * For the demo's pages: its own scripts, styles and API only (the production build has no inline
 * script or style attribute; React sets styles through the DOM, which CSP allows), and no framing
 * (its accept and delete buttons cannot be clickjacked).
 */
export const DEMO_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Swagger UI on /docs: the same, except the inline styles it renders. */
export const DOCS_CSP = DEMO_CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'");

/**
 * On every answer: no MIME sniffing, no framing (X-Frame-Options for older browsers, CSP
 * frame-ancestors for the rest), no Referer to other sites (the accept page's URL holds the
 * invitation secret). `same-origin` rather than `no-referrer`: under `no-referrer` the spec (and
 * Firefox) sends `Origin: null` on the page's own POSTs, which the origin check would refuse.
 * Pages override the CSP with their own.
 */
export const securityHeaders: RequestHandler = (_req, res, next) => {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Referrer-Policy', 'same-origin');
  res.setHeader('Content-Security-Policy', API_CSP);
  next();
};

/** What a request may authenticate with: any of these makes its answer private to the caller. */
const CREDENTIAL_HEADERS = [
  'x-appwrite-key',
  'x-appwrite-session',
  'x-appwrite-jwt',
  'x-fallback-cookies',
  'authorization',
  'cookie',
];

export const PRIVATE = 'private, no-store';

/** Marks an answer as for this caller only: no shared cache (CDN, proxy) may keep it. */
export function markPrivate(res: Response): void {
  res.setHeader('Cache-Control', PRIVATE);
}

/**
 * Answers to requests that carry a credential are never cached by anyone (a cache keyed on the
 * URL alone would serve one user's data to another). Error answers keep Appwrite's
 * `no-cache, no-store, must-revalidate`, which also forbids storing.
 */
export const privateWhenAuthenticated: RequestHandler = (req, res, next) => {
  if (CREDENTIAL_HEADERS.some((name) => req.headers[name] !== undefined)) markPrivate(res);
  next();
};
