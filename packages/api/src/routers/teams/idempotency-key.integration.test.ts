import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type InvitationQueue } from '@roster/db';
import { appErrorOf, useApiHarness } from '../../testing/harness.ts';
import { INVITE_URL, teamWithOwner } from '../../testing/invitations.ts';

const queued: string[] = [];
const recording: InvitationQueue = {
  enqueue: (job) => {
    queued.push(`${job.membershipId}:${job.secretVersion}`);
    return Promise.resolve();
  },
};
const api = useApiHarness({ invitations: recording });
const CREATE = 'teams.[teamId].memberships.[membershipId].create';
const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

describe('Idempotency-Key on invitation-creating calls (docs/invitations.md#idempotency-keys)', () => {
  it('10 concurrent identical retries make exactly one invitation and all get the same response', async () => {
    const { owner, team } = await teamWithOwner(api);
    const input = { teamId: team.$id, email: 'race@example.com', roles: ['a'], url: INVITE_URL };
    const callers = Array.from({ length: 10 }, () =>
      api.caller({ ...owner.headers, 'idempotency-key': 'race-1' }),
    );
    const results = await Promise.all(callers.map(({ call }) => call.teams.createMembership(input)));
    for (const result of results) expect(result).toEqual(results[0]);
    const membership = await api.repos.memberships.byId(results[0]!.$id);
    // One write: one event, one email queued for the one secret version (a re-invite would rotate it).
    expect(await api.store.count('events', { teamId: team.$id, template: CREATE })).toBe(1);
    expect(queued.filter((entry) => entry.startsWith(`${results[0]!.$id}:`))).toEqual([
      `${results[0]!.$id}:${membership?.delivery?.secretVersion}`,
    ]);
    expect(
      callers.filter((caller) => caller.response.headers.get('idempotent-replayed') === 'true'),
    ).toHaveLength(9);

    // Later, through the tRPC input field: the same first result.
    const later = await api
      .caller(owner.headers)
      .call.teams.createMembership({ ...input, idempotencyKey: 'race-1' });
    expect(later).toEqual(results[0]);
  });

  it('bulk: a repeat returns the first per-row results and writes nothing again', async () => {
    const { owner, team } = await teamWithOwner(api);
    const input = {
      teamId: team.$id,
      url: INVITE_URL,
      rows: [
        { email: 'b1@example.com', roles: [] },
        { email: 'b2@example.com', roles: [] },
      ],
      idempotencyKey: 'bulk-1',
    };
    const results = await Promise.all(
      Array.from({ length: 5 }, () => api.caller(owner.headers).call.teams.createMemberships(input)),
    );
    for (const result of results) expect(result).toEqual(results[0]);
    expect(results[0]!.counts.created).toBe(2);
    expect(await api.store.count('events', { teamId: team.$id, template: CREATE })).toBe(2);
  });

  it('a repeat with another body is 400; the key is scoped to the caller and the route', async () => {
    const { owner, team } = await teamWithOwner(api);
    const call = (headers: Record<string, string>, email: string) =>
      api
        .caller({ ...headers, 'idempotency-key': 'shared-key' })
        .call.teams.createMembership({ teamId: team.$id, email, roles: [], url: INVITE_URL });
    const first = await call(owner.headers, 'first@example.com');
    expect(await appErrorOf(call(owner.headers, 'other@example.com'))).toMatchObject({
      type: 'general_idempotency_key_reused',
      status: 400,
    });
    // Another caller's key of the same value is theirs: their own call runs.
    const key = await api.keyHeaders(['teams.write']);
    const keyed = await call(key, 'first@example.com');
    expect(keyed.$id).toBe(first.$id);
    expect(keyed.confirm).toBe(true);
    // Another route with the same key runs too.
    const bulk = await api
      .caller({ ...owner.headers, 'idempotency-key': 'shared-key' })
      .call.teams.createMemberships({
        teamId: team.$id,
        url: INVITE_URL,
        rows: [{ email: 'x@example.com', roles: [] }],
      });
    expect(bulk.counts.created).toBe(1);
    // Malformed keys are refused.
    const malformed = api
      .caller({ ...owner.headers, 'idempotency-key': 'has space' })
      .call.teams.createMembership({ teamId: team.$id, email: 'a@example.com', roles: [], url: INVITE_URL });
    expect((await appErrorOf(malformed)).type).toBe('general_argument_invalid');
  });

  it('a failed first attempt stores nothing; a claim left by a dead process and an expired result are taken over', async () => {
    const { owner, team } = await teamWithOwner(api);
    const headers = { ...owner.headers, 'idempotency-key': 'retry-1' };
    const input = { teamId: team.$id, email: 'retry@example.com', roles: [], url: 'https://evil.test/' };
    expect((await appErrorOf(api.caller(headers).call.teams.createMembership(input))).type).toBe(
      'general_argument_invalid',
    );
    // The retry, with the body fixed, runs.
    const fixed = await api.caller(headers).call.teams.createMembership({ ...input, url: INVITE_URL });
    expect(fixed.userEmail).toBe('retry@example.com');

    // A pending claim whose lease ran out (its process died) and an expired result.
    const body = (email: string) => ({ teamId: team.$id, email, roles: [], url: INVITE_URL });
    const canonical = (value: Record<string, unknown>) =>
      JSON.stringify(Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1))));
    const idOf = (key: string) => sha256(`user:${owner.user._id}\nteams.createMembership\n${key}`);
    const past = new Date(Date.now() - 1000);
    await api.store.insert('idempotencyKeys', {
      _id: idOf('dead'),
      bodyHash: sha256(canonical(body('dead@example.com'))),
      state: 'pending',
      result: '',
      leaseUntil: past,
      expire: new Date(Date.now() + 60_000),
      createdAt: past,
    });
    await api.store.insert('idempotencyKeys', {
      _id: idOf('old'),
      bodyHash: sha256(canonical(body('old@example.com'))),
      state: 'done',
      result: JSON.stringify({ stale: true }),
      leaseUntil: past,
      expire: past,
      createdAt: past,
    });
    const dead = await api
      .caller({ ...owner.headers, 'idempotency-key': 'dead' })
      .call.teams.createMembership(body('dead@example.com'));
    expect(dead.userEmail).toBe('dead@example.com');
    const old = await api
      .caller({ ...owner.headers, 'idempotency-key': 'old' })
      .call.teams.createMembership(body('old@example.com'));
    expect(old.userEmail).toBe('old@example.com');

    // The cleanup deletes what expired.
    await api.store.insert('idempotencyKeys', {
      _id: idOf('expired'),
      bodyHash: 'x',
      state: 'done',
      result: '{}',
      leaseUntil: past,
      expire: past,
      createdAt: past,
    });
    expect(await api.repos.idempotencyKeys.deleteExpired(new Date())).toBeGreaterThanOrEqual(1);
    expect(await api.store.count('idempotencyKeys', { _id: idOf('expired') })).toBe(0);
    expect(await api.store.count('idempotencyKeys', { _id: idOf('dead') })).toBe(1);
  });
});
