import { describe, expect, it } from 'vitest';
import { httpCalls, rest, userWithSession } from '../testing/http-client.ts';
import { useTestServer } from '../testing/http-server.ts';

/**
 * Storage buckets attacked over REST (docs/storage.md): the bucket routes are for API keys only, and
 * permission strings that try to smuggle a second permission, a look-alike role, a legacy or
 * wildcard role, too many entries or huge strings are refused with 400 and store nothing.
 */
const API_KEY = 'storage-buckets-attack-bootstrap-key-01234567';
const KEY = { 'x-appwrite-key': API_KEY };
const server = useTestServer({ ROSTER_API_KEY: API_KEY });
const api = httpCalls(server);

const call = async (method: string, path: string, headers: Record<string, string>, body?: unknown) => {
  const response = await rest(server.url, method, path, body, headers);
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
};

describe('bucket routes are refused to sessions, JWTs and guests', () => {
  it('answers 401 general_unauthorized_scope on every route, and changes nothing', async () => {
    const bucket = await call('POST', '/storage/buckets', KEY, { bucketId: 'guarded', name: 'Guarded' });
    expect(bucket.status).toBe(201);
    const user = await userWithSession(api, KEY);
    const jwt = await call('POST', `/users/${user.id}/jwts`, KEY, {});
    const callers = {
      session: user.headers,
      jwt: { 'x-appwrite-jwt': String(jwt.body.jwt) },
      guest: {},
    };
    for (const [who, headers] of Object.entries(callers)) {
      for (const [method, path, body] of [
        ['POST', '/storage/buckets', { bucketId: 'mine', name: 'Mine', permissions: ['read("any")'] }],
        ['GET', '/storage/buckets', undefined],
        ['GET', '/storage/buckets/guarded', undefined],
        ['PUT', '/storage/buckets/guarded', { name: 'Taken over', permissions: ['write("any")'] }],
        ['DELETE', '/storage/buckets/guarded', undefined],
      ] as const) {
        const answer = await call(method, path, headers, body);
        expect({ who, method, path, status: answer.status, type: answer.body.type }).toEqual({
          who,
          method,
          path,
          status: 401,
          type: 'general_unauthorized_scope',
        });
      }
    }
    const after = await call('GET', '/storage/buckets/guarded', KEY);
    expect(after.body).toMatchObject({ name: 'Guarded', $permissions: [] });
    expect((await call('GET', '/storage/buckets/mine', KEY)).status).toBe(404);
  });
});

describe('hostile permission strings are refused with 400 and store nothing', () => {
  const hostile: [string, unknown[]][] = [
    ['a second permission in one string', ['read("any") , read("user:x")']],
    ['a second permission without a space', ['read("any"),read("user:x")']],
    ['a closing quote inside the role', ['read("any")") , write("any")']],
    ['a Cyrillic a in any', ['read("\u0430ny")']],
    ['a fullwidth letter in users', ['read("\uff55sers")']],
    ['a zero-width space', ['read("any\u200b")']],
    ['a right-to-left override in a user id', ['read("user:\u202eabc")']],
    ['the legacy role: prefix', ['read("role:all")']],
    ['role: hidden in an id', ['read("user:role:x")']],
    ['the wildcard', ['*']],
    ['a wildcard role', ['read("*")']],
    ['a colon inside a user id', ['read("user:a:b")']],
    ['101 permissions', Array.from({ length: 101 }, (_, index) => `read("user:u${index}")`)],
    ['a 5 KB user id', [`read("user:${'x'.repeat(5 * 1024)}")`]],
    ['a 5 KB team role', [`read("team:t/${'r'.repeat(5 * 1024)}")`]],
    ['a 5 KB label', [`read("label:${'l'.repeat(5 * 1024)}")`]],
    ['a 5 KB string of nothing', ['r'.repeat(5 * 1024)]],
    ['a non-string', [{ $ne: null }]],
    ['an unknown action', ['admin("any")']],
    ['a NUL byte', ['read("any\u0000")']],
  ];

  it.each(hostile)('%s', async (_name, permissions) => {
    const bucketId = `b${Math.random().toString(36).slice(2, 10)}`;
    const created = await call('POST', '/storage/buckets', KEY, { bucketId, name: 'Hostile', permissions });
    expect(created.status).toBe(400);
    expect(created.body.type).toBe('general_argument_invalid');
    expect(String(created.body.message)).toMatch(/^Invalid `permissions` param: /);
    expect((await call('GET', `/storage/buckets/${bucketId}`, KEY)).status).toBe(404);

    // On an update, the stored permissions and settings stay as they were.
    const made = await call('POST', '/storage/buckets', KEY, {
      bucketId,
      name: 'Kept',
      permissions: ['read("users")'],
      enabled: false,
    });
    expect(made.status).toBe(201);
    const updated = await call('PUT', `/storage/buckets/${bucketId}`, KEY, { name: 'Changed', permissions });
    expect(updated.status).toBe(400);
    expect((await call('GET', `/storage/buckets/${bucketId}`, KEY)).body).toMatchObject({
      name: 'Kept',
      enabled: false,
      $permissions: ['read("users")'],
    });
  });

  it('tells why, in Appwrite words', async () => {
    const answer = async (permissions: unknown[]) =>
      (await call('POST', '/storage/buckets', KEY, { bucketId: 'unique()', name: 'Why', permissions })).body
        .message;
    expect(await answer(['read("any") , read("user:x")'])).toBe(
      'Invalid `permissions` param: Invalid permission string format: "read("any") , read("user:x")".',
    );
    expect(await answer(['*'])).toBe(
      'Invalid `permissions` param: Wildcard permission "*" has been replaced. Use "any" instead.',
    );
    expect(await answer(Array.from({ length: 101 }, () => 'read("any")'))).toBe(
      'Invalid `permissions` param: You can only provide up to 100 permissions.',
    );
  });
});
