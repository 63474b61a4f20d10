import { z } from 'zod';
import { AppError } from '../errors.ts';
import { belongsToTeam, belongsToUser, principalUser } from '../services/membership-ties.ts';
import { scopedProcedure } from '../trpc.ts';
import { zUid } from '../validation/params.ts';

export const OWNER = 'owner';

/**
 * The team of `input.teamId`, readable by the caller: API keys see every team, users only teams
 * where they have a confirmed membership (others get 404 `team_not_found`, as in Appwrite), written
 * for this team and this user (not for deleted ones with the same ids).
 * Adds `team`, the caller's `callerMembership` (users only) and `isOwner` to the context.
 */
function teamProcedure(scope: 'teams.read' | 'teams.write') {
  return scopedProcedure(scope)
    .input(z.object({ teamId: zUid() }))
    .use(async ({ ctx, input, next }) => {
      const { Team, Membership } = ctx.deps.models;
      const team = await Team.findById(input.teamId).lean();
      if (!team) throw new AppError('team_not_found');
      if (ctx.principal.kind === 'key') return next({ ctx: { team, callerMembership: null, isOwner: true } });
      if (ctx.principal.kind !== 'user') throw new AppError('team_not_found');
      const callerMembership = await Membership.findOne({
        teamId: team._id,
        userId: ctx.principal.userId,
      }).lean();
      // A membership left by a deleted team or user with the same id gives no access (epochs).
      if (
        !callerMembership?.confirm ||
        !belongsToTeam(callerMembership, team) ||
        !belongsToUser(callerMembership, principalUser(ctx.principal))
      ) {
        throw new AppError('team_not_found');
      }
      return next({ ctx: { team, callerMembership, isOwner: callerMembership.roles.includes(OWNER) } });
    });
}

/** Any confirmed member (or a key with `teams.read`). */
export const teamMemberProcedure = teamProcedure('teams.read');
/** Any confirmed member (or a key with `teams.write`); owner checks happen where messages differ. */
export const teamWriteProcedure = teamProcedure('teams.write');

/** Owners only (or a key with `teams.write`); others get 401 `user_unauthorized` with `message`. */
export function teamOwnerProcedure(message?: string) {
  return teamWriteProcedure.use(({ ctx, next }) => {
    if (!ctx.isOwner) throw new AppError('user_unauthorized', message);
    return next();
  });
}
