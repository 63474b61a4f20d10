import { belongsToTeam, deriveInvitationSecret, type Outbox, type Repositories } from '@roster/db';
import { UnrecoverableError } from 'bullmq';
import { InvitationJobData } from '../invitation-job.ts';
import { buildAcceptLink } from '../mail/accept-link.ts';
import { renderInvitationEmail } from '../mail/render-invitation.ts';
import { classifySmtpError } from '../mail/smtp-failure.ts';
import { type TemplateOverrides } from '../mail/template-overrides.ts';

export interface OutgoingMail {
  from: string;
  to: { name: string; address: string };
  subject: string;
  html: string;
  text: string;
  messageId: string;
  headers: Record<string, string>;
}

export interface InvitationMailDeps {
  repos: Pick<Repositories, 'memberships' | 'teams' | 'users'>;
  /** The invitation outbox (@roster/db): its state, and the send claims. The worker groups its writes. */
  outbox: Outbox;
  /** Hands the message to SMTP; resolves with the Message-ID once the server accepted it. */
  send(mail: OutgoingMail): Promise<{ messageId: string }>;
  /** `ROSTER_SECRET_KEY`, from which the link's secret is derived. */
  secretKey: string;
  projectName: string;
  /** `MAIL_FROM`. */
  from: string;
  templates: TemplateOverrides;
  /**
   * How long a send claim stays valid without a heartbeat from its worker (the worker beats every
   * third of it while it works); after that another worker presumes it dead and takes over.
   */
  leaseMs: number;
  /** Names this worker in send claims (for debugging). */
  holder: string;
  now?: () => number;
}

export interface AttemptInfo {
  /** 1 for the first try of this job. */
  attempt: number;
  maxAttempts: number;
}

export type InvitationOutcome =
  | { outcome: 'sent'; messageId: string; attempts: number; resentAfterCrash: boolean; locale: string }
  | { outcome: 'skipped'; reason: string }
  | { outcome: 'deferred'; until: number; reason: string };

/**
 * Sends one invitation email, at most once per secret version as far as SMTP allows.
 *
 * How a duplicate is avoided: before talking to SMTP the worker inserts a claim for the next send
 * attempt (the send ledger, @roster/db outbox/send-ledger.ts); after the server's `250` it records `sent`, then marks the
 * membership. A second worker running the same job (BullMQ re-delivers a job whose worker stopped
 * renewing its lock) finds the claim and waits for it to be released, for `sent`, or for the lease
 * to run out: the claim's worker refreshes it while it works, so only a dead (or frozen) worker
 * loses it. A send that fails is released and retried. There is no wall-clock limit on the send
 * itself beyond the transport's own timeouts: a send abandoned while still running could still be
 * accepted later, after another worker had sent the email again.
 *
 * The limit: when a worker dies after the server accepted the message but before `sent` was
 * recorded (a window of one round trip to the database), nothing can tell whether the server has
 * the message. The claim then expires and the email is sent again, with the same Message-ID so
 * mail clients can tell the two apart. Nothing is lost; in that one window a duplicate is possible.
 */
