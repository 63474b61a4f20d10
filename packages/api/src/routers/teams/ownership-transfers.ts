import { z } from 'zod';
import { ZOwnershipTransfer, ZOwnershipTransferList } from '../../dto/ownership-transfer.ts';
import { teamMemberProcedure, teamWriteProcedure } from '../../middleware/team-access.ts';
import {
  decideOwnershipTransfer,
  listOwnershipTransfers,
  offerOwnership,
} from '../../services/ownership-transfers.ts';
import { zUid } from '../../validation/params.ts';
import { rest } from '../../openapi/meta.ts';

/**
 * Ownership transfer with acceptance (Roster extensions, docs/api.md#ownership-transfers). Who may
 * do what is the service's to say, after the team check: an owner's session offers, the recipient
 * accepts or declines, the offering owner (or an API key) cancels.
 */
const PATH = '/teams/{teamId}/ownership-transfers';
const ZTransferId = z.object({ transferId: zUid() });

export const createOwnershipTransfer = teamWriteProcedure
  .meta(rest('POST', PATH, 'Offer team ownership (Roster)'))
  .input(z.object({ membershipId: zUid(), keepOwnership: z.boolean().optional() }))
  .output(ZOwnershipTransfer)
  .mutation(({ ctx, input }) => offerOwnership(ctx.deps, ctx, input));

export const listOwnershipTransfersProcedure = teamMemberProcedure
  .meta(rest('GET', PATH, 'List pending ownership transfers (Roster)'))
  .output(ZOwnershipTransferList)
  .query(({ ctx }) => listOwnershipTransfers(ctx.deps, ctx));

export const acceptOwnershipTransfer = teamWriteProcedure
  .meta(rest('POST', `${PATH}/{transferId}/accept`, 'Accept team ownership (Roster)'))
  .input(ZTransferId)
  .output(ZOwnershipTransfer)
  .mutation(({ ctx, input }) => decideOwnershipTransfer(ctx.deps, ctx, input.transferId, 'accept'));

export const declineOwnershipTransfer = teamWriteProcedure
  .meta(rest('POST', `${PATH}/{transferId}/decline`, 'Decline team ownership (Roster)'))
  .input(ZTransferId)
  .output(ZOwnershipTransfer)
  .mutation(({ ctx, input }) => decideOwnershipTransfer(ctx.deps, ctx, input.transferId, 'decline'));

export const deleteOwnershipTransfer = teamWriteProcedure
  .meta(rest('DELETE', `${PATH}/{transferId}`, 'Cancel team ownership transfer (Roster)'))
  .input(ZTransferId)
  .output(z.void())
  .mutation(async ({ ctx, input }) => {
    // An empty 204, as every Appwrite DELETE; the offer then lists no more.
    await decideOwnershipTransfer(ctx.deps, ctx, input.transferId, 'cancel');
  });
