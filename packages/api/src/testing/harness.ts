import { randomBytes } from 'node:crypto';
import { generateId, type InvitationQueue, type Repositories, type Scope } from '@roster/db';
import { useTestRepositories, type TestStore } from '@roster/db/testing';
import { createRedisConnection, type Redis } from '@roster/jobs';
import { testServices } from '@roster/testkit/vitest';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, expect } from 'vitest';
import {
  createContextInner,
  type ApiConfig,
  type ApiDeps,
  type CookieOptions,
  type HttpRequest,
  type Logger,
} from '../context.ts';
import { type WebhookDeps } from '../deps.ts';
import { AppError, errorTypeOf, type ErrorType } from '../errors.ts';
import { createCaller } from '../index.ts';
import { createApiKey } from '../services/api-keys.ts';
import {
  createRateLimits,
  DEFAULT_RATE_LIMIT_SETTINGS,
  type RateLimitSettings,
} from '../services/rate-limit.ts';
import { openSession } from '../services/sessions.ts';
import { createUser } from '../services/users.ts';
import { appwriteValidationMessage } from '../validation/appwrite-message.ts';
import { ZodError } from 'zod';

export const TEST_CONFIG: ApiConfig = {
  projectId: 'test',
  projectName: 'Roster Test',
  redirectHosts: ['localhost', '*.example.com'],
  secretKey: 'test-secret-key-0123456789abcdef0123456789',
  sessionDurationSeconds: 3600,
};

/**
 * Limits no ordinary test reaches: router tests sign up, sign in and accept from 127.0.0.1 far
 * more often than production allows. Tests of the limits pass their own (`rateLimits`).
 */
export const GENEROUS_RATE_LIMITS: RateLimitSettings = {
  ...DEFAULT_RATE_LIMIT_SETTINGS,
  invitesPerWindow: 1_000_000,
  invitesPerAddress: 1_000_000,
  invitesPerUserPerDay: 1_000_000,
  signInFailuresPerAccount: 1_000_000,
  signInFailuresPerAddress: 1_000_000,
  signInBackoffAfter: 1_000_000,
  signUpsPerAddress: 1_000_000,
  passwordChanges: 1_000_000,
  acceptFailuresPerAddress: 1_000_000,
  webhookReplaysPerHour: 1_000_000,
  jwtsPerMinute: 1_000_000,
  mfaChallengesPerHour: 1_000_000,
  magicUrlTokensPerHour: 1_000_000,
  emailTokensPerHour: 1_000_000,
  accountEmailsPerHour: 1_000_000,
  accountSecretChecksPerHour: 1_000_000,
};

/** Where invitations go when a test gives no queue: nowhere, they stay `queued` in the outbox. */
const outboxOnlyQueue: InvitationQueue = { enqueue: () => Promise.resolve() };

/** Only the tests' local receivers pass the SSRF rule; no name resolves (no real DNS in tests). */
export const TEST_WEBHOOKS: WebhookDeps = {
  policy: { allowPrivate: false, allowed: ['127.0.0.1/32'] },
  resolve: (host) => Promise.reject(new Error(`ENOTFOUND ${host} (tests resolve no names)`)),
};

const silentLogger: Logger = { warn: () => {}, error: () => {} };

/** What a call wrote on the response besides its body. */
export interface RecordedResponse {
  headers: Map<string, string>;
  cookies: Map<string, { value: string; options: CookieOptions }>;
}

export interface Caller {
  call: ReturnType<typeof createCaller>;
  response: RecordedResponse;
}

/**
 * Integration-test harness for the router: a real database (this worker's), real Redis for rate
 * limits, and callers whose principal is resolved from real headers (API keys, session tokens),
 * exactly as over HTTP.
 */
