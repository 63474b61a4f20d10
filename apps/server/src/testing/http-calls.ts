import { randomBytes } from 'node:crypto';
import { type CapturedMail } from '@roster/testkit';
import { type TestServer } from './http-server.ts';

/** What one tRPC call over HTTP answered: status, data or the Appwrite error type, headers. */
export interface CallResult<T = unknown> {
  status: number;
  data: T;
  /** The Appwrite error type when the call failed. */
  type?: string;
  message?: string;
  headers: Headers;
}

type Headers_ = Record<string, string>;

interface TrpcBody {
  result?: { data?: unknown };
  error?: { message?: string; data?: { type?: string } };
}

/**
 * tRPC calls over real HTTP, as an attacker or a plain client makes them: a mutation is
 * `POST /trpc/<procedure>` with the input as the JSON body, a query `GET ?input=`.
 */
export function httpCalls(server: TestServer) {
  async function send<T>(response: Response): Promise<CallResult<T>> {
    const body = (await response.json()) as TrpcBody;
    return {
      status: response.status,
      data: body.result?.data as T,
      ...(body.error ? { type: body.error.data?.type, message: body.error.message } : {}),
      headers: response.headers,
    };
  }
  return {
    async mutate<T = Record<string, unknown>>(procedure: string, input: unknown, headers: Headers_ = {}) {
      const response = await fetch(`${server.url}/trpc/${procedure}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(input ?? null),
      });
      return send<T>(response);
    },
    async query<T = Record<string, unknown>>(procedure: string, input: unknown, headers: Headers_ = {}) {
      const search = input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`;
      const response = await fetch(`${server.url}/trpc/${procedure}${search}`, { headers });
      return send<T>(response);
    },
  };
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

export const uniqueEmail = (prefix = 'u') => `${prefix}-${randomBytes(6).toString('hex')}@example.com`;

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

type Calls = ReturnType<typeof httpCalls>;

export const sessionHeaders = (token: string) => ({ 'x-appwrite-session': token });

/** A user made with an API key (`key`: its headers), with a password and a session of theirs (SSR style). */
export async function userWithSession(
  api: Calls,
  key: Headers_,
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
