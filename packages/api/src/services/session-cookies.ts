import { sessionCookieName } from '../auth/resolve-principal.ts';
import { header, type Context, type CookieOptions } from '../context.ts';

const isIp = (host: string) => /^[\d.]+$/.test(host) || host.includes(':');

/** The last two labels of a hostname: a cheap registrable-domain approximation for same-site checks. */
const siteOf = (host: string) => host.split('.').slice(-2).join('.');

function originHost(value: string | undefined): string | undefined {
  if (!value) return undefined;
  try {
    return new URL(value).hostname;
  } catch {
    return undefined;
  }
}

/**
 * Sets Appwrite's session cookies after a sign-in or an accepted invitation (spec §6.4):
 * `a_session_<project>` (SameSite=None) and its `_legacy` twin (no SameSite), HttpOnly, Secure
 * over HTTPS, Domain `.host` except on localhost and IPs. When the caller's Origin is another
 * site (or absent), the token also goes in `X-Fallback-Cookies`, for clients that cannot keep
 * third-party cookies.
 */
export function setSessionCookies(ctx: Context, token: string, expires: Date): void {
  const { req, res } = ctx;
  const name = sessionCookieName(ctx.deps.config.projectId);
  const host = req.hostname;
  const domain = host === 'localhost' || isIp(host) ? undefined : `.${host}`;
  const base: CookieOptions = { expires, httpOnly: true, secure: req.secure, path: '/', ...(domain ? { domain } : {}) };
  res.setCookie(`${name}_legacy`, token, base);
  res.setCookie(name, token, { ...base, sameSite: 'none' });

  const origin = originHost(header(req, 'origin') ?? header(req, 'referer'));
  if (!origin || siteOf(origin) !== siteOf(host)) {
    res.setHeader('X-Fallback-Cookies', JSON.stringify({ [name]: token }));
  }
}

/** Expires both session cookies (sign-out of the current session). */
export function clearSessionCookies(ctx: Context): void {
  const name = sessionCookieName(ctx.deps.config.projectId);
  const options: CookieOptions = { expires: new Date(0), httpOnly: true, secure: ctx.req.secure, path: '/' };
  ctx.res.setCookie(`${name}_legacy`, '', options);
  ctx.res.setCookie(name, '', { ...options, sameSite: 'none' });
}
