import { deriveInvitationSecret, type InvitationQueue } from '@roster/db';
import { describe, expect, it, vi } from 'vitest';
import { sha256 } from '../../lib/secrets.ts';
import { appErrorOf, TEST_CONFIG, useApiHarness } from '../../testing/harness.ts';
import { addMember, INVITE_URL, settleAll, teamWithOwner } from '../../testing/invitations.ts';

const api = useApiHarness();

/** Swaps the invitation queue for the duration of `run`. */
async function withQueue(queue: InvitationQueue, run: () => Promise<void>) {
  const original = api.deps.invitations;
  api.deps.invitations = queue;
  try {
    await run();
  } finally {
    api.deps.invitations = original;
  }
}

describe('teams.createMembership (session: an owner invites)', () => {
  it('invites a new email: a pending membership, a new user, a queued invitation email', async () => {
    const { owner, team } = await teamWithOwner(api, 'Engines');
    const jobs: { membershipId: string; secretVersion: string }[] = [];
    await withQueue({ enqueue: (job) => Promise.resolve(void jobs.push(job)) }, async () => {
      const { call } = api.caller({ ...owner.headers, 'x-appwrite-locale': 'de_DE' });
      const membership = await call.teams.createMembership({
        teamId: team.$id,
        email: 'Grace@Example.com',
        roles: ['editor'],
        url: INVITE_URL,
      });
      expect(membership).toMatchObject({
        teamId: team.$id,
        teamName: 'Engines',
        userName: 'grace@example.com',
        userEmail: 'grace@example.com',
        roles: ['editor'],
        confirm: false,
        joined: '',
      });
      expect(membership.invited).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/);

      const user = await api.repos.users.byId(membership.userId);
      expect(user).toMatchObject({ email: 'grace@example.com', emailVerification: false });
      expect(user?.passwordHash).toBeUndefined();

      const stored = await api.repos.memberships.byId(membership.$id);
      expect(stored).toMatchObject({
        confirm: false,
        inviterId: owner.user._id,
        locale: 'de-de',
        delivery: { state: 'queued', attempts: 0, lastError: '', url: INVITE_URL },
      });
      const secretVersion = stored!.delivery!.secretVersion;
      const secret = deriveInvitationSecret(TEST_CONFIG.secretKey, membership.$id, secretVersion);
      expect(stored!.secretHash).toBe(sha256(secret));
      expect(jobs).toEqual([{ membershipId: membership.$id, secretVersion }]);
    });
  });

  it('names a new user after `name`; an unknown locale falls back to en', async () => {
    const { owner, team } = await teamWithOwner(api);
    const membership = await api
      .caller({ ...owner.headers, 'x-appwrite-locale': 'not a locale!' })
      .call.teams.createMembership({
        teamId: team.$id,
        email: 'named@example.com',
        name: 'Named Person',
        roles: [],
        url: INVITE_URL,
      });
    expect(membership.userName).toBe('Named Person');
    expect((await api.repos.memberships.byId(membership.$id))?.locale).toBe('en');
  });

  it('finds existing users by userId, by email (any case) and by phone', async () => {
    const { owner, team } = await teamWithOwner(api);
    const { call } = api.caller(owner.headers);
    const byId = await api.signUp({ name: 'By Id' });
    const byEmail = await api.signUp({ email: 'mixed.case@example.com' });
    const byPhone = await api.store.insert('users', {
      _id: 'phone-user',
      name: 'Phoned',
      phone: '+14155550100',
    });

    const first = await call.teams.createMembership({
      teamId: team.$id,
      userId: byId.user._id,
      roles: [],
      url: INVITE_URL,
    });
    // Pending: only what the inviter supplied (a user id), not the account's name or email.
    expect(first).toMatchObject({ userId: byId.user._id, userName: '', userEmail: '' });
    const second = await call.teams.createMembership({
      teamId: team.$id,
      email: 'MIXED.case@EXAMPLE.com',
      roles: [],
      url: INVITE_URL,
    });
    expect(second.userId).toBe(byEmail.user._id);
    const third = await call.teams.createMembership({
      teamId: team.$id,
      phone: '+14155550100',
      roles: [],
      url: INVITE_URL,
    });
    expect(third).toMatchObject({ userId: byPhone._id, userName: '', userPhone: '+14155550100' });
    // Roster sends email only: an invitee without an address has nothing queued.
    expect((await api.repos.memberships.byId(third.$id))?.delivery).toMatchObject({
      state: 'skipped',
    });
  });

  it('invites a new phone number: the account is created with that phone', async () => {
    const { owner, team } = await teamWithOwner(api);
    const membership = await api
      .caller(owner.headers)
      .call.teams.createMembership({ teamId: team.$id, phone: '+14155550111', roles: [], url: INVITE_URL });
    expect(await api.repos.users.byId(membership.userId)).toMatchObject({
      phone: '+14155550111',
      name: '',
    });
  });

  it('re-inviting a pending member rotates the secret, replaces the roles and queues a new email', async () => {
    const { owner, team } = await teamWithOwner(api);
    const { call } = api.caller(owner.headers);
    const first = await call.teams.createMembership({
      teamId: team.$id,
      email: 'again@example.com',
      roles: ['a'],
      url: INVITE_URL,
    });
    const before = await api.repos.memberships.byId(first.$id);
    await api.store.update(
      'memberships',
      { _id: first.$id },
      { 'delivery.state': 'sent', 'delivery.attempts': 1 },
    );

    const again = await call.teams.createMembership({
      teamId: team.$id,
      email: 'again@example.com',
      roles: ['b'],
      url: 'https://app.example.com/accept',
    });
    expect(again).toMatchObject({ $id: first.$id, roles: ['b'], confirm: false });
    const after = await api.repos.memberships.byId(first.$id);
    expect(after!.delivery).toMatchObject({
      state: 'queued',
      attempts: 0,
      url: 'https://app.example.com/accept',
    });
    expect(after!.delivery!.secretVersion).not.toBe(before!.delivery!.secretVersion);
    expect(after!.secretHash).not.toBe(before!.secretHash);
    expect(after!.secretHash).toBe(
      sha256(deriveInvitationSecret(TEST_CONFIG.secretKey, first.$id, after!.delivery!.secretVersion)),
    );
    expect(after!.invited.getTime()).toBeGreaterThanOrEqual(before!.invited.getTime());
  });

  it('a confirmed member is 409 membership_already_confirmed', async () => {
    const { owner, team } = await teamWithOwner(api);
    const member = await addMember(api, owner.headers, team.$id);
    expect(
      await appErrorOf(
        api.caller(owner.headers).call.teams.createMembership({
          teamId: team.$id,
          email: member.user.email!,
          roles: [],
          url: INVITE_URL,
        }),
      ),
    ).toEqual({
      type: 'membership_already_confirmed',
      status: 409,
      message: 'Membership is already confirmed.',
    });
  });

  it('still succeeds when the queue is down: the invitation stays queued in the outbox', async () => {
    const { owner, team } = await teamWithOwner(api);
    const warn = vi.spyOn(api.deps.logger, 'warn');
    await withQueue({ enqueue: () => Promise.reject(new Error('redis down')) }, async () => {
      const membership = await api.caller(owner.headers).call.teams.createMembership({
        teamId: team.$id,
        email: 'outbox@example.com',
        roles: [],
        url: INVITE_URL,
      });
      expect((await api.repos.memberships.byId(membership.$id))?.delivery?.state).toBe('queued');
    });
    expect(warn).toHaveBeenCalledWith(
      expect.objectContaining({ err: new Error('redis down') }),
      expect.stringContaining('stays queued'),
    );
    warn.mockRestore();
  });

  it('accepts allowed redirect hosts: exact, wildcard subdomains, 127.0.0.1 and [::1] as localhost', async () => {
    const { owner, team } = await teamWithOwner(api);
    const { call } = api.caller(owner.headers);
    for (const [index, url] of [
      'https://localhost/join',
      'https://deep.app.example.com/x?y=1#z',
      'http://127.0.0.1:3000/',
      'http://[::1]:3000/',
    ].entries()) {
      await expect(
        call.teams.createMembership({ teamId: team.$id, email: `host${index}@example.com`, roles: [], url }),
      ).resolves.toMatchObject({ confirm: false });
    }
  });

  it('validates: url required, allow-listed url, one of userId/email/phone, params', async () => {
    const { owner, team } = await teamWithOwner(api);
    const { call } = api.caller(owner.headers);
    const teamId = team.$id;
    expect(
      await appErrorOf(call.teams.createMembership({ teamId, email: 'x@example.com', roles: [] })),
    ).toEqual({
      type: 'general_argument_invalid',
      status: 400,
      message: 'URL is required',
    });
    expect(await appErrorOf(call.teams.createMembership({ teamId, roles: [], url: INVITE_URL }))).toEqual({
      type: 'general_argument_invalid',
      status: 400,
      message: 'At least one of userId, email, or phone is required',
    });
    for (const [url, host] of [
      ['https://evil.test/steal', 'evil.test'],
      ['https://example.com/apex', 'example.com'],
      ['https://notexample.com/', 'notexample.com'],
    ] as const) {
      expect(
        await appErrorOf(call.teams.createMembership({ teamId, email: 'x@example.com', roles: [], url })),
      ).toEqual({
        type: 'general_argument_invalid',
        status: 400,
        message: `Invalid \`url\` param: Invalid URI. Add the host (${host}) to ROSTER_REDIRECT_HOSTS`,
      });
    }
    for (const url of ['javascript:alert(1)', 'not a url', 'ftp://localhost/x']) {
      expect(
        (await appErrorOf(call.teams.createMembership({ teamId, email: 'x@example.com', roles: [], url })))
          .message,
      ).toBe('Invalid `url` param: Invalid URI.');
    }
    expect(
      await appErrorOf(
        call.teams.createMembership({ teamId, email: 'x@example.com', url: INVITE_URL } as never),
      ),
    ).toEqual({
      type: 'general_argument_invalid',
      status: 400,
      message: 'Param "roles" is not optional.',
    });
    expect(
      (await appErrorOf(call.teams.createMembership({ teamId, email: 'nope', roles: [], url: INVITE_URL })))
        .message,
    ).toBe('Invalid `email` param: Value must be a valid email address');
    expect(
      (await appErrorOf(call.teams.createMembership({ teamId, phone: '555', roles: [], url: INVITE_URL })))
        .message,
    ).toBe("Invalid `phone` param: Phone number must start with a '+' can have a maximum of fifteen digits.");
    expect(await api.store.count('users', { emailLower: 'x@example.com' })).toBe(0);
  });

  it('unknown userId is 404; inconsistent userId/email/phone are 409 user_already_exists', async () => {
    const { owner, team } = await teamWithOwner(api);
    const { call } = api.caller(owner.headers);
    const teamId = team.$id;
    const other = await api.signUp();
    const base = { teamId, roles: [], url: INVITE_URL };
    expect(await appErrorOf(call.teams.createMembership({ ...base, userId: 'nobody' }))).toEqual({
      type: 'user_not_found',
      status: 404,
      message: "User with given userId doesn't exist.",
    });
    const cases = [
      [{ userId: other.user._id, email: 'someone.else@example.com' }, "Given userId and email doesn't match"],
      [{ userId: other.user._id, phone: '+14155550199' }, "Given userId and phone doesn't match"],
      [{ email: other.user.email!, phone: '+14155550199' }, "Given email and phone doesn't match"],
    ] as const;
    for (const [input, message] of cases) {
      expect(await appErrorOf(call.teams.createMembership({ ...base, ...input }))).toEqual({
        type: 'user_already_exists',
        status: 409,
        message,
      });
    }
  });

  it('a member who is not an owner is 401, and no account is created for the address', async () => {
    const { owner, team } = await teamWithOwner(api);
    const member = await addMember(api, owner.headers, team.$id, ['editor']);
    expect(
      await appErrorOf(
        api.caller(member.headers).call.teams.createMembership({
          teamId: team.$id,
          email: 'sneaky@example.com',
          roles: [],
          url: INVITE_URL,
        }),
      ),
    ).toEqual({
      type: 'user_unauthorized',
      status: 401,
      message: 'User is not allowed to send invitations for this team',
    });
    expect(await api.store.count('users', { emailLower: 'sneaky@example.com' })).toBe(0);
  });

  it('non-members and unknown teams are 404 team_not_found; guests and read-only keys 401', async () => {
    const { team } = await teamWithOwner(api);
    const stranger = await api.signUp();
    const input = { teamId: team.$id, email: 'x@example.com', roles: [], url: INVITE_URL };
    expect((await appErrorOf(api.caller(stranger.headers).call.teams.createMembership(input))).type).toBe(
      'team_not_found',
    );
    const key = await api.keyHeaders(['teams.write']);
    expect(
      await appErrorOf(api.caller(key).call.teams.createMembership({ ...input, teamId: 'missing' })),
    ).toMatchObject({
      type: 'team_not_found',
      status: 404,
    });
    expect(await appErrorOf(api.caller().call.teams.createMembership(input))).toEqual({
      type: 'general_unauthorized_scope',
      status: 401,
      message: 'User (role: guests) missing scopes (["teams.write"])',
    });
    const readOnly = await api.keyHeaders(['teams.read']);
    expect((await appErrorOf(api.caller(readOnly).call.teams.createMembership(input))).type).toBe(
      'general_unauthorized_scope',
    );
  });

  it('sends X-RateLimit headers; session calls spend the budget, keys do not', async () => {
    const { owner, team } = await teamWithOwner(api);
    const session = api.caller(owner.headers, { ip: '10.1.1.1' });
    await session.call.teams.createMembership({
      teamId: team.$id,
      email: 'rl1@example.com',
      roles: [],
      url: INVITE_URL,
    });
    const limit = Number(session.response.headers.get('x-ratelimit-limit'));
    const remaining = Number(session.response.headers.get('x-ratelimit-remaining'));
    const reset = Number(session.response.headers.get('x-ratelimit-reset'));
    expect(limit).toBe(1_000_000);
    expect(remaining).toBe(limit - 1);
    expect(reset % 3600).toBe(0);
    expect(reset).toBeGreaterThan(Date.now() / 1000);

    // Keys never spend: their own budget stays whole.
    const key = await api.keyHeaders(['teams.write']);
    for (let i = 0; i < 2; i++) {
      const keyed = api.caller(key, { ip: '10.1.1.1' });
      await keyed.call.teams.createMembership({ teamId: team.$id, email: `rlk${i}@example.com`, roles: [] });
      expect(keyed.response.headers.get('x-ratelimit-remaining')).toBe(String(limit - 1));
    }
  });
});

