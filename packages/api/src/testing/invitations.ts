import { deriveInvitationSecret } from '@roster/db';
import { expect } from 'vitest';
import { TEST_CONFIG, type ApiHarness } from './harness.ts';

/** Helpers for membership and invitation tests: a team with its owner, invitations, members. */

export const INVITE_URL = 'http://localhost:5173/join';

type Headers = Record<string, string>;

/** A new team created by a new signed-in user (its confirmed owner). */
export async function teamWithOwner(api: ApiHarness, name = 'Team') {
  const owner = await api.signUp();
  const team = await api.caller(owner.headers).call.teams.create({ teamId: 'unique()', name });
  const membership = await api.store.findOne('memberships', { teamId: team.$id, userId: owner.user._id });
  expect(membership).not.toBeNull();
  return { owner, team, ownerMembershipId: membership!._id };
}

/** The accept-link secret of a pending membership, derived as the mail worker does. */
export async function invitationSecret(api: ApiHarness, membershipId: string): Promise<string> {
  const membership = await api.repos.memberships.byId(membershipId);
  const secretVersion = membership?.delivery?.secretVersion;
  if (!secretVersion) throw new Error(`membership ${membershipId} has no pending invitation`);
  return deriveInvitationSecret(TEST_CONFIG.secretKey, membershipId, secretVersion);
}

/** `inviter` invites `email` to the team (session mode, so the membership is pending). */
export function invite(
  api: ApiHarness,
  inviter: Headers,
  teamId: string,
  email: string,
  roles: string[] = [],
) {
  return api.caller(inviter).call.teams.createMembership({ teamId, email, roles, url: INVITE_URL });
}

/**
 * A new signed-in user who was invited with `roles` and accepted: a confirmed member. Their email
 * was not verified before, so accepting replaced their session with a new one (`headers`).
 */
export async function addMember(api: ApiHarness, owner: Headers, teamId: string, roles: string[] = []) {
  const member = await api.signUp();
  const pending = await invite(api, owner, teamId, member.user.email!, roles);
  const secret = await invitationSecret(api, pending.$id);
  const accepting = api.caller(member.headers);
  await accepting.call.teams.updateMembershipStatus({
    teamId,
    membershipId: pending.$id,
    userId: member.user._id,
    secret,
  });
  const token = accepting.response.cookies.get(`a_session_${api.deps.config.projectId}`)?.value;
  const headers = token ? { 'x-appwrite-session': token } : member.headers;
  return { ...member, token: token ?? member.token, headers, membershipId: pending.$id };
}

/** Runs `count` calls at once and sorts their outcomes: values, and error types with counts. */
export async function settleAll<T>(count: number, call: (index: number) => Promise<T>) {
  const results = await Promise.allSettled(Array.from({ length: count }, (_, index) => call(index)));
  const values: T[] = [];
  const errors = new Map<string, number>();
  for (const result of results) {
    if (result.status === 'fulfilled') values.push(result.value);
    else {
      const reason = result.reason as { cause?: { type?: string }; message?: string };
      const type = reason.cause?.type ?? `unexpected: ${reason.message ?? String(result.reason)}`;
      errors.set(type, (errors.get(type) ?? 0) + 1);
    }
  }
  return { values, errors: Object.fromEntries(errors) };
}
