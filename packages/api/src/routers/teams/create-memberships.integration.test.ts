import { describe, expect, it } from 'vitest';
import { type InvitationQueue } from '@roster/db';
import { appErrorOf, useApiHarness } from '../../testing/harness.ts';
import { addMember, INVITE_URL, invite, teamWithOwner } from '../../testing/invitations.ts';

const queued: string[] = [];
const recording: InvitationQueue = {
  enqueue: (job) => {
    queued.push(job.membershipId);
    return Promise.resolve();
  },
};
// Three invitations per caller, team and address per window: the bulk's rows count against it.
const api = useApiHarness({ rateLimits: { invitesPerWindow: 3 }, invitations: recording });
const CREATE = 'teams.[teamId].memberships.[membershipId].create';

let address = 0;
/** Each test its own client address, so the rate-limit budgets of the tests stay apart. */
const freshAddress = () => ({ ip: `198.51.100.${++address}` });

describe('teams.createMemberships (docs/invitations.md#bulk-invitations)', () => {
  it('reports each row: created, re-sent, already a member, invalid (with its error), never stopping the others', async () => {
    const { owner, team } = await teamWithOwner(api);
    const req = freshAddress();
    const member = await addMember(api, owner.headers, team.$id);
    const before = await invite(api, owner.headers, team.$id, 'pending@example.com');
    const beforeVersion = (await api.repos.memberships.byId(before.$id))?.delivery?.secretVersion;
    // The member and the pending invitation spent two units from another address.
    const result = await api.caller(owner.headers, req).call.teams.createMemberships({
      teamId: team.$id,
      url: INVITE_URL,
      rows: [
        { email: 'new@example.com', roles: ['editor'], name: 'New One' },
        { email: 'not-an-email', roles: [] },
        { email: 'pending@example.com', roles: [] },
      ],
    });
    expect(result.rows.map((row) => row.status)).toEqual(['created', 'invalid', 'resent']);
    expect(result.rows[1]!.error).toMatchObject({ type: 'general_argument_invalid', code: 400 });
    expect(result.rows[0]!.membership).toMatchObject({ userEmail: 'new@example.com', confirm: false });
    expect(result.counts).toMatchObject({ created: 1, resent: 1, invalid: 1, rate_limited: 0 });
    // The re-sent invitation's secret was rotated and its email queued again; the new one's too.
    const after = await api.repos.memberships.byId(before.$id);
    expect(after?.delivery?.secretVersion).not.toBe(beforeVersion);
    expect(queued).toContain(result.rows[0]!.membership!.$id);
    expect(queued.filter((id) => id === before.$id)).toHaveLength(2);
    // Each written row emitted the single invitation's event.
    expect(await api.store.count('events', { teamId: team.$id, template: CREATE })).toBe(
      // the owner's own membership is `teams.create`'s; the member, the pending one twice, the new one
      4,
    );

    const again = await api.caller(owner.headers, freshAddress()).call.teams.createMemberships({
      teamId: team.$id,
      url: INVITE_URL,
      rows: [
        { email: member.user.email!, roles: [] },
        { userId: 'no-such-user', roles: [] },
        { email: 'dup@example.com', roles: [] },
      ],
    });
    expect(again.rows.map((row) => [row.status, row.error?.type])).toEqual([
      ['already_member', undefined],
      ['invalid', 'user_not_found'],
      ['created', undefined],
    ]);
  });

  it('refuses the same invitee twice in one call, on the second row only', async () => {
    const { owner, team } = await teamWithOwner(api);
    const result = await api.caller(owner.headers, freshAddress()).call.teams.createMemberships({
      teamId: team.$id,
      url: INVITE_URL,
      rows: [
        { email: 'twice@example.com', roles: [] },
        { email: 'TWICE@example.com', roles: [] },
      ],
    });
    expect(result.rows.map((row) => row.status)).toEqual(['created', 'invalid']);
    expect(result.rows[1]!.error?.message).toBe('Same invitee as row 0');
  });

  it('counts rows against the invitation rate limit: rows past it are rate_limited, the call succeeds', async () => {
    const { owner, team } = await teamWithOwner(api);
    const req = freshAddress();
    const rows = Array.from({ length: 5 }, (_, i) => ({ email: `limited${i}@example.com`, roles: [] }));

    const dry = api.caller(owner.headers, req);
    const planned = await dry.call.teams.createMemberships({
      teamId: team.$id,
      url: INVITE_URL,
      rows,
      dryRun: true,
    });
    expect(planned.rows.map((row) => row.status)).toEqual([
      'created',
      'created',
      'created',
      'rate_limited',
      'rate_limited',
    ]);

    const caller = api.caller(owner.headers, req);
    const result = await caller.call.teams.createMemberships({ teamId: team.$id, url: INVITE_URL, rows });
    expect(result.rows.map((row) => row.status)).toEqual([
      'created',
      'created',
      'created',
      'rate_limited',
      'rate_limited',
    ]);
    expect(caller.response.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(await api.store.count('users', { emailLower: 'limited3@example.com' })).toBe(0);
    // The same budget as single invitations.
    const single = api.caller(owner.headers, req);
    expect(
      (
        await appErrorOf(
          single.call.teams.createMembership({
            teamId: team.$id,
            email: 'single@example.com',
            roles: [],
            url: INVITE_URL,
          }),
        )
      ).type,
    ).toBe('general_rate_limit_exceeded');
    const afterLimit = await api.caller(owner.headers, req).call.teams.createMemberships({
      teamId: team.$id,
      url: INVITE_URL,
      rows: [{ email: 'late@example.com', roles: [] }],
    });
    expect(afterLimit.rows[0]!.status).toBe('rate_limited');
  });

  it('dry run: validates and predicts every row, writes and sends nothing', async () => {
    const { owner, team } = await teamWithOwner(api);
    const member = await addMember(api, owner.headers, team.$id);
    const pending = await invite(api, owner.headers, team.$id, 'dry-pending@example.com');
    const version = (await api.repos.memberships.byId(pending.$id))?.delivery?.secretVersion;
    const users = await api.store.count('users', {});
    const events = await api.store.count('events', { teamId: team.$id });
    const enqueued = queued.length;

    const result = await api.caller(owner.headers, freshAddress()).call.teams.createMemberships({
      teamId: team.$id,
      url: INVITE_URL,
      dryRun: true,
      rows: [
        { email: 'dry-new@example.com', roles: [] },
        { email: 'dry-pending@example.com', roles: [] },
        { userId: member.user._id, roles: [] },
      ],
    });
    expect(result.dryRun).toBe(true);
    expect(result.rows.map((row) => row.status)).toEqual(['created', 'resent', 'already_member']);
    expect(result.rows.every((row) => row.membership === undefined)).toBe(true);
    expect(await api.store.count('users', {})).toBe(users);
    expect(await api.store.count('events', { teamId: team.$id })).toBe(events);
    expect(queued.length).toBe(enqueued);
    expect((await api.repos.memberships.byId(pending.$id))?.delivery?.secretVersion).toBe(version);

    // A redirect URL the server does not allow makes every row invalid, in a dry run too.
    const badUrl = await api.caller(owner.headers, freshAddress()).call.teams.createMemberships({
      teamId: team.$id,
      url: 'https://evil.test/join',
      dryRun: true,
      rows: [
        { email: 'dry-new@example.com', roles: [] },
        { phone: 'nope', roles: [] },
      ],
    });
    expect(badUrl.rows.map((row) => [row.status, row.error?.type])).toEqual([
      ['invalid', 'general_argument_invalid'],
      ['invalid', 'general_argument_invalid'],
    ]);
  });

  it('an API key adds confirmed members (as createMembership), unlimited; non-owners are refused', async () => {
    const { owner, team } = await teamWithOwner(api);
    const key = await api.keyHeaders(['teams.write']);
    const rows = Array.from({ length: 6 }, (_, i) => ({ email: `keyed${i}@example.com`, roles: [] }));
    const result = await api
      .caller(key, freshAddress())
      .call.teams.createMemberships({ teamId: team.$id, rows });
    expect(result.counts.created).toBe(6);
    expect(result.rows.every((row) => row.membership?.confirm === true)).toBe(true);

    const member = await addMember(api, owner.headers, team.$id);
    expect(
      (
        await appErrorOf(
          api
            .caller(member.headers)
            .call.teams.createMemberships({ teamId: team.$id, url: INVITE_URL, rows }),
        )
      ).type,
    ).toBe('user_unauthorized');
    // More than 100 rows is refused whole.
    const tooMany = Array.from({ length: 101 }, (_, i) => ({ email: `m${i}@example.com`, roles: [] }));
    expect(
      (await appErrorOf(api.caller(key).call.teams.createMemberships({ teamId: team.$id, rows: tooMany })))
        .type,
    ).toBe('general_argument_invalid');
  });
});
