import { isDuplicateKeyError, type Models } from '@roster/db';
import { type Principal } from '../auth/principal.ts';
import { toTeamDto } from '../dto/team.ts';
import { AppError } from '../errors.ts';
import { generateId, resolveId } from '../lib/ids.ts';
import { OWNER } from '../middleware/team-access.ts';

/**
 * Creates a team (spec §5.1). A signed-in creator becomes a confirmed owner (`owner` is added to
 * the given roles); an API key creates a team without members.
 */
export async function createTeam(
  models: Models,
  principal: Principal,
  input: { teamId: string; name: string; roles?: string[] | undefined },
) {
  const teamId = resolveId(input.teamId);
  let team;
  try {
    team = (
      await models.Team.create({ _id: teamId, name: input.name, search: `${teamId} ${input.name}` })
    ).toObject();
  } catch (error) {
    if (isDuplicateKeyError(error)) throw new AppError('team_already_exists');
    throw error;
  }
  if (principal.kind !== 'user') return toTeamDto(team, 0);

  const roles = input.roles ?? [OWNER];
  if (!roles.includes(OWNER)) roles.push(OWNER);
  const now = new Date();
  const membershipId = generateId();
  try {
    await models.Membership.create({
      _id: membershipId,
      teamId,
      userId: principal.userId,
      roles,
      invited: now,
      joined: now,
      confirm: true,
      search: `${membershipId} ${principal.userId}`,
    });
  } catch (error) {
    // Without its owner the team would be unreachable for the creator: undo it.
    await models.Team.deleteOne({ _id: teamId });
    throw error;
  }
  return toTeamDto(team, 1);
}
