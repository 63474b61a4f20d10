import { randomBytes } from 'node:crypto';
import type * as Argon2 from '@node-rs/argon2';
import { createServer, type Server, type Socket } from 'node:net';
import { deriveInvitationSecret } from '@roster/db';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestServer, TEST_SECRET_KEY, useTestServer, type TestServer } from '../testing/http-server.ts';
import { errorTypeOf, trpcBatch, trpcMutation, type RawResponse } from '../testing/http-client.ts';

/**
 * Security review finding 5: sign-in, sign-up, password change and invitation accept had no
 * throttling, a batched /trpc request multiplied the argon2 work, and argon2 could take every
 * libuv thread. Requests go to the test server on 127.0.0.1 only; with `ROSTER_TRUST_PROXY=loopback`
 * the client address comes from `X-Forwarded-For` (documentation addresses, header values only).
 */

// Counts argon2 verifications in flight, passing every call through to the real library.
const argon2Work = vi.hoisted(() => ({ active: 0, peak: 0, total: 0 }));
vi.mock('@node-rs/argon2', async (importOriginal) => {
  const real = await importOriginal<typeof Argon2>();
  return {
    ...real,
    verify: async (...args: Parameters<typeof real.verify>) => {
      argon2Work.active++;
      argon2Work.total++;
      argon2Work.peak = Math.max(argon2Work.peak, argon2Work.active);
      try {
        return await real.verify(...args);
      } finally {
        argon2Work.active--;
      }
    },
  };
});

const API_KEY = `security-brute-key-${randomBytes(16).toString('hex')}`;
const PASSWORD = 'the right password';
const LIMITED = 'general_rate_limit_exceeded';
const unique = () => randomBytes(6).toString('hex');
const from = (address: string) => ({ 'x-forwarded-for': address });
const outcome = (response: RawResponse) => (response.status === 200 ? 'ok' : errorTypeOf(response));
const data = <T>(response: RawResponse) => (response.body as { result: { data: T } }).result.data;

async function userWithPassword(server: TestServer) {
  const email = `user-${unique()}@example.com`;
  const created = await trpcMutation(
    server.url,
    'users.create',
    { userId: 'unique()', email, password: PASSWORD },
    { 'x-appwrite-key': API_KEY },
  );
  expect(created.status).toBe(200);
  return { email, userId: data<{ $id: string }>(created).$id };
}

const signIn = (server: TestServer, email: string, password: string, headers = {}) =>
  trpcMutation(server.url, 'account.createEmailPasswordSession', { email, password }, headers);

async function outcomes(count: number, send: (index: number) => Promise<RawResponse>) {
  const results: (string | undefined)[] = [];
  for (let index = 0; index < count; index++) results.push(outcome(await send(index)));
  return results;
}

