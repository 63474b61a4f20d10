import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { useTestServer } from '../testing/http-server.ts';
import { trpcGet, trpcPost, uniqueEmail, type TrpcError } from '../testing/http-client.ts';

/**
 * Review finding 2 (HIGH): /trpc had no body or batch limit. One unauthenticated request could make
 * the API read and JSON.parse any size of body, or run any number of calls at once. Both adapters
 * now stop reading at 256 KiB and answer with the same Appwrite error type, and a batch holds at
 * most 10 calls.
 */
const server = useTestServer();

const MiB = 1024 * 1024;
const HUGE = 40 * MiB;
const CHUNK = Buffer.alloc(64 * 1024, 'a');

interface HugeResult {
  status: number;
  body: string;
  /** Bytes of the body the client had pushed into the socket when the answer arrived. */
  sent: number;
}

/**
 * POSTs a ~40 MB JSON body (an account.create input with a huge password), writing only as fast
 * as the server reads, and stops writing as soon as an answer arrives. A server that stops at
 * the limit answers after a few MiB at most (what the kernel buffers hold on loopback); one that
 * reads everything answers after all 40 MiB.
 */
function postHuge(path: string, { chunked, batch }: { chunked: boolean; batch: boolean }) {
  const open = batch ? '{"0":{"userId":"unique()","email":"huge@example.com","password":"' : '{"password":"';
  const close = batch ? '"},"1":{}}' : '","userId":"unique()","email":"huge@example.com"}';
  return new Promise<HugeResult>((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const req = request(`${server.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(chunked ? {} : { 'content-length': String(HUGE) }) },
    });
    req.on('response', (res) => {
      answered = true;
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => {
        req.destroy();
        resolve({ status: res.statusCode ?? 0, body, sent });
      });
    });
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
    sent += Buffer.byteLength(open);
    req.write(open);
    const pump = () => {
      while (!answered && sent < HUGE - close.length) {
        const chunk = CHUNK.subarray(0, Math.min(CHUNK.length, HUGE - close.length - sent));
        sent += chunk.length;
        if (!req.write(chunk)) {
          req.once('drain', pump);
          return;
        }
      }
      if (!answered) {
        sent += close.length;
        req.end(close);
      }
    };
    pump();
  });
}

describe('request limits: bodies', { timeout: 60_000 }, () => {
  it.each([
    ['/trpc, one call, Content-Length', '/trpc/account.create', { chunked: false, batch: false }],
    ['/trpc, one call, chunked', '/trpc/account.create', { chunked: true, batch: false }],
    [
      '/trpc, a batch, Content-Length',
      '/trpc/account.create,account.create?batch=1',
      { chunked: false, batch: true },
    ],
    [
      '/trpc, a batch, chunked',
      '/trpc/account.create,account.create?batch=1',
      { chunked: true, batch: true },
    ],
  ])(
    'finding 2: a 40 MB body on %s is refused at 256 KiB (400 general_argument_invalid), unread',
    async (_, path, shape) => {
      const { status, body, sent } = await postHuge(path, shape);
      expect(status, body).toBe(400);
      const { error } = JSON.parse(body) as TrpcError;
      expect(error.data.type).toBe('general_argument_invalid');
      expect(error.message).toBe('The request body is larger than 256 KiB.');
      expect(sent).toBeLessThan(16 * MiB);
    },
  );

  it.each([
    ['Content-Length', { chunked: false, batch: false }],
    ['chunked', { chunked: true, batch: false }],
  ])(
    'finding 2: a 40 MB body on /v1 (%s) gets the same refusal as an Appwrite body, unread',
    async (_, shape) => {
      const { status, body, sent } = await postHuge('/v1/account', shape);
      expect(status, body).toBe(400);
      expect(JSON.parse(body)).toEqual({
        message: 'The request body is larger than 256 KiB.',
        code: 400,
        type: 'general_argument_invalid',
        version: '1.9.6',
      });
      expect(sent).toBeLessThan(16 * MiB);
    },
  );

  it('finding 2: a body just under the limit is still read and validated', async () => {
    const response = await trpcPost(server.url, 'account.create', {
      userId: 'unique()',
      email: uniqueEmail(),
      password: 'p'.repeat(200 * 1024),
    });
    expect(response.status).toBe(400);
    const { error } = (await response.json()) as TrpcError;
    expect(error.data.type).toBe('general_argument_invalid');
    expect(error.message).toContain('`password`');
  });

  it('the server still serves after the huge bodies', async () => {
    const email = uniqueEmail();
    const response = await trpcPost(server.url, 'account.create', {
      userId: 'unique()',
      email,
      password: 'a good password',
    });
    expect(response.status).toBe(200);
  });
});

describe('request limits: batches', () => {
  const countUsers = (emails: string[]) => server.store.count('users', { email: { $in: emails } });

  it('finding 2: a batch of 11 account.create calls is refused before any call runs', async () => {
    const emails = Array.from({ length: 11 }, () => uniqueEmail('batch'));
    const inputs = Object.fromEntries(
      emails.map((email, index) => [index, { userId: 'unique()', email, password: 'a good password' }]),
    );
    const response = await fetch(
      `${server.url}/trpc/${emails.map(() => 'account.create').join(',')}?batch=1`,
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(inputs) },
    );
    expect(response.status).toBe(400);
    const body = (await response.json()) as TrpcError | TrpcError[];
    const errors = Array.isArray(body) ? body : [body];
    for (const { error } of errors) expect(error.data.type).toBe('general_argument_invalid');
    expect(await countUsers(emails)).toBe(0);
  });

  it('finding 2: a batch of 11 queries over GET is refused too', async () => {
    const paths = Array.from({ length: 11 }, () => 'health.get').join(',');
    const response = await fetch(`${server.url}/trpc/${paths}?batch=1`);
    expect(response.status).toBe(400);
  });

  it('a batch of 10 calls still runs', async () => {
    const emails = Array.from({ length: 10 }, () => uniqueEmail('batch'));
    const inputs = Object.fromEntries(
      emails.map((email, index) => [index, { userId: 'unique()', email, password: 'a good password' }]),
    );
    const response = await fetch(
      `${server.url}/trpc/${emails.map(() => 'account.create').join(',')}?batch=1`,
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(inputs) },
    );
    expect(response.status, await response.clone().text()).toBe(200);
    expect(await countUsers(emails)).toBe(10);
  });

  it('unparsable JSON is the same error type on both adapters', async () => {
    const trpc = await fetch(`${server.url}/trpc/account.create`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"email":',
    });
    expect(trpc.status).toBe(400);
    expect(((await trpc.json()) as TrpcError).error.data.type).toBe('general_argument_invalid');
    const v1 = await fetch(`${server.url}/v1/account`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"email":',
    });
    expect(v1.status).toBe(400);
    expect(((await v1.json()) as { type: string }).type).toBe('general_argument_invalid');
  });

  it('JSON nested 5,000 deep (10 KiB) is refused on both adapters instead of overflowing the stack', async () => {
    const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
    for (const [url, body] of [
      [`${server.url}/v1/account`, deep],
      [`${server.url}/v1/account`, `{"name":"[[[[","prefs":${deep}}`],
      [`${server.url}/trpc/account.create`, deep],
    ] as const) {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      const text = await response.text();
      expect(response.status, text).toBe(400);
      expect(text).toContain('nested deeper than 64 levels');
    }
    // Brackets inside strings are text, not nesting.
    const flat = await fetch(`${server.url}/v1/account`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId: 'unique()', email: uniqueEmail(), password: `${'['.repeat(100)}pass` }),
    });
    expect(flat.status, await flat.clone().text()).toBe(201);
  });

  it('a GET query keeps working (no body, no content type)', async () => {
    const response = await trpcGet(server.url, 'health.get');
    expect(response.status).toBe(200);
  });
});
