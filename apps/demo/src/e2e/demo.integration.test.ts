import { type Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ApiClient } from './api-client.ts';
import { invitationLink } from './invitation-mail.ts';
import { screenshot } from './screenshots.ts';
import { PASSWORD, heading, useDemoBrowser, visible } from './browser-session.ts';

/**
 * The demo in a real browser (Debian's Chromium through playwright-core) against the real stack:
 * the production build and the API on one origin, FerretDB, Redis, the invitation worker and an
 * SMTP listener. Locators go by role and accessible name, and every step waits for what it needs.
 */
const demo = useDemoBrowser();
const newPage = () => demo.newPage();

async function signIn(page: Page, email: string) {
  await page.goto('/');
  await visible(heading(page, 'Sign in'));
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** A signed-up owner of a new team, made through the API (not what these tests are about). */
async function ownerWithTeam(email: string, teamName: string) {
  const api = new ApiClient(demo.stack.url);
  await api.signUp({ name: 'Grace Hopper', email, password: PASSWORD });
  const team = await api.call<{ $id: string }>('teams.create', { teamId: 'unique()', name: teamName });
  return { api, team };
}

describe('the demo in a browser', { timeout: 60_000 }, () => {
  it('owner signs up, creates a team and invites; the invitee accepts from the email; the owner changes their role and removes them', async () => {
    const owner = await newPage();
    await owner.goto('/');
    await visible(heading(owner, 'Sign in'));
    await screenshot(owner, 'sign-in');

    await owner.getByRole('link', { name: 'Create an account' }).click();
    await owner.getByLabel('Name').fill('Ada Lovelace');
    await owner.getByLabel('Email').fill('ada@example.com');
    await owner.getByLabel('Password').fill(PASSWORD);
    await owner.getByRole('button', { name: 'Create account' }).click();
    await visible(heading(owner, 'My teams'));
    await visible(owner.getByText('You are not in any team yet'));

    await owner.getByLabel('New team name').fill('Analytical Engines');
    await owner.getByRole('button', { name: 'Create team' }).click();
    await visible(heading(owner, 'Analytical Engines'));

    await owner.getByLabel('Email to invite').fill('charles@example.com');
    await owner.getByLabel('Their name (optional)').fill('Charles Babbage');
    await owner.getByLabel('Their roles', { exact: true }).fill('developer');
    await owner.getByRole('button', { name: 'Send invitation' }).click();
    await visible(owner.getByRole('status').filter({ hasText: 'Invitation sent to charles@example.com.' }));
    const charlesRow = owner.getByRole('row', { name: /Charles Babbage/ });
    await visible(charlesRow.getByText('Invited'));
    // The worker sent the email; its delivery event (not polling: the page is live) updates the row.
    await visible(charlesRow.getByText('Email sent'));

    const link = await invitationLink(demo.stack.mail, 'charles@example.com');
    expect(link.startsWith(`${demo.stack.url}/accept?`)).toBe(true);
    await screenshot(owner, 'team');

    await owner.getByRole('link', { name: 'My teams' }).first().click();
    await visible(
      owner.getByRole('list', { name: 'Teams' }).getByRole('link', { name: 'Analytical Engines' }),
    );
    await screenshot(owner, 'teams');
    await owner.getByRole('link', { name: 'Analytical Engines' }).click();
    await visible(heading(owner, 'Analytical Engines'));

    // The invitee opens the link in their own browser, not signed in: nothing happens until they click.
    const invitee = await newPage();
    await invitee.goto(link);
    await visible(heading(invitee, 'Join Analytical Engines'));
    await visible(invitee.getByText('Accepting signs you in'));
    await screenshot(invitee, 'accept');
    await invitee.getByRole('button', { name: 'Accept invitation to Analytical Engines' }).click();
    await visible(
      invitee.getByRole('status').filter({ hasText: 'You are now a member of Analytical Engines.' }),
    );
    // Accepting signed them in (session cookie from the API).
    await visible(invitee.getByText('Signed in as'));
    await invitee.getByRole('link', { name: 'Open Analytical Engines' }).click();
    await visible(heading(invitee, 'Analytical Engines'));
    // A member sees the owner's row, not who they are: membership privacy hides it by default, as Appwrite's
    // new projects (docs/appwrite-compatibility.md#membership-privacy).
    await visible(
      invitee.getByRole('row').filter({ hasText: 'Member (details hidden)' }).filter({ hasText: 'owner' }),
    );
    await expect(invitee.getByRole('row', { name: /Ada Lovelace/ }).count()).resolves.toBe(0);

    // The same link again: already used. The preview refuses it, so the page does not trust the
    // link's own team name.
    await invitee.goto(link);
    await visible(invitee.getByRole('note').filter({ hasText: 'This invitation could not be checked' }));
    await invitee.getByRole('button', { name: 'Accept invitation to a team' }).click();
    await visible(
      invitee.getByRole('alert').filter({ hasText: 'This invitation has already been accepted.' }),
    );

    // The owner's page shows the new member without a reload.
    await visible(charlesRow.getByText(/^Joined/));
    await owner.getByRole('button', { name: 'Change roles of Charles Babbage' }).click();
    await owner.getByRole('textbox', { name: 'Roles of Charles Babbage' }).fill('admin, billing');
    await owner.getByRole('button', { name: 'Save roles' }).click();
    const charlesRoles = charlesRow.getByRole('list', { name: 'Roles of Charles Babbage' });
    await visible(charlesRoles.getByText('billing'));
    expect(await charlesRoles.getByRole('listitem').allTextContents()).toEqual(['admin', 'billing']);

    await owner.getByRole('button', { name: 'Remove Charles Babbage' }).click();
    await owner.getByRole('button', { name: 'Yes, remove Charles Babbage' }).click();
    await charlesRow.waitFor({ state: 'detached' });
    await visible(owner.getByText('1 member ·'));
  });

  it('an invitee who accepted signed out sets a password on the account page, then signs in again with it', async () => {
    const { api, team } = await ownerWithTeam('radia@example.com', 'Spanning Trees');
    const inviteeEmail = 'annie@example.com';
    const inviteePassword = 'my very first password';
    await api.call('teams.createMembership', {
      teamId: team.$id,
      email: inviteeEmail,
      roles: [],
      url: `${demo.stack.url}/accept`,
    });
    const page = await newPage();
    await page.goto(await invitationLink(demo.stack.mail, inviteeEmail));
    await visible(page.getByText('Accepting signs you in'));
    await page.getByRole('button', { name: 'Accept invitation to Spanning Trees' }).click();
    await visible(page.getByRole('status').filter({ hasText: 'You are now a member of Spanning Trees.' }));

    // The invitation created the account without a password: no current one to give.
    await page.getByRole('link', { name: 'Set a password so you can sign in again' }).click();
    await visible(heading(page, 'Account'));
    expect(page.url()).toBe(`${demo.stack.url}/account`);
    const form = page.getByRole('form', { name: 'Set or change your password' });
    await visible(form.getByText('Leave empty if you joined through an invitation'));
    await form.getByLabel('New password').fill(inviteePassword);
    await form.getByRole('button', { name: 'Save password' }).click();
    await visible(form.getByRole('status').filter({ hasText: 'Your password is saved.' }));

    // Now it has one: changing it again without it is refused, in words that fit this page.
    await form.getByLabel('New password').fill('another new password');
    await form.getByRole('button', { name: 'Save password' }).click();
    await visible(form.getByRole('alert').filter({ hasText: 'The current password is not right.' }));

    await page.getByRole('button', { name: 'Sign out' }).click();
    await visible(heading(page, 'Sign in'));
    expect(new URL(page.url()).searchParams.get('next')).toBe('/account');
    await page.getByLabel('Email').fill(inviteeEmail);
    await page.getByLabel('Password').fill(inviteePassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await visible(heading(page, 'Account'));
    await visible(page.getByText(`You are signed in as ${inviteeEmail}.`));
    await page.getByRole('link', { name: 'My teams' }).click();
    await visible(page.getByRole('list', { name: 'Teams' }).getByRole('link', { name: 'Spanning Trees' }));
  });

  it('a user edits their name, email address and preferences on the account page', async () => {
    await ownerWithTeam('profile-editor@example.com', 'Engines');
    const page = await newPage();
    await signIn(page, 'profile-editor@example.com');
    // Exact: the sign-in page has a "Create an account" link and heading.
    await page.getByRole('link', { name: 'Account', exact: true }).click();
    await visible(page.getByRole('heading', { level: 1, name: 'Account', exact: true }));

    const nameForm = page.getByRole('form', { name: 'Your name' });
    await nameForm.getByLabel('Name').fill('Ada Lovelace');
    await nameForm.getByRole('button', { name: 'Save name' }).click();
    await visible(page.getByRole('navigation', { name: 'Account' }).getByText('Ada Lovelace'));

    const emailForm = page.getByRole('form', { name: 'Your email address' });
    await emailForm.getByLabel('New email address').fill('countess@example.com');
    await emailForm.getByLabel('Password').fill('not my password');
    await emailForm.getByRole('button', { name: 'Change email address' }).click();
    await visible(emailForm.getByRole('alert').filter({ hasText: 'The current password is not right.' }));
    await emailForm.getByLabel('Password').fill(PASSWORD);
    await emailForm.getByRole('button', { name: 'Change email address' }).click();
    await visible(emailForm.getByRole('status').filter({ hasText: 'countess@example.com' }));
    await visible(emailForm.getByText('Now countess@example.com (not verified).'));

    const prefsForm = page.getByRole('form', { name: 'Account preferences' });
    await prefsForm.getByLabel('Preferences (JSON)').fill('["not", "an object"]');
    await visible(prefsForm.getByText('Preferences must be a JSON object'));
    await prefsForm.getByLabel('Preferences (JSON)').fill('{"theme": "dark"}');
    await prefsForm.getByRole('button', { name: 'Save preferences' }).click();
    await visible(prefsForm.getByRole('button', { name: 'Save preferences' }).and(page.locator(':disabled')));
    await page.reload();
    await visible(page.getByRole('heading', { level: 1, name: 'Account', exact: true }));
    expect(
      JSON.parse(
        await page
          .getByRole('form', { name: 'Account preferences' })
          .getByLabel('Preferences (JSON)')
          .inputValue(),
      ),
    ).toEqual({ theme: 'dark' });
  });

  it('a wrong link and a withdrawn invitation say what is wrong', async () => {
    const { api, team } = await ownerWithTeam('grace@example.com', 'Compilers');
    const membership = await api.call<{ $id: string }>('teams.createMembership', {
      teamId: team.$id,
      email: 'kathleen@example.com',
      roles: [],
      url: `${demo.stack.url}/accept`,
    });
    const link = new URL(await invitationLink(demo.stack.mail, 'kathleen@example.com'));
    const page = await newPage();

    const wrongSecret = new URL(link);
    wrongSecret.searchParams.set('secret', 'f'.repeat(256));
    await page.goto(wrongSecret.href);
    // The preview refuses a wrong secret at once; the link's team name is not trusted.
    await visible(page.getByRole('note').filter({ hasText: 'This invitation could not be checked' }));
    await page.getByRole('button', { name: 'Accept invitation to a team' }).click();
    await visible(page.getByRole('alert').filter({ hasText: 'This invitation link is not valid.' }));

    const incomplete = new URL(link);
    incomplete.searchParams.delete('secret');
    await page.goto(incomplete.href);
    await visible(heading(page, 'Invitation link incomplete'));

    await api.call('teams.deleteMembership', { teamId: team.$id, membershipId: membership.$id });
    await page.goto(link.href);
    await page.getByRole('button', { name: 'Accept invitation to a team' }).click();
    await visible(page.getByRole('alert').filter({ hasText: 'This invitation no longer exists.' }));
  });

  it('my teams: pages of ten through cursors, and search', async () => {
    const { api } = await ownerWithTeam('margaret@example.com', 'Zebra Crossing');
    for (let index = 1; index <= 11; index++) {
      await api.call('teams.create', {
        teamId: 'unique()',
        name: `Apollo ${String(index).padStart(2, '0')}`,
      });
    }
    const page = await newPage();
    await signIn(page, 'margaret@example.com');
    await visible(heading(page, 'My teams'));
    const teams = page.getByRole('list', { name: 'Teams' }).getByRole('link');
    const pages = page.getByRole('navigation', { name: 'Pages' });
    await visible(pages.getByText('1–10 of 12'));
    expect(await teams.count()).toBe(10);

    await pages.getByRole('button', { name: 'Next page' }).click();
    await visible(pages.getByText('11–12 of 12'));
    expect(await teams.allTextContents()).toEqual(['Apollo 10', 'Apollo 11']);
    expect(await pages.getByRole('button', { name: 'Next page' }).isDisabled()).toBe(true);
    await pages.getByRole('button', { name: 'Previous page' }).click();
    await visible(pages.getByText('1–10 of 12'));
    expect(await teams.first().textContent()).toBe('Zebra Crossing');

    await page.getByRole('searchbox', { name: 'Search teams' }).fill('zebra');
    await pages.waitFor({ state: 'detached' });
    expect(await teams.allTextContents()).toEqual(['Zebra Crossing']);
    await page.getByRole('searchbox', { name: 'Search teams' }).fill('nothing');
    await visible(page.getByText('No team matches “nothing”.'));
  });

  it('an owner renames the team, edits its preferences as JSON, and deletes it', async () => {
    await ownerWithTeam('barbara@example.com', 'Liskov Lab');
    const page = await newPage();
    await signIn(page, 'barbara@example.com');
    await visible(heading(page, 'My teams'));
    await page.getByRole('link', { name: 'Liskov Lab' }).click();
    await visible(heading(page, 'Liskov Lab'));

    await page.getByRole('textbox', { name: 'Team name' }).fill('Substitution Lab');
    await page.getByRole('button', { name: 'Rename' }).click();
    await visible(heading(page, 'Substitution Lab'));

    const prefs = page.getByRole('textbox', { name: 'Preferences (JSON)' });
    const save = page.getByRole('button', { name: 'Save preferences' });
    await prefs.fill('["not", "an object"]');
    await visible(page.getByText('Preferences must be a JSON object'));
    expect(await save.isDisabled()).toBe(true);
    await prefs.fill('{"theme": "dark", "seats": 5}');
    await save.click();
    // Saved: the editor shows the stored document, formatted.
    await expect.poll(() => prefs.inputValue()).toBe(JSON.stringify({ theme: 'dark', seats: 5 }, null, 2));
    await page.reload();
    await visible(heading(page, 'Substitution Lab'));
    expect(JSON.parse(await prefs.inputValue())).toEqual({ theme: 'dark', seats: 5 });

    await page.getByRole('button', { name: 'Delete team' }).click();
    await page.getByRole('button', { name: 'Yes, delete Substitution Lab' }).click();
    await visible(heading(page, 'My teams'));
    await visible(page.getByText('You are not in any team yet'));
    expect(page.url()).toBe(`${demo.stack.url}/teams`);
  });

  it('changes made elsewhere show up live, over the realtime socket, without polling or a reload', async () => {
    const { api, team } = await ownerWithTeam('lynn@example.com', 'Live Lab');
    const page = await newPage();
    const sockets: string[] = [];
    page.on('websocket', (socket) => sockets.push(new URL(socket.url()).pathname));
    await signIn(page, 'lynn@example.com');
    await visible(heading(page, 'My teams'));
    await visible(page.getByRole('link', { name: 'Live Lab' }));
    expect(sockets).toContain('/v1/realtime');

    // Another tab (the API client) creates a team: the list shows it.
    await api.call('teams.create', { teamId: 'unique()', name: 'Live Annex' });
    await visible(page.getByRole('link', { name: 'Live Annex' }));

    await page.getByRole('link', { name: 'Live Lab' }).click();
    await visible(heading(page, 'Live Lab'));
    await api.call('teams.updateName', { teamId: team.$id, name: 'Live Lab II' });
    await visible(heading(page, 'Live Lab II'));
    await api.call('teams.createMembership', {
      teamId: team.$id,
      email: 'grace@example.com',
      name: 'Grace Live',
      roles: ['developer'],
      url: `${demo.stack.url}/accept`,
    });
    const graceRow = page.getByRole('row', { name: /Grace Live/ });
    await visible(graceRow);
    // The worker's delivery event brings the email's progress (the page polls only while offline).
    await visible(graceRow.getByText('Email sent'));
  });

  it('the last owner is told why they cannot leave', async () => {
    const { team } = await ownerWithTeam('hedy@example.com', 'Frequency Hopping');
    const page = await newPage();
    await signIn(page, 'hedy@example.com');
    await visible(heading(page, 'My teams'));
    await page.goto(`/teams/${team.$id}`);
    await visible(heading(page, 'Frequency Hopping'));

    await page.getByRole('button', { name: 'Leave team' }).click();
    await page.getByRole('button', { name: 'Yes, leave Frequency Hopping' }).click();
    await visible(page.getByRole('alert').filter({ hasText: 'You are the last owner of this team' }));
    await visible(heading(page, 'Frequency Hopping'));
  });
});

describe('the production build served by apps/server (demo-static.ts)', () => {
  it('answers the demo’s routes with index.html and leaves the API paths to the API', async () => {
    for (const path of ['/', '/teams/abc', '/accept?teamId=t&membershipId=m&userId=u&secret=s']) {
      const response = await fetch(`${demo.stack.url}${path}`);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('content-type'), path).toMatch(/^text\/html/);
      expect(await response.text(), path).toContain('<div id="root">');
    }
    // Whatever the API answers there (it grows: REST under /v1, docs under /docs), it is not the demo.
    for (const path of [
      '/health',
      '/v1/teams',
      '/v1/nothing-here',
      '/docs',
      '/docs/x',
      '/trpc/nothing.here',
    ]) {
      const response = await fetch(`${demo.stack.url}${path}`);
      expect(await response.text(), path).not.toContain('<div id="root">');
    }
    const missingAsset = await fetch(`${demo.stack.url}/assets/missing.js`);
    expect(missingAsset.status).toBe(404);
    expect(missingAsset.headers.get('content-type')).toMatch(/^application\/json/);
    const post = await fetch(`${demo.stack.url}/teams`, { method: 'POST' });
    expect(post.status).toBe(404);
  });
});
