import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { httpCalls, rest, sessionHeaders, userWithSession } from '../testing/http-client.ts';
import { useTestServer } from '../testing/http-server.ts';

/**
 * Join links as credentials (docs/security.md#join-links): whoever holds a link's URL may join its
 * team, so its secret must not be guessable at volume, must not leave the server twice, and must
 * not be usable on another link. Over real HTTP (REST), from documentation addresses given in
 * `X-Forwarded-For` (`ROSTER_TRUST_PROXY=loopback`; the requests go to 127.0.0.1 only).
 */
const API_KEY = `join-links-key-${randomBytes(16).toString('hex')}`;
const KEY = { 'x-appwrite-key': API_KEY };
const server = useTestServer({
  ROSTER_API_KEY: API_KEY,
  ROSTER_TRUST_PROXY: 'loopback',
  ROSTER_ACCEPT_LIMIT: '3',
});
const JOIN_URL = 'http://localhost:5173/join';
const from = (address: string) => ({ 'x-forwarded-for': address });

interface Body {
  type?: string;
  url?: string;
  joinLinks?: unknown[];
}

async function call(method: string, path: string, body: unknown, headers: Record<string, string>) {
  const response = await rest(server.url, method, path, body, headers);
  const text = await response.text();
  const json = (text ? JSON.parse(text) : {}) as Body;
  return { status: response.status, type: json.type, body: json, headers: response.headers };
}

async function ownerWithLink(maxUses = 10) {
  const api = httpCalls(server);
  const owner = await userWithSession(api, KEY);
  const team = await api.mutate<{ $id: string }>(
    'teams.create',
    { teamId: 'unique()', name: 'J' },
    owner.headers,
  );
  const created = await call(
    'POST',
    `/teams/${team.data.$id}/join-links`,
    { roles: ['viewer'], url: JOIN_URL, maxUses },
    owner.headers,
  );
  expect(created.status).toBe(201);
  const params = new URL(created.body.url!).searchParams;
  return {
    api,
    owner,
    teamId: team.data.$id,
    linkId: params.get('linkId')!,
    secret: params.get('secret')!,
  };
}

const join = (linkId: string, secret: string, headers: Record<string, string>) =>
  call('POST', `/join-links/${linkId}/memberships`, { secret }, headers);

describe('join links: guessing the secret', () => {
  it('refuses the fourth wrong guess from one address with 429, even with the right secret', async () => {
    const { api, linkId, secret } = await ownerWithLink();
    const guesser = await userWithSession(api, KEY);
    const guessing = { ...guesser.headers, ...from('203.0.113.41') };
    const outcomes = [];
    for (let i = 0; i < 3; i++)
      outcomes.push((await join(linkId, randomBytes(128).toString('hex'), guessing)).type);
    expect(outcomes).toEqual([
      'join_link_invalid_secret',
      'join_link_invalid_secret',
      'join_link_invalid_secret',
    ]);
    const limited = await join(linkId, secret, guessing);
    expect({ status: limited.status, type: limited.type }).toEqual({
      status: 429,
      type: 'general_rate_limit_exceeded',
    });
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // The preview spends the same budget.
    const previewed = await call('POST', `/join-links/${linkId}/preview`, { secret }, from('203.0.113.41'));
    expect(previewed.status).toBe(429);
    // Another address is not affected.
    const other = { ...guesser.headers, ...from('203.0.113.42') };
    expect((await join(linkId, secret, other)).status).toBe(201);
  });

  it('counts guesses of link ids too, but not a member joining again', async () => {
    const { api, owner, linkId, secret } = await ownerWithLink();
    const guesser = await userWithSession(api, KEY);
    const headers = { ...guesser.headers, ...from('203.0.113.43') };
    const unknown = await Promise.all(
      Array.from({ length: 4 }, () => join(`x${randomBytes(8).toString('hex')}`, secret, headers)),
    );
    expect(unknown.map((result) => result.type).sort()).toEqual([
      'general_rate_limit_exceeded',
      'join_link_not_found',
      'join_link_not_found',
      'join_link_not_found',
    ]);
    const member = { ...owner.headers, ...from('203.0.113.44') };
    const again = [];
    for (let i = 0; i < 5; i++) again.push((await join(linkId, secret, member)).type);
    expect(again).toEqual(Array(5).fill('join_link_already_member'));
  });

  it('does not take one link’s secret for another link', async () => {
    const first = await ownerWithLink();
    const second = await ownerWithLink();
    const joiner = await userWithSession(first.api, KEY);
    const swapped = await join(second.linkId, first.secret, { ...joiner.headers, ...from('203.0.113.45') });
    expect({ status: swapped.status, type: swapped.type }).toEqual({
      status: 401,
      type: 'join_link_invalid_secret',
    });
  });
});

describe('join links: the secret is shown once and only to owners', () => {
  it('the list, the preview and the stored link never carry it', async () => {
    const { owner, teamId, linkId, secret } = await ownerWithLink();
    const listed = await call('GET', `/teams/${teamId}/join-links`, undefined, owner.headers);
    expect(listed.status).toBe(200);
    expect(JSON.stringify(listed.body)).not.toContain(secret);
    const preview = await call('POST', `/join-links/${linkId}/preview`, { secret }, from('203.0.113.46'));
    expect(preview.status).toBe(201);
    expect(JSON.stringify(preview.body)).not.toContain(secret);
    const stored = await server.repos.joinLinks.byId(linkId);
    expect(JSON.stringify(stored)).not.toContain(secret);
  });

  it('an API key may make links but cannot join with one', async () => {
    const { linkId, secret } = await ownerWithLink();
    const joined = await join(linkId, secret, { ...KEY, ...from('203.0.113.47') });
    expect(joined.type).toBe('general_unauthorized_scope');
  });

  it('a member who is not an owner cannot list or revoke links', async () => {
    const { api, owner, teamId, linkId, secret } = await ownerWithLink();
    const member = await userWithSession(api, KEY);
    expect((await join(linkId, secret, { ...member.headers, ...from('203.0.113.48') })).status).toBe(201);
    const listed = await call('GET', `/teams/${teamId}/join-links`, undefined, member.headers);
    expect(listed.type).toBe('user_unauthorized');
    const revoked = await call('DELETE', `/teams/${teamId}/join-links/${linkId}`, undefined, member.headers);
    expect(revoked.type).toBe('user_unauthorized');
    expect(
      (await call('DELETE', `/teams/${teamId}/join-links/${linkId}`, undefined, owner.headers)).status,
    ).toBe(204);
    const late = await userWithSession(api, KEY);
    expect((await join(linkId, secret, sessionHeaders(late.token))).type).toBe('join_link_revoked');
  });
});
