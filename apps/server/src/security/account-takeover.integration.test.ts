import { describe, expect, it } from 'vitest';
import {
  acceptParamsFor,
  httpCalls,
  sessionTokenOf,
  uniqueEmail,
  userWithSession as createUser,
  whoAmI as tokenOwner,
} from '../testing/http-client.ts';
import { useTestServer } from '../testing/http-server.ts';

/**
 * Taking over accounts: credentials someone else set on an account before its owner proved the
 * address, and sessions that outlive a password change. Over real HTTP, worker and SMTP listener.
 */
const API_KEY = 'takeover-test-bootstrap-key-0123456789abcdef';
const KEY = { 'x-appwrite-key': API_KEY };
const ACCEPT_URL = 'https://app.example.com/accept';
const server = useTestServer(
  { ROSTER_API_KEY: API_KEY, ROSTER_REDIRECT_HOSTS: 'app.example.com' },
  { mail: true },
);
const api = httpCalls(server);
const as = (token: string) => ({ 'x-appwrite-session': token });

const userWithSession = (password?: string) => createUser(api, KEY, password);

async function signIn(email: string, password: string) {
  const response = await api.mutate('account.createEmailPasswordSession', { email, password });
  return { ...response, token: sessionTokenOf(response.headers) };
}

const whoAmI = (token: string) => tokenOwner(api, token);

describe('pre-registered account takeover through an invitation (review finding 1)', () => {
  it("accepting the invitation of a never-verified account ends the squatter's password and sessions", async () => {
    const owner = await userWithSession();
    const team = await api.mutate<{ $id: string }>(
      'teams.create',
      { teamId: 'unique()', name: 'Corp' },
      as(owner.token),
    );

    // 1. The attacker signs up with Alice's address before she ever uses Roster, and signs in twice.
    const alice = uniqueEmail('alice');
    const squatted = await api.mutate<{ $id: string }>('account.create', {
      userId: 'unique()',
      email: alice,
      password: 'attacker-pass',
    });
    expect(squatted.status).toBe(200);
    const attacker1 = await signIn(alice, 'attacker-pass');
    const attacker2 = await signIn(alice, 'attacker-pass');
    expect(attacker1.status).toBe(200);
    expect(await whoAmI(attacker1.token!)).toBe(squatted.data.$id);

    // 2. Corp's owner invites alice@ as an owner; 3. Alice clicks the real link from her email.
    const invited = await api.mutate(
      'teams.createMembership',
      { teamId: team.data.$id, email: alice, roles: ['owner'], url: ACCEPT_URL },
      as(owner.token),
    );
    expect(invited.status).toBe(200);
    const link = await acceptParamsFor(server, alice);
    const accepted = await api.mutate('teams.updateMembershipStatus', {
      teamId: link.teamId,
      membershipId: link.membershipId,
      userId: link.userId,
      secret: link.secret,
    });
    expect(accepted.status).toBe(200);
    const aliceToken = sessionTokenOf(accepted.headers);
    expect(aliceToken).toBeDefined();

    // 4. The attacker's sessions and password no longer work …
    expect(await whoAmI(attacker1.token!)).toBe('general_unauthorized_scope');
    expect(await whoAmI(attacker2.token!)).toBe('general_unauthorized_scope');
    const retry = await signIn(alice, 'attacker-pass');
    expect(retry.type).toBe('user_invalid_credentials');

    // … Alice's new session does, she holds the membership, and she sets her own password (no old one).
    expect(await whoAmI(aliceToken!)).toBe(squatted.data.$id);
    const teamAsAlice = await api.query('teams.get', { teamId: team.data.$id }, as(aliceToken!));
    expect(teamAsAlice.status).toBe(200);
    const account = await api.query<{ passwordUpdate: string; emailVerification: boolean }>(
      'account.get',
      undefined,
      as(aliceToken!),
    );
    expect(account.data).toMatchObject({ passwordUpdate: '', emailVerification: true });
    const ownPassword = await api.mutate(
      'account.updatePassword',
      { password: 'alice own pass' },
      as(aliceToken!),
    );
    expect(ownPassword.status).toBe(200);
    expect((await signIn(alice, 'alice own pass')).status).toBe(200);
    expect((await signIn(alice, 'attacker-pass')).type).toBe('user_invalid_credentials');
    expect(await whoAmI(aliceToken!)).toBe(squatted.data.$id);
  });

  it('race: sign-ins by the squatter while Alice accepts leave them no session', async () => {
    const owner = await userWithSession();
    const team = await api.mutate<{ $id: string }>(
      'teams.create',
      { teamId: 'unique()', name: 'Raced' },
      as(owner.token),
    );
    const alice = uniqueEmail('alice');
    await api.mutate('account.create', { userId: 'unique()', email: alice, password: 'attacker-pass' });
    await api.mutate(
      'teams.createMembership',
      { teamId: team.data.$id, email: alice, roles: ['owner'], url: ACCEPT_URL },
      as(owner.token),
    );
    const link = await acceptParamsFor(server, alice);
    // Sign-ins still inside argon2 when the password is cleared must not keep their session.
    const signIns = Array.from({ length: 6 }, (_, index) =>
      new Promise((resolve) => setTimeout(resolve, index * 15)).then(() => signIn(alice, 'attacker-pass')),
    );
    const [accepted, ...attempts] = await Promise.all([
      api.mutate('teams.updateMembershipStatus', link),
      ...signIns,
    ]);
    expect(accepted.status).toBe(200);
    for (const attempt of attempts) {
      if (attempt.token) expect(await whoAmI(attempt.token)).toBe('general_unauthorized_scope');
    }
    expect((await signIn(alice, 'attacker-pass')).type).toBe('user_invalid_credentials');
  });

  it('a signed-in caller of a never-verified account gets a fresh session: the old one was cleared', async () => {
    const owner = await userWithSession();
    const team = await api.mutate<{ $id: string }>(
      'teams.create',
      { teamId: 'unique()', name: 'Two' },
      as(owner.token),
    );
    const invitee = await userWithSession('invitee password');
    await api.mutate(
      'teams.createMembership',
      { teamId: team.data.$id, email: invitee.email, roles: [], url: ACCEPT_URL },
      as(owner.token),
    );
    const link = await acceptParamsFor(server, invitee.email);
    const accepted = await api.mutate('teams.updateMembershipStatus', link, as(invitee.token));
    expect(accepted.status).toBe(200);
    const fresh = sessionTokenOf(accepted.headers);
    expect(fresh).toBeDefined();
    expect(fresh).not.toBe(invitee.token);
    expect(await whoAmI(invitee.token)).toBe('general_unauthorized_scope');
    expect(await whoAmI(fresh!)).toBe(invitee.id);
    expect((await signIn(invitee.email, 'invitee password')).type).toBe('user_invalid_credentials');
  });

  it("an account whose email is verified keeps Appwrite's behaviour: password and sessions stay, no new session", async () => {
    const owner = await userWithSession();
    const first = await api.mutate<{ $id: string }>(
      'teams.create',
      { teamId: 'unique()', name: 'A' },
      as(owner.token),
    );
    const second = await api.mutate<{ $id: string }>(
      'teams.create',
      { teamId: 'unique()', name: 'B' },
      as(owner.token),
    );
    const email = uniqueEmail('verified');
    await api.mutate(
      'teams.createMembership',
      { teamId: first.data.$id, email, roles: [], url: ACCEPT_URL },
      as(owner.token),
    );
    const firstAccept = await api.mutate(
      'teams.updateMembershipStatus',
      await acceptParamsFor(server, email),
    );
    const token = sessionTokenOf(firstAccept.headers)!;
    await api.mutate('account.updatePassword', { password: 'verified password' }, as(token));
    const signedIn = await signIn(email, 'verified password');

    server.mailSink.clear();
    await api.mutate(
      'teams.createMembership',
      { teamId: second.data.$id, email, roles: [], url: ACCEPT_URL },
      as(owner.token),
    );
    const secondAccept = await api.mutate(
      'teams.updateMembershipStatus',
      await acceptParamsFor(server, email),
      as(token),
    );
    expect(secondAccept.status).toBe(200);
    expect(sessionTokenOf(secondAccept.headers)).toBeUndefined();
    expect(await whoAmI(token)).not.toBe('general_unauthorized_scope');
    expect(await whoAmI(signedIn.token!)).not.toBe('general_unauthorized_scope');
    expect((await signIn(email, 'verified password')).status).toBe(200);
  });
});

