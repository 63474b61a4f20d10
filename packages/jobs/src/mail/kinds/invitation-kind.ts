import { belongsToTeam, deriveInvitationSecret, invitationMailKey, type DeliveryTarget } from '@roster/db';
import { InvitationJobData, invitationJobId } from '../../invitation-job.ts';
import { JOB } from '../../queues.ts';
import { buildAcceptLink } from '../accept-link.ts';
import { type DeliveryState, type MailKind } from '../kind.ts';
import { invitationTemplate } from './invitation.ts';

/**
 * The invitation email as a mail kind (docs/invitations.md): its job is the membership and secret
 * version, its delivery state lives on the membership (`delivery`, written through the outbox with
 * an event per change), and the sweeper finds memberships still `queued`.
 */
export const invitationKind: MailKind<InvitationJobData> = {
  name: 'invitation',
  jobName: JOB.teamInvite,
  data: InvitationJobData,
  jobId: invitationJobId,
  ledgerKey: invitationMailKey,
  messageIdLocal: ({ membershipId, secretVersion }) => `invite.${membershipId}.${secretVersion}`,
  describe: ({ membershipId }) => ({ membershipId }),
  template: invitationTemplate,

  async open(key, { reads, outbox, secretKey, projectName }) {
    const { membershipId, secretVersion } = key;
    const membership = await reads.membership(membershipId);
    if (!membership) return { gone: 'membership deleted' };
    const { delivery } = membership;
    if (!delivery) return { gone: 'membership has no invitation email' };
    // The delivery fields now describe the new version, whose own job sends its email: leave them.
    if (delivery.secretVersion !== secretVersion) return { gone: 'secret rotated by a newer invitation' };

    // The outbox's writes name this secret version: a re-invite that rotated it meanwhile is left alone.
    const target: DeliveryTarget = { ...key, teamId: membership.teamId, delivery };
    const state: DeliveryState = {
      skipped: (reason) => outbox.markSkipped(target, reason),
      sent: (sent) => outbox.markSent(target, sent),
      failed: (failure) => outbox.markFailed(target, failure),
      failedAttempt: (failure) => outbox.recordFailedAttempt(target, failure),
    };
    if (membership.confirm) return { skip: 'membership already confirmed', delivery: state };
    if (delivery.state === 'failed' || delivery.state === 'skipped') {
      return { gone: `delivery already ${delivery.state}` };
    }
    // This version's `sent` is on the membership (written after the ledger's): nothing to claim.
    if (delivery.state === 'sent') return { gone: 'already sent' };
    return {
      delivery: state,
      async compose() {
        const [team, invitee, inviter] = await Promise.all([
          reads.team(membership.teamId),
          reads.user(membership.userId),
          membership.inviterId ? reads.user(membership.inviterId) : null,
        ]);
        // A team re-created under a deleted one's id is not this invitation's team (epochs, @roster/db).
        if (!team || !belongsToTeam(membership, team)) return { skip: 'team deleted' };
        if (!invitee?.email) return { fail: invitee ? 'invitee has no email address' : 'invitee deleted' };
        const link = buildAcceptLink(delivery.url, {
          membershipId,
          userId: membership.userId,
          secret: deriveInvitationSecret(secretKey, membershipId, secretVersion),
          teamId: team._id,
          teamName: team.name,
        });
        return {
          to: { name: invitee.name, address: invitee.email },
          locale: membership.locale,
          variables: {
            owner: inviter?.name || inviter?.email || projectName,
            user: invitee.name || invitee.email,
            team: team.name,
            project: projectName,
            redirect: link,
          },
        };
      },
    };
  },

  staleQueued: ({ outbox }, options) => outbox.staleQueued(options),
};
