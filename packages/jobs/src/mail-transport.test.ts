import { describe, expect, it } from 'vitest';
import { createMailTransport } from './mail-transport.ts';

/** The options nodemailer's pool was built with (its `options` is public but untyped). */
function optionsOf(smtpUrl: string): Record<string, unknown> {
  const transport = createMailTransport(smtpUrl);
  try {
    return (transport.transporter as unknown as { options: Record<string, unknown> }).options;
  } finally {
    transport.close();
  }
}

describe('createMailTransport', () => {
  it('pools 20 connections with bounded waits by default', () => {
    expect(optionsOf('smtp://127.0.0.1:1025')).toMatchObject({
      pool: true,
      maxConnections: 20,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 20_000,
    });
  });

  it("lets SMTP_URL's query options win", () => {
    expect(optionsOf('smtp://user:pass@127.0.0.1:587?maxConnections=3&socketTimeout=5000')).toMatchObject({
      pool: true,
      maxConnections: 3,
      socketTimeout: 5000,
    });
  });
});
