import { ownedByAny, type Models } from '@roster/db';
import { ofTeam, type TeamTie } from './membership-ties.ts';

/**
 * Teams' `total`: their confirmed memberships, counted, never stored (docs/database.md: FerretDB
 * loses concurrent `$inc`s), and only those written for the team as it is now (its epoch), not
 * for a deleted team with the same id. One round trip for any number of teams.
 */
export async function confirmedTotals(
  models: Models,
  teams: readonly TeamTie[],
): Promise<Map<string, number>> {
  const totals = new Map<string, number>(teams.map((team) => [team._id, 0]));
  if (teams.length === 0) return totals;
  const rows = await models.Membership.aggregate<{ _id: string; n: number }>([
    { $match: { ...ownedByAny(teams, 'teamId', 'teamEpoch'), confirm: true } },
    { $group: { _id: '$teamId', n: { $sum: 1 } } },
  ]);
  for (const row of rows) totals.set(row._id, row.n);
  return totals;
}

export async function confirmedTotal(models: Models, team: TeamTie): Promise<number> {
  return models.Membership.countDocuments({ ...ofTeam(team), confirm: true });
}
