import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { httpCalls, userWithSession } from '../testing/http-client.ts';
import { startTestServer, useTestServer } from '../testing/http-server.ts';
import {
  connectRealtime,
  publishEvents,
  rosterEvent,
  settle,
  type RealtimeClient,
} from '../testing/realtime-client.ts';

/**
 * Attacks on the realtime WebSocket (docs/events.md#realtime): listening to a team one is not
 * in, a forged or stolen-looking session, a page of another site opening the socket with the
 * user's cookies, a removed member who keeps listening, and frames too large to parse.
 */
const API_KEY = 'realtime-attack-bootstrap-key-0123456789abcdef';
const KEY = { 'x-appwrite-key': API_KEY };
const server = useTestServer({
  ROSTER_API_KEY: API_KEY,
  ROSTER_CORS_ORIGINS: 'https://app.example.com',
});
const api = httpCalls(server);
const EVERYTHING = ['account', 'teams', 'memberships'];

async function listener(token: string | undefined, channels = EVERYTHING): Promise<RealtimeClient> {
  const client = await connectRealtime(
    server,
    token ? { headers: { cookie: `a_session_default=${token}` } } : {},
  );
  await client.next((frame) => frame.type === 'connected');
  await client.subscribe(channels);
  return client;
}

/** A team with an owner and a confirmed member, and the events of a change in it. */
async function team() {
  const owner = await userWithSession(api, KEY);
  const created = await api.mutate<{ $id: string; name: string }>(
    'teams.create',
    { teamId: 'unique()', name: 'Target' },
    owner.headers,
  );
  const member = await userWithSession(api, KEY);
  const membership = await api.mutate<Record<string, unknown> & { $id: string }>(
    'teams.createMembership',
    { teamId: created.data.$id, email: member.email, roles: ['editor'] },
    KEY,
  );
  const teamId = created.data.$id;
  const updated = (name: string) =>
    rosterEvent('teams.[teamId].update', { teamId }, { ...created.data, name });
  const membershipEvent = (action: string) =>
    rosterEvent(
      `teams.[teamId].memberships.[membershipId].${action}`,
      { teamId, membershipId: membership.data.$id },
      membership.data,
    );
  return { owner, member, teamId, membershipId: membership.data.$id, updated, membershipEvent };
}

describe('who hears what', () => {
  it('an outsider, signed in and subscribed to every channel, receives nothing of a team', async () => {
    const target = await team();
    const outsider = await userWithSession(api, KEY);
    const member = await listener(target.member.token);
    const spy = await listener(outsider.token, [
      ...EVERYTHING,
      `teams.${target.teamId}`,
      `memberships.${target.membershipId}`,
      `account.${target.member.id}`,
    ]);
    await publishEvents(server.prefix, [
      target.updated('Renamed'),
      target.membershipEvent('update'),
      rosterEvent('users.[userId].update.name', { userId: target.member.id }, { $id: target.member.id }),
    ]);
    await member.next((frame) => frame.type === 'event' && frame.data?.payload?.name === 'Renamed');
    await settle();
    // The team update, the membership update, and their own account event.
    expect(member.events()).toHaveLength(3);
    expect(spy.events()).toEqual([]);
    member.close();
    spy.close();
  });

  it('a guest (no session, or a forged one) receives nothing and cannot authenticate', async () => {
    const target = await team();
    const forged = Buffer.from(
      JSON.stringify({ id: target.owner.id, secret: randomBytes(64).toString('hex') }),
    ).toString('base64');
    const guest = await listener(undefined);
    const withForgedCookie = await connectRealtime(server, {
      headers: { cookie: `a_session_default=${forged}` },
    });
    expect((await withForgedCookie.next((frame) => frame.type === 'connected')).data?.user).toBeNull();
    withForgedCookie.send({ type: 'authentication', data: { session: forged } });
    const refused = await withForgedCookie.next((frame) => frame.type === 'error');
    expect(refused.data).toEqual({ code: 1003, message: 'Session is not valid.' });
    await withForgedCookie.subscribe(EVERYTHING);

    await publishEvents(server.prefix, [target.updated('Guests'), target.membershipEvent('update')]);
    await settle(500);
    expect(guest.events()).toEqual([]);
    expect(withForgedCookie.events()).toEqual([]);
    guest.close();
    withForgedCookie.close();
  });

  it('a member of one team subscribed to another team’s channels receives nothing of it', async () => {
    const mine = await team();
    const theirs = await team();
    const client = await listener(mine.owner.token, [
      `teams.${theirs.teamId}`,
      `memberships.${theirs.membershipId}`,
      `teams.${mine.teamId}`,
    ]);
    await publishEvents(server.prefix, [
      theirs.updated('Theirs'),
      theirs.membershipEvent('update'),
      mine.updated('Mine'),
    ]);
    const frame = await client.next((f) => f.type === 'event');
    expect(frame.data?.payload?.name).toBe('Mine');
    await settle();
    expect(client.events()).toHaveLength(1);
    client.close();
  });

  it('a removed member receives the deletion of their own membership, then nothing more of the team', async () => {
    const target = await team();
    const removed = await listener(target.member.token);
    expect(
      (
        await api.mutate(
          'teams.deleteMembership',
          { teamId: target.teamId, membershipId: target.membershipId },
          target.owner.headers,
        )
      ).status,
    ).toBe(200);
    await publishEvents(server.prefix, [target.membershipEvent('delete'), target.updated('After')]);
    const frame = await removed.next((f) => f.type === 'event');
    expect(frame.data?.events).toContain(`teams.${target.teamId}.memberships.${target.membershipId}.delete`);
    await settle(500);
    expect(removed.events()).toHaveLength(1);
    removed.close();
  });

  it('a socket whose session has expired hears nothing more, though no event marks the expiry', async () => {
    const target = await team();
    const owner = await listener(target.owner.token);
    // The member's session ends two seconds after the socket opens.
    await server.store.update(
      'sessions',
      { userId: target.member.id },
      { expire: new Date(Date.now() + 2000) },
    );
    const expiring = await listener(target.member.token);
    await settle(2500);
    await publishEvents(server.prefix, [target.updated('After expiry')]);
    await owner.next((f) => f.type === 'event');
    await settle(300);
    expect(expiring.events()).toHaveLength(0);
    owner.close();
    expiring.close();
  });
});

