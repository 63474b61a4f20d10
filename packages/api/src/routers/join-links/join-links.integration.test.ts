import { describe, expect, it } from 'vitest';
import { sha256 } from '../../lib/secrets.ts';
import { appErrorOf, useApiHarness } from '../../testing/harness.ts';
import { addMember, invite, settleAll, teamWithOwner } from '../../testing/invitations.ts';

const api = useApiHarness();
const JOIN_URL = 'http://localhost:5173/join';

/** The link id and secret the create response's URL carries. */
function partsOf(url: string) {
  const params = new URL(url).searchParams;
  return { linkId: params.get('linkId')!, secret: params.get('secret')!, teamId: params.get('teamId')! };
}

async function linkOf(owner: Record<string, string>, teamId: string, options: Record<string, unknown> = {}) {
  const created = await api.caller(owner).call.joinLinks.create({
    teamId,
    roles: ['viewer'],
    url: JOIN_URL,
    ...options,
  });
  return { created, ...partsOf(created.url) };
}

const totalOf = async (owner: Record<string, string>, teamId: string) =>
  (await api.caller(owner).call.teams.get({ teamId })).total;

describe('joinLinks.create and list', () => {
  it('shows the secret once, in the URL, and stores only its hash', async () => {
    const { owner, team } = await teamWithOwner(api, 'Links');
    const { created, linkId, secret, teamId } = await linkOf(owner.headers, team.$id, {
      maxUses: 3,
      domain: '@Corp.Example.com',
    });
    expect(created.url.startsWith(`${JOIN_URL}?`)).toBe(true);
    expect(teamId).toBe(team.$id);
    expect(secret).toMatch(/^[0-9a-f]{256}$/);
    expect(created).toMatchObject({
      $id: linkId,
      teamId: team.$id,
      roles: ['viewer'],
      maxUses: 3,
      uses: 0,
      domain: 'corp.example.com',
      userId: owner.user._id,
      revokedAt: '',
      status: 'active',
    });
    // A week by default.
    const days = (Date.parse(created.expire) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.9);
    expect(days).toBeLessThanOrEqual(7);

    const [stored] = await api.store.find('joinLinks', { _id: linkId });
    expect(stored!.secretHash).toBe(sha256(secret));
    expect(JSON.stringify(stored)).not.toContain(secret);

    const listed = await api.caller(owner.headers).call.joinLinks.list({ teamId: team.$id });
    expect(listed.total).toBe(1);
    expect(listed.joinLinks[0]).toMatchObject({ $id: linkId, status: 'active', uses: 0 });
    expect(JSON.stringify(listed)).not.toContain(secret);
    expect(listed.joinLinks[0]).not.toHaveProperty('url');
  });

  it('refuses a url off the allow-list, an expiry in the past or beyond a year, and a bad domain', async () => {
    const { owner, team } = await teamWithOwner(api);
    const { call } = api.caller(owner.headers);
    const base = { teamId: team.$id, roles: [], url: JOIN_URL };
    for (const input of [
      { ...base, url: 'https://evil.test/join' },
      { ...base, expire: new Date(Date.now() - 1000).toISOString() },
      { ...base, expire: new Date(Date.now() + 400 * 86_400_000).toISOString() },
      { ...base, expire: 'tomorrow' },
      { ...base, domain: 'not a domain' },
      { ...base, maxUses: 0 },
    ]) {
      expect((await appErrorOf(call.joinLinks.create(input))).type).toBe('general_argument_invalid');
    }
    expect((await call.joinLinks.list({ teamId: team.$id })).total).toBe(0);
  });

  it('is for owners: a member may neither create nor list', async () => {
    const { owner, team } = await teamWithOwner(api);
    const member = await addMember(api, owner.headers, team.$id);
    const { call } = api.caller(member.headers);
    expect(
      (await appErrorOf(call.joinLinks.create({ teamId: team.$id, roles: ['owner'], url: JOIN_URL }))).type,
    ).toBe('user_unauthorized');
    expect((await appErrorOf(call.joinLinks.list({ teamId: team.$id }))).type).toBe('user_unauthorized');
  });
});

