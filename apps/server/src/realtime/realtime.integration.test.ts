import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpCalls, userWithSession } from '../testing/http-client.ts';
import { startTestServer, useTestServer, type TestServer } from '../testing/http-server.ts';
import {
  connectRealtime,
  publishEvents,
  rosterEvent,
  settle,
  type Frame,
} from '../testing/realtime-client.ts';

/**
 * Appwrite's realtime protocol on /v1/realtime (docs/events.md#realtime), spoken by a `ws`
 * client against the real server; events go through Redis pub/sub as the worker publishes them.
 */
const API_KEY = 'realtime-test-bootstrap-key-0123456789abcdef';
const KEY = { 'x-appwrite-key': API_KEY };
const server = useTestServer({ ROSTER_API_KEY: API_KEY });
const api = httpCalls(server);

const isError = (code: number) => (frame: Frame) => frame.type === 'error' && frame.data?.code === code;

async function teamWithOwner() {
  const owner = await userWithSession(api, KEY);
  const team = await api.mutate<{ $id: string; name: string }>(
    'teams.create',
    { teamId: 'unique()', name: 'Realtime' },
    owner.headers,
  );
  return { owner, team: team.data };
}

async function addMember(teamId: string, email: string) {
  const added = await api.mutate<Record<string, unknown> & { $id: string }>(
    'teams.createMembership',
    { teamId, email, roles: ['editor'] },
    KEY,
  );
  expect(added.status).toBe(200);
  return added.data;
}

describe('handshake and messages', () => {
  it('a guest connects with no user and no subscriptions, and gets a pong for a ping', async () => {
    const client = await connectRealtime(server);
    const connected = await client.next((frame) => frame.type === 'connected');
    expect(connected.data).toEqual({ channels: [], subscriptions: [], user: null });
    client.send({ type: 'ping' });
    await client.next((frame) => frame.type === 'pong');
    client.close();
  });

  it('the session cookie, X-Fallback-Cookies and the authentication message all sign the socket in', async () => {
    const user = await userWithSession(api, KEY);
    const byCookie = await connectRealtime(server, {
      headers: { cookie: `a_session_default=${user.token}` },
    });
    const connected = await byCookie.next((frame) => frame.type === 'connected');
    expect((connected.data?.user as { $id: string }).$id).toBe(user.id);
    expect(connected.data?.user).not.toHaveProperty('password');

    const byFallback = await connectRealtime(server, {
      headers: { 'x-fallback-cookies': JSON.stringify({ a_session_default: user.token }) },
    });
    expect(((await byFallback.next((f) => f.type === 'connected')).data?.user as { $id: string }).$id).toBe(
      user.id,
    );

    const byMessage = await connectRealtime(server);
    await byMessage.next((frame) => frame.type === 'connected');
    byMessage.send({ type: 'authentication', data: { session: user.token } });
    const answer = await byMessage.next((frame) => frame.type === 'response');
    expect(answer.data).toMatchObject({ to: 'authentication', success: true, user: { $id: user.id } });
    for (const client of [byCookie, byFallback, byMessage]) client.close();
  });

  it('bad frames are answered with error 1003 and the socket stays open', async () => {
    const client = await connectRealtime(server);
    await client.next((frame) => frame.type === 'connected');
    client.socket.send('not json');
    expect((await client.next(isError(1003))).data?.message).toBe('Message format is not valid.');
    client.send({ type: 'dance' });
    expect((await client.next(isError(1003))).data?.message).toBe('Message type is not valid.');
    client.send({ type: 'authentication', data: {} });
    expect((await client.next(isError(1003))).data?.message).toBe(
      'Payload is not valid. Session is required',
    );
    client.send({ type: 'subscribe', data: [{ channels: ['teams'], queries: ['equal("name", ["x"])'] }] });
    expect((await client.next(isError(1003))).data?.message).toMatch(/^Invalid query/);
    client.send({ type: 'ping' });
    await client.next((frame) => frame.type === 'pong');
    client.close();
  });

  it('subscribe answers the channels as stored: account becomes the user’s own, other accounts are dropped', async () => {
    const user = await userWithSession(api, KEY);
    const client = await connectRealtime(server, { headers: { cookie: `a_session_default=${user.token}` } });
    await client.next((frame) => frame.type === 'connected');
    const answer = await client.subscribe(
      ['account', 'account.update', 'account.someone-else', 'teams', 'memberships.abc'],
      'sub1',
    );
    expect(answer.data).toEqual({
      to: 'subscribe',
      success: true,
      subscriptions: [
        {
          subscriptionId: 'sub1',
          channels: [
            'account',
            `account.${user.id}`,
            `account.${user.id}.update`,
            'teams',
            'memberships.abc',
          ],
          queries: [],
        },
      ],
    });
    client.send({ type: 'unsubscribe', data: [{ subscriptionId: 'sub1' }, { subscriptionId: 'nope' }] });
    const removed = await client.next(
      (frame) => frame.type === 'response' && frame.data?.to === 'unsubscribe',
    );
    expect(removed.data?.subscriptions).toEqual([
      { subscriptionId: 'sub1', removed: true },
      { subscriptionId: 'nope', removed: false },
    ]);
    client.close();
  });

  it('the legacy URL mode subscribes at connect time', async () => {
    const user = await userWithSession(api, KEY);
    const client = await connectRealtime(server, {
      headers: { cookie: `a_session_default=${user.token}` },
      query: 'project=default&channels[]=account&channels[]=teams',
    });
    const connected = await client.next((frame) => frame.type === 'connected');
    expect(connected.data?.channels).toEqual(['account', `account.${user.id}`, 'teams']);
    expect(connected.data?.subscriptions).toHaveLength(1);
    client.close();
  });

  it('an unknown or missing project is refused with 1008, as an error frame and as the close code', async () => {
    for (const query of ['project=other', '']) {
      const client = await connectRealtime(server, { query });
      const error = await client.next(isError(1008));
      expect(error.data?.message).toBe('Missing or unknown project ID');
      expect((await client.closed).code).toBe(1008);
    }
  });
});

