/** Small HTTP helpers for the attack suite: raw requests, so each test sees exactly what goes over the wire. */

export { uniqueEmail } from '../testing/http-calls.ts';

export interface TrpcError {
  error: { message: string; code: number; data: { type: string; httpStatus: number } };
}

/** A tRPC mutation: `POST /trpc/<procedure>` with a JSON body. */
export function trpcPost(
  baseUrl: string,
  procedure: string,
  input: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(`${baseUrl}/trpc/${procedure}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(input),
  });
}

/** A tRPC query: `GET /trpc/<procedure>?input=…`. */
export function trpcGet(
  baseUrl: string,
  procedure: string,
  input?: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  const query = input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`;
  return fetch(`${baseUrl}/trpc/${procedure}${query}`, { headers });
}

/** A REST call under `/v1`, JSON in and out. */
export function rest(
  baseUrl: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(`${baseUrl}/v1${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/** `name=value` pairs of Set-Cookie headers, as a browser would send them back. */
export const cookieHeader = (setCookies: string[]) =>
  setCookies.map((cookie) => cookie.split(';')[0]).join('; ');

/** The value of one cookie among Set-Cookie headers. */
export function cookieValue(setCookies: string[], name: string): string | undefined {
  for (const cookie of setCookies) {
    const [pair] = cookie.split(';');
    const index = pair!.indexOf('=');
    if (pair!.slice(0, index) === name) return decodeURIComponent(pair!.slice(index + 1));
  }
  return undefined;
}

/** Signs up over tRPC; the user's id. */
export async function signUp(baseUrl: string, email: string, password: string): Promise<string> {
  const response = await trpcPost(baseUrl, 'account.create', { userId: 'unique()', email, password });
  if (response.status !== 200) throw new Error(`sign-up failed: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { result: { data: { $id: string } } }).result.data.$id;
}

/** Signs in over tRPC; the Set-Cookie headers and the session token (`a_session_<project>`). */
export async function signIn(
  baseUrl: string,
  email: string,
  password: string,
  headers: Record<string, string> = {},
  projectId = 'default',
): Promise<{ response: Response; setCookies: string[]; token: string }> {
  const response = await trpcPost(
    baseUrl,
    'account.createEmailPasswordSession',
    { email, password },
    headers,
  );
  if (response.status !== 200) throw new Error(`sign-in failed: ${response.status} ${await response.text()}`);
  const setCookies = response.headers.getSetCookie();
  const token = cookieValue(setCookies, `a_session_${projectId}`);
  if (!token) throw new Error('sign-in set no session cookie');
  return { response, setCookies, token };
}
