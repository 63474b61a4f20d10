import { type Models } from '@roster/db';

/**
 * A team's `total`: its confirmed memberships, counted, never stored (docs/database.md: FerretDB
 * loses concurrent `$inc`s). One round trip for any number of teams.
 */
export async function confirmedTotals(
  models: Models,
  teamIds: readonly string[],
): Promise<Map<string, number>> {
  const totals = new Map<string, number>(teamIds.map((id) => [id, 0]));
  if (teamIds.length === 0) return totals;
  const rows = await models.Membership.aggregate<{ _id: string; n: number }>([
    { $match: { teamId: { $in: [...teamIds] }, confirm: true } },
    { $group: { _id: '$teamId', n: { $sum: 1 } } },
  ]);
  for (const row of rows) totals.set(row._id, row.n);
  return totals;
}

export async function confirmedTotal(models: Models, teamId: string): Promise<number> {
  return models.Membership.countDocuments({ teamId, confirm: true });
}

/**
 * The totals of the teams that have confirmed members, among `teamIds` (every team when null);
 * a team missing from the map has 0. One round trip.
 */
export async function nonZeroConfirmedTotals(
  models: Models,
  teamIds: readonly string[] | null,
): Promise<Map<string, number>> {
  const rows = await models.Membership.aggregate<{ _id: string; n: number }>([
    { $match: { confirm: true, ...(teamIds ? { teamId: { $in: [...teamIds] } } : {}) } },
    { $group: { _id: '$teamId', n: { $sum: 1 } } },
  ]);
  return new Map(rows.map((row) => [row._id, row.n]));
}