describe('events', () => {
  it('a member receives a membership event in Appwrite’s frame, once even when delivered twice', async () => {
    const { owner, team } = await teamWithOwner();
    const client = await connectRealtime(server, { headers: { cookie: `a_session_default=${owner.token}` } });
    await client.next((frame) => frame.type === 'connected');
    await client.subscribe(['memberships'], 'm1');
    const other = await userWithSession(api, KEY);
    const membership = await addMember(team.$id, other.email);
    const event = rosterEvent(
      'teams.[teamId].memberships.[membershipId].create',
      { teamId: team.$id, membershipId: membership.$id },
      { ...membership, secret: 'never sent' },
    );
    await publishEvents(server.prefix, [event, event]);
    const frame = await client.next((f) => f.type === 'event');
    expect(frame.data).toEqual({
      events: event.names,
      channels: [
        'memberships',
        `memberships.${membership.$id}`,
        'memberships.create',
        `memberships.${membership.$id}.create`,
      ],
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/) as unknown,
      payload: membership,
      subscriptions: ['m1'],
    });
    await settle();
    expect(client.events()).toHaveLength(1);
    client.close();
  });

  it('membership payloads reach members with the fields the membership privacy hides blanked; owners see all', async () => {
    const { owner, team } = await teamWithOwner();
    const member = await userWithSession(api, KEY);
    await addMember(team.$id, member.email);
    const ownerSocket = await connectRealtime(server, {
      headers: { cookie: `a_session_default=${owner.token}` },
    });
    const memberSocket = await connectRealtime(server, {
      headers: { cookie: `a_session_default=${member.token}` },
    });
    for (const client of [ownerSocket, memberSocket]) {
      await client.next((frame) => frame.type === 'connected');
      await client.subscribe(['memberships']);
    }
    const third = await userWithSession(api, KEY);
    const membership = await addMember(team.$id, third.email);
    expect(membership.userEmail).toBe(third.email);
    await publishEvents(server.prefix, [
      rosterEvent(
        'teams.[teamId].memberships.[membershipId].create',
        { teamId: team.$id, membershipId: membership.$id },
        membership,
      ),
    ]);
    const toOwner = await ownerSocket.next((f) => f.type === 'event');
    const toMember = await memberSocket.next((f) => f.type === 'event');
    expect(toOwner.data?.payload).toEqual(membership);
    expect(toMember.data?.payload).toEqual({
      ...membership,
      userId: '',
      userName: '',
      userEmail: '',
      userPhone: '',
      mfa: false,
      userAccessedAt: '',
    });
    expect(JSON.stringify(toMember)).not.toContain(third.email);
    ownerSocket.close();
    memberSocket.close();
  });

  it('account events reach only their own user, and stop once the session is deleted', async () => {
    const user = await userWithSession(api, KEY);
    const stranger = await userWithSession(api, KEY);
    const mine = await connectRealtime(server, { headers: { cookie: `a_session_default=${user.token}` } });
    const theirs = await connectRealtime(server, {
      headers: { cookie: `a_session_default=${stranger.token}` },
    });
    for (const client of [mine, theirs]) {
      await client.next((frame) => frame.type === 'connected');
      await client.subscribe(['account']);
    }
    const renamed = rosterEvent(
      'users.[userId].update.name',
      { userId: user.id },
      { $id: user.id, name: 'N' },
    );
    await publishEvents(server.prefix, [renamed]);
    const frame = await mine.next((f) => f.type === 'event');
    expect(frame.data?.channels).toEqual([
      'account',
      `account.${user.id}`,
      'account.update',
      `account.${user.id}.update`,
    ]);
    await settle();
    expect(theirs.events()).toHaveLength(0);

    // Signed out everywhere: the socket is a guest from the next account event on.
    expect((await api.mutate('account.deleteSessions', null, user.headers)).status).toBe(200);
    await publishEvents(server.prefix, [
      rosterEvent('users.[userId].sessions.delete', { userId: user.id }, {}),
      rosterEvent('users.[userId].update.name', { userId: user.id }, { $id: user.id, name: 'M' }),
    ]);
    await settle(500);
    expect(mine.events()).toHaveLength(1);
    mine.close();
    theirs.close();
  });
});