describe('finding 5: sign-in is throttled per account and per address', () => {
  const server = useTestServer({
    ROSTER_API_KEY: API_KEY,
    ROSTER_TRUST_PROXY: 'loopback',
    ROSTER_SIGNIN_ACCOUNT_LIMIT: '3',
    ROSTER_SIGNIN_ADDRESS_LIMIT: '4',
  });

  it('guessing one account: after 3 failures even the right password is refused, from any address', async () => {
    const { email } = await userWithPassword(server);
    const guesses = await outcomes(3, (i) =>
      signIn(server, email, `guess number ${i}`, from(`203.0.113.${i + 1}`)),
    );
    expect(guesses).toEqual(Array(3).fill('user_invalid_credentials'));
    const refused = await signIn(server, email, PASSWORD, from('203.0.113.9'));
    expect(outcome(refused)).toBe(LIMITED);
    expect(refused.status).toBe(429);
    expect(refused.headers['x-ratelimit-limit']).toBe('3');
    expect(refused.headers['x-ratelimit-remaining']).toBe('0');
    expect(Number(refused.headers['x-ratelimit-reset'])).toBeGreaterThan(Date.now() / 1000);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    // The same account written in capitals is the same account.
    expect(outcome(await signIn(server, email.toUpperCase(), PASSWORD, from('203.0.113.9')))).toBe(LIMITED);
  });

  it('a successful sign-in resets the account count', async () => {
    const { email } = await userWithPassword(server);
    const results = await outcomes(8, (i) =>
      signIn(server, email, i % 3 === 2 ? PASSWORD : 'wrong password', from(`203.0.113.${20 + i}`)),
    );
    expect(results).toEqual([
      'user_invalid_credentials',
      'user_invalid_credentials',
      'ok',
      'user_invalid_credentials',
      'user_invalid_credentials',
      'ok',
      'user_invalid_credentials',
      'user_invalid_credentials',
    ]);
  });

  it('spraying many accounts from one address: the address is refused after 4 failures; success is free', async () => {
    const accounts = await Promise.all(Array.from({ length: 6 }, () => userWithPassword(server)));
    const address = from('203.0.113.40');
    expect(outcome(await signIn(server, accounts[0]!.email, PASSWORD, address))).toBe('ok');
    const sprayed = await outcomes(5, (i) => signIn(server, accounts[i + 1]!.email, 'Winter2026!', address));
    expect(sprayed).toEqual([...Array<string>(4).fill('user_invalid_credentials'), LIMITED]);
    expect(outcome(await signIn(server, accounts[0]!.email, PASSWORD, address))).toBe(LIMITED);
    // Another address is unaffected.
    expect(outcome(await signIn(server, accounts[5]!.email, PASSWORD, from('203.0.113.41')))).toBe('ok');
  });
});

describe('finding 5: a batched /trpc request counts every call', () => {
  const server = useTestServer({
    ROSTER_API_KEY: API_KEY,
    ROSTER_TRUST_PROXY: 'loopback',
    ROSTER_SIGNIN_ADDRESS_LIMIT: '10',
  });

  it('a batch of 10 sign-ins spends 10 units of the address budget', async () => {
    const address = from('203.0.113.60');
    const inputs = Array.from({ length: 10 }, () => ({
      email: `nobody-${unique()}@example.com`,
      password: 'a guessed password',
    }));
    const { types } = await trpcBatch(server.url, 'account.createEmailPasswordSession', inputs, address);
    expect(types).toEqual(Array(10).fill('user_invalid_credentials'));
    const next = await signIn(server, `nobody-${unique()}@example.com`, 'a guessed password', address);
    expect(outcome(next)).toBe(LIMITED);
    expect(next.headers['x-ratelimit-limit']).toBe('10');

    // A batch larger than what is left: only the remaining units run.
    const other = from('203.0.113.61');
    expect(outcome(await signIn(server, `nobody-${unique()}@example.com`, 'a guessed password', other))).toBe(
      'user_invalid_credentials',
    );
    const { types: partial } = await trpcBatch(
      server.url,
      'account.createEmailPasswordSession',
      inputs,
      other,
    );
    expect(partial.filter((type) => type === 'user_invalid_credentials')).toHaveLength(9);
    expect(partial.filter((type) => type === LIMITED)).toHaveLength(1);
  });
});

describe('finding 5: consecutive failures on one account from one address back off', () => {
  const server = useTestServer({
    ROSTER_API_KEY: API_KEY,
    ROSTER_TRUST_PROXY: 'loopback',
    ROSTER_SIGNIN_BACKOFF_AFTER: '2',
    ROSTER_SIGNIN_BACKOFF_SECONDS: '1',
  });

  it('blocks the pair after 2 failures, for twice as long after each further failure', async () => {
    const { email } = await userWithPassword(server);
    const address = from('203.0.113.70');
    expect(await outcomes(2, () => signIn(server, email, 'wrong password', address))).toEqual([
      'user_invalid_credentials',
      'user_invalid_credentials',
    ]);
    const blocked = await signIn(server, email, PASSWORD, address);
    expect(outcome(blocked)).toBe(LIMITED);
    expect(blocked.headers['retry-after']).toBe('1');
    // The block is per account and address: the owner elsewhere still signs in.
    expect(outcome(await signIn(server, email, 'wrong password', from('203.0.113.71')))).toBe(
      'user_invalid_credentials',
    );

    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(outcome(await signIn(server, email, 'wrong password', address))).toBe('user_invalid_credentials');
    const longer = await signIn(server, email, PASSWORD, address);
    expect(outcome(longer)).toBe(LIMITED);
    expect(longer.headers['retry-after']).toBe('2');
  });

  it('a success resets the consecutive count', async () => {
    const { email } = await userWithPassword(server);
    const address = from('203.0.113.72');
    const results = await outcomes(5, (i) =>
      signIn(server, email, i === 1 ? PASSWORD : 'wrong password', address),
    );
    expect(results).toEqual([
      'user_invalid_credentials',
      'ok',
      'user_invalid_credentials',
      'user_invalid_credentials',
      LIMITED,
    ]);
  });
});