describe('sessions end when the password changes (review finding 11, session part)', () => {
  it("account.updatePassword keeps the caller's session and ends the user's others", async () => {
    const user = await userWithSession('first password');
    const here = await signIn(user.email, 'first password');
    const elsewhere = await signIn(user.email, 'first password');
    const changed = await api.mutate(
      'account.updatePassword',
      { password: 'second password', oldPassword: 'first password' },
      as(here.token!),
    );
    expect(changed.status).toBe(200);
    expect(await whoAmI(here.token!)).toBe(user.id);
    expect(await whoAmI(elsewhere.token!)).toBe('general_unauthorized_scope');
    expect(await whoAmI(user.token)).toBe('general_unauthorized_scope');
    const sessions = await api.query<{ total: number }>('account.listSessions', undefined, as(here.token!));
    expect(sessions.data.total).toBe(1);
  });

  it('users.updatePassword with an API key ends every session of the user', async () => {
    const user = await userWithSession('first password');
    const signedIn = await signIn(user.email, 'first password');
    const changed = await api.mutate(
      'users.updatePassword',
      { userId: user.id, password: 'reset by admin' },
      KEY,
    );
    expect(changed.status).toBe(200);
    expect(await whoAmI(user.token)).toBe('general_unauthorized_scope');
    expect(await whoAmI(signedIn.token!)).toBe('general_unauthorized_scope');
    expect((await signIn(user.email, 'reset by admin')).status).toBe(200);
  });
});
