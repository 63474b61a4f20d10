/**
 * `pnpm dev`: starts the local services (embedded FerretDB, Redis, MailDev) unless their variable
 * points elsewhere, then runs every package's `dev` task through turbo with the services' URLs in
 * the environment. Ctrl-C stops the apps first, then the services, and leaves no process behind.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startFerretDb, FERRETDB_VERSION, type FerretDbHandle } from '../ferretdb.ts';
import { stderrLog } from '../log.ts';
import { startMailCatcher, type MailCatcherHandle } from '../mail-catcher.ts';
import { resolveRedis, type RedisHandle } from '../redis.ts';
import { acquireDevLock } from './lock.ts';
import { assertPortsFree, readDevPorts } from './ports.ts';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const dataDir = process.env.ROSTER_DEV_DATA_DIR ?? join(repoRoot, '.data');
const log = stderrLog;

let ferret: FerretDbHandle | undefined;
let redis: RedisHandle | undefined;
let mailCatcher: MailCatcherHandle | undefined;
let apps: ChildProcess | undefined;
let releaseLock: (() => Promise<void>) | undefined;
let stopping = false;

/** `ROSTER_EMBEDDED_DB_SYNC`: how the embedded database syncs commits (docs/database.md#durability). */
function embeddedSync(): 'normal' | 'full' {
  const given = process.env.ROSTER_EMBEDDED_DB_SYNC ?? 'normal';
  if (given !== 'normal' && given !== 'full') {
    throw new Error(`ROSTER_EMBEDDED_DB_SYNC must be normal or full (got ${given})`);
  }
  return given;
}

