import { type MailSink } from '@roster/testkit';

/**
 * The accept link of the invitation email sent to `email`, read from the message the SMTP
 * listener received (the text part carries the link on a line of its own).
 */
export async function invitationLink(mail: MailSink, email: string, timeoutMs = 15_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (let count = 1; ; count++) {
    const messages = await mail.waitForMessages(count, Math.max(1, deadline - Date.now()));
    const message = messages.findLast((candidate) => candidate.to.includes(email));
    if (!message) continue;
    const link = /(https?:\/\/\S+\/accept\?\S+)/.exec(message.text)?.[1];
    if (!link) throw new Error(`the invitation email to ${email} has no accept link:\n${message.text}`);
    return link;
  }
}
