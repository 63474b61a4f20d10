import { type Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ApiClient } from './api-client.ts';
import { invitationLink } from './invitation-mail.ts';
import { PASSWORD, heading, useDemoBrowser, visible } from './browser-session.ts';

/**
 * The invitation preview, accept-and-set-password, the invitee's inbox and owners' invitation
 * states, in Chromium against the real stack (docs/invitations.md).
 */
const demo = useDemoBrowser();
const newPage = () => demo.newPage();
// Addresses of this file only: other browser tests may share the database and the mail listener.
const run = Math.random().toString(36).slice(2, 8);
const email = (name: string) => `${name}-${run}@example.com`;

async function signIn(page: Page, email: string, password = PASSWORD) {
  await page.goto('/sign-in');
  await visible(heading(page, 'Sign in'));
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await visible(page.getByText('Signed in as').first());
}

async function ownerWithTeam(name: string, email: string, teamName: string) {
  const api = new ApiClient(demo.stack.url);
  await api.signUp({ name, email, password: PASSWORD });
  const team = await api.call<{ $id: string }>('teams.create', { teamId: 'unique()', name: teamName });
  const invite = (invitee: string, roles: string[] = []) =>
    api.call<{ $id: string }>('teams.createMembership', {
      teamId: team.$id,
      email: invitee,
      roles,
      url: `${demo.stack.url}/accept`,
    });
  return { api, team, invite };
}

describe('invitations in a browser', { timeout: 90_000 }, () => {
  it('a new invitee sees the real team, inviter and roles, and accepts while setting a password in one step', async () => {
    const { team, invite } = await ownerWithTeam('Grace Hopper', email('grace'), 'Compilers');
    await invite(email('kathleen'), ['developer']);
    const link = new URL(await invitationLink(demo.stack.mail, email('kathleen')));
    // Whatever the link says the team is called, the page shows the server's name.
    link.searchParams.set('teamName', 'Totally Legit Bank');
    const page = await newPage();
    await page.goto(link.pathname + link.search);
    await visible(heading(page, 'Join Compilers'));
    const preview = page.getByRole('definition');
    await visible(preview.filter({ hasText: 'Grace Hopper' }));
    await visible(preview.filter({ hasText: 'developer' }));
    expect(await page.getByText('Totally Legit Bank').count()).toBe(0);

    const form = page.getByRole('form', { name: 'Accept and set a password' });
    await form.getByLabel('Your password').fill('kathleen’s own password');
    await form.getByRole('button', { name: 'Accept and set password' }).click();
    await visible(
      page
        .getByRole('status')
        .filter({ hasText: 'You are now a member of Compilers. Your password is set.' }),
    );
    await visible(page.getByText('Signed in as').first());
    expect(await page.getByRole('link', { name: 'Set a password so you can sign in again' }).count()).toBe(0);

    // Signed out, the password works.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await visible(heading(page, 'Sign in'));
    await page.getByLabel('Email').fill(email('kathleen'));
    await page.getByLabel('Password').fill('kathleen’s own password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await visible(page.getByText('Signed in as').first());
    await page.goto(`/teams/${team.$id}`);
    await visible(heading(page, 'Compilers'));
  });

  it('a signed-in invitee accepts one invitation and declines another from the inbox; the owner sees the states', async () => {
    const first = await ownerWithTeam('Barbara Liskov', email('barbara'), 'Abstractions');
    const second = await ownerWithTeam('Frances Allen', email('frances'), 'Optimizers');
    const third = await ownerWithTeam('Jean Sammet', email('jean'), 'Languages');
    // The invitee has an account whose address a first accepted invitation verified.
    const invitee = new ApiClient(demo.stack.url);
    const me = await invitee.signUp({ name: 'Edsger', email: email('edsger'), password: PASSWORD });
    await first.invite(email('edsger'));
    const params = new URL(await invitationLink(demo.stack.mail, email('edsger'))).searchParams;
    await invitee.call('teams.updateMembershipStatus', {
      teamId: params.get('teamId'),
      membershipId: params.get('membershipId'),
      userId: me.$id,
      secret: params.get('secret'),
    });
    // That first proof of the address cleared the password it was signed up with: set it again.
    await invitee.call('account.updatePassword', { password: PASSWORD });
    await second.invite(email('edsger'), ['reviewer']);
    await third.invite(email('edsger'));

    const page = await newPage();
    await signIn(page, email('edsger'));
    await page.getByRole('link', { name: 'Invitations' }).click();
    await visible(heading(page, 'Invitations'));
    const list = page.getByRole('list', { name: 'Pending invitations' });
    await visible(list.getByRole('listitem', { name: 'Optimizers' }).getByText('invited by Frances Allen'));
    await visible(list.getByRole('listitem', { name: 'Languages' }));

    await page.getByRole('button', { name: 'Accept invitation to Optimizers' }).click();
    await visible(page.getByRole('status').filter({ hasText: 'You joined Optimizers.' }));
    await list.getByRole('listitem', { name: 'Optimizers' }).waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Decline invitation to Languages' }).click();
    await visible(page.getByRole('status').filter({ hasText: 'Invitation declined.' }));
    await visible(page.getByText('No pending invitations.'));
    await page.getByRole('link', { name: 'My teams' }).first().click();
    await visible(page.getByRole('list', { name: 'Teams' }).getByRole('link', { name: 'Optimizers' }));
    expect(
      await page.getByRole('list', { name: 'Teams' }).getByRole('link', { name: 'Languages' }).count(),
    ).toBe(0);

    // The owner of the declined team sees it as declined, and filters on it.
    const owner = await newPage();
    await signIn(owner, email('jean'));
    await owner.goto(`/teams/${third.team.$id}`);
    await visible(heading(owner, 'Languages'));
    await owner.getByText('Invitations by state').click();
    const invitations = owner.getByRole('table', { name: 'Invitations' });
    await visible(invitations.getByRole('row', { name: /edsger/i }).getByText('declined'));
    await owner.getByLabel('Show invitations').selectOption('pending');
    await visible(owner.getByText('No invitations in this state.'));
    await owner.getByLabel('Show invitations').selectOption('declined');
    await visible(invitations.getByRole('row', { name: /edsger/i }).getByText('Email sent'));
    // Gone from the member list, as in Appwrite.
    expect(
      await owner
        .getByRole('table', { name: 'Members and pending invitations' })
        .getByText(email('edsger'))
        .count(),
    ).toBe(0);
  });
});
