import { z } from 'zod';
import { ZInboxInvitationList } from '../../dto/invitation.ts';
import { ZMembership } from '../../dto/membership.ts';
import { acceptOwnInvitation } from '../../services/accept-invitation.ts';
import { declineOwnInvitation } from '../../services/decline-invitation.ts';
import { listOwnInvitations } from '../../services/invitation-inbox.ts';
import { accountProcedure } from '../../trpc.ts';
import { zUid } from '../../validation/params.ts';
import { rest } from '../../openapi/meta.ts';

/** GET /v1/account/invitations: the signed-in user's pending invitations across all teams. */
export const listInvitations = accountProcedure
  .meta(rest('GET', '/account/invitations', 'List my invitations (Roster)'))
  .input(z.object({}).optional())
  .output(ZInboxInvitationList)
  .query(({ ctx }) => listOwnInvitations(ctx.deps, ctx.actor));

/** POST /v1/account/invitations/{membershipId}/accept: accept one of them, without the email. */
export const acceptInvitation = accountProcedure
  .meta(rest('POST', '/account/invitations/{membershipId}/accept', 'Accept my invitation (Roster)'))
  .input(z.object({ membershipId: zUid() }))
  .output(ZMembership)
  .mutation(({ ctx, input }) => acceptOwnInvitation(ctx.deps, ctx.actor, input.membershipId));

/** POST /v1/account/invitations/{membershipId}/decline: decline one of them. */
export const declineInvitation = accountProcedure
  .meta(rest('POST', '/account/invitations/{membershipId}/decline', 'Decline my invitation (Roster)'))
  .input(z.object({ membershipId: zUid() }))
  .output(z.void())
  .mutation(({ ctx, input }) => declineOwnInvitation(ctx.deps, ctx.actor, input.membershipId));
