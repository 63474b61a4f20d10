import {
  startOpenIdProvider,
  type OidcAccount,
  type TestOpenIdProvider,
} from '@roster/testkit/oidc-provider';
import { afterAll, beforeAll } from 'vitest';
import { type TestServer } from './http-server.ts';

/** Where sign-ins return to in tests: a localhost page (allowed by the default ROSTER_REDIRECT_HOSTS). */
export const SUCCESS_URL = 'http://localhost:5173/signed-in';
export const FAILURE_URL = 'http://localhost:5173/sign-in-failed';
export const CLIENT_ID = 'roster-test';
export const CLIENT_SECRET = 'roster-test-client-secret-0123456789';

/**
 * A browser's cookies, by origin (enough for these flows: every cookie goes back to the origin
 * that set it, whatever its path).
 */
export class CookieJar {
  private readonly byOrigin = new Map<string, Map<string, string>>();

  store(origin: string, headers: Headers): void {
    const cookies = this.byOrigin.get(origin) ?? new Map<string, string>();
    for (const cookie of headers.getSetCookie()) {
      const [pair, ...attributes] = cookie.split(';');
      const index = pair!.indexOf('=');
      const name = pair!.slice(0, index).trim();
      const expired = attributes.some((a) => /^\s*expires=Thu, 01 Jan 1970/i.test(a));
      if (expired || index === pair!.length - 1) cookies.delete(name);
      else cookies.set(name, pair!.slice(index + 1));
    }
    this.byOrigin.set(origin, cookies);
  }

  header(origin: string): string {
    return [...(this.byOrigin.get(origin) ?? new Map<string, string>())]
      .map(([n, v]) => `${n}=${v}`)
      .join('; ');
  }

  names(origin: string): string[] {
    return [...(this.byOrigin.get(origin)?.keys() ?? [])];
  }

  /** Forgets one origin's cookies (signing out at the provider). */
  clear(origin: string): void {
    this.byOrigin.delete(origin);
  }

  drop(origin: string, name: string): void {
    this.byOrigin.get(origin)?.delete(name);
  }
}

export interface Hop {
  url: string;
  status: number;
  location?: string | undefined;
}

/**
 * Follows redirects like a browser from `url` (GET), keeping cookies, until a response is not a
 * redirect or the next URL leaves `origins` (the success or failure page, which no one serves).
 * `stopAt` ends the walk before requesting a URL it matches (e.g. the callback, to tamper with it).
 */
export async function follow(
  url: string,
  jar: CookieJar,
  options: { origins: string[]; headers?: Record<string, string>; stopAt?: (url: URL) => boolean },
): Promise<{ hops: Hop[]; final: string }> {
  const hops: Hop[] = [];
  let next = url;
  for (let i = 0; i < 20; i++) {
    const target = new URL(next);
    if (!options.origins.includes(target.origin) || options.stopAt?.(target)) return { hops, final: next };
    const cookie = jar.header(target.origin);
    const response = await fetch(target, {
      redirect: 'manual',
      headers: { ...(cookie ? { cookie } : {}), ...(options.headers ?? {}) },
    });
    jar.store(target.origin, response.headers);
    const location = response.headers.get('location') ?? undefined;
    hops.push({ url: next, status: response.status, location });
    await response.arrayBuffer();
    if (response.status < 300 || response.status >= 400 || !location) return { hops, final: next };
    next = new URL(location, target).toString();
  }
  throw new Error(`too many redirects from ${url}`);
}

/** The session token in the jar for the Roster server (its `a_session_<project>` cookie). */
export function sessionOf(jar: CookieJar, server: TestServer): string | undefined {
  const origin = new URL(server.url).origin;
  const pair = jar
    .header(origin)
    .split('; ')
    .find((entry) => /^a_session_[^=]*?(?<!_legacy)=/.test(entry));
  return pair ? decodeURIComponent(pair.slice(pair.indexOf('=') + 1)) : undefined;
}

/**
 * A real OpenID Provider for one test file, registered with the Roster server of `server` as
 * provider `id`. Call before `useTestServer`, and pass `env` to it: the provider is started
 * first and its issuer written into `env.ROSTER_OAUTH2_PROVIDERS`.
 */
export function useOpenIdProvider(
  env: Record<string, string>,
  options: { id?: string; name?: string; extra?: object[] } = {},
): { provider: TestOpenIdProvider; register(server: TestServer): void } {
  const running = {} as { provider: TestOpenIdProvider };
  const id = options.id ?? 'oidc';
  beforeAll(async () => {
    running.provider = await startOpenIdProvider();
    env.ROSTER_OAUTH2_PROVIDERS = JSON.stringify([
      {
        id,
        name: options.name ?? 'Test OP',
        issuer: running.provider.issuer,
        clientId: CLIENT_ID,
        clientSecret: CLIENT_SECRET,
      },
      ...(options.extra ?? []),
    ]);
  });
  afterAll(() => running.provider?.close());
  return {
    get provider() {
      return running.provider;
    },
    register(server: TestServer) {
      running.provider.register({
        clientId: CLIENT_ID,
        clientSecret: CLIENT_SECRET,
        redirectUris: [`${server.url}/v1/account/sessions/oauth2/callback/${id}/default`],
      });
    },
  };
}

/** Signs in at the provider as `account` from the start route `path` and follows every redirect. */
export async function signInThrough(
  server: TestServer,
  provider: TestOpenIdProvider,
  account: OidcAccount,
  options: {
    jar?: CookieJar;
    path?: string;
    query?: Record<string, string>;
    headers?: Record<string, string>;
  } = {},
) {
  const jar = options.jar ?? new CookieJar();
  // Each sign-in logs in at the provider afresh (its own session would sign in the last account).
  jar.clear(new URL(provider.issuer).origin);
  provider.signInAs(account);
  const query = new URLSearchParams({ success: SUCCESS_URL, failure: FAILURE_URL, ...(options.query ?? {}) });
  const start = `${server.url}${options.path ?? '/v1/account/sessions/oauth2/oidc'}?${query.toString()}`;
  const walk = await follow(start, jar, {
    origins: [new URL(server.url).origin, new URL(provider.issuer).origin],
    ...(options.headers ? { headers: options.headers } : {}),
  });
  return { jar, ...walk, session: sessionOf(jar, server) };
}
