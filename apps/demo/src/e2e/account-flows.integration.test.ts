import { Secret, TOTP } from 'otpauth';
import { type Page } from 'playwright-core';
import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { linkIn, mailTo } from './account-mail.ts';
import { invitationLink } from './invitation-mail.ts';
import { ApiClient } from './api-client.ts';
import { screenshot } from './screenshots.ts';
import { PASSWORD, heading, useDemoBrowser, visible } from './browser-session.ts';

/**
 * The account's life cycle in a real browser against the real stack (as demo.integration.test.ts):
 * every email is sent by the worker through the mail pipeline and read from the SMTP listener.
 */
const demo = useDemoBrowser();
const newPage = () => demo.newPage();

/** expect.poll's default (one second) is too short on two shared cores. */
const POLL = { timeout: 15_000 };
const status = (page: Page, text: string | RegExp) => page.getByRole('status').filter({ hasText: text });
const alert = (page: Page, text: string | RegExp) => page.getByRole('alert').filter({ hasText: text });

/** A user with a password, made through the API (not what these tests are about). */
async function signedUp(email: string, name = 'Ada Lovelace') {
  const api = new ApiClient(demo.stack.url);
  const user = await api.signUp({ name, email, password: PASSWORD });
  return { api, user };
}

async function signIn(page: Page, email: string, password = PASSWORD) {
  await page.goto('/sign-in');
  await visible(heading(page, 'Sign in'));
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/**
 * The authenticator app's code now, as the server computes it (`otpauth`, 30-second steps). The
 * server accepts only the current step's code, and each step once: when this step was used, or
 * ends too soon for the code to arrive within it, wait for the next one.
 */
async function totpCode(secret: string, usedSteps: Set<number>): Promise<string> {
  for (;;) {
    const now = Date.now();
    const step = Math.floor(now / 30_000);
    const left = (step + 1) * 30_000 - now;
    if (!usedSteps.has(step) && left > 5_000) {
      usedSteps.add(step);
      return new TOTP({ secret: Secret.fromBase32(secret), period: 30 }).generate({ timestamp: now });
    }
    await new Promise((resolve) => setTimeout(resolve, left + 100));
  }
}

const accountPage = async (page: Page) => {
  await page.getByRole('link', { name: 'Account', exact: true }).click();
  await visible(page.getByRole('heading', { level: 1, name: 'Account', exact: true }));
};

describe('account flows in a browser', { timeout: 150_000 }, () => {
  it('without an OAuth2 provider configured, the sign-in page has no provider button', async () => {
    const page = await newPage();
    const providers = page.waitForResponse((response) =>
      response.url().includes('account.listOAuth2Providers'),
    );
    await page.goto('/sign-in');
    expect(JSON.stringify(await (await providers).json())).toContain('"total":0');
    await visible(page.getByRole('button', { name: 'Sign in', exact: true }));
    expect(await page.getByRole('button', { name: /^Sign in with / }).count()).toBe(0);
    await page.context().close();
  });

  it('forgot password: the sign-in page mails a link, the link sets a new password, which signs in', async () => {
    const email = 'forgetful@example.com';
    await signedUp(email);
    const page = await newPage();
    await page.goto('/sign-in');
    await page.getByRole('link', { name: 'Forgot your password' }).click();
    await visible(heading(page, 'Set a new password'));
    await page.getByLabel('Email').fill('nobody-here@example.com');
    await page.getByRole('button', { name: 'Email me a link' }).click();
    await visible(alert(page, 'No account uses this email address.'));
    await page.getByLabel('Email').fill(email);
    await page.getByRole('button', { name: 'Email me a link' }).click();
    await visible(status(page, `We sent a link to ${email}.`));
    await screenshot(page, 'forgot-password');

    const message = await mailTo(demo.stack.mail, email);
    expect(message.subject).toBe('Password Reset for Roster demo');
    const link = linkIn(message, '/reset-password');
    expect(link.startsWith(`${demo.stack.url}/reset-password?`)).toBe(true);

    await page.goto(link);
    await visible(heading(page, 'Choose a new password'));
    await screenshot(page, 'reset-password');
    await page.getByLabel('New password').fill('a brand new password');
    await page.getByRole('button', { name: 'Save new password' }).click();
    await visible(status(page, 'Your new password is saved'));

    // The link works once.
    await page.goto(link);
    await page.getByLabel('New password').fill('yet another password');
    await page.getByRole('button', { name: 'Save new password' }).click();
    await visible(alert(page, 'This link is not valid any more'));

    // The old password no longer works; the new one does.
    await signIn(page, email);
    await visible(alert(page, 'The email address or password is not right.'));
    await signIn(page, email, 'a brand new password');
    await visible(heading(page, 'My teams'));
  });

  it('verify email: a banner on every signed-in page until the link from the email is opened', async () => {
    const email = 'unverified@example.com';
    await signedUp(email);
    const page = await newPage();
    await signIn(page, email);
    await visible(heading(page, 'My teams'));
    const banner = page.getByRole('complementary', { name: 'Email verification' });
    await visible(banner.getByText(`Your email address ${email} is not verified yet.`));
    await page.getByRole('link', { name: 'Account', exact: true }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Account', exact: true }));
    await visible(banner);
    await banner.getByRole('button', { name: 'Send verification email' }).click();
    await visible(banner.getByRole('status').filter({ hasText: `We sent a link to ${email}.` }));
    await screenshot(page, 'verify-banner');

    const link = linkIn(await mailTo(demo.stack.mail, email), '/verify-email');
    await page.goto(link);
    await visible(heading(page, 'Verify your email address'));
    await page.getByRole('button', { name: 'Verify my email address' }).click();
    await visible(status(page, 'your email address is verified'));
    await banner.waitFor({ state: 'detached' });
    await page.getByRole('link', { name: 'Go to my teams' }).click();
    await visible(heading(page, 'My teams'));
    await page.getByRole('link', { name: 'Account', exact: true }).click();
    await visible(page.getByText(`Now ${email} (verified).`));
    expect(await banner.count()).toBe(0);

    // A used link says so.
    await page.goto(link);
    await page.getByRole('button', { name: 'Verify my email address' }).click();
    await visible(alert(page, 'This link is not valid any more'));
  });

  it('sign in with an emailed link: the security phrase of the page is in the email, the link signs in', async () => {
    const email = 'linked@example.com';
    await signedUp(email);
    const page = await newPage();
    await page.goto('/sign-in');
    await page.getByRole('link', { name: 'Email me a sign-in link' }).click();
    await visible(heading(page, 'Sign in with a link'));
    await page.getByLabel('Email').fill(email);
    await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
    await visible(status(page, `We sent a sign-in link to ${email}.`));
    const phrase = await page.locator('.phrase').textContent();
    expect(phrase).toMatch(/^\S+ \S+/);

    const message = await mailTo(demo.stack.mail, email);
    expect(message.text).toContain(`Security phrase for this email is ${phrase}.`);
    const link = linkIn(message, '/magic-link');
    // Opening the link does nothing by itself: the click signs in.
    await page.goto(link);
    await visible(heading(page, 'Sign in with your link'));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await visible(heading(page, 'My teams'));
    await visible(page.getByRole('navigation', { name: 'Account' }).getByText('Ada Lovelace'));

    // The link works once.
    const other = await newPage();
    await other.goto(link);
    await other.getByRole('button', { name: 'Sign in' }).click();
    await visible(alert(other, 'This sign-in link is not valid any more'));
  });

  it('sign in with an emailed code, after a wrong one; the security phrase is shown', async () => {
    const email = 'coded@example.com';
    await signedUp(email, 'Grace Hopper');
    const page = await newPage();
    await page.goto('/sign-in');
    await page.getByRole('link', { name: 'Email me a code' }).click();
    await visible(heading(page, 'Sign in with a code'));
    await page.getByLabel('Email').fill(email);
    await page.getByRole('button', { name: 'Email me a code' }).click();
    await visible(status(page, `We sent a code to ${email}.`));
    const phrase = await page.locator('.phrase').textContent();
    await screenshot(page, 'sign-in-code');

    const message = await mailTo(demo.stack.mail, email);
    expect(message.text).toContain(`Security phrase for this email is ${phrase}.`);
    const code = /\b(\d{6})\b/.exec(message.text)?.[1];
    expect(code).toBeDefined();
    const wrong = code === '000000' ? '111111' : '000000';
    await page.getByLabel('Six-digit code').fill(wrong);
    await page.getByRole('button', { name: 'Sign in with this code' }).click();
    await visible(alert(page, 'This code is not right'));
    await page.getByLabel('Six-digit code').fill(code!);
    await page.getByRole('button', { name: 'Sign in with this code' }).click();
    await visible(heading(page, 'My teams'));
    await visible(page.getByRole('navigation', { name: 'Account' }).getByText('Grace Hopper'));
  });

  it('the account page lists the sessions, ends another one and all the others, and shows the activity', async () => {
    const email = 'sessions@example.com';
    const { api } = await signedUp(email);
    const elsewhere = new ApiClient(demo.stack.url);
    await elsewhere.call('account.createEmailPasswordSession', { email, password: PASSWORD });
    const page = await newPage();
    await signIn(page, email);
    await visible(heading(page, 'My teams'));
    await accountPage(page);

    const sessions = page.getByRole('table', { name: 'Sessions' });
    const rows = sessions.getByRole('row');
    await expect.poll(() => rows.count(), POLL).toBe(4); // the header and three sessions
    expect(await sessions.getByText('This browser').count()).toBe(1);
    await screenshot(page, 'account-security');

    await sessions
      .getByRole('button', { name: /^End the session of/ })
      .first()
      .click();
    await expect.poll(() => rows.count(), POLL).toBe(3);
    await page.getByRole('button', { name: 'End all other sessions' }).click();
    await expect.poll(() => rows.count(), POLL).toBe(2);
    await visible(sessions.getByText('This browser'));
    await page.getByRole('button', { name: 'End all other sessions' }).waitFor({ state: 'detached' });
    // Both other sessions are over; this one is not.
    for (const client of [api, elsewhere]) {
      await expect(client.call('account.get', {}, 'query')).rejects.toThrow(
        /general_unauthorized_scope|user_session_not_found/,
      );
    }
    await page.reload();
    await visible(page.getByRole('heading', { level: 1, name: 'Account', exact: true }));

    // The worker records the activity after the fact: refresh until the sign-outs show.
    const activity = page.getByRole('table', { name: 'Activity' });
    const cells = (name: string) => activity.getByRole('cell', { name, exact: true });
    await expect
      .poll(
        async () => {
          await page.getByRole('button', { name: 'Refresh activity' }).click();
          return cells('Signed out').count();
        },
        { timeout: 20_000 },
      )
      .toBe(2);
    expect(await cells('Signed in').count()).toBe(3);
    expect(await cells('Account created').count()).toBe(1);
  });

  it('MFA: an authenticator from the QR code, recovery codes shown once; sign-in then asks for a recovery code or an app code', async () => {
    const email = 'two-step@example.com';
    await signedUp(email);
    const page = await newPage();
    await signIn(page, email);
    await visible(heading(page, 'My teams'));
    await accountPage(page);
    const mfa = page.getByRole('region', { name: 'Two-step verification' });
    await mfa.getByRole('button', { name: 'Set up an authenticator app' }).click();

    const secret = (await mfa.locator('code.secret').textContent()) ?? '';
    expect(secret).toMatch(/^[A-Z2-7]{100,}$/);
    // The picture is the QR code of the key's otpauth URI (issuer: the project's name).
    const uri = `otpauth://totp/${encodeURIComponent(`Roster demo:${email}`)}?issuer=Roster%20demo&secret=${secret}`;
    const svg = await QRCode.toString(uri, { type: 'svg', margin: 2 });
    const qr = mfa.getByRole('img', { name: 'QR code of your authenticator key' });
    expect(await qr.getAttribute('src')).toBe(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`);
    // Drawn, not blocked (the demo's CSP allows data: images).
    await expect
      .poll(() => qr.evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth > 0), POLL)
      .toBe(true);

    const usedSteps = new Set<number>();
    const now = new TOTP({ secret: Secret.fromBase32(secret), period: 30 }).generate();
    await mfa.getByLabel('Code from the app').fill(now === '123456' ? '654321' : '123456');
    await mfa.getByRole('button', { name: 'Verify code' }).click();
    await visible(alert(page, 'This code is not right'));
    await mfa.getByLabel('Code from the app').fill(await totpCode(secret, usedSteps));
    await mfa.getByRole('button', { name: 'Verify code' }).click();
    const codes = mfa.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem');
    await expect.poll(() => codes.count(), POLL).toBe(6);
    const recoveryCodes = await codes.allTextContents();
    await screenshot(page, 'mfa-setup');
    await mfa.getByRole('button', { name: 'I saved them: turn on two-step verification' }).click();
    await visible(mfa.getByText('Two-step verification is on'));

    // Signing in again asks for the second step; a recovery code completes it.
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await visible(heading(page, 'Sign in'));
    await signIn(page, email);
    await visible(heading(page, 'Two-step verification'));
    await screenshot(page, 'mfa-challenge');
    await page.getByRole('button', { name: 'Use a recovery code instead' }).click();
    await page.getByLabel('Recovery code').fill(recoveryCodes[0]!);
    await page.getByRole('button', { name: 'Confirm' }).click();
    await visible(heading(page, 'My teams'));

    // Once more: the used recovery code is refused; a code from the app completes the sign-in.
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await visible(heading(page, 'Sign in'));
    await signIn(page, email);
    await visible(heading(page, 'Two-step verification'));
    await page.getByRole('button', { name: 'Use a recovery code instead' }).click();
    await page.getByLabel('Recovery code').fill(recoveryCodes[0]!);
    await page.getByRole('button', { name: 'Confirm' }).click();
    await visible(alert(page, 'This code is not right'));
    await page.getByRole('button', { name: 'Use my authenticator app instead' }).click();
    await page.getByLabel('Code from your authenticator app').fill(await totpCode(secret, usedSteps));
    await page.getByRole('button', { name: 'Confirm' }).click();
    await visible(heading(page, 'My teams'));
    await accountPage(page);
    await visible(page.getByText('Two-step verification is on'));
  });

  it('an invitee who accepted without a password has a link mailed from the account page, signs out, sets a password with it and signs in', async () => {
    const { api } = await signedUp('inviter@example.com', 'Radia Perlman');
    const team = await api.call<{ $id: string }>('teams.create', {
      teamId: 'unique()',
      name: 'Mesh Networks',
    });
    const email = 'passwordless@example.com';
    await api.call('teams.createMembership', {
      teamId: team.$id,
      email,
      name: 'Annie Easley',
      roles: [],
      url: `${demo.stack.url}/accept`,
    });
    const page = await newPage();
    await page.goto(await invitationLink(demo.stack.mail, email));
    await page.getByRole('button', { name: 'Accept invitation to Mesh Networks' }).click();
    await visible(status(page, 'You are now a member of Mesh Networks.'));

    await accountPage(page);
    await page.getByRole('button', { name: 'Email me a link to set a password' }).click();
    await visible(status(page, `We sent a link to ${email}.`));
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await visible(heading(page, 'Sign in'));

    // The invitation was the first email to this address; the recovery link is the second.
    const link = linkIn(await mailTo(demo.stack.mail, email, { index: 1 }), '/reset-password');
    await page.goto(link);
    await page.getByLabel('New password').fill('my first own password');
    await page.getByRole('button', { name: 'Save new password' }).click();
    await visible(status(page, 'Your new password is saved'));
    await page.getByRole('link', { name: 'Sign in' }).last().click();
    await signIn(page, email, 'my first own password');
    await visible(page.getByRole('list', { name: 'Teams' }).getByRole('link', { name: 'Mesh Networks' }));
    await accountPage(page);
    expect(await page.getByRole('button', { name: 'Email me a link to set a password' }).count()).toBe(0);
  });
});
