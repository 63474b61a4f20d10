import { z } from 'zod';
import { INVITATION_STATES } from '../services/invitation-state.ts';

/** Roster's invitation preview (docs/invitations.md#preview): what an invitation offers, nothing else. */
export const ZInvitationPreview = z
  .object({
    teamId: z.string(),
    teamName: z.string(),
    inviterName: z.string(),
    roles: z.array(z.string()),
    expire: z.string().meta({ description: 'ISO 8601; empty when invitations never expire.' }),
    hasPassword: z.boolean().meta({
      description:
        'Whether the invitee keeps a password once accepted; if not, they may set one while accepting.',
    }),
  })
  .meta({ id: 'InvitationPreview' });

/** One of the signed-in user's pending invitations (docs/invitations.md#the-inbox). */
export const ZInboxInvitation = z
  .object({
    $id: z.string().meta({ description: 'The membership id.' }),
    teamId: z.string(),
    teamName: z.string(),
    inviterName: z.string(),
    roles: z.array(z.string()),
    invited: z.string(),
    expire: z.string(),
  })
  .meta({ id: 'InboxInvitation' });

export const ZInboxInvitationList = z
  .object({ total: z.number().int(), invitations: z.array(ZInboxInvitation) })
  .meta({ id: 'InboxInvitationList' });

export const ZInvitationState = z.enum(INVITATION_STATES);

/** An invitation of a team in any state, as its owners see it (docs/invitations.md#states). */
export const ZTeamInvitation = z
  .object({
    $id: z
      .string()
      .meta({ description: 'The membership id (of the deleted membership, once declined or revoked).' }),
    teamId: z.string(),
    userId: z.string(),
    userName: z.string(),
    userEmail: z.string(),
    userPhone: z.string(),
    roles: z.array(z.string()),
    state: ZInvitationState,
    invited: z.string(),
    expire: z.string(),
    closed: z.string(),
    inviterId: z.string(),
    deliveryState: z.string(),
  })
  .meta({ id: 'TeamInvitation' });

export const ZTeamInvitationList = z
  .object({ total: z.number().int(), invitations: z.array(ZTeamInvitation) })
  .meta({ id: 'TeamInvitationList' });