export async function sendInvitationEmail(
  data: unknown,
  attempt: AttemptInfo,
  deps: InvitationMailDeps,
): Promise<InvitationOutcome> {
  const parsed = InvitationJobData.safeParse(data);
  if (!parsed.success) throw new UnrecoverableError(`invalid job data: ${parsed.error.message}`);
  const key = parsed.data;
  const { membershipId, secretVersion } = key;
  const { repos, outbox } = deps;
  const now = deps.now ?? Date.now;

  const membership = await repos.memberships.byId(membershipId);
  if (!membership) return { outcome: 'skipped', reason: 'membership deleted' };
  const delivery = membership.delivery;
  if (!delivery) return { outcome: 'skipped', reason: 'membership has no invitation email' };
  // The delivery fields now describe the new version, whose own job sends its email: leave them.
  if (delivery.secretVersion !== secretVersion) {
    return { outcome: 'skipped', reason: 'secret rotated by a newer invitation' };
  }

  // The outbox's writes name this secret version: a re-invite that rotated it meanwhile is left alone.
  const target = { ...key, teamId: membership.teamId, delivery };
  const skip = async (reason: string): Promise<InvitationOutcome> => {
    await outbox.markSkipped(target, reason);
    return { outcome: 'skipped', reason };
  };

  if (membership.confirm) return skip('membership already confirmed');
  if (delivery.state === 'failed' || delivery.state === 'skipped') {
    return { outcome: 'skipped', reason: `delivery already ${delivery.state}` };
  }

  // The first attempt claims at once; the ledger is read only when attempt 0 already exists (a
  // retry, or a second run of the job), so the common path spends no round trip looking for
  // claims that are not there.
  const [firstClaim, team, invitee, inviter] = await Promise.all([
    outbox.claimSendAttempt(key, 0, deps.holder),
    repos.teams.byId(membership.teamId),
    repos.users.byId(membership.userId),
    membership.inviterId ? repos.users.byId(membership.inviterId) : null,
  ]);
  let generation = 0;
  let resentAfterCrash = false;
  if (!firstClaim) {
    const ledger = await outbox.readSendLedger(key, deps.leaseMs, now());
    if (ledger.kind === 'sent') {
      // The previous run stopped between recording `sent` and marking the membership.
      if (delivery.state !== 'sent') {
        await outbox.markSent(target, { messageId: ledger.messageId, at: new Date(now()) });
      }
      return { outcome: 'skipped', reason: 'already sent' };
    }
    if (ledger.kind === 'busy') {
      return {
        outcome: 'deferred',
        until: ledger.until,
        reason: `send attempt ${ledger.current + 1} in progress`,
      };
    }
    if (!(await outbox.claimSendAttempt(key, ledger.next, deps.holder))) {
      return { outcome: 'deferred', until: now() + 1000, reason: 'another worker started this send' };
    }
    generation = ledger.next;
    resentAfterCrash = ledger.unknownOutcome;
  }
  // A team re-created under a deleted one's id is not this invitation's team (epochs, @roster/db).
  const teamGone = !team || !belongsToTeam(membership, team);
  if (teamGone || !invitee?.email) {
    await outbox.releaseSendAttempt(key, generation, 'nothing to send');
    if (teamGone) return skip('team deleted');
    const reason = invitee ? 'invitee has no email address' : 'invitee deleted';
    await outbox.markFailed(target, { lastError: reason });
    throw new UnrecoverableError(reason);
  }
  const attempts = generation + 1;

  const link = buildAcceptLink(delivery.url, {
    membershipId,
    userId: membership.userId,
    secret: deriveInvitationSecret(deps.secretKey, membershipId, secretVersion),
    teamId: team._id,
    teamName: team.name,
  });
  const email = renderInvitationEmail({
    locale: membership.locale,
    overrides: deps.templates,
    variables: {
      owner: inviter?.name || inviter?.email || deps.projectName,
      user: invitee.name || invitee.email,
      team: team.name,
      project: deps.projectName,
      redirect: link,
    },
  });

  const heartbeat = setInterval(
    () => {
      outbox.heartbeatSendAttempt(key, generation, deps.holder).catch(() => {
        // A missed beat only shortens the lease; the next one (or the end of the send) follows.
      });
    },
    Math.max(100, Math.floor(deps.leaseMs / 3)),
  );
  let messageId: string;
  try {
    ({ messageId } = await deps.send({
      from: deps.from,
      to: { name: invitee.name, address: invitee.email },
      subject: email.subject,
      html: email.html,
      text: email.text,
      messageId: stableMessageId(membershipId, secretVersion, deps.from),
      headers: { 'Content-Language': email.locale },
    }));
  } catch (error) {
    clearInterval(heartbeat);
    const failure = classifySmtpError(error);
    await outbox.releaseSendAttempt(key, generation, failure.reason);
    if (failure.permanent) {
      await outbox.markFailed(target, { attempts, lastError: failure.reason });
      throw new UnrecoverableError(failure.reason);
    }
    if (attempt.attempt >= attempt.maxAttempts) {
      const tries = attempts === 1 ? '1 attempt' : `${attempts} attempts`;
      await outbox.markFailed(target, { attempts, lastError: `gave up after ${tries}: ${failure.reason}` });
    } else {
      await outbox.recordFailedAttempt(target, { attempts, lastError: failure.reason });
    }
    throw new Error(failure.reason, { cause: error });
  }
  clearInterval(heartbeat);

  await outbox.recordSent(key, messageId);
  await outbox.markSent(target, { messageId, at: new Date(now()), attempts });
  return {
    outcome: 'sent',
    messageId,
    attempts,
    resentAfterCrash,
    locale: email.locale,
  };
}

/**
 * One Message-ID per membership and secret version: if a crash makes the worker send the same
 * email twice (see above), both copies carry it and clients can recognise the duplicate.
 */
function stableMessageId(membershipId: string, secretVersion: string, from: string): string {
  const domain = /@([^\s>]+)>?\s*$/.exec(from)?.[1] ?? 'roster.invalid';
  return `<invite.${membershipId}.${secretVersion}@${domain}>`;
}
