/**
 * The HTTP side of the server's tests and of the attack suite (`src/security/`): calls exactly as
 * a browser, an SDK or an attacker sends them, and what came back, as they see it.
 *
 * - Requests: `trpcPost`, `trpcGet` and `rest` (fetch, the `Response` as is); `rawRequest` (node:http,
 *   for headers fetch will not send, `Host` included) with `trpcMutation` and `trpcBatch` on it.
 * - Parsed tRPC calls: `httpCalls(server)`, answering status, data or the Appwrite error type.
 * - Sessions and cookies: `cookieHeader`, `cookieValue`, `sessionTokenOf`, `sessionHeaders`.
 * - Users and invitations: `uniqueEmail`, `signUp`, `signIn`, `userWithSession`, `whoAmI`,
 *   `acceptParamsFor`.
 *
 * Only loopback servers: every `baseUrl` is a test server's `url`.
 */
import { randomBytes } from 'node:crypto';
import { request, type IncomingHttpHeaders } from 'node:http';
import { type CapturedMail } from '@roster/testkit';
import { type TestServer } from './http-server.ts';

type HeaderMap = Record<string, string>;

/** A tRPC error body. */
export interface TrpcError {
  error: { message: string; code: number; data: { type: string; httpStatus: number } };
}

// --- Requests ---------------------------------------------------------------------------------

