import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFerretDb, type FerretDbHandle } from '@roster/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './testing/http-server.ts';

/**
 * A database that stops answering: requests fail fast with 503 `general_service_unavailable`
 * (no command buffering), a write refused during the outage never lands later, and the API serves
 * again once the database is back. The server runs on a FerretDB of its own, stopped mid-test.
 */
const KEY = 'outage-test-bootstrap-key-0123456789abcdef';
let dataDir: string;
let database: FerretDbHandle;
let port: number;
let server: TestServer;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'roster-outage-'));
  database = await startFerretDb({ dataDir });
  port = Number(new URL(database.uri).port);
  server = await startTestServer({
    MONGODB_URI: `${database.uri}outage`,
    ROSTER_API_KEY: KEY,
    ROSTER_DB_TIMEOUT_MS: '1000',
  });
});
afterAll(async () => {
  await server.close();
  await database.stop();
  await rm(dataDir, { recursive: true, force: true });
});

const call = (method: string, path: string, body?: unknown) =>
  fetch(`${server.url}/v1${path}`, {
    method,
    headers: { 'x-appwrite-key': KEY, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

describe('a database outage', () => {
  it('answers 503 at once instead of waiting, loses nothing it acknowledged, and recovers', async () => {
    expect((await call('POST', '/teams', { teamId: 'before', name: 'Before' })).status).toBe(201);
    await database.stop();

    for (const [method, path, body] of [
      ['GET', '/teams'],
      ['POST', '/teams', { teamId: 'during', name: 'During' }],
    ] as const) {
      const started = Date.now();
      const response = await call(method, path, body);
      const elapsed = Date.now() - started;
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({ code: 503, type: 'general_service_unavailable' });
      // The operation timeout is 1 s here; Mongoose's buffering alone would have held it 10 s.
      expect(elapsed).toBeLessThan(5000);
    }
    const trpc = await fetch(`${server.url}/trpc/teams.list?input=%7B%7D`, {
      headers: { 'x-appwrite-key': KEY },
    });
    expect(trpc.status).toBe(503);
    expect(((await trpc.json()) as { error: { data: { type: string } } }).error.data.type).toBe(
      'general_service_unavailable',
    );

    database = await startFerretDb({ dataDir, port });
    let recovered: Response | undefined;
    for (let attempt = 0; attempt < 40 && recovered?.status !== 200; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 250));
      recovered = await call('GET', '/teams');
    }
    expect(recovered?.status).toBe(200);
    const { teams } = (await recovered!.json()) as { teams: { $id: string }[] };
    expect(teams.map((team) => team.$id)).toEqual(['before']);
  });
});
