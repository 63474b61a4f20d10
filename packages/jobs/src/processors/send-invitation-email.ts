import { type MailOutbox, type Outbox, type Repositories } from '@roster/db';
import { invitationKind } from '../mail/kinds/invitation-kind.ts';
import { type MailUser } from '../mail/kind.ts';
import { type TemplateOverrides } from '../mail/template-overrides.ts';
import { sendMail, type AttemptInfo, type MailOutcome, type OutgoingMail } from './send-mail.ts';

export { type AttemptInfo, type OutgoingMail } from './send-mail.ts';

/** A repository's point read by id, which the worker replaces with a batched one. */
interface ById<T> {
  byId(id: string): Promise<T | null>;
}

export interface InvitationMailDeps {
  repos: {
    memberships: ById<Awaited<ReturnType<Repositories['memberships']['byId']>> & object>;
    teams: ById<Awaited<ReturnType<Repositories['teams']['byId']>> & object>;
    users: ById<MailUser>;
  };
  /** The invitation outbox (@roster/db): its state, and the send claims. The worker groups its writes. */
  outbox: Outbox;
  /** The other kinds' outbox; the invitation kind does not use it. */
  mailOutbox?: MailOutbox;
  /** Hands the message to SMTP; resolves with the Message-ID once the server accepted it. */
  send(mail: OutgoingMail): Promise<{ messageId: string }>;
  /** `ROSTER_SECRET_KEY`, from which the link's secret is derived. */
  secretKey: string;
  projectName: string;
  /** `MAIL_FROM`. */
  from: string;
  templates: TemplateOverrides;
  /** The send claims' lease (send-mail.ts). */
  leaseMs: number;
  /** Names this worker in send claims (for debugging). */
  holder: string;
  now?: () => number;
}

export type InvitationOutcome = MailOutcome;

const unused = () => Promise.reject(new Error('the invitation kind keeps its delivery on the membership'));
const UNUSED_MAIL_OUTBOX: MailOutbox = {
  add: unused,
  byId: unused,
  staleQueued: unused,
  setDelivery: unused,
  deleteQueuedBefore: unused,
};

/**
 * Sends one invitation email: the invitation kind (mail/kinds/invitation-kind.ts) through the one
 * mail processor (send-mail.ts), with the invitation's dependencies.
 */
export function sendInvitationEmail(
  data: unknown,
  attempt: AttemptInfo,
  deps: InvitationMailDeps,
): Promise<InvitationOutcome> {
  const { repos, outbox } = deps;
  return sendMail(invitationKind, data, attempt, {
    context: {
      reads: {
        membership: (id) => repos.memberships.byId(id),
        team: (id) => repos.teams.byId(id),
        user: (id) => repos.users.byId(id),
        token: () => Promise.resolve(null), // the invitation reads no token
        mfaChallenge: () => Promise.resolve(null), // nor a challenge
        session: () => Promise.resolve(null), // nor a session
      },
      outbox,
      mailOutbox: deps.mailOutbox ?? UNUSED_MAIL_OUTBOX,
      secretKey: deps.secretKey,
      projectName: deps.projectName,
    },
    ledger: outbox,
    send: (mail) => deps.send(mail),
    from: deps.from,
    templates: deps.templates,
    leaseMs: deps.leaseMs,
    holder: deps.holder,
    ...(deps.now ? { now: deps.now } : {}),
  });
}
