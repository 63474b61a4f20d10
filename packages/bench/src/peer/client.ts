import { send } from '../lib/http.ts';
import { type HttpRequestSpec } from '../lib/load.ts';

/** Requests to better-auth's HTTP API (`/api/auth/...`), as its client library sends them. */
export function peerRequest(
  server: string,
  method: 'GET' | 'POST',
  path: string,
  cookie: string,
  body?: unknown,
): HttpRequestSpec {
  return {
    method,
    path: `/api/auth${path}`,
    headers: { origin: server, ...(cookie ? { cookie } : {}) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  };
}

/** Signs a user up and returns their session cookie. */
export async function signUp(server: string, email: string): Promise<string> {
  const response = await fetch(`${server}/api/auth/sign-up/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: server },
    body: JSON.stringify({ email, password: 'bench-password-1', name: email.split('@')[0] }),
  });
  if (!response.ok)
    throw new Error(`better-auth sign-up failed: ${response.status} ${await response.text()}`);
  return response.headers
    .getSetCookie()
    .map((cookie) => cookie.split(';')[0])
    .join('; ');
}

/** Creates the owner's organization; returns its id. */
export async function createOrganization(server: string, cookie: string): Promise<string> {
  const { status, body } = await send(
    server,
    peerRequest(server, 'POST', '/organization/create', cookie, {
      name: 'Bench Team',
      slug: `bench-${Date.now()}`,
    }),
  );
  if (status !== 200) throw new Error(`better-auth organization/create failed: ${status} ${body}`);
  return (JSON.parse(body) as { id: string }).id;
}
