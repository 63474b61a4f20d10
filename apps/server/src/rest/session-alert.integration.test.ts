import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { rest, uniqueEmail } from '../testing/http-client.ts';
import { useTestServer } from '../testing/http-server.ts';

/**
 * The new-session alert (`ROSTER_SESSION_ALERTS`, Appwrite's `auths.sessionAlerts`), over real
 * HTTP, the mail worker and an SMTP listener: not for the first session, then one email per
 * password sign-in, in the caller's locale, naming the client and address; none for an email code.
 */
const server = useTestServer({ ROSTER_SESSION_ALERTS: 'true' }, { mail: true });
const CHROME =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await rest(server.url, method, path, body, headers);
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : {}) as Record<string, unknown> };
}

const mailsTo = (email: string) => server.mailSink.messages.filter((message) => message.to.includes(email));

async function waitForMails(email: string, count: number) {
  const deadline = Date.now() + 15_000;
  while (mailsTo(email).length < count) {
    if (Date.now() > deadline) throw new Error(`no email to ${email}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return mailsTo(email);
}

/** Lets the worker and its sweeper run (an email that should not exist has had time to arrive). */
const quietPeriod = () => new Promise((resolve) => setTimeout(resolve, 2500));

describe('session alerts', () => {
  it('are off unless configured, as Appwrite', () => {
    const config = loadConfig({
      MONGODB_URI: 'mongodb://127.0.0.1:27017/roster',
      ROSTER_SECRET_KEY: 's'.repeat(32),
    });
    expect(config.ROSTER_SESSION_ALERTS).toBe(false);
  });

  it('none for the first session; then each password sign-in is mailed in the caller locale (French)', async () => {
    const email = uniqueEmail('alert');
    const password = 'a good password';
    expect(
      (await call('POST', '/account', { userId: 'unique()', email, password, name: 'Ada' })).status,
    ).toBe(201);
    expect((await call('POST', '/account/sessions/email', { email, password })).status).toBe(201);
    await quietPeriod();
    expect(mailsTo(email)).toHaveLength(0);

    const second = await call(
      'POST',
      '/account/sessions/email',
      { email, password },
      { 'user-agent': CHROME, 'x-appwrite-locale': 'fr' },
    );
    expect(second.status).toBe(201);
    const [alert] = await waitForMails(email, 1);
    expect(alert!.subject).toBe('Alerte de sécurité : nouvelle session sur votre compte Roster Test');
    expect(alert!.text).toContain('Bonjour Ada');
    expect(alert!.text).toContain('Appareil : Chrome');
    expect(alert!.text).toContain('Adresse IP : 127.0.0.1');
    const created = new Date(second.body.$createdAt as string);
    expect(alert!.text).toContain(`${created.getUTCFullYear()} à ${created.toISOString().slice(11, 19)} UTC`);
    expect(alert!.html).toContain('<strong>Chrome</strong>');

    // An email code opens a session without an alert (the user just read an email).
    const token = await call('POST', '/account/tokens/email', { userId: 'unique()', email });
    expect(token.status).toBe(201);
    const mails = await waitForMails(email, 2);
    const code = /^\s*(\d{6})\s*$/m.exec(mails[1]!.text)?.[1];
    expect(code).toBeDefined();
    const bySessionToken = await call('POST', '/account/sessions/token', {
      userId: token.body.userId,
      secret: code,
    });
    expect(bySessionToken.status).toBe(201);
    await quietPeriod();
    expect(mailsTo(email)).toHaveLength(2);
  }, 90_000);
});
