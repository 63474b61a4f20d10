import { epochField, epochFilter, isDuplicateKeyError, newEpoch, type Models } from '@roster/db';
import { type Principal } from '../auth/principal.ts';
import { toTeamDto } from '../dto/team.ts';
import { AppError } from '../errors.ts';
import { generateId, resolveId } from '../lib/ids.ts';
import { serializePrefs } from '../lib/prefs.ts';
import { OWNER } from '../middleware/team-access.ts';
import { keepIfStillTied, ofTeam, principalUser, type TeamTie } from './membership-ties.ts';
import { confirmedTotal } from './team-totals.ts';

/**
 * Creates a team (spec §5.1). A signed-in creator becomes a confirmed owner (`owner` is added to
 * the given roles); an API key creates a team without members.
 *
 * The team gets a new epoch (docs/database.md). A caller-chosen id may be one a deleted team had:
 * memberships written for that one after its deletion swept (a racing invitation, a crash between
 * the two deletes) are swept here, before anyone can be invited into their (team, user) slots.
 */
export async function createTeam(
  models: Models,
  principal: Principal,
  input: { teamId: string; name: string; roles?: string[] | undefined },
) {
  const teamId = resolveId(input.teamId);
  const epoch = newEpoch();
  let team;
  try {
    team = (
      await models.Team.create({ _id: teamId, epoch, name: input.name, search: `${teamId} ${input.name}` })
    ).toObject();
  } catch (error) {
    if (isDuplicateKeyError(error)) throw new AppError('team_already_exists');
    throw error;
  }
  if (teamId === input.teamId) await models.Membership.deleteMany({ teamId, teamEpoch: { $ne: epoch } });
  if (principal.kind !== 'user') return toTeamDto(team, 0);

  const roles = input.roles ?? [OWNER];
  if (!roles.includes(OWNER)) roles.push(OWNER);
  const now = new Date();
  const membershipId = generateId();
  const creator = principalUser(principal);
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
      teamEpoch: epoch,
      ...epochField('userEpoch', creator.epoch),
    });
    await keepIfStillTied(models, membershipId, team, creator);
  } catch (error) {
    // Without its owner the team would be unreachable for the creator: undo it.
    await models.Team.deleteOne({ _id: teamId, epoch });
    throw error;
  }
  return toTeamDto(team, 1);
}

type TeamDoc = TeamTie;

/** Renames a team (spec §5.4); `search` follows the name. */
export async function renameTeam(models: Models, team: TeamDoc, name: string) {
  const updated = await models.Team.findOneAndUpdate(
    { _id: team._id },
    { $set: { name, search: `${team._id} ${name}` } },
    { returnDocument: 'after' },
  ).lean();
  if (!updated) throw new AppError('team_not_found');
  return toTeamDto(updated, await confirmedTotal(models, updated));
}

/**
 * Deletes a team and then its memberships (spec §5.5). Both writes name the team's epoch, so a
 * slow deletion cannot remove a new team with the same id or its members. A membership written
 * by a racing invitation after the sweep removes itself (`keepIfStillTied`); one left by a crash
 * belongs to this epoch only, so it never attaches to a later team with this id.
 */
export async function deleteTeam(models: Models, team: TeamDoc): Promise<void> {
  await models.Team.deleteOne({ _id: team._id, ...epochFilter('epoch', team.epoch) });
  await models.Membership.deleteMany(ofTeam(team));
}

/**
 * Replaces a team's preferences (spec §5.7: no merge). A top-level `$id` that is not a string or
 * `$permissions` that is not an array is Appwrite's `document_invalid_structure`.
 */
export async function replaceTeamPrefs(models: Models, team: TeamDoc, prefs: Record<string, unknown>) {
  if (
    ('$id' in prefs && typeof prefs.$id !== 'string') ||
    ('$permissions' in prefs && !Array.isArray(prefs.$permissions))
  ) {
    throw new AppError('document_invalid_structure');
  }
  const result = await models.Team.updateOne({ _id: team._id }, { $set: { prefs: serializePrefs(prefs) } });
  if (result.matchedCount === 0) throw new AppError('team_not_found');
  return prefs;
}
