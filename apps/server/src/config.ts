import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { resolve as resolvePath } from 'node:path';
import { z } from 'zod';
import { OIDC_PROVIDER_IDS, parseMembershipPrivacy, parseRoleCatalog } from '@roster/api';
import { type StorageConfig } from '@roster/storage';
import { zTrustProxy } from './trust-proxy.ts';

const port = (fallback: number) => z.coerce.number().int().min(1).max(65535).default(fallback);
const url = (protocols: string[]) =>
  z.url({
    protocol: new RegExp(`^(${protocols.join('|')})$`),
    error: `must be a ${protocols.join(' or ')} URL`,
  });

const limit = (fallback: number) => z.coerce.number().int().min(1).default(fallback);

const mongodbUri = z
  .string({ error: 'is required (pnpm dev starts an embedded database and sets it)' })
  .regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb:// or mongodb+srv://');

/** Plain http is allowed only for origins on the loopback interface (development). */
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * `ROSTER_CORS_ORIGINS`: the exact origins (scheme, host and port) whose pages may call the API
 * with the user's cookies. No wildcard and no `*`: with credentials that would hand every site
 * the signed-in user's data. https only, except on loopback.
 */
const corsOrigins = z
  .string()
  .default('')
  .transform((value, ctx) => {
    const origins: string[] = [];
    for (const entry of value
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean)) {
      if (entry.includes('*')) {
        ctx.addIssue({
          code: 'custom',
          message:
            'must list exact origins, without * or wildcards (a page on any of them may call the API with the user’s cookies); e.g. https://app.example.com',
        });
        return z.NEVER;
      }
      let url: URL | undefined;
      try {
        url = new URL(entry);
      } catch {
        url = undefined;
      }
      if (
        !url ||
        (url.protocol !== 'https:' && url.protocol !== 'http:') ||
        url.username ||
        url.password ||
        url.pathname !== '/' ||
        url.search ||
        url.hash
      ) {
        ctx.addIssue({
          code: 'custom',
          message: 'must list exact origins: scheme, host and port only, e.g. https://app.example.com',
        });
        return z.NEVER;
      }
      if (url.protocol === 'http:' && !LOOPBACK_HOSTS.has(url.hostname)) {
        ctx.addIssue({
          code: 'custom',
          message: 'must use https origins (http only for localhost, 127.0.0.1 and [::1])',
        });
        return z.NEVER;
      }
      origins.push(url.origin);
    }
    return origins;
  });

/**
 * `ROSTER_ROLE_CATALOG`: the path of a JSON file listing the project's roles (docs/api.md#roles-and-permissions),
 * read and checked at start-up so a typo stops the server with the place of the problem.
 */
