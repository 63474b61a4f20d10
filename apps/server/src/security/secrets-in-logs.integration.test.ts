import { randomBytes } from 'node:crypto';
import { createApiKey } from '@roster/api';
import { deriveInvitationSecret } from '@roster/db';
import { type CapturedMail } from '@roster/testkit';
import { describe, expect, it } from 'vitest';
import { TEST_SECRET_KEY, useTestServer } from '../testing/http-server.ts';
import {
  cookieHeader,
  cookieValue,
  rest,
  signIn,
  signUp,
  trpcGet,
  trpcPost,
  uniqueEmail,
} from '../testing/http-client.ts';

/**
 * Review finding 3 (HIGH): the full session token was written to the logs (the
 * `X-Fallback-Cookies` response header), and query strings (tRPC's `input=…`) were logged as
 * sent. Every flow that handles a credential runs here over real HTTP, with the server and the
 * mail worker logging at `trace`, and no credential may appear anywhere in what they wrote.
 */
const lines: string[] = [];
const capture = { write: (line: string) => void lines.push(line) };
const API_KEY = `bootstrap-${randomBytes(24).toString('hex')}`;
const ACCEPT_URL = 'http://localhost:5173/accept';
const server = useTestServer({ ROSTER_API_KEY: API_KEY }, { mail: true, logTo: capture });

/** Every credential the flows below handle; none may be logged. */
const secrets = new Map<string, string>();
function remember(what: string, value: string | undefined | null) {
  expect(value, what).toBeTruthy();
  secrets.set(what, value!);
  if (/^[A-Za-z0-9+/]+=*$/.test(value!) && value!.length > 40) {
    // A session token is base64 JSON around the session secret: the secret alone must not leak either.
    try {
      const { secret } = JSON.parse(Buffer.from(value!, 'base64').toString('utf8')) as { secret?: string };
      if (secret) secrets.set(`${what} (its secret)`, secret);
    } catch {
      // not a session token
    }
  }
}

const json = async <T>(response: Response) => (await response.json()) as T;
type Result<T> = { result: { data: T } };

