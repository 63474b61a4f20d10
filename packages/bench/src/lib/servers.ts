import { fileURLToPath } from 'node:url';
import { getFreePort } from '@roster/testkit';
import { ensureBundles, type NodeCommand } from './bundles.ts';
import { databaseUri, type Environment } from './environment.ts';
import { startServerProcess, type ServerProcess } from './server-process.ts';
import { startWireProxy } from './wire-proxy.ts';

/** A server under test, connected to its database through a command-counting proxy. */
export interface ServerUnderTest extends ServerProcess {
  /** Database commands sent so far (driver housekeeping excluded). */
  commandCount(): number;
  commands(): Map<string, number>;
}

export const BENCH_PROJECT_ID = 'bench';
/** Fixed so the bench can derive invitation secrets exactly as the server does. */
export const BENCH_SECRET_KEY = 'roster-bench-secret-key-0123456789abcdef0123456789';

const serverDir = fileURLToPath(new URL('../../../../apps/server/', import.meta.url));
const benchDir = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Every rate limit of Roster (README, Security) far above what a run sends, so the benchmark
 * measures the work and not the limits; the argon2 cap stays at its production default.
 */
export const UNLIMITED: Record<string, string> = {
  ROSTER_INVITE_RATE_LIMIT: '100000000',
  ROSTER_INVITE_ADDRESS_LIMIT: '100000000',
  ROSTER_INVITE_DAILY_LIMIT: '100000000',
  ROSTER_SIGNIN_ACCOUNT_LIMIT: '100000000',
  ROSTER_SIGNIN_ADDRESS_LIMIT: '100000000',
  ROSTER_SIGNIN_BACKOFF_AFTER: '100000000',
  ROSTER_SIGNUP_LIMIT: '100000000',
  ROSTER_PASSWORD_CHANGE_LIMIT: '100000000',
  ROSTER_ACCEPT_LIMIT: '100000000',
};

export interface RosterOptions {
  /** Passed as LOG_LEVEL; `warn` by default, so request logging does not dominate. */
  logLevel?: string;
  /** Writes a V8 CPU profile (`--cpu-prof`) into this folder when the server stops. */
  profileDir?: string;
}

/**
 * Starts a bundled server (`node <flags> <script>`) as its own process on a free port, connected to
 * its database through a command-counting proxy; `env` gets the port and the proxied database URI.
 */
async function startBehindProxy(
  env: Environment,
  options: {
    name: string;
    command: NodeCommand;
    extraFlags?: string[];
    cwd: string;
    readyPath: string;
    env: (port: number, mongoUri: string) => Record<string, string>;
  },
): Promise<ServerUnderTest> {
  const proxy = await startWireProxy(env.mongoUri);
  const port = await getFreePort();
  const server = await startServerProcess({
    name: options.name,
    script: options.command.script,
    nodeFlags: [...options.command.flags, ...(options.extraFlags ?? [])],
    cwd: options.cwd,
    port,
    readyPath: options.readyPath,
    env: options.env(port, proxy.uri),
  });
  return {
    ...server,
    commandCount: () => proxy.count(),
    commands: () => proxy.commands(),
    async stop() {
      await server.stop();
      await proxy.close();
    },
  };
}

/** Roster's production HTTP entry point (the build of apps/server/src/main.ts) as its own process. */
export async function startRoster(
  env: Environment,
  database: string,
  options: RosterOptions = {},
): Promise<ServerUnderTest> {
  return startBehindProxy(env, {
    name: 'Roster',
    command: (await ensureBundles()).roster.api,
    extraFlags: options.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.profileDir}`] : [],
    cwd: serverDir,
    readyPath: '/trpc/ready',
    env: (port, mongoUri) => ({
      PORT: String(port),
      MONGODB_URI: databaseUri(mongoUri, database),
      REDIS_URL: env.redisUrl,
      SMTP_URL: 'smtp://127.0.0.1:1',
      ROSTER_SECRET_KEY: BENCH_SECRET_KEY,
      ROSTER_PROJECT_ID: BENCH_PROJECT_ID,
      ROSTER_QUEUE_PREFIX: `{roster-bench-${database}}`,
      // The load comes from one loopback address and a few accounts: no rate limit may shape it.
      ...UNLIMITED,
      ROSTER_MAIL_SWEEP_INTERVAL_MS: '3600000',
      LOG_LEVEL: options.logLevel ?? 'warn',
    }),
  });
}

/** The bare Express + MongoDB driver server of src/baseline. */
export async function startBaseline(env: Environment, database: string): Promise<ServerUnderTest> {
  return startBehindProxy(env, {
    name: 'baseline',
    command: (await ensureBundles()).baseline,
    cwd: benchDir,
    readyPath: '/ready',
    env: (port, mongoUri) => ({
      PORT: String(port),
      MONGODB_URI: databaseUri(mongoUri, database),
      REDIS_URL: env.redisUrl,
      ROSTER_SECRET_KEY: BENCH_SECRET_KEY,
      ROSTER_PROJECT_ID: BENCH_PROJECT_ID,
      ROSTER_QUEUE_PREFIX: `{baseline-bench-${database}}`,
    }),
  });
}

/** better-auth with its organization plugin (src/peer), through its own proxy. */
export async function startPeer(env: Environment, database: string): Promise<ServerUnderTest> {
  return startBehindProxy(env, {
    name: 'better-auth',
    command: (await ensureBundles()).peer,
    cwd: benchDir,
    readyPath: '/ready',
    env: (port, mongoUri) => ({ PORT: String(port), MONGODB_URI: databaseUri(mongoUri, database) }),
  });
}