describe('teams.createMembership (API key)', () => {
  it('adds a confirmed member at once: no delivery, nothing queued; total counts them', async () => {
    const { team } = await teamWithOwner(api, 'Keyed');
    const key = await api.keyHeaders(['teams.write', 'teams.read']);
    const jobs: unknown[] = [];
    await withQueue({ enqueue: (job) => Promise.resolve(void jobs.push(job)) }, async () => {
      const membership = await api
        .caller(key)
        .call.teams.createMembership({ teamId: team.$id, email: 'keyed@example.com', roles: ['owner'] });
      expect(membership).toMatchObject({
        confirm: true,
        roles: ['owner'],
        teamName: 'Keyed',
        userEmail: 'keyed@example.com',
      });
      expect(membership.joined).not.toBe('');
      const stored = await api.repos.memberships.byId(membership.$id);
      expect(stored?.delivery).toBeUndefined();
      expect(stored?.secretHash).toMatch(/^[0-9a-f]{64}$/);
    });
    expect(jobs).toEqual([]);
    expect((await api.caller(key).call.teams.get({ teamId: team.$id })).total).toBe(2);
  });

  it('validates url when given; re-inviting a pending member confirms it with its roles (queued email skipped)', async () => {
    const { owner, team } = await teamWithOwner(api);
    const key = await api.keyHeaders(['teams.write']);
    expect(
      (
        await appErrorOf(
          api.caller(key).call.teams.createMembership({
            teamId: team.$id,
            email: 'k@example.com',
            roles: [],
            url: 'https://evil.test/',
          }),
        )
      ).message,
    ).toBe('Invalid `url` param: Invalid URI. Add the host (evil.test) to ROSTER_REDIRECT_HOSTS');

    const pending = await api.caller(owner.headers).call.teams.createMembership({
      teamId: team.$id,
      email: 'pending@example.com',
      roles: ['x'],
      url: INVITE_URL,
    });
    const confirmed = await api
      .caller(key)
      .call.teams.createMembership({ teamId: team.$id, email: 'pending@example.com', roles: ['y'] });
    expect(confirmed).toMatchObject({ $id: pending.$id, confirm: true, roles: ['y'] });
    expect((await api.repos.memberships.byId(pending.$id))?.delivery?.state).toBe('skipped');
  });
});

describe('teams.createMembership races', () => {
  it('20 concurrent invitations of one new email end with one user and one pending membership', async () => {
    const { owner, team } = await teamWithOwner(api);
    const email = 'race.invite@example.com';
    const { values, errors } = await settleAll(20, () =>
      api
        .caller(owner.headers)
        .call.teams.createMembership({ teamId: team.$id, email, roles: ['r'], url: INVITE_URL }),
    );
    expect(errors).toEqual({});
    expect(values).toHaveLength(20);
    const users = await api.store.find('users', { emailLower: email });
    expect(users).toHaveLength(1);
    const memberships = await api.store.find('memberships', { teamId: team.$id, userId: users[0]!._id });
    expect(memberships).toHaveLength(1);
    const [membership] = memberships;
    expect(new Set(values.map((value) => value.$id))).toEqual(new Set([membership!._id]));
    expect(membership).toMatchObject({ confirm: false, roles: ['r'], delivery: { state: 'queued' } });
    // Whichever re-invite wrote last, its secret version and hash belong together.
    expect(membership!.secretHash).toBe(
      sha256(
        deriveInvitationSecret(TEST_CONFIG.secretKey, membership!._id, membership!.delivery!.secretVersion),
      ),
    );
  });
});
