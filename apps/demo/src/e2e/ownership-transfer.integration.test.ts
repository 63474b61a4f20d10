import { randomBytes } from 'node:crypto';
import { launchBrowser } from '@roster/testkit/browser';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from './api-client.ts';
import { startStack, type Stack } from './stack.ts';

/**
 * Ownership transfer between two browsers (docs/api.md#ownership-transfers): the owner offers from
 * the member list, the member sees "X offers you ownership of <team>" and accepts, and the roles swap
 * on both screens (realtime). Then the member limit's error in the invite form.
 */
const API_KEY = 'demo-ownership-bootstrap-key-0123456789abcdef';
const PASSWORD = 'correct horse battery staple';
const POLL = { timeout: 45_000 };
let stack: Stack;
let browser: Browser;

beforeAll(async () => {
  [stack, browser] = await Promise.all([
    startStack({ env: { ROSTER_API_KEY: API_KEY, ROSTER_TEAM_MEMBER_LIMIT: '3' } }),
    launchBrowser(),
  ]);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ baseURL: stack.url, viewport: { width: 1100, height: 760 } });
  const page = await context.newPage();
  page.setDefaultTimeout(45_000);
  return page;
}

async function openTeam(page: Page, email: string, teamName: string) {
  await page.goto('/');
  await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 1, name: 'My teams' }).waitFor();
  await page.getByRole('link', { name: teamName }).click();
  await page.getByRole('heading', { level: 1, name: teamName }).waitFor();
}

const rolesLine = (page: Page) => page.getByText(/your roles:/).textContent();

describe('ownership transfer in the demo', { timeout: 240_000 }, () => {
  it('the owner offers, the member accepts in another browser, the roles swap on both screens', async () => {
    const hex = randomBytes(4).toString('hex');
    const teamName = `Handover ${hex}`;
    const ownerEmail = `grace-${hex}@example.com`;
    const memberEmail = `ada-${hex}@example.com`;
    const ownerApi = new ApiClient(stack.url);
    await ownerApi.signUp({ name: 'Grace Hopper', email: ownerEmail, password: PASSWORD });
    const team = await ownerApi.call<{ $id: string }>('teams.create', { teamId: 'unique()', name: teamName });
    const member = await new ApiClient(stack.url).signUp({
      name: 'Ada Lovelace',
      email: memberEmail,
      password: PASSWORD,
    });
    const added = await fetch(`${stack.url}/v1/teams/${team.$id}/memberships`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-appwrite-key': API_KEY },
      body: JSON.stringify({ userId: member.$id, roles: ['developer'] }),
    });
    expect(added.status).toBe(201);

    const [owner, ada] = await Promise.all([newPage(), newPage()]);
    await openTeam(owner, ownerEmail, teamName);
    await openTeam(ada, memberEmail, teamName);
    expect(await rolesLine(owner)).toContain('your roles: owner');
    expect(await rolesLine(ada)).toContain('your roles: developer');

    await owner.getByRole('button', { name: 'Offer ownership to Ada Lovelace' }).click();
    await owner.getByText('You offered ownership to Ada Lovelace').waitFor();

    // The member's page learns of the offer over realtime, or on its next load: the test reloads, so a
    // dispatcher busy with earlier files' events (the browser tests share a database) cannot stall it.
    await ada.reload();
    const offer = ada.getByText(`Grace Hopper offers you ownership of ${teamName}`);
    await offer.waitFor({ timeout: 45_000 });
    await ada.getByRole('button', { name: 'Accept ownership' }).click();
    await expect.poll(() => rolesLine(ada), POLL).toContain('your roles: developer, owner');
    await owner.reload();
    await expect.poll(() => rolesLine(owner), POLL).toContain('your roles: none');
    await expect.poll(() => offer.count(), POLL).toBe(0);
    // The new owner manages the team; the former one no longer sees the invite form.
    await ada.reload();
    await ada.getByLabel('Email to invite').waitFor();
    await expect.poll(() => owner.getByLabel('Email to invite').count(), POLL).toBe(0);

    // Member limit 3: one invitation fits, the next is refused with the limit's sentence.
    const invite = async (email: string) => {
      await ada.getByLabel('Email to invite').fill(email);
      await ada.getByRole('button', { name: 'Send invitation', exact: true }).click();
    };
    await invite(`one-${hex}@example.com`);
    await ada.getByText(`one-${hex}@example.com`).first().waitFor();
    await invite(`two-${hex}@example.com`);
    await ada.getByRole('alert').filter({ hasText: 'This team has reached its member limit' }).waitFor();
    await owner.context().close();
    await ada.context().close();
  });
});
