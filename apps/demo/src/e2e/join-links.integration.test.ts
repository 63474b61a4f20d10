import { type Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ApiClient } from './api-client.ts';
import { PASSWORD, heading, useDemoBrowser, visible } from './browser-session.ts';

/**
 * Join links in real browsers against the real stack: an owner makes a link in one browser
 * profile, a second person opens it in another, signs in and joins; the owner revokes it and a
 * third person opening it is told it was revoked.
 */
const demo = useDemoBrowser();
const newPage = () => demo.newPage();

async function fillSignIn(page: Page, email: string) {
  await visible(heading(page, 'Sign in'));
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

async function person(name: string) {
  const email = `${name.toLowerCase()}-${Date.now()}@example.com`;
  const api = new ApiClient(demo.stack.url);
  await api.signUp({ name, email, password: PASSWORD });
  return { api, email };
}

describe('join links in a browser', { timeout: 120_000 }, () => {
  it('an owner creates a link, a second browser joins with it, the owner revokes it, the next join fails', async () => {
    const grace = await person('Grace');
    const team = await grace.api.call<{ $id: string }>('teams.create', {
      teamId: 'unique()',
      name: 'Compilers',
    });

    const owner = await newPage();
    await owner.goto('/');
    await fillSignIn(owner, grace.email);
    await visible(heading(owner, 'My teams'));
    await owner.goto(`/teams/${team.$id}`);
    await visible(heading(owner, 'Compilers'));
    const form = owner.getByRole('form', { name: 'Create a join link' });
    await form.getByLabel('Roles of who joins').fill('reviewer');
    await form.getByLabel('Maximum uses').fill('5');
    await form.getByRole('button', { name: 'Create join link' }).click();
    const shown = owner.getByLabel('New join link');
    await visible(shown);
    const url = await shown.inputValue();
    expect(url).toMatch(/\/join\?linkId=.+&teamId=.+&secret=[0-9a-f]{256}$/);
    const linkRow = owner.getByRole('table', { name: 'Join links' }).getByRole('row').nth(1);
    await visible(linkRow.getByText('0 / 5'));

    // A second person, signed out, opens the link: the preview, then sign-in, then join.
    const joan = await person('Joan');
    const joiner = await newPage();
    await joiner.goto(url);
    await visible(heading(joiner, 'Join Compilers'));
    await visible(joiner.getByText('with the roles reviewer'));
    await joiner.getByRole('link', { name: 'Sign in to join' }).click();
    await fillSignIn(joiner, joan.email);
    await visible(heading(joiner, 'Join Compilers'));
    await joiner.getByRole('button', { name: 'Join Compilers' }).click();
    await visible(heading(joiner, 'Welcome to Compilers'));
    await joiner.getByRole('link', { name: 'Open Compilers' }).click();
    await visible(heading(joiner, 'Compilers'));
    await visible(joiner.getByText('your roles: reviewer'));

    // The owner sees the use and revokes the link.
    await owner.reload();
    await visible(linkRow.getByText('1 / 5'));
    await linkRow.getByRole('button', { name: /^Revoke/ }).click();
    await linkRow.getByRole('button', { name: 'Yes, revoke' }).click();
    await visible(linkRow.getByText('Revoked'));

    // A third person, signed in, opens it: the clear error, and no way to join.
    const ken = await person('Ken');
    const late = await newPage();
    await late.goto('/');
    await fillSignIn(late, ken.email);
    await visible(heading(late, 'My teams'));
    await late.goto(url);
    await visible(heading(late, 'This join link cannot be used'));
    await visible(late.getByRole('alert').filter({ hasText: 'This join link has been revoked.' }));
    expect(await late.getByRole('button', { name: 'Join Compilers' }).count()).toBe(0);
    const members = await grace.api.call<{ total: number }>(
      'teams.listMemberships',
      { teamId: team.$id },
      'query',
    );
    expect(members.total).toBe(2);
  });
});