describe('joinLinks.join', () => {
  it('makes a confirmed member with the link’s roles, counts the use and moves the total', async () => {
    const { owner, team } = await teamWithOwner(api, 'Crew');
    const { linkId, secret } = await linkOf(owner.headers, team.$id, { roles: ['viewer', 'qa'], maxUses: 2 });
    const joiner = await api.signUp();
    const membership = await api.caller(joiner.headers).call.joinLinks.join({ linkId, secret });
    expect(membership).toMatchObject({
      teamId: team.$id,
      teamName: 'Crew',
      userId: joiner.user._id,
      roles: ['viewer', 'qa'],
      confirm: true,
    });
    expect(membership.joined).not.toBe('');
    expect(await totalOf(owner.headers, team.$id)).toBe(2);
    const [listed] = (await api.caller(owner.headers).call.joinLinks.list({ teamId: team.$id })).joinLinks;
    expect(listed).toMatchObject({ uses: 1, status: 'active' });

    // The joiner can now read the team.
    expect((await api.caller(joiner.headers).call.teams.get({ teamId: team.$id })).name).toBe('Crew');

    const events = await api.store.find('events', { teamId: team.$id, state: 'ready' });
    const templates = events.map((event) => event.template);
    expect(templates).toContain('teams.[teamId].joinLinks.[linkId].create');
    const joined = events.find(
      (event) =>
        event.template === 'teams.[teamId].memberships.[membershipId].create' &&
        (JSON.parse(event.params) as { userId?: string }).userId === joiner.user._id,
    );
    expect(joined).toBeDefined();
    expect(JSON.stringify(events)).not.toContain(secret);
  });

  it('answers a member who joins again with a clear error and uses nothing', async () => {
    const { owner, team } = await teamWithOwner(api);
    const { linkId, secret } = await linkOf(owner.headers, team.$id);
    const joiner = await api.signUp();
    await api.caller(joiner.headers).call.joinLinks.join({ linkId, secret });
    const again = await appErrorOf(api.caller(joiner.headers).call.joinLinks.join({ linkId, secret }));
    expect(again).toMatchObject({ type: 'join_link_already_member', status: 409 });
    const ownerAgain = await appErrorOf(api.caller(owner.headers).call.joinLinks.join({ linkId, secret }));
    expect(ownerAgain.type).toBe('join_link_already_member');
    expect(await api.repos.joinLinks.countUses(linkId)).toBe(1);
    expect(await totalOf(owner.headers, team.$id)).toBe(2);
  });

  it('confirms the joiner’s pending invitation, with the link’s roles', async () => {
    const { owner, team } = await teamWithOwner(api);
    const joiner = await api.signUp();
    const pending = await invite(api, owner.headers, team.$id, joiner.user.email!, ['invited-role']);
    const { linkId, secret } = await linkOf(owner.headers, team.$id, { roles: ['linked'] });
    const membership = await api.caller(joiner.headers).call.joinLinks.join({ linkId, secret });
    expect(membership).toMatchObject({ $id: pending.$id, confirm: true, roles: ['linked'] });
    expect(await totalOf(owner.headers, team.$id)).toBe(2);
    const [stored] = await api.store.find('memberships', { _id: pending.$id });
    expect(stored!.delivery?.state).toBe('skipped');
  });

  it('refuses a wrong secret, an unknown link, a revoked, an expired and a used-up link', async () => {
    const { owner, team } = await teamWithOwner(api);
    const joiner = await api.signUp();
    const { call } = api.caller(joiner.headers);
    const { linkId, secret } = await linkOf(owner.headers, team.$id, { maxUses: 1 });

    expect(
      await appErrorOf(call.joinLinks.join({ linkId, secret: secret.replace(/^./, 'x') })),
    ).toMatchObject({
      type: 'join_link_invalid_secret',
      status: 401,
    });
    expect(await appErrorOf(call.joinLinks.join({ linkId: 'nope', secret }))).toMatchObject({
      type: 'join_link_not_found',
      status: 404,
    });

    const used = await api.signUp();
    await api.caller(used.headers).call.joinLinks.join({ linkId, secret });
    expect(await appErrorOf(call.joinLinks.join({ linkId, secret }))).toMatchObject({
      type: 'join_link_exhausted',
      status: 403,
    });

    const expiring = await linkOf(owner.headers, team.$id);
    await api.store.update('joinLinks', { _id: expiring.linkId }, { expire: new Date(Date.now() - 1000) });
    expect(await appErrorOf(call.joinLinks.join(expiring))).toMatchObject({
      type: 'join_link_expired',
      status: 403,
    });

    const revoking = await linkOf(owner.headers, team.$id);
    const revoked = await api
      .caller(owner.headers)
      .call.joinLinks.revoke({ teamId: team.$id, linkId: revoking.linkId });
    expect(revoked).toMatchObject({ status: 'revoked' });
    expect(revoked.revokedAt).not.toBe('');
    expect(await appErrorOf(call.joinLinks.join(revoking))).toMatchObject({
      type: 'join_link_revoked',
      status: 403,
    });
    expect(await appErrorOf(call.joinLinks.preview(revoking))).toMatchObject({ type: 'join_link_revoked' });
    expect(await totalOf(owner.headers, team.$id)).toBe(2);

    const statuses = (
      await api.caller(owner.headers).call.joinLinks.list({ teamId: team.$id })
    ).joinLinks.map((link) => [link.$id, link.status]);
    expect(statuses).toEqual([
      [revoking.linkId, 'revoked'],
      [expiring.linkId, 'expired'],
      [linkId, 'exhausted'],
    ]);
  });

  it('stops working when its creator is no longer an owner', async () => {
    const { owner, team } = await teamWithOwner(api);
    const coOwner = await addMember(api, owner.headers, team.$id, ['owner']);
    const { linkId, secret } = await linkOf(coOwner.headers, team.$id);
    const membership = await api.store.findOne('memberships', { teamId: team.$id, userId: coOwner.user._id });
    await api.caller(owner.headers).call.teams.updateMembership({
      teamId: team.$id,
      membershipId: membership!._id,
      roles: [],
    });
    const joiner = await api.signUp();
    expect((await appErrorOf(api.caller(joiner.headers).call.joinLinks.join({ linkId, secret }))).type).toBe(
      'join_link_revoked',
    );
  });

  it('admits only verified addresses of its domain', async () => {
    const { owner, team } = await teamWithOwner(api);
    const { linkId, secret } = await linkOf(owner.headers, team.$id, { domain: '@corp.example.com' });
    const outsider = await api.signUp({ email: `x${Date.now()}@other.example.com` });
    expect(
      await appErrorOf(api.caller(outsider.headers).call.joinLinks.join({ linkId, secret })),
    ).toMatchObject({ type: 'join_link_domain_mismatch', status: 403 });
    // A subdomain is another domain.
    const sub = await api.signUp({ email: `x${Date.now()}@eng.corp.example.com` });
    expect((await appErrorOf(api.caller(sub.headers).call.joinLinks.join({ linkId, secret }))).type).toBe(
      'join_link_domain_mismatch',
    );
    const unverified = await api.signUp({ email: `u${Date.now()}@Corp.Example.com` });
    expect(
      await appErrorOf(api.caller(unverified.headers).call.joinLinks.join({ linkId, secret })),
    ).toMatchObject({ type: 'join_link_email_unverified', status: 403 });
    await api.repos.users.markEmailVerified(unverified.user._id);
    const membership = await api.caller(unverified.headers).call.joinLinks.join({ linkId, secret });
    expect(membership.confirm).toBe(true);
    expect(await api.repos.joinLinks.countUses(linkId)).toBe(1);
  });

  it('uses a link exactly maxUses times when 50 users join at once', async () => {
    const { owner, team } = await teamWithOwner(api, 'Race');
    const { linkId, secret } = await linkOf(owner.headers, team.$id, { maxUses: 10 });
    const joiners = await Promise.all(Array.from({ length: 50 }, () => api.signUp()));
    const { values, errors } = await settleAll(50, (index) =>
      api.caller(joiners[index]!.headers).call.joinLinks.join({ linkId, secret }),
    );
    expect(values).toHaveLength(10);
    expect(errors).toEqual({ join_link_exhausted: 40 });
    expect(new Set(values.map((membership) => membership.userId)).size).toBe(10);
    const confirmed = await api.store.find('memberships', { teamId: team.$id, confirm: true });
    expect(confirmed).toHaveLength(11);
    expect(await totalOf(owner.headers, team.$id)).toBe(11);
    const uses = await api.store.find('joinLinkUses', { linkId });
    expect(uses.map((use) => use.slot).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const [listed] = (await api.caller(owner.headers).call.joinLinks.list({ teamId: team.$id })).joinLinks;
    expect(listed).toMatchObject({ uses: 10, status: 'exhausted' });
  });

  it('gives a slot back when the join fails after claiming it (the same user joining twice at once)', async () => {
    const { owner, team } = await teamWithOwner(api);
    const { linkId, secret } = await linkOf(owner.headers, team.$id, { maxUses: 10 });
    const joiner = await api.signUp();
    const { values, errors } = await settleAll(6, () =>
      api.caller(joiner.headers).call.joinLinks.join({ linkId, secret }),
    );
    expect(values).toHaveLength(1);
    expect(errors).toEqual({ join_link_already_member: 5 });
    expect(await api.repos.joinLinks.countUses(linkId)).toBe(1);
    expect(await totalOf(owner.headers, team.$id)).toBe(2);
    // The slots given back are used again.
    const others = await Promise.all(Array.from({ length: 9 }, () => api.signUp()));
    for (const other of others) await api.caller(other.headers).call.joinLinks.join({ linkId, secret });
    expect(await api.repos.joinLinks.countUses(linkId)).toBe(10);
    expect(await totalOf(owner.headers, team.$id)).toBe(11);
    const late = await api.signUp();
    expect((await appErrorOf(api.caller(late.headers).call.joinLinks.join({ linkId, secret }))).type).toBe(
      'join_link_exhausted',
    );
  });
});

describe('joinLinks.preview and revoke', () => {
  it('shows the team, roles and expiry to a guest holding the secret', async () => {
    const { owner, team } = await teamWithOwner(api, 'Preview Team');
    const { created, linkId, secret } = await linkOf(owner.headers, team.$id, {
      roles: ['a'],
      domain: 'x.example.com',
    });
    const preview = await api.caller().call.joinLinks.preview({ linkId, secret });
    expect(preview).toEqual({
      $id: linkId,
      teamId: team.$id,
      teamName: 'Preview Team',
      roles: ['a'],
      expire: created.expire,
      domain: 'x.example.com',
    });
    expect((await appErrorOf(api.caller().call.joinLinks.preview({ linkId, secret: 'wrong' }))).type).toBe(
      'join_link_invalid_secret',
    );
  });

  it('records a revoke once, and a link of another team is not found', async () => {
    const { owner, team } = await teamWithOwner(api);
    const other = await teamWithOwner(api);
    const { linkId } = await linkOf(owner.headers, team.$id);
    const { call } = api.caller(owner.headers);
    const first = await call.joinLinks.revoke({ teamId: team.$id, linkId });
    const second = await call.joinLinks.revoke({ teamId: team.$id, linkId });
    expect(second.revokedAt).toBe(first.revokedAt);
    const revokes = await api.store.find('events', {
      teamId: team.$id,
      state: 'ready',
      template: 'teams.[teamId].joinLinks.[linkId].delete',
    });
    expect(revokes).toHaveLength(1);
    expect(
      (
        await appErrorOf(
          api.caller(other.owner.headers).call.joinLinks.revoke({ teamId: other.team.$id, linkId }),
        )
      ).type,
    ).toBe('join_link_not_found');
  });
});
