import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { useTestServer, type TestServer } from '../testing/http-server.ts';
import { httpCalls, rest, uniqueEmail, userWithSession } from '../testing/http-client.ts';

/**
 * Bulk invitations, Idempotency-Key and custom delivery (docs/invitations.md): every way they
 * could be abused, over real HTTP with the mail worker delivering to a real SMTP listener and the
 * server logging at `trace`. Every request goes to the test server on 127.0.0.1.
 */
const lines: string[] = [];
const capture = { write: (line: string) => void lines.push(line) };
const API_KEY = `bulk-${randomBytes(24).toString('hex')}`;
const KEY = { 'x-appwrite-key': API_KEY };
const ACCEPT_URL = 'http://localhost:5173/accept';
const server = useTestServer(
  { ROSTER_API_KEY: API_KEY, ROSTER_INVITE_RATE_LIMIT: '3' },
  { mail: true, logTo: capture },
);

async function ownerWithTeam(target: TestServer) {
  const api = httpCalls(target);
  const owner = await userWithSession(api, KEY);
  const team = await api.mutate<{ $id: string }>(
    'teams.create',
    { teamId: 'unique()', name: 'Bulk' },
    owner.headers,
  );
  expect(team.status).toBe(200);
  return { api, owner, teamId: team.data.$id };
}

const mailsTo = (address: string) => server.mailSink.messages.filter((mail) => mail.to.includes(address));

async function waitForMails(addresses: string[], timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!addresses.every((address) => mailsTo(address).length > 0)) {
    if (Date.now() > deadline) throw new Error(`no email to one of ${addresses.join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

interface BulkBody {
  counts: Record<string, number>;
  rows: { status: string; membership?: { $id: string } }[];
}

describe('bulk invitations and their limits', () => {
  it('the rate limit counts rows: a bulk of 5 with a limit of 3 sends 3 emails and reports 2 rate_limited', async () => {
    const { owner, teamId } = await ownerWithTeam(server);
    const emails = Array.from({ length: 5 }, () => uniqueEmail('bulk'));
    const response = await rest(
      server.url,
      'POST',
      `/teams/${teamId}/memberships/bulk`,
      { url: ACCEPT_URL, rows: emails.map((email) => ({ email, roles: [] })) },
      owner.headers,
    );
    expect(response.status).toBeLessThan(300);
    const body = (await response.json()) as BulkBody;
    expect(body.rows.map((row) => row.status)).toEqual([
      'created',
      'created',
      'created',
      'rate_limited',
      'rate_limited',
    ]);
    expect(response.headers.get('x-ratelimit-remaining')).toBe('0');
    await waitForMails(emails.slice(0, 3));
    expect(mailsTo(emails[3]!)).toHaveLength(0);
    // The same budget as single invitations: the next one is 429.
    const single = await rest(
      server.url,
      'POST',
      `/teams/${teamId}/memberships`,
      { email: uniqueEmail(), roles: [], url: ACCEPT_URL },
      owner.headers,
    );
    expect(single.status).toBe(429);
  });

  it("another user's Idempotency-Key never returns their result", async () => {
    const a = await ownerWithTeam(server);
    const b = await ownerWithTeam(server);
    const headers = (owner: { headers: Record<string, string> }) => ({
      ...owner.headers,
      'idempotency-key': 'same-key',
    });
    const body = { email: uniqueEmail('idem'), roles: [], url: ACCEPT_URL };
    const first = await rest(server.url, 'POST', `/teams/${a.teamId}/memberships`, body, headers(a.owner));
    expect(first.status).toBeLessThan(300);
    const firstBody = (await first.json()) as { $id: string; teamId: string };

    // B repeats A's request, key and all, against A's team: refused by the team check, no result.
    const intruder = await rest(server.url, 'POST', `/teams/${a.teamId}/memberships`, body, headers(b.owner));
    expect(intruder.status).toBe(404);
    expect(await intruder.text()).not.toContain(firstBody.$id);
    // B's own team with the same key: B's own call runs.
    const own = await rest(server.url, 'POST', `/teams/${b.teamId}/memberships`, body, headers(b.owner));
    expect(own.status).toBeLessThan(300);
    const ownBody = (await own.json()) as { $id: string; teamId: string };
    expect(ownBody.teamId).toBe(b.teamId);
    expect(ownBody.$id).not.toBe(firstBody.$id);
    expect(own.headers.get('idempotent-replayed')).toBeNull();
    // A's repeat is replayed.
    const repeat = await rest(server.url, 'POST', `/teams/${a.teamId}/memberships`, body, headers(a.owner));
    expect(repeat.headers.get('idempotent-replayed')).toBe('true');
    expect(await repeat.json()).toEqual(firstBody);
  });

  it('10 concurrent REST retries with one Idempotency-Key: one invitation, one email, the same response', async () => {
    const { owner, teamId } = await ownerWithTeam(server);
    const email = uniqueEmail('race');
    const responses = await Promise.all(
      Array.from({ length: 10 }, () =>
        rest(
          server.url,
          'POST',
          `/teams/${teamId}/memberships`,
          { email, roles: [], url: ACCEPT_URL },
          { ...owner.headers, 'idempotency-key': `race-${email}` },
        ),
      ),
    );
    const bodies = await Promise.all(responses.map((response) => response.json()));
    expect(responses.every((response) => response.status < 300)).toBe(true);
    for (const body of bodies) expect(body).toEqual(bodies[0]);
    await waitForMails([email]);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(mailsTo(email)).toHaveLength(1);
  });
});

describe('custom delivery: the accept link only to API keys', () => {
  it('a session asking for the link is 401 and gets no secret; a key gets it, and no email is sent', async () => {
    const { owner, teamId } = await ownerWithTeam(server);
    const email = uniqueEmail('link');
    const refused = await rest(
      server.url,
      'POST',
      `/teams/${teamId}/memberships/link`,
      { email, roles: [], url: ACCEPT_URL },
      owner.headers,
    );
    expect(refused.status).toBe(401);
    const refusedText = await refused.text();
    expect(refusedText).toContain('general_unauthorized_scope');
    expect(refusedText).not.toContain('secret=');

    const given = await rest(
      server.url,
      'POST',
      `/teams/${teamId}/memberships/link`,
      { email, roles: [], url: ACCEPT_URL },
      KEY,
    );
    expect(given.status).toBeLessThan(300);
    const { url, membership } = (await given.json()) as { url: string; membership: { $id: string } };
    const secret = new URL(url).searchParams.get('secret')!;
    expect(secret).toMatch(/^[0-9a-f]{256}$/);

    // An email sent by the same worker meanwhile proves it runs; the link's invitee got none.
    const control = uniqueEmail('control');
    await rest(
      server.url,
      'POST',
      `/teams/${teamId}/memberships`,
      { email: control, roles: [], url: ACCEPT_URL },
      owner.headers,
    );
    await waitForMails([control]);
    expect(mailsTo(email)).toHaveLength(0);

    // The owner sees the invitation and its delivery state, never the secret.
    const api = httpCalls(server);
    const delivery = await api.query(
      'teams.getMembershipDelivery',
      { teamId, membershipId: membership.$id },
      owner.headers,
    );
    expect(delivery.data).toMatchObject({ state: 'skipped' });
    const list = await rest(server.url, 'GET', `/teams/${teamId}/memberships`, undefined, owner.headers);
    expect(await list.text()).not.toContain(secret);
    expect(lines.join('\n')).not.toContain(secret);
  });
});
