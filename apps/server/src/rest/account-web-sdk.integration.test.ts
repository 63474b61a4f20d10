import { createRequire } from 'node:module';
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type * as AppwriteSdk from 'appwrite';
import { Secret, TOTP } from 'otpauth';
import { launchBrowser } from '@roster/testkit/browser';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueEmail } from '../testing/http-client.ts';
import { startTestServer, type TestServer } from '../testing/http-server.ts';

/**
 * The official `appwrite` web SDK (28.0.0) in Chromium, unchanged, through the account lifecycle:
 * email verification, password recovery, magic URL, email OTP, JWTs, TOTP and email MFA. Every
 * secret and code comes from the email the real mail worker delivered to an SMTP listener.
 */
const SDK_FILE = join(
  dirname(createRequire(import.meta.url).resolve('appwrite/package.json')),
  'dist/iife/sdk.js',
);

/** A page that loads the SDK, served by the API itself (same origin, so the session cookie is first-party). */
function sdkSite(): string {
  const dir = mkdtempSync(join(tmpdir(), 'roster-sdk-'));
  copyFileSync(SDK_FILE, join(dir, 'sdk.js'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><script src="/sdk.js"></script>');
  return dir;
}
const PASSWORD = 'a good password';
const PAGE = 'http://localhost/account';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startTestServer({ ROSTER_REDIRECT_HOSTS: 'localhost' }, { mail: true, demoDist: sdkSite() });
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

type Outcome<T> = { ok: T } | { error: { code: number; type: string; message: string } };

/** A fresh browser (its own cookies) on the server's page, with `Account` of a client ready. */
async function sdkPage(): Promise<Page> {
  const page = await browser.newContext().then((context) => context.newPage());
  await page.goto(`${server.url}/`);
  await page.evaluate((endpoint) => {
    const { Client, Account } = (globalThis as unknown as { Appwrite: typeof AppwriteSdk }).Appwrite;
    const client = new Client().setEndpoint(endpoint).setProject('default');
    Object.assign(globalThis, { account: new Account(client) });
  }, `${server.url}/v1`);
  return page;
}

/** `account.<method>(params)` in the page, as an application calls it; its result or its AppwriteException. */
async function attempt<T>(page: Page, method: string, params?: unknown): Promise<Outcome<T>> {
  return page.evaluate(
    async ([name, input]) => {
      const account = (
        globalThis as unknown as { account: Record<string, (p?: unknown) => Promise<unknown>> }
      ).account;
      try {
        return { ok: await account[name]!(input) } as Outcome<T>;
      } catch (error) {
        const { code, type, message } = error as { code: number; type: string; message: string };
        return { error: { code, type, message } };
      }
    },
    [method, params] as const,
  );
}

async function sdk<T = Record<string, unknown>>(page: Page, method: string, params?: unknown): Promise<T> {
  const outcome = await attempt<T>(page, method, params);
  if ('error' in outcome) throw new Error(`${method}: ${outcome.error.type} ${outcome.error.message}`);
  return outcome.ok;
}

async function failure(page: Page, method: string, params?: unknown) {
  const outcome = await attempt(page, method, params);
  if (!('error' in outcome)) throw new Error(`${method} succeeded`);
  return { code: outcome.error.code, type: outcome.error.type };
}

/** The text of the `count`-th email to `address`. */
async function mailTo(address: string, count = 1): Promise<string> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const mails = server.mailSink.messages.filter((message) => message.to.includes(address));
    if (mails.length >= count) return mails[count - 1]!.text;
    if (Date.now() > deadline) throw new Error(`no email to ${address}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The `userId` and `secret` of the link in an email. */
function linkParams(text: string) {
  const link = /(http:\/\/localhost\/account\?\S+)/.exec(text)?.[1];
  expect(link, 'the link in the email').toBeDefined();
  const query = new URL(link!).searchParams;
  return { userId: query.get('userId')!, secret: query.get('secret')! };
}

function codeIn(text: string): string {
  const code = /^\s*(\d{6})\s*$/m.exec(text)?.[1];
  expect(code, 'the code in the email').toBeDefined();
  return code!;
}

/** A new account, signed in on a new page. */
async function signedUp(email = uniqueEmail('sdk')) {
  const page = await sdkPage();
  await sdk(page, 'create', { userId: 'unique()', email, password: PASSWORD, name: 'Ada' });
  await sdk(page, 'createEmailPasswordSession', { email, password: PASSWORD });
  return { page, email };
}

const totpNow = (secret: string) => new TOTP({ secret: Secret.fromBase32(secret) }).generate();
const step = () => Math.floor(Date.now() / 30_000);

/** Waits for the next 30-second step (a code of the current step has been used). */
async function nextStep(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 30_000 - (Date.now() % 30_000) + 100));
}

describe('the appwrite web SDK through the account lifecycle', () => {
  it('email verification: createEmailVerification, then updateEmailVerification with the emailed secret', async () => {
    const { page, email } = await signedUp();
    expect((await sdk<{ emailVerification: boolean }>(page, 'get')).emailVerification).toBe(false);
    await sdk(page, 'createEmailVerification', { url: PAGE });
    const { userId, secret } = linkParams(await mailTo(email));
    expect(secret).toMatch(/^[0-9a-f]{256}$/);
    await sdk(page, 'updateEmailVerification', { userId, secret });
    expect((await sdk<{ emailVerification: boolean }>(page, 'get')).emailVerification).toBe(true);
  });

  it('recovery: createRecovery, updateRecovery with the emailed secret, then a sign-in with the new password', async () => {
    const { email } = await signedUp();
    const page = await sdkPage();
    await sdk(page, 'createRecovery', { email, url: PAGE });
    const params = linkParams(await mailTo(email));
    await sdk(page, 'updateRecovery', { ...params, password: 'a new good password' });
    expect(await failure(page, 'createEmailPasswordSession', { email, password: PASSWORD })).toEqual({
      code: 401,
      type: 'user_invalid_credentials',
    });
    const session = await sdk<{ userId: string }>(page, 'createEmailPasswordSession', {
      email,
      password: 'a new good password',
    });
    expect(session.userId).toBe(params.userId);
    expect((await sdk<{ email: string }>(page, 'get')).email).toBe(email);
  });

  it('magic URL: createMagicURLToken, then createSession with the link from the email', async () => {
    const email = uniqueEmail('magic');
    const page = await sdkPage();
    const token = await sdk<{ userId: string }>(page, 'createMagicURLToken', {
      userId: 'unique()',
      email,
      url: PAGE,
    });
    const params = linkParams(await mailTo(email));
    expect(params.userId).toBe(token.userId);
    const session = await sdk<{ provider: string }>(page, 'createSession', params);
    expect(session.provider).toBe('magic-url');
    expect((await sdk<{ email: string }>(page, 'get')).email).toBe(email);
  });

  it('email OTP: createEmailToken, then createSession with the emailed code', async () => {
    const email = uniqueEmail('otp');
    const page = await sdkPage();
    const token = await sdk<{ userId: string }>(page, 'createEmailToken', { userId: 'unique()', email });
    const secret = codeIn(await mailTo(email));
    const session = await sdk<{ userId: string }>(page, 'createSession', { userId: token.userId, secret });
    expect(session.userId).toBe(token.userId);
    expect((await sdk<{ $id: string }>(page, 'get')).$id).toBe(token.userId);
  });

  it('JWT: createJWT, a second client with setJWT reads the account until the session is deleted', async () => {
    const { page } = await signedUp();
    const { jwt } = await sdk<{ jwt: string }>(page, 'createJWT');
    // Another browser (no session cookie: a JWT beside a session is 403 user_jwt_and_cookie_set, as Appwrite).
    const other = await sdkPage();
    const asJwt = () =>
      other.evaluate(
        async ([endpoint, token]) => {
          const { Client, Account } = (globalThis as unknown as { Appwrite: typeof AppwriteSdk }).Appwrite;
          const client = new Client().setEndpoint(endpoint).setProject('default').setJWT(token);
          try {
            return { ok: (await new Account(client).get()).$id };
          } catch (error) {
            const { code, type } = error as { code: number; type: string };
            return { error: { code, type } };
          }
        },
        [`${server.url}/v1`, jwt] as const,
      );
    const me = await sdk<{ $id: string }>(page, 'get');
    expect(await asJwt()).toEqual({ ok: me.$id });
    await sdk(page, 'deleteSession', { sessionId: 'current' });
    const after = await asJwt();
    expect(after).toMatchObject({ error: { code: 401 } });
  });

  it('MFA: TOTP enrolment, then a new sign-in completes an email challenge and a TOTP challenge', async () => {
    const { page, email } = await signedUp();
    // A verified address (from the email), so email is a factor too.
    await sdk(page, 'createEmailVerification', { url: PAGE });
    await sdk(page, 'updateEmailVerification', linkParams(await mailTo(email)));

    const { secret } = await sdk<{ secret: string }>(page, 'createMFAAuthenticator', { type: 'totp' });
    const enrolledAt = step();
    await sdk(page, 'updateMFAAuthenticator', { type: 'totp', otp: totpNow(secret) });
    expect((await sdk<{ mfa: boolean }>(page, 'updateMFA', { mfa: true })).mfa).toBe(true);

    // A new sign-in must complete a challenge: by the emailed code …
    const second = await sdkPage();
    await sdk(second, 'createEmailPasswordSession', { email, password: PASSWORD });
    expect(await failure(second, 'get')).toEqual({ code: 401, type: 'user_more_factors_required' });
    expect(await sdk(second, 'listMFAFactors')).toMatchObject({ totp: true, email: true });
    const byEmail = await sdk<{ $id: string }>(second, 'createMFAChallenge', { factor: 'email' });
    const code = codeIn(await mailTo(email, 2));
    const session = await sdk<{ factors: string[] }>(second, 'updateMFAChallenge', {
      challengeId: byEmail.$id,
      otp: code,
    });
    expect(session.factors).toEqual(['password', 'email']);
    expect((await sdk<{ email: string }>(second, 'get')).email).toBe(email);

    // … or by the authenticator's (the enrolment's code is used: the next step's).
    const third = await sdkPage();
    await sdk(third, 'createEmailPasswordSession', { email, password: PASSWORD });
    const byTotp = await sdk<{ $id: string }>(third, 'createMFAChallenge', { factor: 'totp' });
    if (step() === enrolledAt) await nextStep();
    const completed = await sdk<{ factors: string[] }>(third, 'updateMFAChallenge', {
      challengeId: byTotp.$id,
      otp: totpNow(secret),
    });
    expect(completed.factors).toEqual(['password', 'totp']);
    expect((await sdk<{ mfa: boolean }>(third, 'get')).mfa).toBe(true);
  }, 60_000);
});
