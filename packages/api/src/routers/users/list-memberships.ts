import { z } from 'zod';
import { ZMembershipList } from '../../dto/membership.ts';
import { listUserMemberships } from '../../services/membership-list.ts';
import { scopedProcedure } from '../../trpc.ts';
import { listParams } from '../../validation/list-params.ts';
import { zUid } from '../../validation/params.ts';
import { rest } from '../../openapi/meta.ts';

const ZListUserMembershipsInput = z.object({ userId: zUid(), ...listParams() });

/** GET /v1/users/{userId}/memberships: all memberships of a user, pending ones included. */
export const listMemberships = scopedProcedure('users.read')
  .meta(rest('GET', '/users/{userId}/memberships', 'List user memberships'))
  .input(ZListUserMembershipsInput)
  .output(ZMembershipList)
  .query(({ ctx, input }) => listUserMemberships(ctx.deps.repos, input.userId, input));