async function start(): Promise<void> {
  const ports = readDevPorts(process.env);
  releaseLock = await acquireDevLock(join(dataDir, 'dev.pid'));
  await assertPortsFree(ports, process.env.SMTP_URL ? ['mailSmtp', 'mailWeb'] : []);

  let mongoUri = process.env.MONGODB_URI;
  if (!mongoUri) {
    ferret = await startFerretDb({ dataDir: join(dataDir, 'ferretdb'), log, sync: embeddedSync() });
    mongoUri = `${ferret.uri}roster`;
  }
  redis = await resolveRedis({ log });
  let smtpUrl = process.env.SMTP_URL;
  if (!smtpUrl) {
    mailCatcher = await startMailCatcher({
      smtpPort: ports.mailSmtp,
      webPort: ports.mailWeb,
      mailDir: join(dataDir, 'mail'),
      log,
    });
    smtpUrl = mailCatcher.smtpUrl;
  }

  const secretKey = process.env.ROSTER_SECRET_KEY ?? (await persistedSecret(join(dataDir, 'secret-key')));
  const apiKey = process.env.ROSTER_API_KEY ?? `dev_${await persistedSecret(join(dataDir, 'api-key'))}`;
  const apiUrl = `http://localhost:${ports.api}`;
  const env = {
    ...process.env,
    MONGODB_URI: mongoUri,
    REDIS_URL: redis.url,
    SMTP_URL: smtpUrl,
    PORT: String(ports.api),
    DEMO_PORT: String(ports.demo),
    API_URL: apiUrl,
    ROSTER_SECRET_KEY: secretKey,
    ROSTER_API_KEY: apiKey,
    // Uploaded files beside the dev database (the apps run in their own folders).
    ROSTER_STORAGE_DIR: process.env.ROSTER_STORAGE_DIR ?? join(dataDir, 'storage'),
    // Readable logs for someone at a terminal; JSON lines when piped (to a file, a collector, a test).
    LOG_FORMAT: process.env.LOG_FORMAT ?? (process.stdout.isTTY ? 'pretty' : 'json'),
    TURBO_TELEMETRY_DISABLED: '1',
  };
  // Its own process group, so that stopping it reaches turbo and every task it started.
  apps = spawn(join(repoRoot, 'node_modules/.bin/turbo'), ['run', 'dev', 'dev:worker', '--ui=stream'], {
    cwd: repoRoot,
    env,
    detached: true,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  apps.once('exit', (code) => {
    if (stopping) return;
    log(`the apps stopped (turbo exit code ${code}); stopping services`);
    void stop(code ?? 1);
  });

  const demoUrl = `http://localhost:${ports.demo}`;
  const apiUp = await waitForHttp(`${apiUrl}/health`, 120_000);
  const demoUp = await waitForHttp(demoUrl, 60_000);
  const docsUp = (await fetch(`${apiUrl}/docs`).catch(() => undefined))?.ok === true;
  if (stopping) return;

  // /health details (which check fails, and why) are for API keys only.
  const health = apiUp
    ? ((await (await fetch(`${apiUrl}/health`, { headers: { 'X-Appwrite-Key': apiKey } })).json()) as {
        status: string;
        checks?: Record<string, { status: string; message: string }>;
      })
    : undefined;
  const failing = Object.entries(health?.checks ?? {})
    .filter(([, check]) => check.status !== 'pass')
    .map(([name, check]) => `${name}: ${check.message}`);
  const lines = [
    '',
    `Roster is running${health?.status === 'pass' ? '' : ` (some checks fail${failing.length ? `: ${failing.join('; ')}` : ''})`}`,
    `  API        ${apiUrl}   (tRPC ${apiUrl}/trpc, health ${apiUrl}/health)`,
    docsUp ? `  API docs   ${apiUrl}/docs` : `  API docs   not served yet`,
    `  Demo       ${demoUp ? demoUrl : `${demoUrl} (not answering yet)`}`,
    `  Mail inbox ${mailCatcher ? mailCatcher.webUrl : `external SMTP (${redact(smtpUrl)})`}`,
    `  Database   ${ferret ? `${mongoUri} (embedded FerretDB ${FERRETDB_VERSION}, files in ${join(dataDir, 'ferretdb')})` : redact(mongoUri)}`,
    `  Redis      ${redis.url}${redis.started ? ' (started for this session)' : ''}`,
    `  API key    ${apiKey} (every scope; header X-Appwrite-Key)`,
    'Press Ctrl-C to stop everything.',
    '',
  ];
  process.stdout.write(lines.join('\n') + '\n');
}

/** A random secret kept with the dev data, so invitation links and the dev key survive restarts. */
async function persistedSecret(path: string): Promise<string> {
  const existing = (await readFile(path, 'utf8').catch(() => '')).trim();
  if (existing.length >= 32) return existing;
  const created = randomBytes(32).toString('hex');
  await writeFile(path, created, { mode: 0o600 });
  return created;
}

function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):([^@/]+)@/, '//$1:***@');
}

async function waitForHttp(url: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !stopping) {
    const response = await fetch(url).catch(() => undefined);
    if (response) return true;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return false;
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // the group is already gone
  }
}

async function stop(exitCode: number): Promise<never> {
  stopping = true;
  if (apps && apps.exitCode === null && apps.signalCode === null) {
    log('stopping the apps…');
    const exited = new Promise((resolve) => apps!.once('exit', resolve));
    signalGroup(apps, 'SIGINT');
    const timeout = new Promise((resolve) => setTimeout(resolve, 10_000, 'timeout'));
    if ((await Promise.race([exited, timeout])) === 'timeout')
      log('the apps did not stop within 10 s; killing them');
  }
  // Whatever turbo left in its group (it should be nothing) does not outlive us.
  if (apps) signalGroup(apps, 'SIGKILL');
  log('stopping services…');
  await Promise.allSettled([mailCatcher?.stop(), ferret?.stop(), redis?.stop()]);
  await releaseLock?.();
  process.exit(exitCode);
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    if (!stopping) void stop(0);
  });
}

start().catch(async (error: unknown) => {
  log(error instanceof Error ? error.message : String(error));
  await stop(1);
});
