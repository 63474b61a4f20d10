import { describe, expect, it } from 'vitest';
import { appErrorOf, useApiHarness } from '../../testing/harness.ts';
import { INVITE_URL, teamWithOwner } from '../../testing/invitations.ts';
import { epochsOf } from '../../testing/list-fixtures.ts';

// Two invitations per hour per caller, team and client address, for this file only.
const api = useApiHarness({ rateLimits: { invitesPerWindow: 2 } });

describe('teams.createMembership rate limit (docs/appwrite-compatibility.md#rate-limits)', () => {
  it('allows 2 per caller, team and IP, then 429 with headers; the Host does not matter; keys are not limited', async () => {
    const { owner, team } = await teamWithOwner(api);
    const { team: otherTeam } = await teamWithOwner(api);
    await api.store.insert('memberships', {
      _id: 'owner-of-other',
      teamId: otherTeam.$id,
      userId: owner.user._id,
      roles: ['owner'],
      invited: new Date(),
      joined: new Date(),
      confirm: true,
      search: 'owner-of-other',
      ...(await epochsOf(api, otherTeam.$id, owner.user._id)),
    });
    const req = { ip: '203.0.113.7', hostname: 'api.example.com' };
    const input = (teamId: string, email: string) => ({ teamId, email, roles: [], url: INVITE_URL });

    const first = api.caller(owner.headers, req);
    await first.call.teams.createMembership(input(team.$id, 'one@example.com'));
    expect(first.response.headers.get('x-ratelimit-limit')).toBe('2');
    expect(first.response.headers.get('x-ratelimit-remaining')).toBe('1');

    // An invalid body still spends a unit.
    const second = api.caller(owner.headers, req);
    expect((await appErrorOf(second.call.teams.createMembership(input(team.$id, 'not-an-email')))).type).toBe(
      'general_argument_invalid',
    );
    expect(second.response.headers.get('x-ratelimit-remaining')).toBe('0');

    const third = api.caller(owner.headers, req);
    expect(await appErrorOf(third.call.teams.createMembership(input(team.$id, 'three@example.com')))).toEqual(
      {
        type: 'general_rate_limit_exceeded',
        status: 429,
        message: 'Rate limit for the current endpoint has been exceeded. Please try again after some time.',
      },
    );
    expect(third.response.headers.get('x-ratelimit-limit')).toBe('2');
    expect(third.response.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(Number(third.response.headers.get('x-ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000);
    expect(await api.store.count('users', { emailLower: 'three@example.com' })).toBe(0);

    const key = await api.keyHeaders(['teams.write']);
    const keyed = api.caller(key, req);
    await expect(
      keyed.call.teams.createMembership({ teamId: team.$id, email: 'keyed@example.com', roles: [] }),
    ).resolves.toMatchObject({ confirm: true });
    // Keys never spend; their headers describe their own budget.
    expect(keyed.response.headers.get('x-ratelimit-remaining')).toBe('1');

    // The Host header is the client's to choose: it buys nothing (security review finding 4).
    const otherHost = api.caller(owner.headers, { ...req, hostname: 'other.example.com' });
    expect(
      (await appErrorOf(otherHost.call.teams.createMembership(input(team.$id, 'four@example.com')))).type,
    ).toBe('general_rate_limit_exceeded');
    const elsewhere = api.caller(owner.headers, { ...req, ip: '203.0.113.8' });
    await expect(
      elsewhere.call.teams.createMembership(input(team.$id, 'five@example.com')),
    ).resolves.toMatchObject({ confirm: false });
    const otherTeamCall = api.caller(owner.headers, req);
    await expect(
      otherTeamCall.call.teams.createMembership(input(otherTeam.$id, 'six@example.com')),
    ).resolves.toMatchObject({ confirm: false });
  });
});
