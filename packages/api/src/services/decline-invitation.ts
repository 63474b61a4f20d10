import { type Actor } from '../auth/actor.ts';
import { type ApiDeps } from '../deps.ts';
import { toMembershipDto } from '../dto/membership.ts';
import { AppError } from '../errors.ts';
import { byId, recordEvent } from '../events/record.ts';
import { ownPendingInvitation } from './own-invitation.ts';
import { underTeamLock } from './team-lock.ts';

/** A claim older than this whose invitation is still pending was left by a request that died. */
const STALE_CLAIM_MS = 30_000;

/**
 * The signed-in invitee declines their own pending invitation (docs/invitations.md#the-inbox).
 * As Appwrite deletes a membership, so does a decline: Appwrite's reads never see it again and
 * the team's `total` never counted it; owners see it as `declined` in the invitation list
 * (`invitationRecords`), until the person is invited again.
 *
 * Exactly one of an accept and a decline of the same invitation wins: both claim
 * `accept:<membershipId>:<secretVersion>` first, the loser gets 409. A re-invite racing a decline
 * writes the membership under the team's lock, where the decline deletes it only while its
 * secret is the one declined: either the decline comes first (the re-invite then writes a new
 * pending invitation) or the re-invite does (the decline deletes nothing and is 409).
 */
export async function declineOwnInvitation(
  deps: Pick<ApiDeps, 'repos' | 'config'>,
  actor: Actor,
  membershipId: string,
): Promise<void> {
  const { repos } = deps;
  const { membership, team, user } = await ownPendingInvitation(deps, actor, membershipId);
  const version = membership.delivery?.secretVersion ?? membership.secretHash;
  const claim = await repos.claims.claimFresh(`accept:${membership._id}:${version}`, user._id, {
    staleAfterMs: STALE_CLAIM_MS,
  });
  if (!claim) throw new AppError('membership_already_confirmed', 'The invitation was already answered.');
  const payload = toMembershipDto(membership, user, team.name);
  await claim.releaseOnFailure(() =>
    recordEvent(
      repos,
      actor,
      {
        template: 'teams.[teamId].memberships.[membershipId].delete.decline',
        params: { teamId: team._id, userId: user._id, membershipId: membership._id },
        target: byId('memberships', membership._id, 'delete'),
        payload,
      },
      async () => {
        const deleted = await underTeamLock(() =>
          repos.memberships.deletePending(membership, membership.secretHash, {
            write: () => repos.invitationRecords.close(membership, 'declined', { userId: user._id }),
            undo: () => repos.invitationRecords.discard(membership._id),
          }),
        );
        if (!deleted) {
          throw new AppError('membership_already_confirmed', 'The invitation changed; it was not declined.');
        }
        return deleted;
      },
      () => ({ payload }),
    ),
  );
}
