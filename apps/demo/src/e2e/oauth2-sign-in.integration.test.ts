import { randomBytes } from 'node:crypto';
import { startOpenIdProvider, type TestOpenIdProvider } from '@roster/testkit/oidc-provider';
import { launchBrowser } from '@roster/testkit/browser';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from './api-client.ts';
import { startStack, type Stack } from './stack.ts';

/**
 * "Sign in with <provider>" in a real browser: the demo's button, a real OpenID Provider on
 * 127.0.0.1 (oidc-provider, which logs in as the account the test chooses) and the real stack.
 */
const CLIENT_ID = 'roster-demo';
const CLIENT_SECRET = 'roster-demo-client-secret-0123456789';
let provider: TestOpenIdProvider;
let stack: Stack;
let browser: Browser;

beforeAll(async () => {
  [provider, browser] = await Promise.all([startOpenIdProvider(), launchBrowser()]);
  stack = await startStack({
    env: {
      ROSTER_OAUTH2_PROVIDERS: JSON.stringify([
        {
          id: 'oidc',
          name: 'Test OP',
          issuer: provider.issuer,
          clientId: CLIENT_ID,
          clientSecret: CLIENT_SECRET,
        },
      ]),
    },
  });
  provider.register({
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    redirectUris: [`${stack.url}/v1/account/sessions/oauth2/callback/oidc/default`],
  });
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await stack?.close();
  await provider?.close();
});

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ baseURL: stack.url, viewport: { width: 1100, height: 760 } });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return page;
}

const hex = () => randomBytes(6).toString('hex');
const POLL = { timeout: 15_000 };

describe('Sign in with an OpenID Connect provider', () => {
  it('the button goes through the provider and back to the teams page, signed in as its verified email', async () => {
    const email = `oidc-${hex()}@example.com`;
    provider.signInAs({ sub: `sub${hex()}`, email, emailVerified: true, name: 'Olivia OIDC' });
    const page = await newPage();
    await page.goto('/sign-in');
    await page.getByRole('button', { name: 'Sign in with Test OP' }).click();
    await page.getByRole('heading', { level: 1, name: 'My teams' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/teams');
    await expect.poll(() => page.getByText('Signed in as').textContent(), POLL).toContain('Olivia OIDC');
    await page.getByRole('link', { name: 'Account', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Account', exact: true }).waitFor();
    await page.getByText(`You are signed in as ${email}.`).waitFor();
    await page.context().close();
  });

  it('an unverified email of an existing account: back on the sign-in page with the error, not signed in', async () => {
    const email = `taken-${hex()}@example.com`;
    await new ApiClient(stack.url).signUp({ name: 'Vic Tim', email, password: 'victim password 1' });
    provider.signInAs({ sub: `sub${hex()}`, email, emailVerified: false, name: 'Mallory' });
    const page = await newPage();
    await page.goto('/sign-in');
    await page.getByRole('button', { name: 'Sign in with Test OP' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: 'If you already have an account with this email' })
      .waitFor();
    const url = new URL(page.url());
    expect(url.pathname).toBe('/sign-in');
    expect(JSON.parse(url.searchParams.get('error')!)).toMatchObject({ type: 'general_bad_request' });
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    expect(await page.getByText('Signed in as').count()).toBe(0);
    const account = await page.request.get('/v1/account');
    expect(account.status()).toBe(401);
    await page.context().close();
  });
});
