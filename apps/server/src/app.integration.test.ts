import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ApiDeps, type HealthReport } from '@roster/api';
import { startMailSink, type MailSink } from '@roster/testkit';
import { testServices } from '@roster/testkit/vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from './app.ts';
import { loadConfig } from './config.ts';
import { connectInfrastructure, type Infrastructure } from './infrastructure.ts';
import { createLogger } from './logger.ts';

const services = testServices();
const logger = createLogger('silent', 'test');
/** /health shows its details to API keys only. */
const API_KEY = 'app-test-bootstrap-key-0123456789abcdef';
const withKey = { headers: { 'x-appwrite-key': API_KEY } };
let storageDir: string;
beforeAll(async () => {
  storageDir = await mkdtemp(join(tmpdir(), 'roster-app-storage-'));
});
afterAll(async () => {
  await rm(storageDir, { recursive: true, force: true });
});

async function serve(api: ApiDeps): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createApp({ api, logger }).listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function connect(overrides: Record<string, string>): Promise<Infrastructure> {
  const config = loadConfig({
    MONGODB_URI: services.databaseUri,
    REDIS_URL: services.redisUrl,
    LOG_LEVEL: 'silent',
    ROSTER_SECRET_KEY: 'integration-test-secret-key-0123456789',
    ROSTER_API_KEY: API_KEY,
    ROSTER_STORAGE_DIR: join(storageDir, 'files'),
    ...overrides,
  });
  return connectInfrastructure(config, logger, 'producer');
}

describe('the HTTP app on real services', () => {
  let sink: MailSink;
  let infrastructure: Infrastructure;
  let app: Awaited<ReturnType<typeof serve>>;

  beforeAll(async () => {
    sink = await startMailSink();
    // Resolves once Redis is ready (it waits for it at start-up).
    infrastructure = await connect({ SMTP_URL: sink.url });
    expect(infrastructure.redis.status).toBe('ready');
    app = await serve(infrastructure.apiDeps);
  });
  afterAll(async () => {
    await app.close();
    await infrastructure.close();
    await sink.stop();
  });

  it('GET /health is 200 with database, Redis, SMTP and the file store passing', async () => {
    const response = await fetch(`${app.url}/health`, withKey);
    expect(response.status).toBe(200);
    const report = (await response.json()) as HealthReport;
    expect(report.status).toBe('pass');
    for (const name of ['database', 'redis', 'smtp', 'storage'] as const) {
      expect(report.checks[name]).toMatchObject({ status: 'pass', message: '' });
    }
  });

  it('serves the same report over tRPC as health.get', async () => {
    const response = await fetch(`${app.url}/trpc/health.get`, withKey);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { result: { data: HealthReport } };
    expect(body.result.data.status).toBe('pass');
    expect(Object.keys(body.result.data.checks).sort()).toEqual(['database', 'redis', 'smtp', 'storage']);
  });

  it('echoes a well-formed X-Request-Id and makes one up otherwise', async () => {
    const given = await fetch(`${app.url}/health`, { headers: { 'X-Request-Id': 'trace-1234-abcd' } });
    expect(given.headers.get('x-request-id')).toBe('trace-1234-abcd');
    const made = await fetch(`${app.url}/health`, { headers: { 'X-Request-Id': 'bad id with spaces' } });
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers unknown routes with an Appwrite 404 body', async () => {
    const response = await fetch(`${app.url}/v1/nowhere`);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      message: 'Route not found: GET /v1/nowhere',
      code: 404,
      type: 'general_route_not_found',
      version: '1.9.6',
    });
  });

  it('answers an unknown procedure with a 404 carrying the error type', async () => {
    const response = await fetch(`${app.url}/trpc/nope.get`);
    expect(response.status).toBe(404);
    const body = (await response.json()) as { error: { data: { type: string } } };
    expect(body.error.data.type).toBe('general_route_not_found');
  });
});

describe('the HTTP app when a dependency is down', () => {
  it('GET /health is 503 and names the failing dependency; the others still pass', async () => {
    const infrastructure = await connect({
      REDIS_URL: 'redis://127.0.0.1:1',
      SMTP_URL: 'smtp://127.0.0.1:1',
      // An S3 service that is not there.
      ROSTER_STORAGE: 's3',
      ROSTER_S3_ENDPOINT: 'http://127.0.0.1:1',
      ROSTER_S3_BUCKET: 'roster-files',
      ROSTER_S3_ACCESS_KEY_ID: 'test-access-key',
      ROSTER_S3_SECRET_ACCESS_KEY: 'test-secret-access-key',
      ROSTER_S3_FORCE_PATH_STYLE: 'true',
    });
    const app = await serve(infrastructure.apiDeps);
    try {
      const response = await fetch(`${app.url}/health`, withKey);
      expect(response.status).toBe(503);
      const report = (await response.json()) as HealthReport;
      expect(report.status).toBe('fail');
      expect(report.checks.database.status).toBe('pass');
      expect(report.checks.redis.status).toBe('fail');
      expect(report.checks.smtp).toMatchObject({
        status: 'fail',
        message: expect.stringContaining('ECONNREFUSED') as string,
      });
      expect(report.checks.storage.status).toBe('fail');
    } finally {
      await app.close();
      await infrastructure.close();
    }
  });
});

describe('the HTTP app when the code has a bug', () => {
  const broken = {
    config: { redirectHosts: [] },
    get health(): never {
      throw new Error('secret internal detail');
    },
    get models(): never {
      throw new Error('secret internal detail');
    },
  } as unknown as ApiDeps;

  it.each([
    ['an Express route (/health)', '/health', {}],
    ['a REST procedure (/v1/teams)', '/v1/teams', { 'x-appwrite-key': 'any key' }],
  ])(
    'REST, %s: 500 general_unknown with a request id, no stack and no internal message',
    async (_, path, headers) => {
      const app = await serve(broken);
      try {
        const response = await fetch(`${app.url}${path}`, { headers });
        expect(response.status).toBe(500);
        const text = await response.text();
        expect(text).not.toContain('secret internal detail');
        expect(text).not.toContain('.ts:');
        expect(JSON.parse(text)).toEqual({
          message: 'Server Error',
          code: 500,
          type: 'general_unknown',
          version: '1.9.6',
          requestId: response.headers.get('x-request-id'),
        });
      } finally {
        await app.close();
      }
    },
  );

  it('tRPC: the same masking, with the request id in error.data', async () => {
    const app = await serve(broken);
    try {
      const response = await fetch(`${app.url}/trpc/health.get`);
      expect(response.status).toBe(500);
      const text = await response.text();
      expect(text).not.toContain('secret internal detail');
      expect(text).not.toContain('stack');
      const body = JSON.parse(text) as {
        error: { message: string; data: { type: string; requestId: string } };
      };
      expect(body.error.message).toBe('Server Error');
      expect(body.error.data).toMatchObject({
        type: 'general_unknown',
        requestId: response.headers.get('x-request-id'),
      });
    } finally {
      await app.close();
    }
  });
});