async function mailTo(email: string): Promise<CapturedMail> {
  const deadline = Date.now() + 15_000;
  let mail: CapturedMail | undefined;
  while (!(mail = server.mailSink.messages.find((message) => message.to.includes(email)))) {
    if (Date.now() > deadline) throw new Error(`no email to ${email}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return mail;
}

/** The invitation secret of a membership, as the mail worker derives it for the link. */
async function invitationSecretOf(membershipId: string): Promise<string> {
  const membership = await server.repos.memberships.byId(membershipId);
  return deriveInvitationSecret(TEST_SECRET_KEY, membershipId, membership!.delivery!.secretVersion);
}

describe('finding 3: no secret in the logs', () => {
  it('sign-up, sign-in, sessions, invitations, API keys and failures log no credential at trace', async () => {
    const url = server.url;

    // Sign-up, over both adapters.
    const ownerEmail = uniqueEmail('owner');
    const ownerPassword = `owner-password-${randomBytes(8).toString('hex')}`;
    remember('owner password', ownerPassword);
    await signUp(url, ownerEmail, ownerPassword);
    const restPassword = `rest-password-${randomBytes(8).toString('hex')}`;
    remember('REST sign-up password', restPassword);
    const restEmail = uniqueEmail('rest');
    expect(
      (await rest(url, 'POST', '/account', { userId: 'unique()', email: restEmail, password: restPassword }))
        .status,
    ).toBe(201);

    // Sign-in without an Origin: the token also comes back in X-Fallback-Cookies.
    const bare = await signIn(url, ownerEmail, ownerPassword);
    remember('sign-in token (cookie)', bare.token);
    const fallback = bare.response.headers.get('x-fallback-cookies');
    remember('sign-in X-Fallback-Cookies', fallback);
    // With an Origin of this very server: cookies only.
    const sameOrigin = await signIn(url, ownerEmail, ownerPassword, { origin: url });
    remember('same-origin sign-in token', sameOrigin.token);
    // Over REST.
    const restSignIn = await rest(url, 'POST', '/account/sessions/email', {
      email: restEmail,
      password: restPassword,
    });
    expect(restSignIn.status).toBe(201);
    remember('REST sign-in token', cookieValue(restSignIn.headers.getSetCookie(), 'a_session_default'));

    // The session in each transport: cookie, _legacy cookie, header, fallback header.
    const token = bare.token;
    const transports: Record<string, string>[] = [
      { cookie: cookieHeader(bare.setCookies) },
      { cookie: `a_session_default_legacy=${token}` },
      { 'x-appwrite-session': token },
      { 'x-fallback-cookies': fallback! },
    ];
    for (const headers of transports) {
      expect((await trpcGet(url, 'account.get', undefined, headers)).status).toBe(200);
    }
    expect(
      (await rest(url, 'GET', '/account', undefined, { 'x-appwrite-session': sameOrigin.token })).status,
    ).toBe(200);

    // Credential headers the API does not use are not logged either.
    const bearer = randomBytes(24).toString('hex');
    const proxyAuth = randomBytes(24).toString('hex');
    const jwt = `eyJ${randomBytes(24).toString('hex')}`;
    remember('Authorization', bearer);
    remember('Proxy-Authorization', proxyAuth);
    remember('X-Appwrite-JWT', jwt);
    await trpcGet(url, 'account.get', undefined, {
      Authorization: `Bearer ${bearer}`,
      'Proxy-Authorization': `Basic ${proxyAuth}`,
      'X-Appwrite-JWT': jwt,
    });

    // Query strings: tRPC's input=… and parameters like secret=, token=, code=.
    const inQuery = randomBytes(16).toString('hex');
    remember('a secret in a query string', inQuery);
    await trpcGet(url, 'users.list', { search: inQuery }, { 'x-appwrite-key': API_KEY });
    await rest(url, 'GET', `/account?secret=${inQuery}&token=${inQuery}&code=${inQuery}`, undefined, {
      'x-appwrite-session': token,
    });

    // Invitations: the owner invites (tRPC and REST), the invitees accept as guests.
    const session = { 'x-appwrite-session': token };
    const team = await json<Result<{ $id: string }>>(
      await trpcPost(url, 'teams.create', { teamId: 'unique()', name: 'Logs' }, session),
    );
    const teamId = team.result.data.$id;
    const inviteeEmail = uniqueEmail('invitee');
    const invited = await trpcPost(
      url,
      'teams.createMembership',
      { teamId, email: inviteeEmail, roles: ['member'], url: ACCEPT_URL },
      session,
    );
    expect(invited.status, await invited.clone().text()).toBe(200);
    const membership = (await json<Result<{ $id: string; userId: string }>>(invited)).result.data;
    const invitationSecret = await invitationSecretOf(membership.$id);
    remember('invitation secret', invitationSecret);
    expect((await mailTo(inviteeEmail)).text).toContain(invitationSecret);
    const accepted = await trpcPost(url, 'teams.updateMembershipStatus', {
      teamId,
      membershipId: membership.$id,
      userId: membership.userId,
      secret: invitationSecret,
    });
    expect(accepted.status, await accepted.clone().text()).toBe(200);
    remember('accept token', cookieValue(accepted.headers.getSetCookie(), 'a_session_default'));
    remember('accept X-Fallback-Cookies', accepted.headers.get('x-fallback-cookies'));

    const restInviteeEmail = uniqueEmail('rest-invitee');
    const restInvited = await rest(
      url,
      'POST',
      `/teams/${teamId}/memberships`,
      { email: restInviteeEmail, roles: [], url: ACCEPT_URL },
      session,
    );
    expect(restInvited.status).toBe(201);
    const restMembership = await json<{ $id: string; userId: string }>(restInvited);
    const restSecret = await invitationSecretOf(restMembership.$id);
    remember('REST invitation secret', restSecret);
    await mailTo(restInviteeEmail);
    const restAccepted = await rest(
      url,
      'PATCH',
      `/teams/${teamId}/memberships/${restMembership.$id}/status`,
      {
        userId: restMembership.userId,
        secret: restSecret,
      },
    );
    expect(restAccepted.status).toBe(200);
    const inviteeToken = cookieValue(restAccepted.headers.getSetCookie(), 'a_session_default');
    remember('REST accept token', inviteeToken);
    // The invitee sets a first password.
    const inviteePassword = `invitee-password-${randomBytes(8).toString('hex')}`;
    remember('invitee password', inviteePassword);
    expect(
      (
        await rest(
          url,
          'PATCH',
          '/account/password',
          { password: inviteePassword },
          { 'x-appwrite-session': inviteeToken! },
        )
      ).status,
    ).toBe(200);

    // API keys: the bootstrap key and a stored one; a session made for SSR.
    remember('bootstrap API key', API_KEY);
    const { key } = await createApiKey(server.repos, {
      name: 'logs',
      scopes: ['users.read', 'users.write'],
    });
    remember('stored API key', key);
    const userPassword = `user-password-${randomBytes(8).toString('hex')}`;
    remember('users.create password', userPassword);
    const created = await trpcPost(
      url,
      'users.create',
      { userId: 'unique()', email: uniqueEmail('server'), password: userPassword },
      { 'x-appwrite-key': key },
    );
    expect(created.status).toBe(200);
    const userId = (await json<Result<{ $id: string }>>(created)).result.data.$id;
    const ssr = await rest(url, 'POST', `/users/${userId}/sessions`, {}, { 'x-appwrite-key': API_KEY });
    expect(ssr.status).toBe(201);
    const ssrToken = (await json<{ secret: string }>(ssr)).secret;
    remember('users.createSession secret', ssrToken);
    expect((await rest(url, 'GET', '/account', undefined, { 'x-appwrite-session': ssrToken })).status).toBe(
      200,
    );
    expect((await rest(url, 'GET', '/users', undefined, { 'x-appwrite-key': key })).status).toBe(200);

    // Failing calls: wrong passwords (both adapters), a body that does not parse, a bad key.
    const wrongPassword = `wrong-password-${randomBytes(8).toString('hex')}`;
    remember('wrong password', wrongPassword);
    expect(
      (
        await trpcPost(url, 'account.createEmailPasswordSession', {
          email: ownerEmail,
          password: wrongPassword,
        })
      ).status,
    ).toBe(401);
    expect(
      (await rest(url, 'POST', '/account/sessions/email', { email: ownerEmail, password: wrongPassword }))
        .status,
    ).toBe(401);
    const unparsable = await fetch(`${url}/trpc/account.createEmailPasswordSession`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: `{"email":"${ownerEmail}","password":"${wrongPassword}"`,
    });
    expect(unparsable.status).toBe(400);
    const badKey = `bad-key-${randomBytes(16).toString('hex')}`;
    remember('an unknown API key', badKey);
    expect((await rest(url, 'GET', '/users', undefined, { 'x-appwrite-key': badKey })).status).toBe(401);

    // Sign-out.
    expect(
      (await rest(url, 'DELETE', '/account/sessions/current', undefined, { 'x-appwrite-session': token }))
        .status,
    ).toBe(204);

    await expectNoCredentialLogged();
    expect(lines.join('')).toContain('invitation email sent');
  });

  it('magic URLs, email codes, recovery, verification and JWTs log no credential at trace', async () => {
    const url = server.url;
    const email = uniqueEmail('mailed');
    const password = `mailed-password-${randomBytes(8).toString('hex')}`;
    remember('mailed user password', password);
    const userId = await signUp(url, email, password);

    // Email verification first (a magic URL verifies the address).
    const first = await signIn(url, email, password);
    remember('first session token', first.token);
    const session = { 'x-appwrite-session': first.token };
    expect(
      (
        await rest(
          url,
          'POST',
          '/account/verifications/email',
          { url: 'http://localhost:5173/verify' },
          session,
        )
      ).status,
    ).toBe(201);
    const verificationSecret = secretInLink(await nextMailTo(email));
    remember('verification secret', verificationSecret);
    expect(
      (
        await rest(
          url,
          'PUT',
          '/account/verifications/email',
          { userId, secret: verificationSecret },
          session,
        )
      ).status,
    ).toBe(200);
    // A magic URL, exchanged for a session.
    const magic = await rest(url, 'POST', '/account/tokens/magic-url', {
      userId: 'unique()',
      email,
      url: 'http://localhost:5173/magic',
    });
    expect(magic.status).toBe(201);
    const magicSecret = secretInLink(await nextMailTo(email));
    remember('magic URL secret', magicSecret);
    expect((await json<{ userId: string }>(magic)).userId).toBe(userId);
    const magicSession = await rest(url, 'POST', '/account/sessions/token', { userId, secret: magicSecret });
    expect(magicSession.status).toBe(201);
    const token = cookieValue(magicSession.headers.getSetCookie(), 'a_session_default');
    remember('magic URL session token', token);

    // An email code, exchanged too.
    expect((await rest(url, 'POST', '/account/tokens/email', { userId: 'unique()', email })).status).toBe(
      201,
    );
    const code = /\b(\d{6})\b/.exec((await nextMailTo(email)).text)?.[1];
    remember('email code', code);
    expect((await rest(url, 'POST', '/account/sessions/token', { userId, secret: code })).status).toBe(201);

    // Password recovery, completed.
    expect(
      (await rest(url, 'POST', '/account/recovery', { email, url: 'http://localhost:5173/reset' })).status,
    ).toBe(201);
    const recoverySecret = secretInLink(await nextMailTo(email));
    remember('recovery secret', recoverySecret);
    const newPassword = `recovered-password-${randomBytes(8).toString('hex')}`;
    remember('recovered password', newPassword);
    expect(
      (await rest(url, 'PUT', '/account/recovery', { userId, secret: recoverySecret, password: newPassword }))
        .status,
    ).toBe(200);

    // A JWT of a fresh session, used once.
    const signedIn = await signIn(url, email, newPassword);
    remember('session after recovery', signedIn.token);
    const created = await rest(url, 'POST', '/account/jwts', {}, { 'x-appwrite-session': signedIn.token });
    expect(created.status).toBe(201);
    const { jwt } = await json<{ jwt: string }>(created);
    remember('JWT', jwt);
    expect((await rest(url, 'GET', '/account', undefined, { 'x-appwrite-jwt': jwt })).status).toBe(200);

    // A join link: made by an owner, joined by this user.
    const owner = await signIn(url, email, newPassword);
    const ownerSession = { 'x-appwrite-session': owner.token };
    const team = await rest(url, 'POST', '/teams', { teamId: 'unique()', name: 'Joinable' }, ownerSession);
    const teamId = (await json<{ $id: string }>(team)).$id;
    const joinerEmail = uniqueEmail('joiner');
    const joinerPassword = `joiner-password-${randomBytes(8).toString('hex')}`;
    remember('joiner password', joinerPassword);
    await signUp(url, joinerEmail, joinerPassword);
    const joiner = await signIn(url, joinerEmail, joinerPassword);
    remember('joiner session', joiner.token);
    const link = await rest(
      url,
      'POST',
      `/teams/${teamId}/join-links`,
      { roles: ['viewer'], url: 'http://localhost:5173/join' },
      ownerSession,
    );
    expect(link.status).toBe(201);
    const params = new URL((await json<{ url: string }>(link)).url).searchParams;
    remember('join-link secret', params.get('secret'));
    const joined = await rest(
      url,
      'POST',
      `/join-links/${params.get('linkId')}/memberships`,
      { secret: params.get('secret') },
      { 'x-appwrite-session': joiner.token },
    );
    expect(joined.status).toBe(201);

    await expectNoCredentialLogged();
  });
});

const seenMails = new Set<CapturedMail>();
/** The next email to `email` that an earlier step has not read. */
async function nextMailTo(email: string): Promise<CapturedMail> {
  const deadline = Date.now() + 15_000;
  let mail: CapturedMail | undefined;
  while (
    !(mail = server.mailSink.messages.find(
      (message) => message.to.includes(email) && !seenMails.has(message),
    ))
  ) {
    if (Date.now() > deadline) throw new Error(`no new email to ${email}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  seenMails.add(mail);
  return mail;
}

function secretInLink(mail: CapturedMail): string {
  const secret = /[?&]secret=([^&\s"<]+)/.exec(mail.text)?.[1];
  expect(secret, mail.text).toBeTruthy();
  return decodeURIComponent(secret!);
}

async function expectNoCredentialLogged() {
  // pino-http writes its line when the response has finished; let the last ones land.
  await new Promise((resolve) => setTimeout(resolve, 300));
  const output = lines.join('');
  expect(lines.length).toBeGreaterThan(20);
  expect(output).toContain('"x-request-id"');
  const leaked = [...secrets]
    .filter(([, value]) => output.includes(value) || output.includes(encodeURIComponent(value)))
    .map(([what]) => what);
  expect(leaked, 'credentials found in the logs').toEqual([]);
}
