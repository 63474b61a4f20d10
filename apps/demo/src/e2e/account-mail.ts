import { type CapturedMail, type MailSink } from '@roster/testkit';

/**
 * The `index`-th email (0: the first) the SMTP listener received for `email`, waiting for it: the
 * worker sends the account emails (recovery, verification, sign-in link and code) from its queue.
 */
export async function mailTo(
  mail: MailSink,
  email: string,
  { index = 0, timeoutMs = 20_000 }: { index?: number; timeoutMs?: number } = {},
): Promise<CapturedMail> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const received = mail.messages.filter((message) => message.to.includes(email));
    const message = received[index];
    if (message) return message;
    await mail.waitForMessages(mail.messages.length + 1, Math.max(1, deadline - Date.now()));
  }
}

/** The link to `path` in the email's text part (the template spells it out on a line of its own). */
export function linkIn(message: CapturedMail, path: string): string {
  const link = new RegExp(`(https?://[^\\s/]+${path}\\?\\S+)`).exec(message.text)?.[1];
  if (!link) throw new Error(`the email "${message.subject}" has no ${path} link:\n${message.text}`);
  return link;
}
