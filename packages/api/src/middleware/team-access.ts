import { z } from 'zod';
import { type ApiDeps } from '../deps.ts';
import { membershipView, type MembershipView } from '../dto/membership-privacy.ts';
import { AppError } from '../errors.ts';
import { type TeamAccess } from '../services/team-access.ts';
import { teamAccess } from '../services/team-access.ts';
import { scopedProcedure } from '../trpc.ts';
import { zUid } from '../validation/params.ts';

/**
 * A procedure on the team of `input.teamId`, readable by the caller (services/team-access.ts).
 * Adds `team`, the caller's `callerMembership` (users only) and `isOwner` to the context.
 */
function teamProcedure(scope: 'teams.read' | 'teams.write') {
  return scopedProcedure(scope)
    .input(z.object({ teamId: zUid() }))
    .use(async ({ ctx, input, next }) =>
      next({ ctx: await teamAccess(ctx.deps.repos, ctx.principal, input.teamId) }),
    );
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

/**
 * How the caller of a team procedure sees other memberships (docs/appwrite-compatibility.md#membership-privacy):
 * owners and keys everything, members what `ROSTER_MEMBERSHIP_PRIVACY` shows.
 */
export function callerMembershipView(ctx: TeamAccess & { deps: Pick<ApiDeps, 'config'> }): MembershipView {
  return membershipView(ctx.deps.config.membershipPrivacy, {
    seesAll: ctx.isOwner,
    userId: ctx.callerMembership?.userId ?? '',
  });
}
