import { type Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ApiClient } from './api-client.ts';
import { invitationLink } from './invitation-mail.ts';
import { screenshot } from './screenshots.ts';
import { PASSWORD, useDemoBrowser, visible } from './browser-session.ts';

/**
 * Bulk invitations in a real browser against the real stack (as demo.integration.test.ts): an
 * owner pastes addresses, checks them with a dry run, invites, and reads a result per row; the
 * worker's emails are read from the SMTP listener.
 */
const demo = useDemoBrowser({ viewport: { width: 1100, height: 900 } });
const newPage = () => demo.newPage();

/** Results as the table shows them: [address, result] per row. */
async function resultsOf(table: Locator): Promise<string[][]> {
  await visible(table);
  const rows = table.locator('tbody tr');
  const texts: string[][] = [];
  for (let i = 0; i < (await rows.count()); i++) {
    texts.push((await rows.nth(i).locator('td').allInnerTexts()).map((text) => text.trim()));
  }
  return texts;
}

// Addresses of this file only: the browser tests share the database and the mail listener.
const domain = `bulk-${Math.random().toString(36).slice(2, 8)}.example.com`;

describe('bulk invitations in the demo', { timeout: 150_000 }, () => {
  it('an owner pastes addresses, checks them (dry run), invites, and sees each row: invited, invalid, already a member', async () => {
    const owner = new ApiClient(demo.stack.url);
    await owner.signUp({ name: 'Grace Hopper', email: `grace@${domain}`, password: PASSWORD });
    const team = await owner.call<{ $id: string }>('teams.create', { teamId: 'unique()', name: 'Compilers' });
    // A confirmed member, set up through the API.
    const member = new ApiClient(demo.stack.url);
    await member.signUp({ name: 'Jean Sammet', email: `jean@${domain}`, password: PASSWORD });
    await owner.call('teams.createMembership', {
      teamId: team.$id,
      email: `jean@${domain}`,
      roles: [],
      url: `${demo.stack.url}/accept`,
    });
    const params = new URL(await invitationLink(demo.stack.mail, `jean@${domain}`)).searchParams;
    await member.call('teams.updateMembershipStatus', {
      teamId: team.$id,
      membershipId: params.get('membershipId'),
      userId: params.get('userId'),
      secret: params.get('secret'),
    });

    const page = await newPage();
    await page.goto('/sign-in');
    await page.getByLabel('Email').fill(`grace@${domain}`);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'My teams' }));
    await page.goto(`/teams/${team.$id}`);
    await visible(page.getByRole('heading', { level: 1, name: 'Compilers' }));

    const form = page.getByRole('form', { name: 'Invite many members' });
    await form
      .getByLabel('Email addresses')
      .fill(`kathleen@${domain}, not-an-email\njean@${domain}\nAdele Goldstine <adele@${domain}>`);
    await form.getByLabel('Their roles (all of them)').fill('engineer');
    await form.getByLabel(/Check only/).check();
    await form.getByRole('button', { name: 'Check 4 addresses' }).click();
    await expect
      .poll(() => resultsOf(form.getByRole('table', { name: 'Dry run results' })), { timeout: 30_000 })
      .toEqual([
        [`kathleen@${domain}`, 'Would be invited'],
        ['not-an-email', 'Would not be invited: Enter a valid email address.'],
        [`jean@${domain}`, 'Already a member'],
        [`adele@${domain}`, 'Would be invited'],
      ]);
    // Nothing was written: the member list does not show them.
    const members = page.locator('table.members');
    await visible(members.getByRole('row', { name: /jean@|Jean Sammet/ }));
    await expect(members.getByRole('row', { name: /kathleen@/ }).count()).resolves.toBe(0);

    await form.getByLabel(/Check only/).uncheck();
    await form.getByRole('button', { name: 'Invite 4 addresses' }).click();
    await expect
      // Four rows through the invitation service; under the whole suite's load this took over 30 s once.
      .poll(() => resultsOf(form.getByRole('table', { name: 'Invitation results' })), { timeout: 60_000 })
      .toEqual([
        [`kathleen@${domain}`, 'Invited'],
        ['not-an-email', 'Not invited: Enter a valid email address.'],
        [`jean@${domain}`, 'Already a member'],
        [`adele@${domain}`, 'Invited'],
      ]);
    await screenshot(page, 'bulk-invite');
    // The worker emailed the two invited, and the member list shows them pending.
    const link = await invitationLink(demo.stack.mail, `kathleen@${domain}`);
    expect(new URL(link).searchParams.get('teamName')).toBe('Compilers');
    await invitationLink(demo.stack.mail, `adele@${domain}`);
    await visible(members.getByRole('row', { name: /kathleen@/ }));
    expect(demo.stack.mail.messages.filter((message) => message.to.includes('not-an-email'))).toHaveLength(0);
  });
});
