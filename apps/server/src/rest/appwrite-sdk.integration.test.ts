import { randomBytes } from 'node:crypto';
import { type CapturedMail } from '@roster/testkit';
import { createOpenApiDocument } from '@roster/api';
import { generateEvents, generateId } from '@roster/db';
import { createActivityLogConsumer } from '@roster/jobs';
import {
  Account,
  AppwriteException,
  AuthenticationFactor,
  AuthenticatorType,
  Client,
  ID,
  Query,
  Teams,
  Users,
  Webhooks,
} from 'node-appwrite';
import { Secret, TOTP } from 'otpauth';
import { beforeEach, describe, expect, it } from 'vitest';
import { useTestServer } from '../testing/http-server.ts';
import { STORAGE_BUCKET_SDK_METHODS } from './storage-buckets-sdk-methods.ts';
import { USERS_ADMIN_SDK_METHODS } from './users-admin-sdk-methods.ts';

/**
 * Conformance with the official Appwrite server SDK (node-appwrite, pinned): every method of its
 * Teams, Users, Account and Webhooks services that Roster implements, driven over HTTP against the real
 * server, worker, database, Redis and an SMTP listener.
 */
const PROJECT = 'sdk';
const API_KEY = 'sdk-test-bootstrap-key-0123456789abcdef';
const PASSWORD = 'a good password';
const ACCEPT_URL = 'http://localhost:5173/accept';
/** What the SDK returns for an empty 204 (it reads a non-JSON body as `{ message }`). */
const NO_CONTENT = { message: '' };
const server = useTestServer(
  // Webhooks here only point at 127.0.0.1 (nothing is delivered: no event reaches them).
  { ROSTER_API_KEY: API_KEY, ROSTER_PROJECT_ID: PROJECT, ROSTER_WEBHOOK_ALLOWED_HOSTS: '127.0.0.1/32' },
  { mail: true },
);
const limited = useTestServer({
  ROSTER_API_KEY: API_KEY,
  ROSTER_PROJECT_ID: PROJECT,
  ROSTER_INVITE_RATE_LIMIT: '2',
});

/** `teams.create`, … for every SDK method this file calls, recorded by wrapping the services. */
const calledMethods = new Set<string>();
for (const [service, sdkClass] of [
  ['teams', Teams],
  ['users', Users],
  ['account', Account],
  ['webhooks', Webhooks],
] as const) {
  const prototype = sdkClass.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
  for (const method of Object.getOwnPropertyNames(prototype).filter((name) => name !== 'constructor')) {
    const original = prototype[method]!;
    prototype[method] = function (this: unknown, ...args: unknown[]) {
      calledMethods.add(`${service}.${method}`);
      return original.apply(this, args);
    };
  }
}

const uniqueEmail = () => `${randomBytes(6).toString('hex')}@example.com`;
const client = (url = server.url) => new Client().setEndpoint(`${url}/v1`).setProject(PROJECT);
const admin = (url = server.url) => client(url).setKey(API_KEY);

/** A new user and a client signed in as them (a secret from users.createSession, as SSR apps do). */
async function signedInUser(name = 'Someone', url = server.url) {
  const email = uniqueEmail();
  const user = await new Users(admin(url)).create({ userId: ID.unique(), email, password: PASSWORD, name });
  const session = await new Users(admin(url)).createSession({ userId: user.$id });
  expect(session.secret).not.toBe('');
  return { user, email, client: client(url).setSession(session.secret) };
}

async function expectSdkError(call: Promise<unknown>, type: string, code: number) {
  const error = await call.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error, `expected ${type}`).toBeInstanceOf(AppwriteException);
  expect({ type: (error as AppwriteException).type, code: (error as AppwriteException).code }).toEqual({
    type,
    code,
  });
}

