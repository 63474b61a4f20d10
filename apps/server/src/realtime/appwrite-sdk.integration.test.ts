import { createRequire } from 'node:module';
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type * as AppwriteSdk from 'appwrite';
import { launchBrowser } from '@roster/testkit/browser';
import { type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptParamsFor, httpCalls, uniqueEmail, userWithSession } from '../testing/http-client.ts';
import { startTestServer, type TestServer } from '../testing/http-server.ts';
import { settle } from '../testing/realtime-client.ts';

/**
 * The official `appwrite` web SDK (28.0.0, its `Realtime` service) in Chromium against
 * /v1/realtime: it signs in over REST (session cookie), opens the socket, authenticates and
 * subscribes exactly as it does against Appwrite. End to end: each change is an API call, the
 * event stream's dispatcher (in the worker of server one) hands it to the realtime publisher, and
 * both API processes fan it out from Redis.
 */
const SDK_FILE = join(
  dirname(createRequire(import.meta.url).resolve('appwrite/package.json')),
  'dist/iife/sdk.js',
);

/** A page that loads the SDK, served by the API itself as it serves the demo (same origin, its CSP). */
function sdkSite(): string {
  const dir = mkdtempSync(join(tmpdir(), 'roster-sdk-'));
  copyFileSync(SDK_FILE, join(dir, 'sdk.js'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><script src="/sdk.js"></script>');
  return dir;
}
const API_KEY = 'realtime-sdk-bootstrap-key-0123456789abcdef';
const KEY = { 'x-appwrite-key': API_KEY };
const PASSWORD = 'a good password';
const PREFIX = `rt-sdk-${Date.now()}`;

let one: TestServer;
let two: TestServer;
let browser: Browser;

beforeAll(async () => {
  // Two API processes over one database and one Redis channel, as behind a load balancer.
  const env = { ROSTER_API_KEY: API_KEY, ROSTER_QUEUE_PREFIX: PREFIX };
  const demoDist = sdkSite();
  [one, two] = await Promise.all([
    startTestServer(env, { mail: true, demoDist }),
    startTestServer(env, { demoDist }),
  ]);
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await Promise.all([one?.close(), two?.close()]);
});

interface SeenEvent {
  events: string[];
  channels: string[];
  payload: Record<string, unknown>;
}

/** A page of `server`'s origin where `email` signs in with the SDK and subscribes to `channels`. */
async function sdkListener(server: TestServer, email: string, channels: string[]): Promise<Page> {
  const page = await browser.newContext().then((context) => context.newPage());
  await page.goto(`${server.url}/`);
  await page.evaluate(
    async ({ endpoint, email, password, channels }) => {
      const { Client, Account, Realtime } = (globalThis as unknown as { Appwrite: typeof AppwriteSdk })
        .Appwrite;
      const client = new Client().setEndpoint(endpoint).setProject('default');
      await new Account(client).createEmailPasswordSession({ email, password });
      const seen: unknown[] = [];
      (globalThis as unknown as { seen: unknown[] }).seen = seen;
      await new Realtime(client).subscribe(channels, (event) => seen.push(event));
    },
    { endpoint: `${server.url}/v1`, email, password: PASSWORD, channels },
  );
  // Subscribed once the server has answered the SDK's subscribe (it sends it after `connected`).
  await settle(500);
  return page;
}

const seenBy = (page: Page) => page.evaluate(() => (globalThis as unknown as { seen: SeenEvent[] }).seen);

async function waitFor(page: Page, count: number, about?: string): Promise<SeenEvent[]> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    // Events of earlier set-up (a member's own join) may still arrive late: `about` keeps one membership's.
    const seen = (await seenBy(page)).filter((event) => !about || event.events[0]!.includes(about));
    if (seen.length >= count || Date.now() > deadline) return seen;
    await settle(100);
  }
}

