import { fileURLToPath } from 'node:url';
import { getFreePort } from '@roster/testkit';
import { ensureBundles } from './bundles.ts';
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

export interface RosterOptions {
  /** Passed as LOG_LEVEL; `warn` by default, so request logging does not dominate. */
  logLevel?: string;
  /** Writes a V8 CPU profile (`--cpu-prof`) into this folder when the server stops. */
  profileDir?: string;
}

/** Roster's production HTTP entry point (the build of apps/server/src/main.ts) as its own process. */
export async function startRoster(
  env: Environment,
  database: string,
  options: RosterOptions = {},
): Promise<ServerUnderTest> {
  const proxy = await startWireProxy(env.mongoUri);
  const port = await getFreePort();
  const { api } = (await ensureBundles()).roster;
  const server = await startServerProcess({
    name: 'Roster',
    script: api.script,
    cwd: serverDir,
    port,
    readyPath: '/trpc/ready',
    nodeFlags: [
      ...api.flags,
      ...(options.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.profileDir}`] : []),
    ],
    env: {
      PORT: String(port),
      MONGODB_URI: databaseUri(proxy.uri, database),
      REDIS_URL: env.redisUrl,
      SMTP_URL: 'smtp://127.0.0.1:1',
      ROSTER_SECRET_KEY: BENCH_SECRET_KEY,
      ROSTER_PROJECT_ID: BENCH_PROJECT_ID,
      ROSTER_QUEUE_PREFIX: `{roster-bench-${database}}`,
      ROSTER_INVITE_RATE_LIMIT: '100000000',
      ROSTER_MAIL_SWEEP_INTERVAL_MS: '3600000',
      LOG_LEVEL: options.logLevel ?? 'warn',
    },
  });
  return withProxy(server, proxy);
}

/** The bare Express + MongoDB driver server of src/baseline. */
export async function startBaseline(env: Environment, database: string): Promise<ServerUnderTest> {
  const proxy = await startWireProxy(env.mongoUri);
  const port = await getFreePort();
  const { baseline } = await ensureBundles();
  const server = await startServerProcess({
    name: 'baseline',
    script: baseline.script,
    nodeFlags: baseline.flags,
    cwd: benchDir,
    port,
    readyPath: '/ready',
    env: {
      PORT: String(port),
      MONGODB_URI: databaseUri(proxy.uri, database),
      REDIS_URL: env.redisUrl,
      ROSTER_SECRET_KEY: BENCH_SECRET_KEY,
      ROSTER_PROJECT_ID: BENCH_PROJECT_ID,
      ROSTER_QUEUE_PREFIX: `{baseline-bench-${database}}`,
    },
  });
  return withProxy(server, proxy);
}

export function withProxy(
  server: ServerProcess,
  proxy: Awaited<ReturnType<typeof startWireProxy>>,
): ServerUnderTest {
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

/** better-auth with its organization plugin (src/peer), through its own proxy. */
export async function startPeer(env: Environment, database: string): Promise<ServerUnderTest> {
  const proxy = await startWireProxy(env.mongoUri);
  const port = await getFreePort();
  const { peer } = await ensureBundles();
  const server = await startServerProcess({
    name: 'better-auth',
    script: peer.script,
    nodeFlags: peer.flags,
    cwd: benchDir,
    port,
    readyPath: '/ready',
    env: { PORT: String(port), MONGODB_URI: databaseUri(proxy.uri, database) },
  });
  return withProxy(server, proxy);
}