describe('handshake attacks', () => {
  it('a page of another site cannot open the socket with the user’s cookies (1008)', async () => {
    const victim = await userWithSession(api, KEY);
    const client = await connectRealtime(server, {
      headers: { origin: 'https://evil.example', cookie: `a_session_default=${victim.token}` },
    });
    const error = await client.next((frame) => frame.type === 'error');
    expect(error.data?.code).toBe(1008);
    expect(error.data?.message).toMatch(/^Invalid Origin/);
    expect(client.frames.some((frame) => frame.type === 'connected')).toBe(false);
    expect((await client.closed).code).toBe(1008);
  });

  it('an allowed origin and the API’s own host are accepted', async () => {
    for (const origin of ['https://app.example.com', server.url]) {
      const client = await connectRealtime(server, { headers: { origin } });
      expect((await client.next(() => true)).type).toBe('connected');
      client.close();
    }
  });

  it('a frame over 64 000 bytes closes the socket (1009) before it is parsed', async () => {
    const client = await connectRealtime(server);
    await client.next((frame) => frame.type === 'connected');
    client.send({ type: 'subscribe', data: [{ channels: ['x'.repeat(64_001)] }] });
    expect((await client.closed).code).toBe(1009);
  });

  it('too many subscriptions or channels are refused (1003), keeping memory per socket bounded', async () => {
    const client = await connectRealtime(server);
    await client.next((frame) => frame.type === 'connected');
    client.send({
      type: 'subscribe',
      data: [{ channels: Array.from({ length: 65 }, (_, i) => `teams.${i}`) }],
    });
    expect((await client.next((frame) => frame.type === 'error')).data?.code).toBe(1003);
    client.close();
  });
});

describe('realtime connect limit behind a proxy', () => {
  it('counts the addresses of one IPv6 /64 as one client (rotating within it does not escape the limit)', async () => {
    const proxied = await startTestServer({ ROSTER_TRUST_PROXY: '1', ROSTER_REALTIME_CONNECT_LIMIT: '2' });
    try {
      const codes: number[] = [];
      for (let i = 1; i <= 3; i += 1) {
        const client = await connectRealtime(proxied, {
          headers: { 'x-forwarded-for': `2001:db8:1:2::${i.toString(16)}` },
        });
        const first = await client.next(() => true);
        if (first.type === 'error') codes.push((await client.closed).code);
        else client.close();
      }
      expect(codes).toEqual([1013]);
    } finally {
      await proxied.close();
    }
  });
});