describe('limits and lifecycle', () => {
  let limited: TestServer;
  beforeAll(async () => {
    limited = await startTestServer({
      ROSTER_REALTIME_MESSAGE_LIMIT: '3',
      ROSTER_REALTIME_CONNECT_LIMIT: '4',
      ROSTER_REALTIME_IDLE_TIMEOUT_MS: '1000',
    });
  });
  afterAll(() => limited.close());

  it('messages over the per-connection limit get error 1013 and the socket stays open', async () => {
    const client = await connectRealtime(limited);
    await client.next((frame) => frame.type === 'connected');
    for (let i = 0; i < 4; i += 1) client.send({ type: 'ping' });
    expect((await client.next(isError(1013))).data?.message).toBe('Too many messages.');
    expect(client.frames.filter((frame) => frame.type === 'pong')).toHaveLength(3);
    expect(client.socket.readyState).toBe(client.socket.OPEN);
    client.close();
  });

  it('a socket that sends nothing is closed after the idle timeout, cleanly', async () => {
    const client = await connectRealtime(limited);
    const { code, reason } = await client.closed;
    expect(code).toBe(1000);
    expect(reason).toBe('Idle timeout');
  });

  it('connections over the per-address limit are refused with 1013', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 3; i += 1) {
      const client = await connectRealtime(limited);
      const first = await client.next(() => true);
      if (first.type === 'error') codes.push((await client.closed).code);
      else client.close();
    }
    expect(codes).toEqual([1013]);
  });

  it('shutting down closes every socket with 1001 (the SDKs reconnect elsewhere)', async () => {
    const other = await startTestServer();
    const client = await connectRealtime(other);
    await client.next((frame) => frame.type === 'connected');
    await other.close();
    expect((await client.closed).code).toBe(1001);
  });
});