/** A tRPC mutation: `POST /trpc/<procedure>` with a JSON body. */
export function trpcPost(baseUrl: string, procedure: string, input: unknown, headers: HeaderMap = {}) {
  return fetch(`${baseUrl}/trpc/${procedure}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(input),
  });
}

/** A tRPC query: `GET /trpc/<procedure>?input=…`. */
export function trpcGet(baseUrl: string, procedure: string, input?: unknown, headers: HeaderMap = {}) {
  const query = input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`;
  return fetch(`${baseUrl}/trpc/${procedure}${query}`, { headers });
}

/** A REST call under `/v1`, JSON in and out. */
export function rest(baseUrl: string, method: string, path: string, body?: unknown, headers: HeaderMap = {}) {
  return fetch(`${baseUrl}/v1${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/** What a raw request got back: status, headers (lower-cased names) and the parsed JSON body. */
export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: unknown;
}

/** One HTTP request through `node:http`, so the test controls every header, `Host` included. */
export function rawRequest(
  baseUrl: string,
  options: { method?: string; path: string; headers?: HeaderMap; body?: unknown },
): Promise<RawResponse> {
  const url = new URL(options.path, baseUrl);
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: options.method ?? (payload === undefined ? 'GET' : 'POST'),
        headers: {
          ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
          ...options.headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown = text;
          try {
            body = text ? JSON.parse(text) : undefined;
          } catch {
            // not JSON: keep the text
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** The Appwrite error type of a single tRPC or REST error response, if any. */
export function errorTypeOf(response: RawResponse): string | undefined {
  const body = response.body as
    | { error?: { data?: { type?: string } }; type?: string }
    | Array<{ error?: { data?: { type?: string } } }>
    | undefined;
  if (!body || Array.isArray(body)) return undefined;
  return body.error?.data?.type ?? body.type;
}

/** A tRPC mutation through `rawRequest`: `POST /trpc/<procedure>` with `input` as the JSON body. */
export function trpcMutation(
  baseUrl: string,
  procedure: string,
  input: unknown,
  headers: HeaderMap = {},
): Promise<RawResponse> {
  return rawRequest(baseUrl, { path: `/trpc/${procedure}`, body: input, headers });
}

/** One batched tRPC request running `procedure` once per input: `POST /trpc/p,p,…?batch=1`. */
export async function trpcBatch(
  baseUrl: string,
  procedure: string,
  inputs: readonly unknown[],
  headers: HeaderMap = {},
): Promise<{ response: RawResponse; types: (string | undefined)[] }> {
  const body = Object.fromEntries(inputs.map((input, index) => [String(index), input]));
  const response = await rawRequest(baseUrl, {
    path: `/trpc/${inputs.map(() => procedure).join(',')}?batch=1`,
    body,
    headers,
  });
  const items = response.body as Array<{ error?: { data?: { type?: string } } }>;
  if (!Array.isArray(items)) throw new Error(`not a batch answer: ${JSON.stringify(response.body)}`);
  return { response, types: items.map((item) => item.error?.data?.type) };
}

// --- Parsed tRPC calls ------------------------------------------------------------------------

/** What one tRPC call over HTTP answered: status, data or the Appwrite error type, headers. */
export interface CallResult<T = unknown> {
  status: number;
  data: T;
  /** The Appwrite error type when the call failed. */
  type?: string;
  message?: string;
  headers: Headers;
}

interface TrpcBody {
  result?: { data?: unknown };
  error?: { message?: string; data?: { type?: string } };
}

async function parsed<T>(response: Response): Promise<CallResult<T>> {
  const body = (await response.json()) as TrpcBody;
  return {
    status: response.status,
    data: body.result?.data as T,
    ...(body.error ? { type: body.error.data?.type, message: body.error.message } : {}),
    headers: response.headers,
  };
}

/** tRPC calls on `server`, parsed: `mutate` posts (`trpcPost`), `query` gets (`trpcGet`). */
export function httpCalls(server: TestServer) {
  return {
    mutate: async <T = Record<string, unknown>>(procedure: string, input: unknown, headers: HeaderMap = {}) =>
      parsed<T>(await trpcPost(server.url, procedure, input ?? null, headers)),
    query: async <T = Record<string, unknown>>(procedure: string, input: unknown, headers: HeaderMap = {}) =>
      parsed<T>(await trpcGet(server.url, procedure, input, headers)),
  };
}

type Calls = ReturnType<typeof httpCalls>;

// --- Sessions and cookies ---------------------------------------------------------------------

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

/** The session token a sign-in or an accepted invitation handed out (cookie or fallback header). */
export function sessionTokenOf(headers: Headers): string | undefined {
  for (const cookie of headers.getSetCookie()) {
    const match = /^a_session_[^=]*?(?<!_legacy)=([^;]+)/.exec(cookie);
    if (match?.[1]) return decodeURIComponent(match[1]);
  }
  const fallback = headers.get('x-fallback-cookies');
  if (!fallback) return undefined;
  const values = Object.values(JSON.parse(fallback) as Record<string, string>).filter(Boolean);
  return values[0];
}

export const sessionHeaders = (token: string) => ({ 'x-appwrite-session': token });

// --- Users and invitations --------------------------------------------------------------------

export const uniqueEmail = (prefix = 'u') => `${prefix}-${randomBytes(6).toString('hex')}@example.com`;

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
  headers: HeaderMap = {},
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

/** A user made with an API key (`key`: its headers), with a password and a session of theirs (SSR style). */
export async function userWithSession(
  api: Calls,
  key: HeaderMap,
  password = 'a good password',
  email = uniqueEmail(),
) {
  const created = await api.mutate<{ $id: string }>(
    'users.create',
    { userId: 'unique()', email, password },
    key,
  );
  if (created.status !== 200) throw new Error(`users.create: ${created.status} ${created.type}`);
  const session = await api.mutate<{ secret: string }>(
    'users.createSession',
    { userId: created.data.$id },
    key,
  );
  return {
    id: created.data.$id,
    email,
    password,
    token: session.data.secret,
    headers: sessionHeaders(session.data.secret),
  };
}

/** Who a session token signs in as: the user id, or the error type when it does not. */
export async function whoAmI(api: Calls, token: string): Promise<string | undefined> {
  const me = await api.query<{ $id: string }>('account.get', undefined, sessionHeaders(token));
  return me.status === 200 ? me.data.$id : me.type;
}

/** The accept parameters in the invitation email sent to `email` (newest first). */
export async function acceptParamsFor(server: TestServer, email: string, timeoutMs = 15_000) {
  let mail: CapturedMail | undefined;
  const deadline = Date.now() + timeoutMs;
  while (!(mail = server.mailSink.messages.findLast((message) => message.to.includes(email)))) {
    if (Date.now() > deadline) throw new Error(`no email to ${email}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const link = /(https?:\/\/\S+\?\S*secret=\S+)/.exec(mail.text)?.[1];
  if (!link) throw new Error(`the email to ${email} has no accept link:\n${mail.text}`);
  const query = new URL(link).searchParams;
  const param = (name: string) => query.get(name) ?? '';
  return {
    link,
    teamId: param('teamId'),
    membershipId: param('membershipId'),
    userId: param('userId'),
    secret: param('secret'),
  };
}
