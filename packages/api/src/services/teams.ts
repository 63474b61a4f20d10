import { OWNER, resolveId, type Repositories, type StoredTeam, type TeamTie } from '@roster/db';
import { type Actor } from '../auth/actor.ts';
import { principalUser } from '../auth/principal.ts';
import { toTeamDto, type TeamDto } from '../dto/team.ts';
import { AppError } from '../errors.ts';
import { byId, recordEvent, type EventSource } from '../events/record.ts';
import { serializePrefs } from '../lib/prefs.ts';
import { underTeamLock } from './team-lock.ts';

/**
 * Creates a team (docs/appwrite-compatibility.md#what-roster-implements). A signed-in creator becomes a
 * confirmed owner (`owner` is added to the given roles); an API key creates a team without members. The new
 * team's epoch, and the sweep of what a deleted team with a reused id left behind, are `teams.create`'s
 * (docs/database.md).
 */
export async function createTeam(
  repos: Repositories,
  actor: Actor,
  input: { teamId: string; name: string; roles?: string[] | undefined },
): Promise<TeamDto> {
  const teamId = resolveId(input.teamId);
  const { principal } = actor;
  return recordEvent(
    repos,
    actor,
    {
      template: 'teams.[teamId].create',
      params: { teamId, ...(principal.kind === 'user' ? { userId: principal.userId } : {}) },
      target: byId('teams', teamId),
      newResource: teamId !== input.teamId,
    },
    () => writeTeam(repos, principal, { ...input, teamId }),
    (team) => ({ payload: team }),
  );
}

async function writeTeam(
  repos: Repositories,
  principal: Actor['principal'],
  input: { teamId: string; name: string; roles?: string[] | undefined },
): Promise<TeamDto> {
  const { teamId } = input;
  const team = await repos.teams.create({ id: teamId, chosenId: teamId === input.teamId, name: input.name });
  if (!team) throw new AppError('team_already_exists');
  if (principal.kind !== 'user') return toTeamDto(team, 0);

  const roles = input.roles ?? [];
  const written = await repos.memberships
    .addCreator(team, principalUser(principal), roles.includes(OWNER) ? roles : [...roles, OWNER])
    .catch(async (error: unknown) => {
      // Without its owner the team would be unreachable for the creator: undo it.
      await repos.teams.delete(team);
      throw error;
    });
  if (written.kind !== 'written') {
    await repos.teams.delete(team);
    throw new AppError(
      written.kind === 'gone' && written.gone === 'team' ? 'team_not_found' : 'user_not_found',
    );
  }
  return toTeamDto(team, 1);
}

/** GET a team, with its stored `total` (docs/database.md#team-totals). */
export async function getTeam(repos: Repositories, team: StoredTeam): Promise<TeamDto> {
  return toTeamDto(team, await repos.teams.totalOf(team));
}

/** Renames a team (docs/appwrite-compatibility.md#what-roster-implements); `search` follows the name. */
export async function renameTeam(
  repos: Repositories,
  by: EventSource,
  team: TeamTie,
  name: string,
): Promise<TeamDto> {
  const renamed = await recordEvent(
    repos,
    by,
    { template: 'teams.[teamId].update', params: { teamId: team._id }, target: byId('teams', team._id) },
    async () => {
      const updated = await underTeamLock(() => repos.teams.rename(team, name));
      return updated ? getTeam(repos, updated) : null;
    },
    (dto) => (dto ? { payload: dto } : null),
  );
  if (!renamed) throw new AppError('team_not_found');
  return renamed;
}

/**
 * Deletes a team and its memberships (docs/appwrite-compatibility.md#deleting-teams-and-users); each write
 * names the team's epoch (`teams.delete`).
 */
export async function deleteTeam(repos: Repositories, by: EventSource, team: StoredTeam): Promise<void> {
  const payload = await getTeam(repos, team);
  await recordEvent(
    repos,
    by,
    {
      template: 'teams.[teamId].delete',
      params: { teamId: team._id },
      target: byId('teams', team._id, 'delete'),
      payload,
    },
    () => repos.teams.delete(team),
    () => ({ payload }),
  );
}

/**
 * Replaces a team's preferences (no merge; docs/appwrite-compatibility.md#models). A top-level `$id` that is
 * not a string or
 * `$permissions` that is not an array is Appwrite's `document_invalid_structure`.
 */
export async function replaceTeamPrefs(
  repos: Repositories,
  by: EventSource,
  team: TeamTie,
  prefs: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  if (
    ('$id' in prefs && typeof prefs.$id !== 'string') ||
    ('$permissions' in prefs && !Array.isArray(prefs.$permissions))
  ) {
    throw new AppError('document_invalid_structure');
  }
  const replaced = await recordEvent(
    repos,
    by,
    {
      template: 'teams.[teamId].update.prefs',
      params: { teamId: team._id },
      target: byId('teams', team._id),
      payload: prefs,
    },
    () => underTeamLock(() => repos.teams.replacePrefs(team, serializePrefs(prefs))),
    (found) => (found ? { payload: prefs } : null),
  );
  if (!replaced) throw new AppError('team_not_found');
  return prefs;
}
