import { epochField } from '@roster/db/testing';
import { type ApiHarness } from './harness.ts';

/**
 * Fixtures for list tests, written straight to the store with fixed timestamps so that
 * insertion order (`createdAt`, `_id`) is known.
 */

/** A fixed instant `n` minutes after 2024-01-01T00:00Z. */
export const minute = (n: number) => new Date(Date.UTC(2024, 0, 1, 0, n));

export async function seedTeam(api: ApiHarness, input: { id: string; name: string; at: Date }) {
  await api.store.insert('teams', {
    _id: input.id,
    name: input.name,
    search: `${input.id} ${input.name}`,
    createdAt: input.at,
    updatedAt: input.at,
  });
}

/**
 * The epochs a membership of `teamId` and `userId` carries when the services write it (@roster/db
 * epoch.ts; absent for a seeded legacy team, or a user that does not exist): spread them into a
 * membership written straight to the store.
 */
export async function epochsOf(api: ApiHarness, teamId: string, userId: string) {
  const [team, user] = await Promise.all([api.repos.teams.byId(teamId), api.repos.users.byId(userId)]);
  return { ...epochField('teamEpoch', team?.epoch), ...epochField('userEpoch', user?.epoch) };
}

export async function seedMembership(
  api: ApiHarness,
  input: {
    id: string;
    teamId: string;
    userId: string;
    at: Date;
    confirm?: boolean;
    roles?: string[];
  },
) {
  const confirm = input.confirm ?? true;
  await api.store.insert('memberships', {
    _id: input.id,
    teamId: input.teamId,
    userId: input.userId,
    roles: input.roles ?? [],
    invited: input.at,
    ...(confirm ? { joined: input.at } : {}),
    confirm,
    search: `${input.id} ${input.userId}`,
    createdAt: input.at,
    updatedAt: input.at,
    ...(await epochsOf(api, input.teamId, input.userId)),
  });
}

/** The `queries` strings of the given query objects. */
export const queries = (...items: Record<string, unknown>[]) => items.map((item) => JSON.stringify(item));
