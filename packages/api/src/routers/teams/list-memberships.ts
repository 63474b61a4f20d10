import { z } from 'zod';
import { ZMembershipList } from '../../dto/membership.ts';
import { callerMembershipView, teamMemberProcedure } from '../../middleware/team-access.ts';
import { listTeamMemberships } from '../../services/membership-list.ts';
import { listParams } from '../../validation/list-params.ts';
import { rest } from '../../openapi/meta.ts';

const ZListMembershipsInput = z.object(listParams());

/**
 * GET /v1/teams/{teamId}/memberships: members and pending invitations; members and keys only; members
 * see what the membership privacy shows.
 */
export const listMemberships = teamMemberProcedure
  .meta(rest('GET', '/teams/{teamId}/memberships', 'List team memberships'))
  .input(ZListMembershipsInput)
  .output(ZMembershipList)
  .query(({ ctx, input }) =>
    listTeamMemberships(ctx.deps.repos, ctx.team, input, {}, callerMembershipView(ctx)),
  );
