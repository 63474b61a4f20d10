import { type Outbox } from '@roster/db';
import { UnrecoverableError } from 'bullmq';
import { type MailContext, type MailKind } from '../mail/kind.ts';
import { renderEmail } from '../mail/render-email.ts';
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

export interface MailDeps {
  context: MailContext;
  /** The send ledger's claims (@roster/db outbox): the worker groups these writes. */
  ledger: Pick<
    Outbox,
    'claimSendAttempt' | 'readSendLedger' | 'heartbeatSendAttempt' | 'releaseSendAttempt' | 'recordSent'
  >;
  /** Hands the message to SMTP; resolves with the Message-ID once the server accepted it. */
  send(mail: OutgoingMail): Promise<{ messageId: string }>;
  /** `MAIL_FROM`. */
  from: string;
  /** The owner's overrides of this kind's strings (`ROSTER_MAIL_TEMPLATES_DIR`). */
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

export type MailOutcome =
  | { outcome: 'sent'; messageId: string; attempts: number; resentAfterCrash: boolean; locale: string }
  | { outcome: 'skipped'; reason: string }
  | { outcome: 'deferred'; until: number; reason: string };

/**
 * Sends one email of any kind (docs/mail.md), at most once per email as far as SMTP allows.
 *
 * How a duplicate is avoided: before talking to SMTP the worker inserts a claim for the next send
 * attempt (the send ledger, @roster/db outbox/send-ledger.ts); after the server's `250` it records
 * `sent`, then the kind's delivery state. A second worker running the same job (BullMQ re-delivers
 * a job whose worker stopped renewing its lock) finds the claim and waits for it to be released,
 * for `sent`, or for the lease to run out: the claim's worker refreshes it while it works, so only a
 * dead (or frozen) worker loses it. A send that fails is released and retried. There is no
 * wall-clock limit on the send itself beyond the transport's own timeouts: a send abandoned while
 * still running could still be accepted later, after another worker had sent the email again.
 *
 * The limit: when a worker dies after the server accepted the message but before `sent` was
 * recorded (a window of one round trip to the database), nothing can tell whether the server has
 * the message. The claim then expires and the email is sent again, with the same Message-ID so
 * mail clients can tell the two apart. Nothing is lost; in that one window a duplicate is possible.
 */
export async function sendMail<Key>(
  kind: MailKind<Key>,
  data: unknown,
  attempt: AttemptInfo,
  deps: MailDeps,
): Promise<MailOutcome> {
  const parsed = kind.data.safeParse(data);
  if (!parsed.success) throw new UnrecoverableError(`invalid job data: ${parsed.error.message}`);
  const key = parsed.data;
  const ledgerKey = kind.ledgerKey(key);
  const { ledger } = deps;
  const now = deps.now ?? Date.now;

  const opening = await kind.open(key, deps.context);
  if ('gone' in opening) return { outcome: 'skipped', reason: opening.gone };
  const { delivery } = opening;
  const skip = async (reason: string): Promise<MailOutcome> => {
    await delivery.skipped(reason);
    return { outcome: 'skipped', reason };
  };
  if ('skip' in opening) return skip(opening.skip);

  // The first attempt claims at once; the ledger is read only when attempt 0 already exists (a
  // retry, or a second run of the job), so the common path spends no round trip looking for
  // claims that are not there. The email's data loads meanwhile.
  const [firstClaim, composition] = await Promise.all([
    ledger.claimSendAttempt(ledgerKey, 0, deps.holder),
    opening.compose(),
  ]);
  let generation = 0;
  let resentAfterCrash = false;
  if (!firstClaim) {
    const found = await ledger.readSendLedger(ledgerKey, deps.leaseMs, now());
    if (found.kind === 'sent') {
      // The previous run stopped between recording `sent` and writing the delivery state.
      await delivery.sent({ messageId: found.messageId, at: new Date(now()) });
      return { outcome: 'skipped', reason: 'already sent' };
    }
    if (found.kind === 'busy') {
      return {
        outcome: 'deferred',
        until: found.until,
        reason: `send attempt ${found.current + 1} in progress`,
      };
    }
    if (!(await ledger.claimSendAttempt(ledgerKey, found.next, deps.holder))) {
      return { outcome: 'deferred', until: now() + 1000, reason: 'another worker started this send' };
    }
    generation = found.next;
    resentAfterCrash = found.unknownOutcome;
  }
  if ('skip' in composition || 'fail' in composition) {
    await ledger.releaseSendAttempt(ledgerKey, generation, 'nothing to send');
    if ('skip' in composition) return skip(composition.skip);
    await delivery.failed({ lastError: composition.fail });
    throw new UnrecoverableError(composition.fail);
  }
  const attempts = generation + 1;

  const email = renderEmail(kind.template, {
    locale: composition.locale,
    overrides: deps.templates,
    variables: { project: deps.context.projectName, ...composition.variables },
  });

  const heartbeat = setInterval(
    () => {
      ledger.heartbeatSendAttempt(ledgerKey, generation, deps.holder).catch(() => {
        // A missed beat only shortens the lease; the next one (or the end of the send) follows.
      });
    },
    Math.max(100, Math.floor(deps.leaseMs / 3)),
  );
  let messageId: string;
  try {
    ({ messageId } = await deps.send({
      from: deps.from,
      to: composition.to,
      subject: email.subject,
      html: email.html,
      text: email.text,
      messageId: stableMessageId(kind.messageIdLocal(key), deps.from),
      headers: { 'Content-Language': email.locale },
    }));
  } catch (error) {
    clearInterval(heartbeat);
    const failure = classifySmtpError(error);
    await ledger.releaseSendAttempt(ledgerKey, generation, failure.reason);
    if (failure.permanent) {
      await delivery.failed({ attempts, lastError: failure.reason });
      throw new UnrecoverableError(failure.reason);
    }
    if (attempt.attempt >= attempt.maxAttempts) {
      const tries = attempts === 1 ? '1 attempt' : `${attempts} attempts`;
      await delivery.failed({ attempts, lastError: `gave up after ${tries}: ${failure.reason}` });
    } else {
      await delivery.failedAttempt({ attempts, lastError: failure.reason });
    }
    throw new Error(failure.reason, { cause: error });
  }
  clearInterval(heartbeat);

  // The ledger first: on FerretDB a concurrent write to the same document can undo the delivery
  // state's `sent` (docs/database.md), the ledger's insert cannot be undone.
  await ledger.recordSent(ledgerKey, messageId);
  await delivery.sent({ messageId, at: new Date(now()), attempts });
  return { outcome: 'sent', messageId, attempts, resentAfterCrash, locale: email.locale };
}

/**
 * One Message-ID per email: if a crash makes the worker send the same email twice (see above),
 * both copies carry it and clients can recognise the duplicate.
 */
function stableMessageId(local: string, from: string): string {
  const domain = /@([^\s>]+)>?\s*$/.exec(from)?.[1] ?? 'roster.invalid';
  return `<${local}@${domain}>`;
}