describe('the appwrite web SDK on /v1/realtime', () => {
  it('a member sees an invitation created, accepted and deleted; an outsider sees nothing; a removed member stops', async () => {
    const api = httpCalls(one);
    const owner = await userWithSession(api, KEY, PASSWORD);
    const team = (
      await api.mutate<{ $id: string }>('teams.create', { teamId: 'unique()', name: 'Live' }, owner.headers)
    ).data;
    const member = await userWithSession(api, KEY, PASSWORD);
    const memberMembership = (
      await api.mutate<Record<string, unknown> & { $id: string }>(
        'teams.createMembership',
        { teamId: team.$id, email: member.email, roles: ['editor'] },
        KEY,
      )
    ).data;
    const outsider = await userWithSession(api, KEY, PASSWORD);

    const memberPage = await sdkListener(one, member.email, ['memberships']);
    const outsiderPage = await sdkListener(one, outsider.email, ['memberships', 'teams', 'account']);
    // Connected to the other process: what is published once reaches both.
    const memberOnTwo = await sdkListener(two, member.email, ['memberships']);

    // 1. The owner invites someone.
    const inviteeEmail = uniqueEmail('invitee');
    const invited = await api.mutate<Record<string, unknown> & { $id: string }>(
      'teams.createMembership',
      { teamId: team.$id, email: inviteeEmail, roles: ['viewer'], url: 'http://localhost/join' },
      owner.headers,
    );
    expect(invited.status).toBe(200);
    // 2. The invitee accepts from the email.
    const link = await acceptParamsFor(one, inviteeEmail);
    const accepted = await api.mutate<Record<string, unknown> & { $id: string }>(
      'teams.updateMembershipStatus',
      {
        teamId: link.teamId,
        membershipId: link.membershipId,
        userId: link.userId,
        secret: link.secret,
      },
    );
    expect(accepted.status).toBe(200);
    // 3. The owner deletes that membership.
    expect(
      (
        await api.mutate(
          'teams.deleteMembership',
          { teamId: team.$id, membershipId: invited.data.$id },
          owner.headers,
        )
      ).status,
    ).toBe(200);

    for (const page of [memberPage, memberOnTwo]) {
      const seen = await waitFor(page, 3, `.memberships.${invited.data.$id}.`);
      expect(seen.map((event) => event.events[0])).toEqual([
        `teams.${team.$id}.memberships.${invited.data.$id}.create`,
        `teams.${team.$id}.memberships.${invited.data.$id}.update.status`,
        `teams.${team.$id}.memberships.${invited.data.$id}.delete`,
      ]);
      expect(seen[0]!.channels).toContain('memberships');
      expect(seen[1]!.payload).toMatchObject({ $id: invited.data.$id, confirm: true });
    }

    // 4. The member is removed: they see their own removal, then nothing of the team.
    expect(
      (
        await api.mutate(
          'teams.deleteMembership',
          { teamId: team.$id, membershipId: memberMembership.$id },
          owner.headers,
        )
      ).status,
    ).toBe(200);
    const later = await api.mutate(
      'teams.createMembership',
      { teamId: team.$id, email: uniqueEmail('later'), roles: ['viewer'], url: 'http://localhost/join' },
      owner.headers,
    );
    expect(later.status).toBe(200);
    // Long enough for the dispatcher to hand the invitation's event over (it polls every 200 ms).
    await settle(1500);
    const afterRemoval = await seenBy(memberPage);
    expect(afterRemoval.map((event) => event.events[0])).toEqual([
      `teams.${team.$id}.memberships.${invited.data.$id}.create`,
      `teams.${team.$id}.memberships.${invited.data.$id}.update.status`,
      `teams.${team.$id}.memberships.${invited.data.$id}.delete`,
      `teams.${team.$id}.memberships.${memberMembership.$id}.delete`,
    ]);

    // The outsider hears at most of their own account (the SDK's sign-in), nothing of the team.
    const outsiderSaw = await seenBy(outsiderPage);
    for (const event of outsiderSaw)
      expect(event.events[0]).toMatch(new RegExp(`^users\\.${outsider.id}\\.`));
  }, 60_000);
});