describe('finding 5: sign-up, password change and invitation accept', () => {
  const server = useTestServer({
    ROSTER_API_KEY: API_KEY,
    ROSTER_TRUST_PROXY: 'loopback',
    ROSTER_SIGNUP_LIMIT: '3',
    ROSTER_PASSWORD_CHANGE_LIMIT: '3',
    ROSTER_ACCEPT_LIMIT: '3',
  });

  it('sign-up: 3 accounts per address, then 429; another address may sign up', async () => {
    const signUp = (address: string) =>
      trpcMutation(
        server.url,
        'account.create',
        { userId: 'unique()', email: `new-${unique()}@example.com`, password: PASSWORD },
        from(address),
      );
    expect(await outcomes(4, () => signUp('203.0.113.80'))).toEqual(['ok', 'ok', 'ok', LIMITED]);
    expect(outcome(await signUp('203.0.113.81'))).toBe('ok');
    // IPv6 neighbours in one /64 are one address.
    expect(await outcomes(4, (i) => signUp(`2001:db8:80:1::${i + 1}`))).toEqual(['ok', 'ok', 'ok', LIMITED]);
  });

  it('password change: 3 attempts per user, whatever the address', async () => {
    const { userId } = await userWithPassword(server);
    const session = await trpcMutation(
      server.url,
      'users.createSession',
      { userId },
      { 'x-appwrite-key': API_KEY },
    );
    const headers = { 'x-appwrite-session': data<{ secret: string }>(session).secret };
    const change = (oldPassword: string, address: string) =>
      trpcMutation(
        server.url,
        'account.updatePassword',
        { password: 'a new good password', oldPassword },
        { ...headers, ...from(address) },
      );
    const guesses = await outcomes(3, (i) => change(`guess number ${i}`, `203.0.113.${90 + i}`));
    expect(guesses).toEqual(Array(3).fill('user_invalid_credentials'));
    expect(outcome(await change(PASSWORD, '203.0.113.99'))).toBe(LIMITED);
  });

  it('accept: 3 failed secrets per address, then 429 even for the right one; accepted invitations cost nothing', async () => {
    const owner = await userWithPassword(server);
    const ownerSession = await trpcMutation(
      server.url,
      'users.createSession',
      { userId: owner.userId },
      { 'x-appwrite-key': API_KEY },
    );
    const ownerHeaders = { 'x-appwrite-session': data<{ secret: string }>(ownerSession).secret };
    const team = data<{ $id: string }>(
      await trpcMutation(server.url, 'teams.create', { teamId: 'unique()', name: 'Accepting' }, ownerHeaders),
    );
    const invitation = async () => {
      const membership = data<{ $id: string; userId: string }>(
        await trpcMutation(
          server.url,
          'teams.createMembership',
          {
            teamId: team.$id,
            email: `invitee-${unique()}@example.com`,
            roles: [],
            url: 'http://localhost/accept',
          },
          ownerHeaders,
        ),
      );
      const stored = await server.repos.memberships.byId(membership.$id);
      const secret = deriveInvitationSecret(TEST_SECRET_KEY, membership.$id, stored!.delivery!.secretVersion);
      return { teamId: team.$id, membershipId: membership.$id, userId: membership.userId, secret };
    };
    const accept = (input: Awaited<ReturnType<typeof invitation>>, address: string) =>
      trpcMutation(server.url, 'teams.updateMembershipStatus', input, from(address));

    // Five good links from one address: successes do not spend the budget.
    for (let i = 0; i < 5; i++) expect(outcome(await accept(await invitation(), '203.0.113.100'))).toBe('ok');

    const target = await invitation();
    const guesses = await outcomes(3, () =>
      accept({ ...target, secret: randomBytes(128).toString('hex') }, '203.0.113.101'),
    );
    expect(guesses).toEqual(Array(3).fill('team_invalid_secret'));
    expect(outcome(await accept(target, '203.0.113.101'))).toBe(LIMITED);
    expect(outcome(await accept(target, '203.0.113.102'))).toBe('ok');
  });
});

