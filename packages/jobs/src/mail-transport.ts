import { createTransport, type Transporter } from 'nodemailer';

export type MailTransport = Transporter;

/**
 * Bounded waits (nodemailer's defaults go up to 10 minutes), and 20 pooled connections instead of
 * nodemailer's 5: a connection carries one message at a time, four round trips each, so the pool's
 * size bounds a worker's rate (bench:mail: 5 → 27–33 emails/s, 10 → 50, 20 → 73; docs/mail.md).
 * `SMTP_URL` query options win (`?maxConnections=3` for Microsoft 365's SMTP AUTH limit).
 */
const DEFAULTS = {
  connectionTimeout: 10_000,
  greetingTimeout: 10_000,
  socketTimeout: 20_000,
  maxConnections: 20,
};

/**
 * The SMTP transport, configured entirely by `SMTP_URL` (`smtp://user:pass@host:587`,
 * `smtps://…:465` for implicit TLS; nodemailer upgrades with STARTTLS when the server offers it;
 * nodemailer options such as `?maxConnections=10` may be added as query parameters).
 * Pooled so a worker reuses connections instead of a handshake per email.
 */
export function createMailTransport(smtpUrl: string): MailTransport {
  const url = new URL(smtpUrl);
  url.searchParams.set('pool', 'true');
  for (const [name, value] of Object.entries(DEFAULTS)) {
    if (!url.searchParams.has(name)) url.searchParams.set(name, String(value));
  }
  return createTransport(url.toString());
}

/**
 * Checks that the SMTP server answers (a connection and EHLO), remembering the result for
 * `cacheMs` so frequent health probes do not open an SMTP connection each time.
 */
export function createSmtpCheck(transport: MailTransport, cacheMs = 15_000): () => Promise<void> {
  let last: { at: number; error: Error | undefined } | undefined;
  let inFlight: Promise<void> | undefined;
  return async () => {
    if (last && Date.now() - last.at < cacheMs) {
      if (last.error) throw last.error;
      return;
    }
    inFlight ??= transport
      .verify()
      .then(
        () => {
          last = { at: Date.now(), error: undefined };
        },
        (error: unknown) => {
          last = { at: Date.now(), error: error instanceof Error ? error : new Error(String(error)) };
        },
      )
      .finally(() => {
        inFlight = undefined;
      });
    await inFlight;
    if (last?.error) throw last.error;
  };
}
