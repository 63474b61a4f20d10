import { parse as parseCookies } from 'cookie';
import { type Context } from '../context.ts';
import { type ApiDeps } from '../deps.ts';
import { header } from '../http.ts';
import { FLOW_COOKIE_PATH, flowCookieName, OAUTH2_FLOW_TTL_SECONDS } from '../services/oauth2-sign-in.ts';
import { createOidcClient, type OidcClient } from './oidc-client.ts';

const clients = new WeakMap<object, OidcClient>();

/** The deps of OAuth2 sign-in: the OIDC client given, or one made (once) from the configuration. */
export function oauth2Deps(deps: ApiDeps): ApiDeps & { oidc: OidcClient } {
  if (deps.oidc) return { ...deps, oidc: deps.oidc };
  const config = deps.config.oauth2 ?? { providers: [], allowLoopbackHttp: false, timeoutMs: 10_000 };
  let oidc = clients.get(config);
  if (!oidc) {
    oidc = createOidcClient(config);
    clients.set(config, oidc);
  }
  return { ...deps, oidc };
}

/**
 * The base of the callback URL: `ROSTER_PUBLIC_URL` when configured, else the request's own
 * scheme and host (development). The provider accepts only redirect URIs registered with it, so
 * a forged `Host` cannot send the code elsewhere.
 */
export function callbackBaseOf(ctx: Context): string {
  const configured = ctx.deps.config.oauth2?.callbackBase;
  if (configured) return configured.replace(/\/+$/, '');
  return `${ctx.req.secure ? 'https' : 'http'}://${header(ctx.req, 'host') ?? ctx.req.hostname}`;
}

/** A 301 to `location`, never cached (as Appwrite's OAuth2 redirects). */
export function redirectTo(ctx: Context, location: string): void {
  ctx.res.setHeader('Location', location);
  ctx.res.setHeader('Cache-Control', 'no-store, no-cache, must-revalidate, max-age=0');
  ctx.res.setHeader('Pragma', 'no-cache');
}

function secure(ctx: Context): boolean {
  return ctx.req.secure || (ctx.deps.config.publicUrl?.startsWith('https:') ?? false);
}

/**
 * The cookie binding a flow to this browser: only the callback's path sees it; `SameSite=Lax`,
 * so the top-level redirect back from the provider carries it and no other site's request does.
 */
export function setFlowCookie(ctx: Context, state: string, binder: string): void {
  ctx.res.setCookie(flowCookieName(state), binder, {
    expires: new Date(Date.now() + OAUTH2_FLOW_TTL_SECONDS * 1000),
    httpOnly: true,
    secure: secure(ctx),
    sameSite: 'lax',
    path: FLOW_COOKIE_PATH,
  });
}

export function takeFlowCookie(ctx: Context, state: string): string | undefined {
  const name = flowCookieName(state);
  const cookieHeader = header(ctx.req, 'cookie');
  const value = cookieHeader ? parseCookies(cookieHeader)[name] : undefined;
  if (value !== undefined) {
    ctx.res.setCookie(name, '', {
      expires: new Date(0),
      httpOnly: true,
      secure: secure(ctx),
      sameSite: 'lax',
      path: FLOW_COOKIE_PATH,
    });
  }
  return value;
}