describe('finding 5: argon2 work is capped, however many sign-ins arrive at once', () => {
  const server = useTestServer({ ROSTER_API_KEY: API_KEY, ROSTER_PASSWORD_CONCURRENCY: '2' });

  it('three batches of 10 sign-ins at once never run more than 2 verifications in parallel', async () => {
    const { email } = await userWithPassword(server);
    argon2Work.peak = 0;
    argon2Work.total = 0;
    const inputs = Array.from({ length: 10 }, (_, i) => ({
      email: i % 2 ? email : `nobody-${unique()}@example.com`,
      password: `guess number ${i}`,
    }));
    const batches = await Promise.all(
      [0, 1, 2].map(() => trpcBatch(server.url, 'account.createEmailPasswordSession', inputs)),
    );
    for (const { types } of batches) expect(types).toEqual(Array(10).fill('user_invalid_credentials'));
    expect(argon2Work.total).toBe(30);
    expect(argon2Work.peak).toBeLessThanOrEqual(2);
  });
});

/**
 * A Redis that answers what a client sends while connecting (`CLIENT SETINFO`, `SELECT`, up to the
 * `INFO` of the ready check), so the client reports itself ready, and then never answers again:
 * connected but hung.
 */
async function startHungRedis(): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    let buffered = '';
    let hung = false;
    socket.on('data', (chunk) => {
      buffered += chunk.toString('latin1');
      // Each command is a RESP array of bulk strings: *<n> then <n> times $<len> and the argument.
      for (;;) {
        if (hung) return;
        const command = /^\*(\d+)\r\n((?:\$\d+\r\n[^\r]*\r\n)*)/.exec(buffered);
        const args = command?.[2]?.match(/\$\d+\r\n[^\r]*\r\n/g) ?? [];
        if (!command || args.length < Number(command[1])) return;
        buffered = buffered.slice(command[0].length);
        const name = args[0]!.split('\r\n')[1]!.toLowerCase();
        if (name === 'info') {
          const info = 'redis_version:7.2.0\r\nloading:0\r\n';
          socket.write(`$${info.length}\r\n${info}\r\n`);
          hung = true;
        } else {
          socket.write('+OK\r\n');
        }
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `redis://127.0.0.1:${port}`,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

describe('finding 5 (suspicion): a hung Redis does not hang the request', () => {
  let hung: { url: string; close(): Promise<void> };
  let server: TestServer;
  beforeAll(async () => {
    hung = await startHungRedis();
    server = await startTestServer({
      ROSTER_API_KEY: API_KEY,
      REDIS_URL: hung.url,
      ROSTER_RATE_LIMIT_TIMEOUT_MS: '200',
      ROSTER_SIGNUP_LIMIT: '2',
    });
  });
  afterAll(async () => {
    await server?.close();
    await hung?.close();
  });

  it('limits fall back to the in-process limiter after the timeout, and still refuse', async () => {
    // Connected and ready: every command just never gets an answer.
    expect(server.infrastructure.redis.status).toBe('ready');
    const started = Date.now();
    const signUp = () =>
      trpcMutation(server.url, 'account.create', {
        userId: 'unique()',
        email: `hung-${unique()}@example.com`,
        password: PASSWORD,
      });
    expect(await outcomes(3, () => signUp())).toEqual(['ok', 'ok', LIMITED]);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
