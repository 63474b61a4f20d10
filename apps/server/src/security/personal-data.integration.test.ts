import { deriveInvitationSecret } from '@roster/db';
import { describe, expect, it } from 'vitest';
import { httpCalls, uniqueEmail, userWithSession } from '../testing/http-client.ts';
import { TEST_SECRET_KEY, useTestServer } from '../testing/http-server.ts';

/**
 * No personal data by probing (review finding 10): anyone may create a team and invite, so an
 * invitation must not hand the inviter the name, email or phone of an account they did not
 * already know, nor tell whether an account existed. Over real HTTP.
 */
const API_KEY = 'privacy-test-bootstrap-key-0123456789abcdef';
const KEY = { 'x-appwrite-key': API_KEY };
const ACCEPT_URL = 'https://app.example.com/accept';
const server = useTestServer({
  ROSTER_API_KEY: API_KEY,
  ROSTER_REDIRECT_HOSTS: 'app.example.com',
});
const api = httpCalls(server);

interface MembershipView {
  $id: string;
  userId: string;
  userName: string;
  userEmail: string;
  userPhone: string;
  confirm: boolean;
}

let phoneCounter = 0;
const uniquePhone = () =>
  `+1555${String(Date.now() % 100_000).padStart(5, '0')}${String(phoneCounter++).padStart(2, '0')}`;

/** An account somebody else owns, with a name and a phone the prober does not know. */
async function victim() {
  const email = uniqueEmail('victim');
  const phone = uniquePhone();
  const created = await api.mutate<{ $id: string }>(
    'users.create',
    { userId: 'unique()', email, phone, name: 'Victoria Secret', password: 'victim password' },
    KEY,
  );
  expect(created.status).toBe(200);
  return { id: created.data.$id, email, phone };
}

/** A signed-up stranger with a team of their own: what any attacker can have. */
async function prober() {
  const user = await userWithSession(api, KEY);
  const team = await api.mutate<{ $id: string }>(
    'teams.create',
    { teamId: 'unique()', name: 'Probe' },
    user.headers,
  );
  return { headers: user.headers, teamId: team.data.$id };
}

/** The fields an owner reads of a membership, in the create response, the list and a get. */
async function ownerViews(probe: Awaited<ReturnType<typeof prober>>, created: MembershipView) {
  const list = await api.query<{ memberships: MembershipView[] }>(
    'teams.listMemberships',
    { teamId: probe.teamId },
    probe.headers,
  );
  const got = await api.query<MembershipView>(
    'teams.getMembership',
    { teamId: probe.teamId, membershipId: created.$id },
    probe.headers,
  );
  return [created, list.data.memberships.find((membership) => membership.$id === created.$id)!, got.data];
}

const personal = ({ userName, userEmail, userPhone }: MembershipView) => ({ userName, userEmail, userPhone });

describe('inviting does not reveal personal data (review finding 10)', () => {
  it('inviting by userId shows none of the account’s name, email or phone while pending', async () => {
    const target = await victim();
    const probe = await prober();
    const invited = await api.mutate<MembershipView>(
      'teams.createMembership',
      { teamId: probe.teamId, userId: target.id, roles: [], url: ACCEPT_URL },
      probe.headers,
    );
    expect(invited.status).toBe(200);
    for (const view of await ownerViews(probe, invited.data)) {
      expect(personal(view)).toEqual({ userName: '', userEmail: '', userPhone: '' });
    }
  });

  it('inviting by email shows only what the inviter supplied, the same for an existing and a new account', async () => {
    const target = await victim();
    const probe = await prober();
    const stranger = uniqueEmail('nobody');
    const results = [];
    for (const email of [target.email, stranger]) {
      const invited = await api.mutate<MembershipView>(
        'teams.createMembership',
        { teamId: probe.teamId, email, roles: [], url: ACCEPT_URL },
        probe.headers,
      );
      expect(invited.status).toBe(200);
      for (const view of await ownerViews(probe, invited.data)) {
        // Appwrite names a new account after its email: so does every pending invitation by email.
        expect(personal(view)).toEqual({ userName: email, userEmail: email, userPhone: '' });
      }
      results.push(invited.data);
    }
    // With a name supplied, that name, whatever the account is called.
    const named = await api.mutate<MembershipView>(
      'teams.createMembership',
      { teamId: probe.teamId, email: target.email, name: 'Vicky', roles: [], url: ACCEPT_URL },
      probe.headers,
    );
    expect(personal(named.data)).toEqual({ userName: 'Vicky', userEmail: target.email, userPhone: '' });
    // Nothing in the two responses but ids, times and the address supplied tells them apart.
    const shape = (view: MembershipView) => ({
      ...view,
      $id: '',
      userId: '',
      userName: '',
      userEmail: '',
      $createdAt: '',
      $updatedAt: '',
      invited: '',
    });
    expect(shape(results[0]!)).toEqual(shape(results[1]!));
  });

  it('inviting by phone shows the phone supplied, not the name or email', async () => {
    const target = await victim();
    const probe = await prober();
    const invited = await api.mutate<MembershipView>(
      'teams.createMembership',
      { teamId: probe.teamId, phone: target.phone, roles: [], url: ACCEPT_URL },
      probe.headers,
    );
    expect(invited.status).toBe(200);
    for (const view of await ownerViews(probe, invited.data)) {
      expect(personal(view)).toEqual({ userName: '', userEmail: '', userPhone: target.phone });
    }
  });

  it('inviting by phone alone emails no one: the delivery state cannot tell whether the number has an account with an email', async () => {
    const target = await victim();
    const probe = await prober();
    const deliveries = [];
    for (const phone of [target.phone, uniquePhone()]) {
      const invited = await api.mutate<MembershipView>(
        'teams.createMembership',
        { teamId: probe.teamId, phone, roles: [], url: ACCEPT_URL },
        probe.headers,
      );
      const delivery = await api.query<{ state: string; lastError: string }>(
        'teams.getMembershipDelivery',
        { teamId: probe.teamId, membershipId: invited.data.$id },
        probe.headers,
      );
      deliveries.push({ state: delivery.data.state, lastError: delivery.data.lastError });
    }
    expect(deliveries[0]).toEqual(deliveries[1]);
    expect(deliveries[0]!.state).toBe('skipped');
  });

  it('after the invitee accepts, the membership shows the member as usual', async () => {
    const target = await victim();
    const probe = await prober();
    const invited = await api.mutate<MembershipView>(
      'teams.createMembership',
      { teamId: probe.teamId, userId: target.id, roles: [], url: ACCEPT_URL },
      probe.headers,
    );
    const stored = await server.repos.memberships.byId(invited.data.$id);
    const accepted = await api.mutate<MembershipView>('teams.updateMembershipStatus', {
      teamId: probe.teamId,
      membershipId: invited.data.$id,
      userId: target.id,
      secret: deriveInvitationSecret(TEST_SECRET_KEY, invited.data.$id, stored!.delivery!.secretVersion),
    });
    expect(accepted.status).toBe(200);
    for (const view of await ownerViews(probe, accepted.data)) {
      expect(personal(view)).toEqual({
        userName: 'Victoria Secret',
        userEmail: target.email,
        userPhone: target.phone,
      });
    }
  });
});