/** The accept parameters of the invitation email sent to `email`. */
async function acceptLinkFor(email: string) {
  let mail: CapturedMail | undefined;
  const deadline = Date.now() + 15_000;
  while (!(mail = server.mailSink.messages.find((message) => message.to.includes(email)))) {
    if (Date.now() > deadline) throw new Error(`no email to ${email}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const link = new RegExp(`^(${ACCEPT_URL}\\?\\S+)$`, 'm').exec(mail.text)?.[1];
  expect(link, 'the accept link in the email').toBeDefined();
  const query = new URL(link!).searchParams;
  return {
    mail,
    teamId: query.get('teamId')!,
    membershipId: query.get('membershipId')!,
    userId: query.get('userId')!,
    secret: query.get('secret')!,
  };
}

describe('node-appwrite Teams', () => {
  it('server mode: create, get, list with Query helpers, rename, prefs, delete', async () => {
    const teams = new Teams(admin());
    const prefix = `sdk-${randomBytes(4).toString('hex')}`;
    const created = await teams.create({ teamId: ID.unique(), name: `${prefix} Arsenal` });
    expect(created).toMatchObject({ name: `${prefix} Arsenal`, total: 0, prefs: {} });
    await teams.create({ teamId: `${prefix}-b`, name: `${prefix} Brentford` });
    await teams.create({ teamId: `${prefix}-c`, name: `${prefix} Chelsea` });

    expect(await teams.get({ teamId: created.$id })).toEqual(created);

    const page = await teams.list({
      queries: [Query.startsWith('name', prefix), Query.orderDesc('name'), Query.limit(2)],
    });
    expect(page.total).toBe(3);
    expect(page.teams.map((team) => team.name)).toEqual([`${prefix} Chelsea`, `${prefix} Brentford`]);
    const next = await teams.list({
      queries: [Query.startsWith('name', prefix), Query.orderDesc('name'), Query.cursorAfter(`${prefix}-b`)],
      total: false,
    });
    expect(next).toMatchObject({ total: 0, teams: [{ $id: created.$id }] });
    const searched = await teams.list({ search: `${prefix} Brentford` });
    expect(searched.teams.map((team) => team.$id)).toContain(`${prefix}-b`);
    expect(
      (await teams.list({ queries: [Query.equal('name', [`${prefix} Arsenal`, `${prefix} Chelsea`])] }))
        .total,
    ).toBe(2);

    expect(await teams.updateName({ teamId: created.$id, name: 'Gunners' })).toMatchObject({
      name: 'Gunners',
    });
    const prefs = { colours: ['red', 'white'], founded: 1886, nested: { 'a.b': { $c: true } } };
    expect(await teams.updatePrefs({ teamId: created.$id, prefs })).toEqual(prefs);
    expect(await teams.getPrefs({ teamId: created.$id })).toEqual(prefs);

    expect(await teams.delete({ teamId: created.$id })).toEqual(NO_CONTENT);
    await expectSdkError(teams.get({ teamId: created.$id }), 'team_not_found', 404);
  });

  it('session mode: the full invitation flow, email included, accepted by a guest', async () => {
    const owner = await signedInUser('Olivia Owner');
    const teams = new Teams(owner.client);
    const team = await teams.create({ teamId: ID.unique(), name: 'Analytical Engines' });
    expect(team.total).toBe(1);

    const inviteeEmail = uniqueEmail();
    const invited = await teams.createMembership({
      teamId: team.$id,
      roles: ['editor'],
      email: inviteeEmail,
      url: ACCEPT_URL,
      name: 'Ada',
    });
    expect(invited).toMatchObject({ confirm: false, joined: '', roles: ['editor'], userEmail: inviteeEmail });

    const link = await acceptLinkFor(inviteeEmail);
    expect(link.mail.subject).toBe('Invitation to Analytical Engines Team at Roster Test');
    expect(link).toMatchObject({ teamId: team.$id, membershipId: invited.$id, userId: invited.userId });

    const guest = new Teams(client());
    const accepted = await guest.updateMembershipStatus({
      teamId: link.teamId,
      membershipId: link.membershipId,
      userId: link.userId,
      secret: link.secret,
    });
    expect(accepted).toMatchObject({ $id: invited.$id, confirm: true, userEmail: inviteeEmail });
    expect(accepted.joined).not.toBe('');
    await expectSdkError(guest.updateMembershipStatus(link), 'membership_already_confirmed', 409);

    const members = await teams.listMemberships({
      teamId: team.$id,
      queries: [Query.equal('confirm', [true])],
    });
    expect(members.total).toBe(2);
    expect(members.memberships.map((membership) => membership.userName).sort()).toEqual([
      'Ada',
      'Olivia Owner',
    ]);
    expect((await teams.get({ teamId: team.$id })).total).toBe(2);

    const promoted = await teams.updateMembership({
      teamId: team.$id,
      membershipId: invited.$id,
      roles: ['owner'],
    });
    expect(promoted.roles).toEqual(['owner']);
    expect(await teams.getMembership({ teamId: team.$id, membershipId: invited.$id })).toEqual(promoted);
    const delivery = await fetch(`${server.url}/v1/teams/${team.$id}/memberships/${invited.$id}/delivery`, {
      headers: { 'x-appwrite-key': API_KEY },
    });
    expect(await delivery.json()).toMatchObject({ state: 'sent', attempts: 1 });

    expect(await teams.deleteMembership({ teamId: team.$id, membershipId: invited.$id })).toEqual(NO_CONTENT);
    expect((await teams.get({ teamId: team.$id })).total).toBe(1);
  });

  it('a re-invite sends a new email; the first link is then rejected', async () => {
    const owner = await signedInUser();
    const teams = new Teams(owner.client);
    const team = await teams.create({ teamId: ID.unique(), name: 'Re-invites' });
    const email = uniqueEmail();
    await teams.createMembership({ teamId: team.$id, roles: [], email, url: ACCEPT_URL });
    const first = await acceptLinkFor(email);
    server.mailSink.clear();
    await teams.createMembership({ teamId: team.$id, roles: [], email, url: ACCEPT_URL });
    const second = await acceptLinkFor(email);
    expect(second.secret).not.toBe(first.secret);

    const guest = new Teams(client());
    await expectSdkError(guest.updateMembershipStatus(first), 'team_invalid_secret', 401);
    expect((await guest.updateMembershipStatus(second)).confirm).toBe(true);
  });
});

describe('node-appwrite Users', () => {
  it('create, get, list, rename, email, password, prefs, memberships, sessions, delete', async () => {
    const users = new Users(admin());
    const email = uniqueEmail();
    const user = await users.create({ userId: ID.unique(), email, password: PASSWORD, name: 'Grace' });
    expect(user).toMatchObject({ email, name: 'Grace', status: true, prefs: {} });
    expect(await users.get({ userId: user.$id })).toEqual(user);
    const listed = await users.list({ queries: [Query.equal('email', [email])] });
    expect(listed.users.map((found) => found.$id)).toEqual([user.$id]);
    expect((await users.list({ search: email })).users.map((found) => found.$id)).toContain(user.$id);

    expect(await users.updateName({ userId: user.$id, name: 'Grace Hopper' })).toMatchObject({
      name: 'Grace Hopper',
    });
    const newEmail = uniqueEmail();
    expect(await users.updateEmail({ userId: user.$id, email: newEmail })).toMatchObject({ email: newEmail });
    await users.updatePassword({ userId: user.$id, password: 'another good password' });
    expect(await users.updatePrefs({ userId: user.$id, prefs: { theme: 'dark' } })).toEqual({
      theme: 'dark',
    });
    expect(await users.getPrefs({ userId: user.$id })).toEqual({ theme: 'dark' });

    const team = await new Teams(admin()).create({ teamId: ID.unique(), name: 'For Grace' });
    await new Teams(admin()).createMembership({ teamId: team.$id, roles: ['dev'], userId: user.$id });
    const memberships = await users.listMemberships({ userId: user.$id });
    expect(memberships).toMatchObject({ total: 1, memberships: [{ teamId: team.$id, confirm: true }] });

    const first = await users.createSession({ userId: user.$id });
    const second = await users.createSession({ userId: user.$id });
    expect((await users.listSessions({ userId: user.$id })).total).toBe(2);
    expect(await users.deleteSession({ userId: user.$id, sessionId: first.$id })).toEqual(NO_CONTENT);
    expect((await users.listSessions({ userId: user.$id })).sessions.map((session) => session.$id)).toEqual([
      second.$id,
    ]);
    expect(await users.deleteSessions({ userId: user.$id })).toEqual(NO_CONTENT);
    expect((await users.listSessions({ userId: user.$id })).total).toBe(0);

    expect(await users.delete({ userId: user.$id })).toEqual(NO_CONTENT);
    await expectSdkError(users.get({ userId: user.$id }), 'user_not_found', 404);
  });
});

describe('node-appwrite Account', () => {
  it('create, sign in with email and password, get, update the password, list and delete sessions', async () => {
    const account = new Account(client());
    const email = uniqueEmail();
    const created = await account.create({ userId: ID.unique(), email, password: PASSWORD, name: 'Alan' });
    expect(created).toMatchObject({ email, name: 'Alan' });

    const session = await account.createEmailPasswordSession({ email, password: PASSWORD });
    expect(session).toMatchObject({ userId: created.$id, provider: 'email' });
    await expectSdkError(
      account.createEmailPasswordSession({ email, password: 'a wrong password' }),
      'user_invalid_credentials',
      401,
    );

    const { secret } = await new Users(admin()).createSession({ userId: created.$id });
    const signedIn = new Account(client().setSession(secret));
    // The first signed-in request records the access (`accessedAt`, once a day).
    expect(await signedIn.get()).toEqual({
      ...created,
      accessedAt: expect.stringMatching(/\+00:00$/) as string,
    });
    const sessions = await signedIn.listSessions();
    expect(sessions.total).toBe(2);
    expect(sessions.sessions.filter((listed) => listed.current)).toHaveLength(1);

    expect(await signedIn.deleteSession({ sessionId: session.$id })).toEqual(NO_CONTENT);
    expect((await signedIn.listSessions()).total).toBe(1);
    await expectSdkError(
      signedIn.updatePassword({ password: 'a new password', oldPassword: 'a wrong password' }),
      'user_invalid_credentials',
      401,
    );
    expect(
      await signedIn.updatePassword({ password: 'a new password', oldPassword: PASSWORD }),
    ).toMatchObject({
      $id: created.$id,
    });
    expect(await account.createEmailPasswordSession({ email, password: 'a new password' })).toMatchObject({
      userId: created.$id,
    });
    await expectSdkError(
      signedIn.create({ userId: ID.unique(), email: uniqueEmail(), password: PASSWORD }),
      'user_session_already_exists',
      401,
    );
    expect(await signedIn.deleteSessions()).toEqual(NO_CONTENT);
    await expectSdkError(signedIn.get(), 'general_unauthorized_scope', 401);
  });
});

describe('node-appwrite Account: the profile', () => {
  it('name, email, phone, prefs, identities, then blocking oneself', async () => {
    const { user, client: signedIn } = await signedInUser('Ada');
    const account = new Account(signedIn);
    expect(await account.updateName({ name: 'Countess' })).toMatchObject({ $id: user.$id, name: 'Countess' });

    const newEmail = uniqueEmail().toUpperCase();
    await expectSdkError(
      account.updateEmail({ email: newEmail, password: 'a wrong password' }),
      'user_invalid_credentials',
      401,
    );
    const other = await signedInUser('Other');
    await expectSdkError(
      account.updateEmail({ email: other.email, password: PASSWORD }),
      'user_target_already_exists',
      409,
    );
    expect(await account.updateEmail({ email: newEmail, password: PASSWORD })).toMatchObject({
      email: newEmail.toLowerCase(),
      emailVerification: false,
    });

    const phone = `+1555${String(Date.now()).slice(-7)}`;
    await expectSdkError(
      account.updatePhone({ phone: '12345', password: PASSWORD }),
      'general_argument_invalid',
      400,
    );
    expect(await account.updatePhone({ phone, password: PASSWORD })).toMatchObject({
      phone,
      phoneVerification: false,
    });
    await expectSdkError(
      new Account(other.client).updatePhone({ phone, password: PASSWORD }),
      'user_target_already_exists',
      409,
    );

    expect(await account.getPrefs()).toEqual({});
    expect(await account.updatePrefs({ prefs: { theme: 'dark' } })).toMatchObject({
      prefs: { theme: 'dark' },
    });
    expect(await account.getPrefs()).toEqual({ theme: 'dark' });

    expect(await account.listIdentities()).toEqual({ total: 0, identities: [] });
    const mine = await server.repos.identities.create({
      user: (await server.repos.users.byId(user.$id))!,
      provider: 'oidc',
      providerUid: `sdk-${user.$id}`,
    });
    const theirs = await server.repos.identities.create({
      user: (await server.repos.users.byId(other.user.$id))!,
      provider: 'oidc',
      providerUid: `sdk-${other.user.$id}`,
    });
    const listed = await account.listIdentities({
      queries: [Query.equal('provider', ['oidc']), Query.limit(5)],
    });
    expect(listed.total).toBe(1);
    expect(listed.identities[0]).toMatchObject({ $id: mine!._id, userId: user.$id, provider: 'oidc' });
    await expectSdkError(account.deleteIdentity({ identityId: theirs!._id }), 'user_identity_not_found', 404);
    expect(await account.deleteIdentity({ identityId: mine!._id })).toEqual(NO_CONTENT);
    expect((await account.listIdentities()).total).toBe(0);

    expect(await account.updateStatus()).toMatchObject({ $id: user.$id, status: false });
    await expectSdkError(account.get(), 'user_blocked', 403);
  });
});

describe('node-appwrite tokens', () => {
  it('users.createToken, then account.createSession (and the deprecated updateMagicURLSession) exchange it once', async () => {
    const { user } = await signedInUser('Tok');
    const users = new Users(admin());
    const token = await users.createToken({ userId: user.$id, length: 12, expire: 120 });
    expect(token).toMatchObject({ userId: user.$id, phrase: '' });
    expect(token.secret).toMatch(/^[0-9a-f]{12}$/);
    const session = await new Account(client()).createSession({ userId: user.$id, secret: token.secret });
    expect(session).toMatchObject({ userId: user.$id, provider: 'token', factors: ['token'], current: true });
    // Single use.
    await expectSdkError(
      new Account(client()).createSession({ userId: user.$id, secret: token.secret }),
      'user_invalid_token',
      401,
    );
    const again = await users.createToken({ userId: user.$id });
    expect(again.secret).toMatch(/^[0-9a-f]{6}$/);
    expect(
      await new Account(client()).updateMagicURLSession({ userId: user.$id, secret: again.secret }),
    ).toMatchObject({ userId: user.$id, current: true });
    await expectSdkError(users.createToken({ userId: user.$id, length: 3 }), 'general_argument_invalid', 400);
    await expectSdkError(users.createToken({ userId: 'nobody' }), 'user_not_found', 404);
  });
});

/** The email sent to `email` (by the real worker, through the SMTP listener). */
async function mailTo(email: string) {
  let mail: CapturedMail | undefined;
  const deadline = Date.now() + 15_000;
  while (!(mail = server.mailSink.messages.find((message) => message.to.includes(email)))) {
    if (Date.now() > deadline) throw new Error(`no email to ${email}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return mail;
}

describe('node-appwrite mailed sign-ins', () => {
  const MAGIC_URL = 'http://localhost:5173/magic';

  it('account.createMagicURLToken (English and German), then account.createSession with the link from the email', async () => {
    for (const [locale, subject] of [
      ['en', 'Roster Test Login'],
      ['de', 'Anmeldung bei Roster Test'],
    ] as const) {
      const email = uniqueEmail();
      const account = new Account(client().setLocale(locale));
      const token = await account.createMagicURLToken({
        userId: ID.unique(),
        email,
        url: MAGIC_URL,
        phrase: true,
      });
      expect(token.secret).toBe('');
      expect(token.phrase).toMatch(/^\S+ .+$/);
      const mail = await mailTo(email);
      expect(mail.subject).toBe(subject);
      expect(mail.text).toContain(token.phrase);
      const link = new RegExp(`(${MAGIC_URL}\\?\\S+)`).exec(mail.text)?.[1];
      expect(link, 'the magic link in the email').toBeDefined();
      const query = new URL(link!).searchParams;
      expect(query.get('userId')).toBe(token.userId);
      expect(query.get('project')).toBe(PROJECT);
      expect(query.get('secret')).toMatch(/^[0-9a-f]{64}$/);
      const session = await new Account(client()).createSession({
        userId: query.get('userId')!,
        secret: query.get('secret')!,
      });
      expect(session).toMatchObject({ userId: token.userId, provider: 'magic-url', factors: ['email'] });
      // The email is proven by the click.
      expect(await new Users(admin()).get({ userId: token.userId })).toMatchObject({
        email,
        emailVerification: true,
      });
      // The link works once.
      await expectSdkError(
        new Account(client()).createSession({ userId: token.userId, secret: query.get('secret')! }),
        'user_invalid_token',
        401,
      );
    }
    await expectSdkError(
      new Account(client()).createMagicURLToken({
        userId: ID.unique(),
        email: uniqueEmail(),
        url: 'https://evil.test/',
      }),
      'general_argument_invalid',
      400,
    );
  });

  it('account.createEmailToken (English and Italian), then account.createSession with the code from the email', async () => {
    for (const [locale, subject] of [
      ['en', 'OTP for Roster Test Login'],
      ['it', 'Codice di accesso a Roster Test'],
    ] as const) {
      const { user, email } = await signedInUser(`Otto ${locale}`);
      const token = await new Account(client().setLocale(locale)).createEmailToken({
        userId: ID.unique(),
        email,
      });
      expect(token).toMatchObject({ userId: user.$id, secret: '', phrase: '' });
      const mail = await mailTo(email);
      expect(mail.subject).toBe(subject);
      expect(mail.text).toContain(`Otto ${locale}`);
      const code = /\b(\d{6})\b/.exec(mail.text)?.[1];
      expect(code, 'the code in the email').toBeDefined();
      const session = await new Account(client()).createSession({ userId: user.$id, secret: code! });
      expect(session).toMatchObject({ userId: user.$id, provider: 'token', factors: ['email'] });
    }
  });
});

describe('node-appwrite JWTs', () => {
  it('account.createJWT, then a client with setJWT reads the account until the session is deleted', async () => {
    const { user, client: signedIn } = await signedInUser('Jay');
    const { jwt } = await new Account(signedIn).createJWT();
    expect(jwt.split('.')).toHaveLength(3);
    const byJwt = new Account(client().setJWT(jwt));
    expect(await byJwt.get()).toMatchObject({ $id: user.$id, name: 'Jay' });
    // A JWT has no current session (Appwrite: 404), and cannot be used with a session.
    await expectSdkError(byJwt.createJWT(), 'user_session_not_found', 404);
    await expectSdkError(new Account(signedIn.setJWT(jwt)).get(), 'user_jwt_and_cookie_set', 403);

    await new Users(admin()).deleteSessions({ userId: user.$id });
    await expectSdkError(byJwt.get(), 'general_unauthorized_scope', 401);
    await expectSdkError(new Account(client().setJWT(`${jwt}x`)).get(), 'user_jwt_invalid', 401);
  });

  it('users.createJWT: bound to a session, to the latest (recent), or to none, with a duration', async () => {
    const { user } = await signedInUser();
    const users = new Users(admin());
    const session = await users.createSession({ userId: user.$id });
    const bound = await users.createJWT({ userId: user.$id, sessionId: session.$id, duration: 60 });
    const recent = await users.createJWT({ userId: user.$id, sessionId: 'recent' });
    const unbound = await users.createJWT({ userId: user.$id });
    for (const { jwt } of [bound, recent, unbound]) {
      expect((await new Account(client().setJWT(jwt)).get()).$id).toBe(user.$id);
    }
    await users.deleteSession({ userId: user.$id, sessionId: session.$id });
    await expectSdkError(new Account(client().setJWT(bound.jwt)).get(), 'general_unauthorized_scope', 401);
    await expectSdkError(new Account(client().setJWT(recent.jwt)).get(), 'general_unauthorized_scope', 401);
    // Bound to no session, it lives until it expires (as in Appwrite).
    expect((await new Account(client().setJWT(unbound.jwt)).get()).$id).toBe(user.$id);
    await expectSdkError(users.createJWT({ userId: 'nobody' }), 'user_not_found', 404);
    await expectSdkError(
      users.createJWT({ userId: user.$id, duration: 3601 }),
      'general_argument_invalid',
      400,
    );
  });
});

/** What an authenticator app shows for `secret` now (RFC 6238, computed here with otpauth). */
const totpCode = (secret: string) => new TOTP({ secret: Secret.fromBase32(secret) }).generate();
const step = () => Math.floor(Date.now() / 30_000);
/** Waits for the next 30-second step: a code is single-use, so a second proof needs a new one. */
async function nextStep() {
  const current = step();
  while (step() === current) await new Promise((resolve) => setTimeout(resolve, 100));
}

describe('node-appwrite Account MFA', () => {
  it('TOTP enrolment, MFA on, recovery codes, challenges of a new session, removal', async () => {
    const { user, email, client: enrolling } = await signedInUser('Mfa');
    const account = new Account(enrolling);
    const { secret, uri } = await account.createMFAAuthenticator({ type: AuthenticatorType.Totp });
    expect(secret).toMatch(/^[A-Z2-7]{103}$/);
    expect(uri).toContain(`%3A${encodeURIComponent(email)}?issuer=`);
    expect(uri).toMatch(new RegExp(`&secret=${secret}$`));
    await nextStep();
    const code = totpCode(secret);
    expect(await account.updateMFAAuthenticator({ type: AuthenticatorType.Totp, otp: code })).toMatchObject({
      $id: user.$id,
    });
    expect((await account.updateMFA({ mfa: true })).mfa).toBe(true);
    expect(await account.listMFAFactors()).toEqual({
      totp: true,
      phone: false,
      email: false,
      recoveryCode: false,
    });
    const { recoveryCodes } = await account.createMFARecoveryCodes();
    expect(recoveryCodes).toHaveLength(6);

    // A new session needs its second factor before anything else.
    const second = await new Users(admin()).createSession({ userId: user.$id });
    const restricted = new Account(client().setSession(second.secret));
    await expectSdkError(restricted.get(), 'user_more_factors_required', 401);
    // The code already used cannot be replayed (while its step lasts).
    const replay = await restricted.createMFAChallenge({ factor: AuthenticationFactor.Totp });
    if (step() === Math.floor((Date.now() - 500) / 30_000)) {
      await expectSdkError(
        restricted.updateMFAChallenge({ challengeId: replay.$id, otp: code }),
        'user_invalid_token',
        401,
      );
    }
    // The SDK's `recoverycode` works (normalized), and the code is then gone.
    const byCode = await restricted.createMFAChallenge({ factor: AuthenticationFactor.Recoverycode });
    expect(byCode).toMatchObject({ userId: user.$id });
    const completed = await restricted.updateMFAChallenge({
      challengeId: byCode.$id,
      otp: recoveryCodes[0]!,
    });
    expect(completed).toMatchObject({ $id: second.$id, factors: ['server', 'recoveryCode'] });
    expect(completed.mfaUpdatedAt).not.toBe('');
    expect((await restricted.get()).$id).toBe(user.$id);
    expect((await restricted.getMFARecoveryCodes()).recoveryCodes).toEqual(recoveryCodes.slice(1));
    expect((await restricted.updateMFARecoveryCodes()).recoveryCodes).toHaveLength(6);

    // A third session proves TOTP with the next code, then removes the authenticator.
    const third = await new Users(admin()).createSession({ userId: user.$id });
    const byTotp = new Account(client().setSession(third.secret));
    await nextStep();
    const challenge = await byTotp.createMFAChallenge({ factor: AuthenticationFactor.Totp });
    await byTotp.updateMFAChallenge({ challengeId: challenge.$id, otp: totpCode(secret) });
    expect(await byTotp.deleteMFAAuthenticator({ type: AuthenticatorType.Totp })).toEqual(NO_CONTENT);
    expect((await byTotp.listMFAFactors()).totp).toBe(false);
    await expectSdkError(account.getMFARecoveryCodes(), 'user_challenge_required', 401);
  }, 90_000);
});

describe('node-appwrite errors: AppwriteException type and code for each case of the spec', () => {
  let owner: Awaited<ReturnType<typeof signedInUser>>;
  let teamId: string;
  beforeEach(async () => {
    owner = await signedInUser('Owner');
    teamId = (await new Teams(owner.client).create({ teamId: ID.unique(), name: 'Errors' })).$id;
  });

  it('team, argument, scope and project errors', async () => {
    const teams = new Teams(admin());
    await expectSdkError(teams.get({ teamId: 'missing' }), 'team_not_found', 404);
    await expectSdkError(teams.create({ teamId, name: 'Again' }), 'team_already_exists', 409);
    await expectSdkError(
      teams.create({ teamId: ID.unique(), name: 'x'.repeat(129) }),
      'general_argument_invalid',
      400,
    );
    await expectSdkError(
      teams.list({ queries: ['{"method":"select","values":["name"]}'] }),
      'general_argument_invalid',
      400,
    );
    await expectSdkError(
      teams.list({ queries: [Query.cursorAfter('missing')] }),
      'general_cursor_not_found',
      400,
    );
    await expectSdkError(new Teams(client()).list(), 'general_unauthorized_scope', 401);
    await expectSdkError(
      new Teams(new Client().setEndpoint(`${server.url}/v1`).setProject('other').setKey(API_KEY)).list(),
      'project_not_found',
      404,
    );
  });

  it('membership errors', async () => {
    const teams = new Teams(owner.client);
    await expectSdkError(
      teams.getMembership({ teamId, membershipId: 'missing' }),
      'membership_not_found',
      404,
    );
    await expectSdkError(
      teams.deleteMembership({ teamId, membershipId: 'missing' }),
      'team_invite_not_found',
      404,
    );
    const other = await signedInUser();
    const otherTeam = await new Teams(other.client).create({ teamId: ID.unique(), name: 'Other' });
    const [otherMembership] = (await new Teams(other.client).listMemberships({ teamId: otherTeam.$id }))
      .memberships;
    await expectSdkError(
      new Teams(admin()).getMembership({ teamId, membershipId: otherMembership!.$id }),
      'team_membership_mismatch',
      404,
    );

    const [ownMembership] = (await teams.listMemberships({ teamId })).memberships;
    await expectSdkError(
      teams.deleteMembership({ teamId, membershipId: ownMembership!.$id }),
      'membership_deletion_prohibited',
      400,
    );
    await expectSdkError(
      teams.updateMembership({ teamId, membershipId: ownMembership!.$id, roles: ['member'] }),
      'membership_downgrade_prohibited',
      400,
    );
    await expectSdkError(
      teams.createMembership({ teamId, roles: [], userId: owner.user.$id, url: ACCEPT_URL }),
      'membership_already_confirmed',
      409,
    );
    await expectSdkError(
      teams.createMembership({ teamId, roles: [], userId: 'missing', url: ACCEPT_URL }),
      'user_not_found',
      404,
    );
  });

  it('invitation errors: non-owner invites, wrong secret, the wrong user', async () => {
    const teams = new Teams(owner.client);
    const member = await signedInUser('Member');
    const membership = await new Teams(admin()).createMembership({
      teamId,
      roles: [],
      userId: member.user.$id,
    });
    expect(membership.confirm).toBe(true);
    await expectSdkError(
      new Teams(member.client).createMembership({ teamId, roles: [], email: uniqueEmail(), url: ACCEPT_URL }),
      'user_unauthorized',
      401,
    );

    const email = uniqueEmail();
    await teams.createMembership({ teamId, roles: [], email, url: ACCEPT_URL });
    const link = await acceptLinkFor(email);
    await expectSdkError(
      new Teams(client()).updateMembershipStatus({ ...link, secret: 'wrong' }),
      'team_invalid_secret',
      401,
    );
    await expectSdkError(new Teams(member.client).updateMembershipStatus(link), 'team_invite_mismatch', 401);
    await expectSdkError(new Teams(admin()).updateMembershipStatus(link), 'general_unauthorized_scope', 401);
  });

  it('user errors', async () => {
    const users = new Users(admin());
    await expectSdkError(users.get({ userId: 'missing' }), 'user_not_found', 404);
    await expectSdkError(
      users.create({ userId: ID.unique(), email: owner.email }),
      'user_already_exists',
      409,
    );
    const other = await users.create({ userId: ID.unique(), email: uniqueEmail() });
    await expectSdkError(
      users.updateEmail({ userId: other.$id, email: owner.email }),
      'user_email_already_exists',
      409,
    );
  });

  it('invitations by sessions are rate-limited: 429 general_rate_limit_exceeded', async () => {
    const limitedOwner = await signedInUser('Limited', limited.url);
    const teams = new Teams(limitedOwner.client);
    const team = await teams.create({ teamId: ID.unique(), name: 'Limited' });
    const invite = () =>
      teams.createMembership({ teamId: team.$id, roles: [], email: uniqueEmail(), url: ACCEPT_URL });
    await invite();
    await invite();
    await expectSdkError(invite(), 'general_rate_limit_exceeded', 429);
  });
});

describe('Webhooks service', () => {
  it('creates, lists, gets, updates, rotates and deletes a webhook; the secret only on create and rotate', async () => {
    const webhooks = new Webhooks(admin());
    const created = await webhooks.create({
      webhookId: ID.unique(),
      url: 'http://127.0.0.1:9/hooks',
      name: 'SDK hook',
      events: ['teams.*', 'teams.*.memberships.*.update.status'],
      authUsername: 'u',
      authPassword: 'sdk-password',
    });
    expect(created).toMatchObject({
      name: 'SDK hook',
      tls: true,
      enabled: true,
      attempts: 0,
      authPassword: '',
    });
    expect(created.secret).toMatch(/^[0-9a-f]{128}$/);
    await expectSdkError(
      webhooks.create({ webhookId: created.$id, url: 'http://127.0.0.1:9/', name: 'x', events: ['teams.*'] }),
      'webhook_already_exists',
      409,
    );
    const listed = await webhooks.list({ queries: [Query.equal('name', 'SDK hook')] });
    expect(listed.webhooks.map((webhook) => webhook.$id)).toContain(created.$id);
    const got = await webhooks.get({ webhookId: created.$id });
    expect(got.secret).toBeUndefined();
    const updated = await webhooks.update({
      webhookId: created.$id,
      name: 'Renamed',
      url: 'http://127.0.0.1:9/other',
      events: ['users.*'],
      enabled: false,
    });
    expect(updated).toMatchObject({ name: 'Renamed', enabled: false, authUsername: '' });
    const rotated = await webhooks.updateSecret({ webhookId: created.$id, secret: 'a-new-signing-secret' });
    expect(rotated.secret).toBe('a-new-signing-secret');
    await expectSdkError(
      webhooks.create({ webhookId: ID.unique(), url: 'http://10.0.0.1/', name: 'x', events: ['teams.*'] }),
      'general_argument_invalid',
      400,
    );
    expect(await webhooks.delete({ webhookId: created.$id })).toEqual(NO_CONTENT);
    await expectSdkError(webhooks.get({ webhookId: created.$id }), 'webhook_not_found', 404);
  });
});

describe('node-appwrite activity logs', () => {
  it('users.listLogs and account.listLogs: Appwrite’s LogList, paged by Query.limit / Query.offset', async () => {
    const { user, email, client: signedIn } = await signedInUser('Logger');
    const agent = 'Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0';
    // What the stream delivers for two changes the user made.
    for (const teamId of ['sdk-log-a', 'sdk-log-b']) {
      const template = 'teams.[teamId].create';
      await createActivityLogConsumer({ activityLogs: server.repos.activityLogs }).consume([
        {
          id: generateId(),
          template,
          params: { teamId },
          names: generateEvents(template, { teamId }),
          payload: {},
          resource: `team/${teamId}`,
          sequence: 1,
          actor: {
            type: 'user',
            userId: user.$id,
            userName: 'Logger',
            userEmail: email,
            ip: '127.0.0.1',
            userAgent: agent,
          },
          createdAt: new Date(),
        },
      ]);
    }
    const logs = await new Users(admin()).listLogs({ userId: user.$id, queries: [Query.limit(1)] });
    expect(logs.total).toBe(2);
    expect(logs.logs).toHaveLength(1);
    expect(logs.logs[0]).toMatchObject({
      event: 'team.create',
      userId: user.$id,
      userEmail: email,
      userType: 'user',
      osName: 'GNU/Linux',
      clientName: 'Firefox',
      countryCode: '--',
      countryName: 'Unknown',
    });
    const mine = await new Account(signedIn).listLogs({ queries: [Query.offset(1)], total: false });
    expect(mine).toMatchObject({ total: 0, logs: [{ event: 'team.create' }] });
    await expectSdkError(
      new Account(signedIn).listLogs({ queries: [Query.cursorAfter('x')] }),
      'general_argument_invalid',
      400,
    );
  });
});

/** The `userId` and `secret` of the last email's link to `email` (the mail worker runs in-process). */
async function mailedLink(email: string, count: number) {
  const deadline = Date.now() + 15_000;
  let mails = server.mailSink.messages.filter((message) => message.to.includes(email));
  while (mails.length < count) {
    if (Date.now() > deadline) throw new Error(`no email to ${email}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    mails = server.mailSink.messages.filter((message) => message.to.includes(email));
  }
  const link = /(http:\/\/localhost:5173\/confirm\S+)/.exec(mails.at(-1)!.text)![1]!;
  const query = new URL(link).searchParams;
  return { userId: query.get('userId')!, secret: query.get('secret')! };
}

describe('node-appwrite verification and recovery', () => {
  const CONFIRM_URL = 'http://localhost:5173/confirm';

  it('account.createVerification / createEmailVerification, then updateVerification / updateEmailVerification', async () => {
    const { user, client: signedIn } = await signedInUser('Vera');
    const account = new Account(signedIn);
    const token = await account.createVerification({ url: CONFIRM_URL });
    expect(token).toMatchObject({ userId: user.$id, secret: '', phrase: '' });
    const first = await mailedLink(user.email, 1);
    const again = await account.createEmailVerification({ url: CONFIRM_URL });
    expect(again.$id).not.toBe(token.$id);
    const second = await mailedLink(user.email, 2);
    // Confirmed from anywhere: a client without a session.
    const used = await new Account(client()).updateVerification(first);
    expect(used).toMatchObject({ $id: token.$id, userId: user.$id, secret: '' });
    expect((await account.get()).emailVerification).toBe(true);
    await expectSdkError(new Account(client()).updateEmailVerification(first), 'user_invalid_token', 401);
    await new Account(client()).updateEmailVerification(second);
    await expectSdkError(
      account.createEmailVerification({ url: CONFIRM_URL }),
      'user_email_already_verified',
      409,
    );
    await expectSdkError(
      account.createVerification({ url: 'https://elsewhere.test/x' }),
      'general_argument_invalid',
      400,
    );
  });

  it('account.createRecovery, then updateRecovery sets the password once and ends the sessions', async () => {
    const { user, client: signedIn } = await signedInUser('Rex');
    const guest = new Account(client());
    const token = await guest.createRecovery({ email: user.email, url: CONFIRM_URL });
    expect(token).toMatchObject({ userId: user.$id, secret: '' });
    const link = await mailedLink(user.email, 1);
    const used = await guest.updateRecovery({ ...link, password: 'a newer password' });
    expect(used.$id).toBe(token.$id);
    await expectSdkError(new Account(signedIn).get(), 'general_unauthorized_scope', 401);
    const session = await guest.createEmailPasswordSession({
      email: user.email,
      password: 'a newer password',
    });
    expect(session.userId).toBe(user.$id);
    await expectSdkError(
      guest.updateRecovery({ ...link, password: 'another one!' }),
      'user_invalid_token',
      401,
    );
    await expectSdkError(
      guest.createRecovery({ email: uniqueEmail(), url: CONFIRM_URL }),
      'user_not_found',
      404,
    );
  });
});

describe('coverage of the SDK', () => {
  it('every SDK method of a route Roster implements was called above', () => {
    const operationIds = Object.values(createOpenApiDocument().paths ?? {}).flatMap((operations) =>
      Object.values(operations as Record<string, { operationId: string }>).map(
        ({ operationId }) => operationId,
      ),
    );
    // `teamsCreate` → `teams.create`; the delivery, delivery-log and replay routes are Roster's own, and
    // team logs are only in Appwrite's console SDK: none has a method here.
    const rosterOnly = [
      'accountGetJWKS',
      // Appwrite's older path of createMagicURLToken: no SDK method of its own.
      'accountCreateMagicURLSession',
      'teamsGetMembershipDelivery',
      // Bulk invitations and custom delivery (docs/invitations.md).
      'teamsCreateMemberships',
      'teamsCreateMembershipLink',
      'teamsListLogs',
      'webhooksListDeliveries',
      'webhooksReplayDelivery',
      'webhooksReplay',
      // Appwrite's older MFA challenge paths: no SDK method of their own.
      'accountCreateChallenge',
      'accountUpdateChallenge',
      // The provider's return to Roster (no SDK method) and the list of configured providers (Roster's).
      'accountOauth2Callback',
      'accountListOAuth2Providers',
      // Invitation preview, accept with a password, states and the invitee's inbox (docs/invitations.md).
      'teamsPreviewMembership',
      'teamsUpdateMembershipStatusWithPassword',
      'teamsListInvitations',
      'accountListInvitations',
      'accountAcceptInvitation',
      'accountDeclineInvitation',
      // Join links (docs/api.md#join-links): Roster's own, no SDK method.
      'joinLinksCreate',
      'joinLinksList',
      'joinLinksRevoke',
      'joinLinksJoin',
      'joinLinksPreview',
      // Ownership transfers (docs/api.md#ownership-transfers).
      'teamsCreateOwnershipTransfer',
      'teamsListOwnershipTransfers',
      'teamsAcceptOwnershipTransfer',
      'teamsDeclineOwnershipTransfer',
      'teamsDeleteOwnershipTransfer',
      // Roles and permissions (docs/api.md#roles-and-permissions).
      'teamsListRoles',
      'teamsCreateRole',
      'teamsUpdateRole',
      'teamsDeleteRole',
      'teamsCheckPermission',
    ];
    // The password-hash imports have a file of their own (appwrite-sdk-hashes.integration.test.ts).
    const hashImports = [
      'usersCreateArgon2User',
      'usersCreateBcryptUser',
      'usersCreateMD5User',
      'usersCreatePHPassUser',
      'usersCreateSHAUser',
      'usersCreateScryptUser',
      'usersCreateScryptModifiedUser',
    ];
    // OAuth2 sign-in is browser redirects, driven in oauth2/oauth2-sign-in.integration.test.ts (with
    // node-appwrite's listIdentities and deleteIdentity) and the demo's browser test.
    const oauth2 = [
      'usersListIdentities',
      'usersDeleteIdentity',
      'accountCreateOAuth2Session',
      'accountCreateOAuth2Token',
    ];
    const sdkMethods = operationIds
      .filter((id) => ![...rosterOnly, ...hashImports, ...oauth2].includes(id))
      .map((id) =>
        id.replace(
          /^(teams|users|account|webhooks|storage)(\w)/,
          (_, service: string, first: string) => `${service}.${first.toLowerCase()}`,
        ),
      );
    expect(sdkMethods).toHaveLength(89);
    // The Users administration methods are driven by users-admin-sdk.integration.test.ts, the Storage
    // bucket methods by storage-buckets-sdk.integration.test.ts.
    const elsewhere = new Set([...USERS_ADMIN_SDK_METHODS, ...STORAGE_BUCKET_SDK_METHODS]);
    expect(sdkMethods.filter((method) => !calledMethods.has(method) && !elsewhere.has(method))).toEqual([]);
  });
});
