import { appRouter, ERROR_TYPES, type ErrorType } from '@roster/api';
import fc from 'fast-check';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bodyText,
  contentType,
  hostileBodyText,
  inputObject,
  oddStrings,
} from '../testing/fuzz-arbitraries.ts';
import { useTestServer } from '../testing/http-server.ts';

/**
 * Property: whatever reaches /trpc (single calls, batches up to and beyond the batch limit, inputs
 * with hostile values, bodies that are too big, too deep or not JSON, wrong content types), as an
 * API key, a signed-in user or a guest, nothing answers 5xx, and every error carries a known
 * Appwrite type. The REST twin of this suite is rest/bad-input.integration.test.ts.
 */
const API_KEY = 'trpc-fuzz-bootstrap-key-0123456789abcdef';
const server = useTestServer({ ROSTER_API_KEY: API_KEY });
const RUNS = Number(process.env.FUZZ_RUNS ?? 100);

interface Procedure {
  path: string;
  type: 'query' | 'mutation';
  params: string[];
}

const procedures: Procedure[] = Object.entries(
  appRouter._def.procedures as unknown as Record<string, { _def: { type: string; inputs: unknown[] } }>,
).map(([path, procedure]) => ({
  path,
  type: procedure._def.type === 'query' ? 'query' : 'mutation',
  params: procedure._def.inputs.flatMap((input) =>
    input instanceof z.ZodObject ? Object.keys(input.shape) : [],
  ),
}));

const statuses = new Map<number, number>();
let requests = 0;
afterAll(() => {
  const histogram = [...statuses].sort(([a], [b]) => a - b).map(([status, count]) => `${status}×${count}`);
  console.log(
    `trpc fuzz: ${requests} requests over ${procedures.length} procedures (${histogram.join(', ')})`,
  );
});

/** Session tokens of real users; calls may sign some of them out, which then act as guests. */
const sessions: string[] = [];
beforeAll(async () => {
  for (let index = 0; index < 10; index++) {
    const key = { 'x-appwrite-key': API_KEY, 'content-type': 'application/json' };
    const created = await fetch(`${server.url}/v1/users`, {
      method: 'POST',
      headers: key,
      body: JSON.stringify({
        userId: 'unique()',
        email: `fuzz${index}-${Date.now()}@example.com`,
        name: 'Fuzz',
      }),
    });
    const { $id } = (await created.json()) as { $id: string };
    const session = await fetch(`${server.url}/v1/users/${$id}/sessions`, { method: 'POST', headers: key });
    const { $id: sessionId, secret } = (await session.json()) as { $id: string; secret: string };
    sessions.push(secret);
    // A JWT of that session, and one bound to no session with the teams claim.
    for (const body of [{ sessionId }, { teams: true }]) {
      const minted = await fetch(`${server.url}/v1/users/${$id}/jwts`, {
        method: 'POST',
        headers: key,
        body: JSON.stringify(body),
      });
      jwts.push(((await minted.json()) as { jwt: string }).jwt);
    }
  }
});

/** JWTs of those users (X-Appwrite-JWT); calls may delete their sessions, which makes some guests. */
const jwts: string[] = [];

const caller = fc.oneof(
  fc.constant<Record<string, string>>({ 'x-appwrite-key': API_KEY }),
  fc.integer({ min: 0, max: 9 }).map((index) => ({ 'x-appwrite-session': sessions[index] ?? '' })),
  fc.integer({ min: 0, max: 19 }).map((index) => ({ 'x-appwrite-jwt': jwts[index] ?? '' })),
  // Hostile JWTs: garbage, and a real one with a session beside it (403) or mangled.
  oddStrings.map((value) => ({ 'x-appwrite-jwt': value.replace(/[^\x21-\x7e]/g, '') || 'x' })),
  fc.integer({ min: 0, max: 9 }).map((index) => ({
    'x-appwrite-jwt': jwts[index * 2] ?? '',
    'x-appwrite-session': sessions[index] ?? '',
  })),
  fc.integer({ min: 0, max: 19 }).map((index) => ({ 'x-appwrite-jwt': `${jwts[index] ?? ''}x` })),
  fc.constant<Record<string, string>>({}),
);

