import { describe, expect, it } from 'vitest';
import {
  acceptParamsFor,
  httpCalls,
  rest,
  sessionTokenOf,
  uniqueEmail,
  userWithSession as createUser,
  whoAmI as tokenOwner,
} from '../testing/http-client.ts';
import { useTestServer } from '../testing/http-server.ts';

/**
 * Abusing the account's profile routes (PATCH /v1/account/email, /phone, /status, the identities):
 * taking an address or its invitations, guessing the password a change asks for, touching another
 * user's identities. Over real HTTP, worker and SMTP listener.
 */
const API_KEY = 'profile-attack-bootstrap-key-0123456789abcdef';
const KEY = { 'x-appwrite-key': API_KEY };
const ACCEPT_URL = 'https://app.example.com/accept';
const as = (token: string) => ({ 'x-appwrite-session': token });

describe('changing one’s email to a victim’s address', () => {
  const server = useTestServer(
    { ROSTER_API_KEY: API_KEY, ROSTER_REDIRECT_HOSTS: 'app.example.com' },
    { mail: true },
  );
  const api = httpCalls(server);
  const whoAmI = (token: string) => tokenOwner(api, token);
  const signIn = async (email: string, password: string) => {
    const response = await api.mutate('account.createEmailPasswordSession', { email, password });
    return { ...response, token: sessionTokenOf(response.headers) };
  };

  it('an address that has an account is refused (409); the victim keeps it and signs in as before', async () => {
    const victim = await createUser(api, KEY, 'victim password');
    const attacker = await createUser(api, KEY, 'attacker password');
    for (const email of [victim.email, victim.email.toUpperCase()]) {
      const taken = await api.mutate(
        'account.updateEmail',
        { email, password: 'attacker password' },
        as(attacker.token),
      );
      expect({ status: taken.status, type: taken.type }).toEqual({
        status: 409,
        type: 'user_target_already_exists',
      });
    }
    expect((await signIn(victim.email, 'victim password')).status).toBe(200);
    expect((await signIn(victim.email, 'attacker password')).type).toBe('user_invalid_credentials');
  });

  it('a stolen session alone cannot move the account to the thief’s address (the password is asked)', async () => {
    const victim = await createUser(api, KEY, 'victim password');
    const moved = await api.mutate(
      'account.updateEmail',
      { email: uniqueEmail('thief'), password: 'a guessed password' },
      as(victim.token),
    );
    expect(moved.type).toBe('user_invalid_credentials');
    const account = await api.query<{ email: string }>('account.get', undefined, as(victim.token));
    expect(account.data.email).toBe(victim.email);
  });

  it('a free address taken by the attacker is unverified: the victim’s invitation clears the attacker out', async () => {
    const owner = await createUser(api, KEY);
    const team = await api.mutate<{ $id: string }>(
      'teams.create',
      { teamId: 'unique()', name: 'Corp' },
      as(owner.token),
    );
    const attacker = await createUser(api, KEY, 'attacker password');
    await server.repos.users.markEmailVerified(attacker.id);

    // The attacker moves their (verified) account to Alice's address before she uses Roster.
    const alice = uniqueEmail('alice');
    const moved = await api.mutate<{ emailVerification: boolean }>(
      'account.updateEmail',
      { email: alice, password: 'attacker password' },
      as(attacker.token),
    );
    expect(moved.data.emailVerification).toBe(false);

    // Corp invites alice@ (as owner); the email goes to Alice, who accepts it.
    const invited = await api.mutate(
      'teams.createMembership',
      { teamId: team.data.$id, email: alice, roles: ['owner'], url: ACCEPT_URL },
      as(owner.token),
    );
    expect(invited.data).toMatchObject({ userId: attacker.id });
    const link = await acceptParamsFor(server, alice);
    const accepted = await api.mutate('teams.updateMembershipStatus', {
      teamId: link.teamId,
      membershipId: link.membershipId,
      userId: link.userId,
      secret: link.secret,
    });
    expect(accepted.status).toBe(200);
    const aliceToken = sessionTokenOf(accepted.headers)!;

    // The attacker's session and password are gone; Alice holds the account and the membership.
    expect(await whoAmI(attacker.token)).toBe('general_unauthorized_scope');
    expect((await signIn(alice, 'attacker password')).type).toBe('user_invalid_credentials');
    expect(await whoAmI(aliceToken)).toBe(attacker.id);
    expect((await api.query('teams.get', { teamId: team.data.$id }, as(aliceToken))).status).toBe(200);
  });

  it('deleting another user’s identity is 404 like an unknown id, and the identity stays', async () => {
    const victim = await createUser(api, KEY);
    const attacker = await createUser(api, KEY);
    const identity = await server.repos.identities.create({
      user: (await server.repos.users.byId(victim.id))!,
      provider: 'oidc',
      providerUid: `victim-${victim.id}`,
    });
    const path = (id: string) => `/account/identities/${id}`;
    const theirs = await rest(server.url, 'DELETE', path(identity!._id), undefined, as(attacker.token));
    const unknown = await rest(server.url, 'DELETE', path('unknownidentity'), undefined, as(attacker.token));
    expect(theirs.status).toBe(404);
    expect(await theirs.json()).toEqual(await unknown.json());
    const listed = await api.query<{ total: number }>('account.listIdentities', {}, as(victim.token));
    expect(listed.data.total).toBe(1);
    // Filters cannot reach past the caller's own list either.
    const probed = await api.query<{ total: number }>(
      'account.listIdentities',
      { queries: [`{"method":"equal","attribute":"userId","values":["${victim.id}"]}`] },
      as(attacker.token),
    );
    expect(probed.data.total).toBe(0);
  });

  it('blocking oneself ends every session at once (REST and tRPC) and sign-in', async () => {
    const user = await createUser(api, KEY, 'a good password');
    const second = await signIn(user.email, 'a good password');
    const blocked = await rest(server.url, 'PATCH', '/account/status', {}, as(user.token));
    expect(blocked.status).toBe(200);
    expect(blocked.headers.getSetCookie().some((cookie) => /^a_session_[^=]*=;/.test(cookie))).toBe(true);
    for (const token of [user.token, second.token!]) {
      expect(await whoAmI(token)).toBe('user_blocked');
      expect((await rest(server.url, 'GET', '/account', undefined, as(token))).status).toBe(403);
    }
    expect((await signIn(user.email, 'a good password')).type).toBe('user_blocked');
  });
});

