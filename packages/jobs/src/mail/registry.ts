import { type MailKind } from './kind.ts';
import { invitationKind } from './kinds/invitation-kind.ts';
import { type AnyMailTemplate } from './template.ts';

/**
 * Every kind of email the worker sends (docs/mail.md): one processor and one sweeper serve them
 * all, looking the kind up by its job name. Adding a kind: a template, a `MailKind`, a line here.
 */
export const MAIL_KINDS: readonly MailKind<unknown>[] = [invitationKind];

/** The kind of a `mail` queue job, by its name. */
export function mailKindOfJob(jobName: string): MailKind<unknown> | undefined {
  return MAIL_KINDS.find((kind) => kind.jobName === jobName);
}

/** Every kind's template by kind name (what `ROSTER_MAIL_TEMPLATES_DIR` may override). */
export const MAIL_TEMPLATES: Readonly<Record<string, AnyMailTemplate>> = Object.fromEntries(
  MAIL_KINDS.map((kind) => [kind.name, kind.template]),
);