const roleCatalog = z
  .string()
  .optional()
  .transform((path, ctx) => {
    if (path === undefined) return undefined;
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      ctx.addIssue({
        code: 'custom',
        message: `cannot be read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
      });
      return z.NEVER;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: `is not JSON: ${(error as Error).message}` });
      return z.NEVER;
    }
    const catalog = parseRoleCatalog(json);
    if ('problems' in catalog) {
      ctx.addIssue({
        code: 'custom',
        message: `is not a valid role catalog: ${catalog.problems.join('; ')}`,
      });
      return z.NEVER;
    }
    return catalog;
  });

/** `ROSTER_COOKIE_DOMAIN`: the session cookies' Domain (shared with its subdomains); unset = host-only. */
const cookieDomain = z
  .string()
  .transform((value) => value.trim().toLowerCase().replace(/^\./, ''))
  .pipe(
    z
      .string()
      .regex(
        /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/,
        'must be a domain name such as example.com',
      ),
  )
  .optional();

/** `true`/`false` (also `1`/`0`). */
const flag = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0'], { error: 'must be true or false' })
    .default(fallback ? 'true' : 'false')
    .transform((value) => value === 'true' || value === '1');

/**
 * `ROSTER_WEBHOOK_ALLOWED_HOSTS`: hostnames and CIDRs webhooks may reach despite the SSRF rule
 * (docs/security.md#webhook-ssrf), e.g. `hooks.internal,10.20.0.0/16`.
 */
const webhookAllowList = z
  .string()
  .default('')
  .transform((value, ctx) => {
    const entries = value
      .split(',')
      .map((item) => item.trim().toLowerCase())
      .filter(Boolean);
    for (const entry of entries) {
      const [network, prefix, extra] = entry.split('/');
      const family = isIP(network ?? '');
      const validHost = family === 0 && prefix === undefined && /^[a-z0-9.-]{1,253}$/.test(entry);
      const max = family === 4 ? 32 : 128;
      const validNetwork =
        family !== 0 &&
        extra === undefined &&
        (prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= max));
      if (!validHost && !validNetwork) {
        ctx.addIssue({ code: 'custom', message: `must list hostnames or CIDRs (got "${entry}")` });
        return z.NEVER;
      }
    }
    return entries;
  });

/**
 * `ROSTER_OAUTH2_PROVIDERS`: the OpenID Providers users may sign in with, as a JSON array of
 * `{"id","name","issuer","clientId","clientSecret"}` (docs/configuration.md#oauth2-sign-in). The
 * id is one of Appwrite's provider ids (`oidc`, `google`, `keycloak`…), each at most once; the
 * issuer is https (http only to loopback, and only when NODE_ENV is development or test).
 */
const zOidcProvider = z.object({
  id: z.enum(OIDC_PROVIDER_IDS, { error: `id must be one of ${OIDC_PROVIDER_IDS.join(', ')}` }),
  name: z.string().min(1).max(64),
  issuer: z.url({ protocol: /^https?$/, error: 'issuer must be an http(s) URL' }),
  clientId: z.string().min(1).max(256),
  clientSecret: z.string().min(1).max(512),
});
const oauth2Providers = z
  .string()
  .default('[]')
  .transform((value, ctx) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be a JSON array of providers' });
      return z.NEVER;
    }
    const result = z.array(zOidcProvider).max(20).safeParse(parsed);
    if (!result.success) {
      ctx.addIssue({ code: 'custom', message: result.error.issues.map((issue) => issue.message).join('; ') });
      return z.NEVER;
    }
    const ids = result.data.map((provider) => provider.id);
    if (new Set(ids).size !== ids.length) {
      ctx.addIssue({ code: 'custom', message: 'lists a provider id twice' });
      return z.NEVER;
    }
    return result.data;
  });

interface StorageVariables {
  ROSTER_STORAGE: 'local' | 's3';
  ROSTER_STORAGE_DIR: string;
  ROSTER_S3_ENDPOINT?: string | undefined;
  ROSTER_S3_REGION: string;
  ROSTER_S3_BUCKET?: string | undefined;
  ROSTER_S3_PREFIX?: string | undefined;
  ROSTER_S3_ACCESS_KEY_ID?: string | undefined;
  ROSTER_S3_SECRET_ACCESS_KEY?: string | undefined;
  ROSTER_S3_FORCE_PATH_STYLE: boolean;
}

/**
 * The object store (docs/storage.md#backends): a folder, relative to the working directory when
 * not absolute, or an S3 bucket. Credentials go together or not at all (unset, the AWS SDK's own
 * chain applies: environment, profile, instance role).
 */
function storageConfig(config: StorageVariables, ctx: z.RefinementCtx): StorageConfig {
  if (config.ROSTER_STORAGE === 'local') {
    return { kind: 'local', root: resolvePath(config.ROSTER_STORAGE_DIR) };
  }
  if (!config.ROSTER_S3_BUCKET) {
    ctx.addIssue({
      code: 'custom',
      path: ['ROSTER_S3_BUCKET'],
      message: 'is required when ROSTER_STORAGE is s3',
    });
  }
  const keyId = config.ROSTER_S3_ACCESS_KEY_ID;
  const secret = config.ROSTER_S3_SECRET_ACCESS_KEY;
  if ((keyId === undefined) !== (secret === undefined)) {
    ctx.addIssue({
      code: 'custom',
      path: [keyId === undefined ? 'ROSTER_S3_ACCESS_KEY_ID' : 'ROSTER_S3_SECRET_ACCESS_KEY'],
      message:
        'is required with the other one (set both, or neither to use the AWS SDK’s default credentials)',
    });
  }
  return {
    kind: 's3',
    endpoint: config.ROSTER_S3_ENDPOINT,
    region: config.ROSTER_S3_REGION,
    bucket: config.ROSTER_S3_BUCKET ?? '',
    prefix: config.ROSTER_S3_PREFIX,
    credentials: keyId && secret ? { accessKeyId: keyId, secretAccessKey: secret } : undefined,
    forcePathStyle: config.ROSTER_S3_FORCE_PATH_STYLE,
  };
}

/** The configuration contract of docs/configuration.md. Only this file reads `process.env`. */
const ConfigSchema = z
  .object({
    PORT: port(3000),
    MONGODB_URI: mongodbUri,
    ROSTER_DB_TIMEOUT_MS: z.coerce.number().int().min(100).default(3000),
    REDIS_URL: url(['redis', 'rediss']).default('redis://127.0.0.1:6379'),
    SMTP_URL: url(['smtp', 'smtps']).default('smtp://127.0.0.1:1025'),
    MAIL_FROM: z.string().min(3).default('Roster <no-reply@localhost>'),
    ROSTER_PROJECT_ID: z
      .string()
      .regex(/^[a-zA-Z0-9][a-zA-Z0-9._-]{0,35}$/)
      .default('default'),
    ROSTER_PROJECT_NAME: z.string().min(1).max(128).default('Roster'),
    ROSTER_SECRET_KEY: z
      .string({ error: 'is required: a random string of at least 32 characters (pnpm dev makes one)' })
      .min(32, 'must be at least 32 characters'),
    ROSTER_API_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
    // The JWT signing key is derived from it when set (else from ROSTER_SECRET_KEY): rotating it
    // ends every JWT without touching invitation links or webhook secrets.
    ROSTER_JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    ROSTER_REDIRECT_HOSTS: z
      .string()
      .default('localhost')
      .transform((value) =>
        value
          .split(',')
          .map((host) => host.trim())
          .filter(Boolean),
      ),
    ROSTER_PUBLIC_URL: url(['http', 'https']).optional(),
    // OAuth2 sign-in (docs/configuration.md#oauth2-sign-in).
    ROSTER_OAUTH2_PROVIDERS: oauth2Providers,
    ROSTER_OAUTH2_LIMIT: limit(50),
    ROSTER_OAUTH2_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
    NODE_ENV: z.string().optional(),
    ROSTER_CORS_ORIGINS: corsOrigins,
    ROSTER_COOKIE_DOMAIN: cookieDomain,
    // Seconds an invitation link stays valid; 0 = never expires (Appwrite's behaviour).
    ROSTER_INVITE_TTL: z.coerce
      .number()
      .int()
      .refine((value) => value === 0 || value >= 60, 'must be 0 (never expires) or at least 60 (seconds)')
      .default(604_800),
    ROSTER_SESSION_DURATION: z.coerce.number().int().min(60).default(31_536_000),
    // Most memberships (confirmed and pending) a team may hold; 0 = no limit (docs/api.md#member-limit).
    ROSTER_TEAM_MEMBER_LIMIT: z.coerce.number().int().min(0).default(0),
    // Seconds an ownership offer stays open (docs/api.md#ownership-transfers).
    ROSTER_OWNERSHIP_TRANSFER_TTL: z.coerce.number().int().min(60).default(259_200),
    // The largest file a Storage bucket may accept, in bytes (Appwrite's _APP_STORAGE_LIMIT, docs/storage.md#buckets).
    ROSTER_STORAGE_LIMIT: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).default(30_000_000),
    // Appwrite's `auths.sessionAlerts` (off by default): an email on each new session (docs/mail.md).
    ROSTER_SESSION_ALERTS: flag(false),
    // Appwrite's membership privacy settings (docs/appwrite-compatibility.md#membership-privacy): the
    // fields members see of each other; none by default, as Appwrite's new projects.
    ROSTER_ROLE_CATALOG: roleCatalog,
    ROSTER_MEMBERSHIP_PRIVACY: z
      .string()
      .default('none')
      .transform((value, ctx) => {
        const privacy = parseMembershipPrivacy(value);
        if (typeof privacy === 'string') {
          ctx.addIssue({ code: 'custom', message: privacy });
          return z.NEVER;
        }
        return privacy;
      }),
    ROSTER_INVITE_RATE_LIMIT: z.coerce.number().int().min(1).default(10),
    ROSTER_INVITE_RATE_WINDOW: z.coerce.number().int().min(1).default(3600),
    // Rate limits (README, Security); each key is server-side data or the client address.
    ROSTER_INVITE_ADDRESS_LIMIT: limit(50),
    ROSTER_INVITE_DAILY_LIMIT: limit(50),
    ROSTER_SIGNIN_ACCOUNT_LIMIT: limit(10),
    ROSTER_SIGNIN_ADDRESS_LIMIT: limit(100),
    ROSTER_SIGNIN_BACKOFF_AFTER: limit(5),
    ROSTER_SIGNIN_BACKOFF_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
    ROSTER_SIGNUP_LIMIT: limit(10),
    ROSTER_PASSWORD_CHANGE_LIMIT: limit(10),
    ROSTER_ACCEPT_LIMIT: limit(10),
    ROSTER_WEBHOOK_REPLAY_LIMIT: limit(20),
    ROSTER_JWT_LIMIT: limit(120),
    ROSTER_RATE_LIMIT_TIMEOUT_MS: z.coerce.number().int().min(10).default(500),
    ROSTER_PASSWORD_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
    ROSTER_PASSWORD_QUEUE: z.coerce.number().int().min(0).default(64),
    ROSTER_TRUST_PROXY: zTrustProxy,
    ROSTER_QUEUE_PREFIX: z.string().min(1).default('{roster}'),
    ROSTER_SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).default(10_000),
    ROSTER_MAIL_CONCURRENCY: z.coerce.number().int().min(1).max(1000).default(50),
    ROSTER_MAIL_RATE_PER_SECOND: z.coerce.number().int().min(1).optional(),
    ROSTER_MAIL_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(8),
    ROSTER_MAIL_BACKOFF_MS: z.coerce.number().int().min(10).default(5000),
    ROSTER_MAIL_STALL_TIMEOUT_MS: z.coerce.number().int().min(500).default(30_000),
    ROSTER_MAIL_SWEEP_INTERVAL_MS: z.coerce.number().int().min(100).default(10_000),
    ROSTER_CLEANUP_INTERVAL_MS: z.coerce.number().int().min(1000).default(3_600_000),
    // Activity logs (docs/events.md#activity-logs): seconds kept, 14 days as Appwrite's default.
    ROSTER_ACTIVITY_LOG_RETENTION: z.coerce.number().int().min(3600).default(1_209_600),
    ROSTER_GEOIP_DATABASE: z.string().min(1).optional(),
    ROSTER_EVENT_POLL_INTERVAL_MS: z.coerce.number().int().min(50).default(1000),
    ROSTER_EVENT_BATCH_SIZE: z.coerce.number().int().min(1).max(10_000).default(200),
    ROSTER_EVENT_GRACE_MS: z.coerce.number().int().min(1000).default(30_000),
    ROSTER_EVENT_RETENTION_DAYS: z.coerce.number().min(1).default(30),
    ROSTER_MAIL_TEMPLATES_DIR: z.string().min(1).optional(),
    // Webhooks (docs/events.md#webhooks, docs/security.md#webhook-ssrf).
    ROSTER_WEBHOOK_ALLOW_PRIVATE: flag(false),
    ROSTER_WEBHOOK_ALLOWED_HOSTS: webhookAllowList,
    ROSTER_WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(300_000).default(15_000),
    ROSTER_WEBHOOK_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(8),
    ROSTER_WEBHOOK_BACKOFF_MS: z.coerce.number().int().min(10).default(10_000),
    ROSTER_WEBHOOK_MAX_BACKOFF_MS: z.coerce.number().int().min(10).default(3_600_000),
    ROSTER_WEBHOOK_MAX_FAILED_ATTEMPTS: z.coerce.number().int().min(1).default(10),
    ROSTER_WEBHOOK_CONCURRENCY: z.coerce.number().int().min(1).max(1000).default(10),
    ROSTER_WEBHOOK_RESPONSE_EXCERPT: z.coerce.number().int().min(0).max(65_536).default(4096),
    ROSTER_WEBHOOK_DELIVERY_RETENTION: z.coerce.number().int().min(3600).default(2_592_000),
    ROSTER_WEBHOOK_ABUSE_EMAIL: z.email().optional(),
    ROSTER_DEMO_DIST: z.string().min(1).optional(),
    // Realtime WebSocket (docs/events.md#realtime).
    ROSTER_REALTIME_CONNECT_LIMIT: limit(128),
    ROSTER_REALTIME_MESSAGE_LIMIT: limit(32),
    ROSTER_REALTIME_IDLE_TIMEOUT_MS: z.coerce.number().int().min(1000).default(60_000),
    ROSTER_REALTIME_MAX_CONNECTIONS: z.coerce.number().int().min(1).default(10_000),
    // Storage previews (docs/storage.md#previews): larger files get an icon; more pixels are refused.
    ROSTER_STORAGE_PREVIEW_LIMIT: z.coerce.number().int().min(0).default(20_000_000),
    ROSTER_STORAGE_PREVIEW_MAX_PIXELS: z.coerce.number().int().min(1).default(100_000_000),
    // Where stored files' bytes live (docs/storage.md#backends).
    ROSTER_STORAGE: z.enum(['local', 's3'], { error: 'must be local or s3' }).default('local'),
    ROSTER_STORAGE_DIR: z.string().min(1).default('.data/storage'),
    ROSTER_S3_ENDPOINT: url(['http', 'https']).optional(),
    ROSTER_S3_REGION: z.string().min(1).default('us-east-1'),
    ROSTER_S3_BUCKET: z
      .string()
      .regex(
        /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
        'must be a bucket name (3 to 63 lower-case letters, digits, . and -)',
      )
      .optional(),
    ROSTER_S3_PREFIX: z
      .string()
      .regex(
        /^([A-Za-z0-9_-][A-Za-z0-9._-]*\/?)+$/,
        'must be a folder such as roster/ (letters, digits, . _ - and /)',
      )
      .optional(),
    ROSTER_S3_ACCESS_KEY_ID: z.string().min(1).optional(),
    ROSTER_S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
    ROSTER_S3_FORCE_PATH_STYLE: flag(false),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    LOG_FORMAT: z.enum(['json', 'pretty']).default('json'),
  })
  .transform((config, ctx) => {
    const publicUrl = config.ROSTER_PUBLIC_URL ?? `http://localhost:${config.PORT}`;
    const domain = config.ROSTER_COOKIE_DOMAIN;
    const publicHost = new URL(publicUrl).hostname;
    if (domain !== undefined && publicHost !== domain && !publicHost.endsWith(`.${domain}`)) {
      // A browser refuses a cookie whose Domain does not cover the host that sets it.
      ctx.addIssue({
        code: 'custom',
        path: ['ROSTER_COOKIE_DOMAIN'],
        message: `must be the host of ROSTER_PUBLIC_URL (${publicHost}) or a parent domain of it`,
      });
    }
    const allowLoopbackHttp = config.NODE_ENV === 'development' || config.NODE_ENV === 'test';
    for (const provider of config.ROSTER_OAUTH2_PROVIDERS) {
      const issuer = new URL(provider.issuer);
      if (issuer.protocol === 'https:') continue;
      if (!allowLoopbackHttp || !LOOPBACK_HOSTS.has(issuer.hostname)) {
        ctx.addIssue({
          code: 'custom',
          path: ['ROSTER_OAUTH2_PROVIDERS'],
          message: `the issuer of ${provider.id} must be https (http only to localhost, 127.0.0.1 or [::1] when NODE_ENV is development or test)`,
        });
      }
    }
    const storage = storageConfig(config, ctx);
    return {
      ...config,
      ROSTER_PUBLIC_URL: publicUrl,
      storage,
      oauth2: {
        providers: config.ROSTER_OAUTH2_PROVIDERS,
        // The configured public URL; unset, the request's own (development).
        callbackBase: config.ROSTER_PUBLIC_URL,
        allowLoopbackHttp,
        timeoutMs: config.ROSTER_OAUTH2_TIMEOUT_MS,
      },
    };
  });

export type Config = z.infer<typeof ConfigSchema>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Validates the environment; the error names every bad variable on one line. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return parseEnv(ConfigSchema, env);
}

const DatabaseConfigSchema = z.object({ MONGODB_URI: mongodbUri });

const WebhookCliConfigSchema = z.object({
  MONGODB_URI: mongodbUri,
  ROSTER_SECRET_KEY: z
    .string({ error: 'is required: the server’s secret, which seals webhook secrets' })
    .min(32, 'must be at least 32 characters'),
  ROSTER_WEBHOOK_ALLOW_PRIVATE: flag(false),
  ROSTER_WEBHOOK_ALLOWED_HOSTS: webhookAllowList,
});

/** What `pnpm keys webhooks` needs: the database, the server secret and the SSRF rule. */
export function loadWebhookCliConfig(
  env: NodeJS.ProcessEnv = process.env,
): z.infer<typeof WebhookCliConfigSchema> {
  return parseEnv(WebhookCliConfigSchema, env);
}

/** Only the database settings, for command-line tools (`pnpm keys`) that need nothing else. */
export function loadDatabaseConfig(
  env: NodeJS.ProcessEnv = process.env,
): z.infer<typeof DatabaseConfigSchema> {
  return parseEnv(DatabaseConfigSchema, env);
}

function parseEnv<T>(schema: z.ZodType<T>, env: NodeJS.ProcessEnv): T {
  const nonEmpty = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const result = schema.safeParse(nonEmpty);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const name = String(issue.path[0] ?? 'environment');
    const given = nonEmpty[name];
    // Never echo what may be a credential: a secret variable, a value with userinfo (`//u:p@h`),
    // or the OAuth2 providers (their client secrets).
    const echo = given !== undefined && !/KEY|SECRET|PASS|TOKEN|PROVIDERS/.test(name) && !given.includes('@');
    return `${name} ${issue.message}${echo ? ` (got "${given}")` : ''}`;
  });
  throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
}