describe('guessing the password an email or phone change asks for', () => {
  const server = useTestServer({
    ROSTER_API_KEY: API_KEY,
    ROSTER_TRUST_PROXY: 'loopback',
    ROSTER_SIGNIN_ACCOUNT_LIMIT: '3',
    ROSTER_SIGNIN_ADDRESS_LIMIT: '50',
  });
  const api = httpCalls(server);
  const from = (address: string) => ({ 'x-forwarded-for': address });

  it('after 3 failures even the right password is refused (429), from any address, email and phone alike', async () => {
    const user = await createUser(api, KEY, 'the right password');
    const guesses: (string | undefined)[] = [];
    for (let index = 0; index < 3; index++) {
      const change = index % 2 === 0 ? 'account.updateEmail' : 'account.updatePhone';
      const input =
        change === 'account.updateEmail'
          ? { email: uniqueEmail('moved'), password: `guess number ${index}` }
          : { phone: '+15550001111', password: `guess number ${index}` };
      guesses.push(
        (await api.mutate(change, input, { ...as(user.token), ...from(`203.0.113.${index + 1}`) })).type,
      );
    }
    expect(guesses).toEqual(Array(3).fill('user_invalid_credentials'));
    const refused = await api.mutate(
      'account.updateEmail',
      { email: uniqueEmail('moved'), password: 'the right password' },
      { ...as(user.token), ...from('203.0.113.9') },
    );
    expect({ status: refused.status, type: refused.type }).toEqual({
      status: 429,
      type: 'general_rate_limit_exceeded',
    });
    expect(refused.headers.get('retry-after')).not.toBeNull();
    // Another user's budget is their own.
    const other = await createUser(api, KEY, 'the right password');
    const allowed = await api.mutate(
      'account.updateEmail',
      { email: uniqueEmail('moved'), password: 'the right password' },
      { ...as(other.token), ...from('203.0.113.9') },
    );
    expect(allowed.status).toBe(200);
  });

  it('concurrent guesses are counted one by one: at most 3 reach the password', async () => {
    const user = await createUser(api, KEY, 'the right password');
    const batch = Array.from({ length: 8 }, (_, index) => ({
      email: uniqueEmail('batch'),
      password: `batched guess ${index}`,
    }));
    const answers = await Promise.all(
      batch.map((input) =>
        api.mutate('account.updateEmail', input, { ...as(user.token), ...from('198.51.100.7') }),
      ),
    );
    const types = answers.map((answer) => answer.type);
    expect(types.filter((type) => type === 'user_invalid_credentials').length).toBeLessThanOrEqual(3);
    expect(types.filter((type) => type === 'general_rate_limit_exceeded').length).toBeGreaterThanOrEqual(5);
  });
});
