import { randomBytes } from 'node:crypto';
import { type TestStore } from '@roster/db/testing';

const id = () => randomBytes(10).toString('hex');

export interface InvitationFixture {
  membershipId: string;
  secretVersion: string;
  teamId: string;
  inviteeId: string;
  inviteeEmail: string;
}

/**
 * Writes what `createMembership` writes for an emailed invitation (a team, inviter, invitee and a
 * `queued` membership), for tests of the mail pipeline that do not go through the API.
 */
export async function insertInvitation(
  store: TestStore,
  options: {
    teamName?: string;
    inviteeName?: string;
    inviteeEmail?: string;
    inviterName?: string;
    locale?: string;
    url?: string;
    queuedAt?: Date;
  } = {},
): Promise<InvitationFixture> {
  const teamId = id();
  const inviterId = id();
  const inviteeId = id();
  const membershipId = id();
  const secretVersion = id();
  const inviteeEmail = options.inviteeEmail ?? `${inviteeId}@example.com`;
  await store.insert('teams', { _id: teamId, name: options.teamName ?? 'Engines', search: teamId });
  await store.insertEach('users', [
    { _id: inviterId, name: options.inviterName ?? 'Ada Lovelace', email: `${inviterId}@example.com` },
    { _id: inviteeId, name: options.inviteeName ?? 'Charles Babbage', email: inviteeEmail },
  ]);
  const now = new Date();
  await store.insert('memberships', {
    _id: membershipId,
    teamId,
    userId: inviteeId,
    roles: ['member'],
    invited: now,
    confirm: false,
    secretHash: 'x'.repeat(64),
    inviterId,
    locale: options.locale ?? 'en',
    search: `${membershipId} ${inviteeId}`,
    delivery: {
      state: 'queued',
      secretVersion,
      attempts: 0,
      lastError: '',
      url: options.url ?? 'http://localhost:5173/accept',
      queuedAt: options.queuedAt ?? now,
    },
  });
  return { membershipId, secretVersion, teamId, inviteeId, inviteeEmail };
}
