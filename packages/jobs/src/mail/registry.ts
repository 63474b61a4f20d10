import { type MailKind } from './kind.ts';
import { recoveryKind, verificationKind } from './kinds/account-token-kinds.ts';
import { emailOtpTemplate } from './kinds/email-otp.ts';
import { invitationKind } from './kinds/invitation-kind.ts';
import { magicUrlTemplate } from './kinds/magic-url.ts';
import { mfaChallengeTemplate } from './kinds/mfa-challenge.ts';
import { mfaChallengeKind } from './kinds/mfa-challenge-kind.ts';
import { sessionAlertKind } from './kinds/session-alert-kind.ts';
import { sessionAlertTemplate } from './kinds/session-alert.ts';
import { emailOtpKind, magicUrlKind } from './kinds/sign-in-kinds.ts';
import { recoveryTemplate } from './kinds/recovery.ts';
import { verificationTemplate } from './kinds/verification.ts';
import { type AnyMailTemplate } from './template.ts';

/**
 * Every email template Roster has, by kind name (Appwrite's template ids): what
 * `ROSTER_MAIL_TEMPLATES_DIR` may override (the invitation at its top, the others in a sub-folder
 * named after the kind) and what `renderEmail` renders.
 */
export const MAIL_TEMPLATES = {
  invitation: invitationKind.template,
  verification: verificationTemplate,
  recovery: recoveryTemplate,
  'magic-url': magicUrlTemplate,
  otp: emailOtpTemplate,
  'mfa-challenge': mfaChallengeTemplate,
  'session-alert': sessionAlertTemplate,
} as const satisfies Readonly<Record<string, AnyMailTemplate>>;

export type MailKindName = keyof typeof MAIL_TEMPLATES;

/**
 * Every kind of email the worker sends (docs/mail.md): one processor and one sweeper serve them
 * all, looking the kind up by its job name. Adding a kind: a template above, a `MailKind` that
 * says how to load and record it (mail/kind.ts), and a line here. The account emails' templates
 * are ready; each joins this list with the route that sends it (it owns the token the job names).
 */
export const MAIL_KINDS: readonly MailKind<unknown>[] = [
  invitationKind,
  magicUrlKind,
  emailOtpKind,
  verificationKind,
  recoveryKind,
  mfaChallengeKind,
  sessionAlertKind,
];

/** The kind of a `mail` queue job, by its name. */
export function mailKindOfJob(jobName: string): MailKind<unknown> | undefined {
  return MAIL_KINDS.find((kind) => kind.jobName === jobName);
}
