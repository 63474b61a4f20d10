import { type StoredTeam } from '@roster/db';
import { z } from 'zod';
import { toIso } from '../lib/dates.ts';
import { parsePrefs } from '../lib/prefs.ts';

/** Appwrite's Team model (docs/appwrite-compatibility.md#models), field for field. */
export const ZTeam = z
  .object({
    $id: z.string(),
    $createdAt: z.string(),
    $updatedAt: z.string(),
    name: z.string(),
    total: z.number().int(),
    prefs: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'Team' });
export type TeamDto = z.infer<typeof ZTeam>;

export const ZTeamList = z
  .object({ total: z.number().int(), teams: z.array(ZTeam) })
  .meta({ id: 'TeamList' });

/** `total` is passed in: it is derived from confirmed memberships, never stored. */
export function toTeamDto(team: StoredTeam, total: number): TeamDto {
  return {
    $id: team._id,
    $createdAt: toIso(team.createdAt),
    $updatedAt: toIso(team.updatedAt),
    name: team.name,
    total,
    prefs: parsePrefs(team.prefs),
  };
}
