import { describe, expect, it } from 'vitest';
import { httpCalls, rest, uniqueEmail, userWithSession } from '../testing/http-client.ts';
import { useTestServer } from '../testing/http-server.ts';

/**
 * Membership privacy (docs/appwrite-compatibility.md#membership-privacy), attacked over real HTTP with
 * the default setting (Appwrite's new projects: members see no user field of other members). A
 * member tries every way the REST and tRPC APIs offer to read another member's email, name or user
 * id: get, list, search, and queries that would tell them by filtering or ordering.
 */
const API_KEY = 'membership-privacy-bootstrap-key-0123456789ab';
const KEY = { 'x-appwrite-key': API_KEY };
const server = useTestServer({ ROSTER_API_KEY: API_KEY });
const api = httpCalls(server);

interface Membership {
  $id: string;
  userId: string;
  userName: string;
  userEmail: string;
  roles: string[];
}

async function team() {
  const owner = await userWithSession(api, KEY);
  const created = await api.mutate<{ $id: string }>(
    'teams.create',
    { teamId: 'unique()', name: 'Hush' },
    owner.headers,
  );
  const teamId = created.data.$id;
  const add = async (email: string, name: string) => {
    const user = await userWithSession(api, KEY, 'a good password', email);
    await api.mutate('users.updateName', { userId: user.id, name }, KEY);
    const membership = await api.mutate<Membership>(
      'teams.createMembership',
      { teamId, email, roles: ['staff'] },
      KEY,
    );
    expect(membership.status).toBe(200);
    return { ...user, membershipId: membership.data.$id };
  };
  const attacker = await add(uniqueEmail('attacker'), 'Attacker');
  const victim = await add(uniqueEmail('victim'), 'Victoria Hidden');
  return { owner, teamId, attacker, victim };
}

const q = (query: object) => encodeURIComponent(JSON.stringify(query));

describe('a member cannot read a hidden email, name or user id of another member', () => {
  it('not through get or list (REST and tRPC): the fields come out as ""', async () => {
    const { teamId, attacker, victim } = await team();
    const headers = attacker.headers;
    const get = await rest(
      server.url,
      'GET',
      `/teams/${teamId}/memberships/${victim.membershipId}`,
      undefined,
      headers,
    );
    expect(get.status).toBe(200);
    const shown = (await get.json()) as Membership;
    expect(shown).toMatchObject({
      $id: victim.membershipId,
      userId: '',
      userName: '',
      userEmail: '',
      roles: ['staff'],
    });
    const list = await rest(server.url, 'GET', `/teams/${teamId}/memberships`, undefined, headers);
    const listed = await list.text();
    const viaTrpc = JSON.stringify(await api.query('teams.listMemberships', { teamId }, headers));
    const viaTrpcGet = JSON.stringify(
      await api.query('teams.getMembership', { teamId, membershipId: victim.membershipId }, headers),
    );
    for (const body of [JSON.stringify(shown), listed, viaTrpc, viaTrpcGet]) {
      expect(body).not.toContain(victim.email);
      expect(body).not.toContain('Victoria');
      expect(body).not.toContain(victim.id);
    }
  });

  it('not by searching: search matches membership ids only, never the email, name or user id', async () => {
    const { teamId, attacker, victim } = await team();
    for (const search of [victim.email, victim.email.split('@')[0]!, 'Victoria', victim.id]) {
      const response = await rest(
        server.url,
        'GET',
        `/teams/${teamId}/memberships?search=${encodeURIComponent(search)}`,
        undefined,
        attacker.headers,
      );
      expect(response.status).toBe(200);
      expect(((await response.json()) as { total: number }).total, search).toBe(0);
    }
  });

  it('not by filtering or ordering on hidden fields: 400, while the own user id may be asked', async () => {
    const { teamId, attacker, victim } = await team();
    const refused = [
      { method: 'equal', attribute: 'userEmail', values: [victim.email] },
      { method: 'startsWith', attribute: 'userEmail', values: ['victim'] },
      { method: 'equal', attribute: 'userName', values: ['Victoria Hidden'] },
      { method: 'equal', attribute: 'userId', values: [victim.id] },
      { method: 'notEqual', attribute: 'userId', values: [attacker.id] },
      { method: 'lessThan', attribute: 'userId', values: [victim.id] },
      { method: 'contains', attribute: 'userId', values: [victim.id.slice(0, 4)] },
      {
        method: 'and',
        values: [
          { method: 'equal', attribute: 'userId', values: [victim.id] },
          { method: 'equal', attribute: 'confirm', values: [true] },
        ],
      },
      { method: 'orderDesc', attribute: 'userId' },
    ];
    for (const query of refused) {
      const response = await rest(
        server.url,
        'GET',
        `/teams/${teamId}/memberships?queries[]=${q(query)}`,
        undefined,
        attacker.headers,
      );
      expect(response.status, JSON.stringify(query)).toBe(400);
      const body = (await response.json()) as { type: string; message: string };
      expect(body.type).toBe('general_argument_invalid');
      expect(body.message).not.toContain(victim.email);
    }
    const own = await rest(
      server.url,
      'GET',
      `/teams/${teamId}/memberships?queries[]=${q({ method: 'equal', attribute: 'userId', values: [attacker.id] })}`,
      undefined,
      attacker.headers,
    );
    expect(((await own.json()) as { memberships: Membership[] }).memberships.map((m) => m.$id)).toEqual([
      attacker.membershipId,
    ]);
  });

  it('the owner and a key see everything over HTTP', async () => {
    const { owner, teamId, victim } = await team();
    for (const headers of [owner.headers, KEY]) {
      const response = await rest(
        server.url,
        'GET',
        `/teams/${teamId}/memberships/${victim.membershipId}`,
        undefined,
        headers,
      );
      expect((await response.json()) as Membership).toMatchObject({
        userId: victim.id,
        userEmail: victim.email,
        userName: 'Victoria Hidden',
      });
    }
  });
});
