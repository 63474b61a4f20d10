import { getDomain } from 'tldts';
import { sessionCookieName } from '../auth/session-token.ts';
import { type Context } from '../context.ts';
import { header, type CookieOptions } from '../http.ts';

/**
 * The site of a host as browsers count it (its registrable domain, from the Public Suffix List,
 * private suffixes included: `a.github.io` and `b.github.io` are two sites, `x.co.uk` and
 * `y.co.uk` too); an IP address or `localhost` is its own site.
 */
const siteOf = (host: string) => getDomain(host, { allowPrivateDomains: true }) ?? host;

function originHost(value: string | undefined): string | undefined {
  if (!value) return undefined;
  try {
    return new URL(value).hostname;
  } catch {
    return undefined;
  }
}

/**
 * Host-only unless `ROSTER_COOKIE_DOMAIN` is set (a `Domain` would hand the session to every
 * subdomain); `Secure` when the request is https or the public URL is (behind a TLS-terminating
 * proxy the request itself may look like http).
 */
function cookieBase(ctx: Context, expires: Date): CookieOptions {
  const { publicUrl, cookieDomain } = ctx.deps.config;
  const secure = ctx.req.secure || (publicUrl?.startsWith('https:') ?? false);
  return { expires, httpOnly: true, secure, path: '/', ...(cookieDomain ? { domain: cookieDomain } : {}) };
}

/** Cookies cannot reach a caller whose Origin (or Referer) is another site, or who sent none. */
function needsFallback(ctx: Context): boolean {
  const origin = originHost(header(ctx.req, 'origin') ?? header(ctx.req, 'referer'));
  return !origin || siteOf(origin) !== siteOf(ctx.req.hostname);
}

/**
 * Sets Appwrite's session cookies after a sign-in or an accepted invitation
 * (docs/appwrite-compatibility.md#accepting):
 * `a_session_<project>` (SameSite=None) and its `_legacy` twin (no SameSite), HttpOnly, Secure
 * over HTTPS or when the public URL is https, host-only unless a cookie domain is configured.
 * When the caller's Origin is another site (or absent), the token also goes in
 * `X-Fallback-Cookies`, for clients that cannot keep third-party cookies.
 */
export function setSessionCookies(ctx: Context, token: string, expires: Date): void {
  const name = sessionCookieName(ctx.deps.config.projectId);
  const base = cookieBase(ctx, expires);
  ctx.res.setCookie(`${name}_legacy`, token, base);
  ctx.res.setCookie(name, token, { ...base, sameSite: 'none' });
  if (needsFallback(ctx)) ctx.res.setHeader('X-Fallback-Cookies', JSON.stringify({ [name]: token }));
}

/**
 * Expires both session cookies (sign-out of the current session). They carry the Domain they were
 * set with, or a browser would treat them as other cookies and keep the originals. Fallback
 * clients get an empty `X-Fallback-Cookies`, which replaces the token they stored.
 */
export function clearSessionCookies(ctx: Context): void {
  const name = sessionCookieName(ctx.deps.config.projectId);
  const base = cookieBase(ctx, new Date(0));
  ctx.res.setCookie(`${name}_legacy`, '', base);
  ctx.res.setCookie(name, '', { ...base, sameSite: 'none' });
  if (needsFallback(ctx)) ctx.res.setHeader('X-Fallback-Cookies', '{}');
}
