import { z } from 'zod';

const port = (fallback: number) => z.coerce.number().int().min(1).max(65535).default(fallback);
const url = (protocols: string[]) =>
  z.url({
    protocol: new RegExp(`^(${protocols.join('|')})$`),
    error: `must be a ${protocols.join(' or ')} URL`,
  });

const mongodbUri = z
  .string({ error: 'is required (pnpm dev starts an embedded database and sets it)' })
  .regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb:// or mongodb+srv://');

/** The configuration contract of design.md §7. Only this file reads `process.env`. */
const ConfigSchema = z
  .object({
    PORT: port(3000),
    MONGODB_URI: mongodbUri,
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
    // Seconds an invitation link stays valid; 0 = never expires (Appwrite's behaviour).
    ROSTER_INVITE_TTL: z.coerce
      .number()
      .int()
      .refine((value) => value === 0 || value >= 60, 'must be 0 (never expires) or at least 60 (seconds)')
      .default(604_800),
    ROSTER_SESSION_DURATION: z.coerce.number().int().min(60).default(31_536_000),
    ROSTER_INVITE_RATE_LIMIT: z.coerce.number().int().min(1).default(10),
    ROSTER_INVITE_RATE_WINDOW: z.coerce.number().int().min(1).default(3600),
    ROSTER_TRUST_PROXY: z
      .enum(['true', 'false'], { error: 'must be true or false' })
      .default('false')
      .transform((value) => value === 'true'),
    ROSTER_QUEUE_PREFIX: z.string().min(1).default('{roster}'),
    ROSTER_SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).default(10_000),
    ROSTER_MAIL_CONCURRENCY: z.coerce.number().int().min(1).max(1000).default(10),
    ROSTER_MAIL_RATE_PER_SECOND: z.coerce.number().int().min(1).optional(),
    ROSTER_MAIL_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(8),
    ROSTER_MAIL_BACKOFF_MS: z.coerce.number().int().min(10).default(5000),
    ROSTER_MAIL_STALL_TIMEOUT_MS: z.coerce.number().int().min(500).default(30_000),
    ROSTER_MAIL_SWEEP_INTERVAL_MS: z.coerce.number().int().min(100).default(10_000),
    ROSTER_MAIL_TEMPLATES_DIR: z.string().min(1).optional(),
    ROSTER_DEMO_DIST: z.string().min(1).optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  })
  .transform((config) => ({
    ...config,
    ROSTER_PUBLIC_URL: config.ROSTER_PUBLIC_URL ?? `http://localhost:${config.PORT}`,
  }));

export type Config = z.infer<typeof ConfigSchema>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Validates the environment; the error names every bad variable on one line. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return parseEnv(ConfigSchema, env);
}

const DatabaseConfigSchema = z.object({ MONGODB_URI: mongodbUri });

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
    const value = name in nonEmpty && !/KEY|SECRET|PASS/.test(name) ? ` (got "${nonEmpty[name]}")` : '';
    return `${name} ${issue.message}${value}`;
  });
  throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
}
