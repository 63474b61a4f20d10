import { describe, expect, it } from 'vitest';
import { acceptParamsFor, httpCalls, uniqueEmail, userWithSession } from '../testing/http-client.ts';
import { useTestServer } from '../testing/http-server.ts';
import { connectRealtime, settle, type Frame } from '../testing/realtime-client.ts';

/**
 * An invitation email's progress reaches the team's owners over /v1/realtime as the real mail
 * worker sends it (docs/events.md#roster-events), and only them: it is owner-only over REST too.
 */
const API_KEY = 'delivery-events-bootstrap-key-0123456789abcdef';
const KEY = { 'x-appwrite-key': API_KEY };
const server = useTestServer({ ROSTER_API_KEY: API_KEY }, { mail: true });
const api = httpCalls(server);

const isDelivery = (frame: Frame) =>
  frame.type === 'event' &&
  (frame.data?.events as string[] | undefined)?.some((name) => name.endsWith('.update.delivery')) === true;

describe('delivery events over realtime', () => {
  it('owners see the invitation email go out; a member of the team does not', async () => {
    const owner = await userWithSession(api, KEY);
    const member = await userWithSession(api, KEY);
    const team = await api.mutate<{ $id: string }>(
      'teams.create',
      { teamId: 'unique()', name: 'Deliveries' },
      owner.headers,
    );
    const added = await api.mutate(
      'teams.createMembership',
      { teamId: team.data.$id, userId: member.id, roles: ['developer'] },
      KEY,
    );
    expect(added.status).toBe(200);

    const sockets = [];
    for (const who of [owner, member]) {
      const socket = await connectRealtime(server, { headers: { cookie: `a_session_default=${who.token}` } });
      await socket.next((frame) => frame.type === 'connected');
      await socket.subscribe(['memberships']);
      sockets.push(socket);
    }
    const [ownerSocket, memberSocket] = sockets;

    const email = uniqueEmail();
    const invited = await api.mutate<{ $id: string }>(
      'teams.createMembership',
      { teamId: team.data.$id, email, roles: ['viewer'], url: 'http://localhost/accept' },
      owner.headers,
    );
    expect(invited.status).toBe(200);
    const frame = await ownerSocket!.next(isDelivery, 20_000);
    expect(frame.data?.payload).toMatchObject({
      teamId: team.data.$id,
      membershipId: invited.data.$id,
      state: 'sent',
      attempts: 1,
      lastError: '',
    });
    expect(frame.data?.channels).toEqual([
      'memberships',
      `memberships.${invited.data.$id}`,
      'memberships.update',
      `memberships.${invited.data.$id}.update`,
    ]);
    expect((await acceptParamsFor(server, email)).membershipId).toBe(invited.data.$id);

    // The member heard of the invitation itself, never of its email.
    await memberSocket!.next(
      (f) => f.type === 'event' && (f.data?.events as string[]).some((n) => n.endsWith('.create')),
    );
    await settle(500);
    expect(memberSocket!.events().filter(isDelivery)).toEqual([]);
    for (const socket of sockets) socket.close();
  });
});
