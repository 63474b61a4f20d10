import { deriveInvitationSecret, type StoredMembership, type StoredTeam, type TeamTie } from '@roster/db';
import { buildAcceptLink } from '@roster/jobs';
import { type Actor } from '../auth/actor.ts';
import { type ApiDeps } from '../deps.ts';
import { type MembershipDto } from '../dto/membership.ts';
import { inviteMember, type InviteInput } from './invitations.ts';

/**
 * An API key's invitation that it delivers itself (docs/invitations.md#custom-delivery): the
 * single-invitation service writes a pending membership whose delivery is `skipped` (no email),
 * and the accept link, built as the mail worker builds it, is returned once. It is derived from
 * the server's key, never stored, logged or put in an event; calling again rotates the secret, so
 * the previous link dies.
 */
export async function inviteWithLink(
  deps: Pick<ApiDeps, 'repos' | 'config' | 'invitations' | 'logger'>,
  actor: Actor,
  team: TeamTie & Pick<StoredTeam, 'name'>,
  input: InviteInput & { url: string },
): Promise<{ membership: MembershipDto; url: string }> {
  let stored: StoredMembership | undefined;
  const membership = await inviteMember(deps, actor, team, input, {
    customDelivery: true,
    onWritten: (written) => {
      stored = written.membership;
    },
  });
  const secretVersion = stored?.delivery?.secretVersion;
  if (!stored || !secretVersion) throw new Error('custom delivery wrote no pending invitation');
  const url = buildAcceptLink(input.url, {
    membershipId: stored._id,
    userId: stored.userId,
    secret: deriveInvitationSecret(deps.config.secretKey, stored._id, secretVersion),
    teamId: team._id,
    teamName: team.name,
  });
  return { membership, url };
}
