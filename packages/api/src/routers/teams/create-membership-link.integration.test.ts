import { describe, expect, it } from 'vitest';
import { type InvitationQueue } from '@roster/db';
import { appErrorOf, useApiHarness } from '../../testing/harness.ts';
import { INVITE_URL, teamWithOwner } from '../../testing/invitations.ts';

const queued: string[] = [];
const recording: InvitationQueue = {
  enqueue: (job) => {
    queued.push(job.membershipId);
    return Promise.resolve();
  },
};
const logged: string[] = [];
const record = (fields: object, message: string) => void logged.push(JSON.stringify([fields, message]));
const api = useApiHarness({
  invitations: recording,
  logger: { warn: record, error: record },
});

describe('teams.createMembershipLink: custom delivery for API keys (docs/invitations.md#custom-delivery)', () => {
  it('a key gets a pending invitation without email and its accept link once; the link accepts', async () => {
    const { owner, team } = await teamWithOwner(api, 'Links & Co');
    const key = await api.keyHeaders(['teams.write']);
    const invitee = await api.signUp({ email: 'linked@example.com' });
    const { membership, url } = await api.caller(key).call.teams.createMembershipLink({
      teamId: team.$id,
      email: 'linked@example.com',
      roles: ['viewer'],
      url: `${INVITE_URL}?from=app`,
    });
    expect(membership).toMatchObject({ confirm: false, roles: ['viewer'], userEmail: 'linked@example.com' });
    const link = new URL(url);
    expect(`${link.origin}${link.pathname}`).toBe(INVITE_URL);
    expect(link.searchParams.get('from')).toBe('app');
    expect(link.searchParams.get('membershipId')).toBe(membership.$id);
    expect(link.searchParams.get('teamName')).toBe('Links & Co');
    const secret = link.searchParams.get('secret')!;
    expect(secret).toMatch(/^[0-9a-f]{256}$/);

    // No email: the delivery is `skipped`, nothing was queued.
    const stored = await api.repos.memberships.byId(membership.$id);
    expect(stored?.delivery?.state).toBe('skipped');
    expect(queued).not.toContain(membership.$id);
    const delivery = await api.caller(owner.headers).call.teams.getMembershipDelivery({
      teamId: team.$id,
      membershipId: membership.$id,
    });
    expect(JSON.stringify(delivery)).not.toContain(secret);

    // The secret is nowhere else: not in the events (their webhook and realtime payloads), nor the logs.
    const events = await api.store.find('events', { teamId: team.$id });
    expect(events.length).toBeGreaterThan(0);
    expect(JSON.stringify(events)).not.toContain(secret);
    expect(logged.join('\n')).not.toContain(secret);

    const accepted = await api.caller(invitee.headers).call.teams.updateMembershipStatus({
      teamId: team.$id,
      membershipId: membership.$id,
      userId: membership.userId,
      secret,
    });
    expect(accepted.confirm).toBe(true);
  });

  it('calling again rotates the secret: the first link dies', async () => {
    const { team } = await teamWithOwner(api);
    const key = await api.keyHeaders(['teams.write']);
    const input = { teamId: team.$id, email: 'twice-linked@example.com', roles: [], url: INVITE_URL };
    const first = await api.caller(key).call.teams.createMembershipLink(input);
    const second = await api.caller(key).call.teams.createMembershipLink(input);
    expect(second.membership.$id).toBe(first.membership.$id);
    const secretOf = (url: string) => new URL(url).searchParams.get('secret')!;
    expect(secretOf(second.url)).not.toBe(secretOf(first.url));
    const invitee = await api.openSession(first.membership.userId);
    const accept = (secret: string) =>
      api.caller({ 'x-appwrite-session': invitee.token }).call.teams.updateMembershipStatus({
        teamId: team.$id,
        membershipId: first.membership.$id,
        userId: first.membership.userId,
        secret,
      });
    expect((await appErrorOf(accept(secretOf(first.url)))).type).toBe('team_invalid_secret');
    await expect(accept(secretOf(second.url))).resolves.toMatchObject({ confirm: true });
  });

  it('sessions may not ask for the link (an owner neither), and url is required', async () => {
    const { owner, team } = await teamWithOwner(api);
    const input = { teamId: team.$id, email: 'session-link@example.com', roles: [], url: INVITE_URL };
    expect(await appErrorOf(api.caller(owner.headers).call.teams.createMembershipLink(input))).toMatchObject({
      type: 'general_unauthorized_scope',
      status: 401,
    });
    expect(await api.store.count('users', { emailLower: 'session-link@example.com' })).toBe(0);
    const key = await api.keyHeaders(['teams.write']);
    const { url: _url, ...noUrl } = input;
    expect(
      (await appErrorOf(api.caller(key).call.teams.createMembershipLink(noUrl as typeof input))).type,
    ).toBe('general_argument_invalid');
  });
});