export function useApiHarness(
  options: {
    config?: Partial<ApiConfig>;
    /** Overrides of GENEROUS_RATE_LIMITS for this file. */
    rateLimits?: Partial<RateLimitSettings>;
    monitorCommands?: boolean;
    /** Where invitations go; by default nowhere (they stay `queued` in the outbox). */
    invitations?: InvitationQueue;
    /** Where the other kinds' emails go; by default nowhere (they stay `queued` in the mail outbox). */
    mail?: ApiDeps['mail'];
    logger?: Logger;
    /**
     * Webhook management; by default only 127.0.0.1 is allowed past the SSRF rule and every
     * name fails to resolve (tests never ask a real resolver), with no replay queue.
     */
    webhooks?: WebhookDeps;
  } = {},
) {
  const db = useTestRepositories({ monitorCommands: options.monitorCommands ?? false });
  const services = testServices();
  let redis: Redis | undefined;
  let deps: ApiDeps | undefined;

  beforeAll(() => {
    redis = createRedisConnection(services.redisUrl, 'producer');
    deps = {
      repos: db.repos,
      logger: options.logger ?? silentLogger,
      config: { ...TEST_CONFIG, ...options.config },
      health: {
        database: async () => {},
        redis: async () => {},
        smtp: async () => {},
        storage: async () => {},
      },
      rateLimits: createRateLimits(
        {
          redis,
          // Fresh per file: the windows are shared by every call of this file.
          keyPrefix: `${services.redisPrefix}:ratelimit:${randomBytes(4).toString('hex')}`,
          // Generous, so a busy test machine does not fall back to the in-memory counts.
          timeoutMs: 5000,
        },
        { ...GENEROUS_RATE_LIMITS, ...options.rateLimits },
      ),
      invitations: options.invitations ?? outboxOnlyQueue,
      mail: options.mail,
      webhooks: options.webhooks ?? TEST_WEBHOOKS,
    };
  });
  afterAll(() => {
    redis?.disconnect();
  });

  const harness = {
    get repos(): Repositories {
      return harness.deps.repos;
    },
    /** The stored documents, for seeding and inspecting what no call shows (@roster/db/testing). */
    get store(): TestStore {
      return db.store;
    },
    get deps(): ApiDeps {
      if (!deps) throw new Error('useApiHarness(): deps are ready in beforeAll');
      return deps;
    },
    embedded: db.embedded,
    /** The database connection (with `monitorCommands: true`, its client emits command events). */
    get connection() {
      return db.connection;
    },

    /** A caller whose request carries `headers` (and optionally other request fields). */
    caller(headers: Record<string, string> = {}, req: Partial<HttpRequest> = {}): Caller {
      const response: RecordedResponse = { headers: new Map(), cookies: new Map() };
      const lowerCased = Object.fromEntries(
        Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]),
      );
      const ctx = createContextInner(harness.deps, {
        requestId: generateId(),
        req: { ...req, headers: { ...lowerCased, ...req.headers } },
        res: {
          setHeader: (name, value) => response.headers.set(name.toLowerCase(), value),
          setCookie: (name, value, cookieOptions) =>
            response.cookies.set(name, { value, options: cookieOptions }),
        },
      });
      return { call: createCaller(ctx), response };
    },

    /** Headers of a new API key with `scopes` (stored hashed, like `pnpm keys create`). */
    async keyHeaders(scopes: Scope[]): Promise<Record<string, string>> {
      const { key } = await createApiKey(harness.repos, { name: 'test', scopes });
      return { 'x-appwrite-key': key };
    },

    /** A new session of the user (already expired with a negative duration). */
    async openSession(userId: string, durationSeconds = 3600) {
      const user = await harness.repos.users.byId(userId);
      if (!user) throw new Error(`no user ${userId}`);
      return openSession(harness.repos, {
        user,
        durationSeconds,
        provider: 'email',
        client: { ip: '', userAgent: '' },
      });
    },

    /** A new user with a session; `headers` authenticate as them. */
    async signUp(input: { email?: string; name?: string; password?: string } = {}) {
      const id = generateId();
      const user = await createUser(harness.repos, {
        userId: id,
        email: input.email ?? `${id}@example.com`,
        name: input.name ?? `User ${id.slice(-4)}`,
        password: input.password,
      });
      const { session, token } = await harness.openSession(user._id);
      return { user, session, token, headers: { 'x-appwrite-session': token } as Record<string, string> };
    },
  };
  return harness;
}

export type ApiHarness = ReturnType<typeof useApiHarness>;

/** The Appwrite error a rejected call ended with: its type, HTTP status and client-facing message. */
export interface AppErrorOutcome {
  type: ErrorType;
  status: number;
  message: string;
}

/** What a client would see of an error a call threw: its Appwrite type, HTTP status and message. */
export function describeAppError(error: unknown): AppErrorOutcome {
  if (!(error instanceof TRPCError)) throw error;
  const type = errorTypeOf(error);
  const message =
    error.cause instanceof ZodError
      ? appwriteValidationMessage(error.cause)
      : error.cause instanceof AppError
        ? error.cause.message
        : error.message;
  const status =
    error.cause instanceof AppError ? error.cause.status : type === 'general_argument_invalid' ? 400 : 500;
  return { type, status, message };
}

/** The Appwrite error a rejected call ended with; fails the test if the call succeeded. */
export async function appErrorOf(promise: Promise<unknown>): Promise<AppErrorOutcome> {
  try {
    await promise;
  } catch (error) {
    return describeAppError(error);
  }
  expect.unreachable('expected the call to fail');
  throw new Error('unreachable');
}