const inputFor = (procedure: Procedure) =>
  fc.oneof(
    { weight: 4, arbitrary: inputObject(procedure.params) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
    { weight: 1, arbitrary: oddStrings },
  );

interface TrpcError {
  error?: { data?: { type?: ErrorType; httpStatus?: number } };
}

async function send(url: string, init: RequestInit): Promise<{ status: number; text: string }> {
  const response = await fetch(`${server.url}/trpc/${url}`, init);
  requests += 1;
  statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
  return { status: response.status, text: await response.text() };
}

/** No 5xx, and every error in the answer (one, or one per batched call) has a known Appwrite type. */
function expectClientOutcome({ status, text }: { status: number; text: string }) {
  expect(status, text.slice(0, 500)).toBeLessThan(500);
  if (status < 400 && status !== 207) return;
  const parsed = JSON.parse(text) as TrpcError | TrpcError[];
  for (const item of Array.isArray(parsed) ? parsed : [parsed]) {
    if (!item.error) continue;
    const type = item.error.data?.type;
    expect(type && type in ERROR_TYPES, text.slice(0, 500)).toBe(true);
    expect(type).not.toBe('general_unknown');
  }
}

function request(procedure: Procedure, input: unknown, headers: Record<string, string>) {
  const json = JSON.stringify(input);
  return procedure.type === 'query'
    ? send(`${procedure.path}?input=${encodeURIComponent(json)}`, { headers })
    : send(procedure.path, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: json,
      });
}

describe('/trpc: single calls with hostile inputs never cause a 5xx', () => {
  for (const procedure of procedures) {
    it(`${procedure.type} ${procedure.path}`, async () => {
      await fc.assert(
        fc.asyncProperty(inputFor(procedure), caller, async (input, headers) => {
          expectClientOutcome(await request(procedure, input, headers));
        }),
        { numRuns: RUNS, endOnFailure: true },
      );
    });
  }
});

describe('/trpc: batches, bodies and content types', { timeout: 180_000 }, () => {
  const queries = procedures.filter((procedure) => procedure.type === 'query');
  const mutations = procedures.filter((procedure) => procedure.type === 'mutation');

  it('batches of 1 to 15 calls (over the limit of 10 too), queries and mutations', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.boolean(),
        fc.integer({ min: 1, max: 15 }),
        fc.array(fc.nat(), { minLength: 15, maxLength: 15 }),
        caller,
        async (asQueries, size, picks, headers) => {
          const pool = asQueries ? queries : mutations;
          const calls = picks.slice(0, size).map((pick) => pool[pick % pool.length]!);
          const inputs = Object.fromEntries(
            calls.map((call, index) => [index, fc.sample(inputFor(call), { numRuns: 1 })[0]]),
          );
          const paths = calls.map((call) => call.path).join(',');
          const outcome = asQueries
            ? await send(`${paths}?batch=1&input=${encodeURIComponent(JSON.stringify(inputs))}`, { headers })
            : await send(`${paths}?batch=1`, {
                method: 'POST',
                headers: { 'content-type': 'application/json', ...headers },
                body: JSON.stringify(inputs),
              });
          expectClientOutcome(outcome);
        },
      ),
      { numRuns: RUNS * 6, endOnFailure: true },
    );
  });

  it('bodies too big, too deep or not JSON, under any content type, single or batched', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...mutations),
        fc.oneof(hostileBodyText, bodyText(['teamId', 'name', 'email', 'password'])),
        contentType,
        fc.boolean(),
        caller,
        async (procedure, body, type, batched, headers) => {
          const url = batched ? `${procedure.path},${procedure.path}?batch=1` : procedure.path;
          expectClientOutcome(
            await send(url, {
              method: 'POST',
              headers: { ...(type ? { 'content-type': type } : {}), ...headers },
              body,
            }),
          );
        },
      ),
      { numRuns: RUNS * 8, endOnFailure: true },
    );
  });
});
