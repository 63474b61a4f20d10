/**
 * `pnpm bench:mail`: invitation emails through one worker process to a local SMTP listener, on the
 * real database (embedded FerretDB unless MONGODB_URI is set) and Redis.
 *
 * 1. Throughput: `--count` invitations are created while no worker runs (they wait in Redis), then
 *    one worker process starts and drains them; emails/s = count / (last email − first email).
 * 2. Latency: with the worker running, invitations are created at `--rate` per second for
 *    `--seconds`; latency = SMTP acceptance − `createMembership` response, per invitation.
 *
 * Goals (issue 4, 2-core machine): ≥ 200 emails/s through one worker, p99 < 500 ms at 50/s.
 *
 * `--profile` runs the throughput phase's worker with `--cpu-prof` and prints where its CPU time went.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { connectDatabase, createRepositories, syncIndexes } from '@roster/db';
import { createInvitationQueue, createRedisConnection, waitForRedisReady } from '@roster/jobs';
import { resolveRedis, startFerretDb, startMailSink, type FerretDbHandle } from '@roster/testkit';
import { readCpuMs } from '../lib/cpu.ts';
import { startRedisProxy } from '../lib/redis-proxy.ts';
import { startWireProxy } from '../lib/wire-proxy.ts';
import { summary } from '../percentiles.ts';
import { profileMarkdown, summariseProfile, type CpuProfile } from '../profile/summarise.ts';
import { BENCH_CONFIG, createApi } from './api-client.ts';
import { directFeed } from './direct-feed.ts';
import { startWorkerProcess, type WorkerProcess } from './worker-process.ts';

const { values: args } = parseArgs({
  // `pnpm bench:mail -- --count …` passes the `--` on.
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: {
    count: { type: 'string', default: '2000' },
    rate: { type: 'string', default: '50' },
    seconds: { type: 'string', default: '20' },
    concurrency: { type: 'string', default: '50' },
    feed: { type: 'string', default: 'api' },
    profile: { type: 'boolean', default: false },
  },
});
if (args.feed !== 'api' && args.feed !== 'direct') throw new Error('--feed must be api or direct');
const count = Number(args.count);
const rate = Number(args.rate);
const seconds = Number(args.seconds);
const concurrency = args.concurrency;

const log = (line: string) => process.stdout.write(`${line}\n`);
const ms = (value: number) => `${value.toFixed(0)} ms`;

async function main() {
  const tempDir = await mkdtemp(join(tmpdir(), 'roster-bench-'));
  let ferret: FerretDbHandle | undefined;
  let mongoUri = process.env.MONGODB_URI;
  if (!mongoUri) {
    ferret = await startFerretDb({ dataDir: join(tempDir, 'ferretdb'), log: () => {} });
    mongoUri = `${ferret.uri}roster_bench`;
  }
  const redisHandle = await resolveRedis({ log: () => {} });
  // Unparsed: the listener answers like an MTA that queues, without taking CPU from the worker.
  const sink = await startMailSink({ parse: false });
  const connection = await connectDatabase(mongoUri);
  await syncIndexes(connection);
  const prefix = `{roster-bench-${randomBytes(3).toString('hex')}}`;
  const redis = createRedisConnection(redisHandle.url, 'producer');
  if (!(await waitForRedisReady(redis, 10_000))) throw new Error(`Redis at ${redisHandle.url} is not ready`);
  const producer = createInvitationQueue({ connection: redis, prefix });
  const invite: (email: string) => Promise<unknown> =
    args.feed === 'api'
      ? await createApi(createRepositories(connection), redis, producer).ownerWithTeam()
      : await directFeed(connection, producer);
  // The worker reaches the database and Redis through counting proxies (one loopback hop more per
  // round trip): commands per email and CPU per email hold whatever else loads the machine.
  const mongoProxy = await startWireProxy(mongoUri, { byCollection: true });
  const redisProxy = await startRedisProxy(redisHandle.url);
  const proxiedMongo = new URL(mongoUri);
  proxiedMongo.host = new URL(mongoProxy.uri).host;
  const workerEnv = {
    MONGODB_URI: proxiedMongo.toString(),
    REDIS_URL: redisProxy.url,
    SMTP_URL: sink.url,
    ROSTER_QUEUE_PREFIX: prefix,
    ROSTER_SECRET_KEY: BENCH_CONFIG.secretKey,
    ROSTER_PROJECT_NAME: BENCH_CONFIG.projectName,
    ROSTER_MAIL_CONCURRENCY: concurrency,
    // Other worker settings (e.g. ROSTER_MAIL_SWEEP_INTERVAL_MS) pass through from the environment.
    ...Object.fromEntries(Object.entries(process.env).filter(([name]) => name.startsWith('ROSTER_MAIL_'))),
  } as Record<string, string>;

  /** When each recipient's email was accepted by the listener. */
  const acceptedAt = new Map<string, number>();
  let seen = 0;
  const watch = setInterval(() => {
    for (const mail of sink.messages.slice(seen)) {
      for (const to of mail.to) if (!acceptedAt.has(to)) acceptedAt.set(to, mail.receivedAt.getTime());
    }
    seen = sink.messages.length;
  }, 5);

  log(
    `roster bench:mail — ${cpus().length} CPUs, Node ${process.version}, worker concurrency ${concurrency}, ${load()}`,
  );
  log(`database ${ferret ? 'embedded FerretDB (SQLite)' : 'MONGODB_URI'}, Redis ${redisHandle.url}`);
  log(
    `invitations created ${args.feed === 'api' ? 'through the API (teams.createMembership, in process)' : 'directly (membership written and enqueued as createMembership does)'}`,
  );

  // 1. Throughput.
  const run = randomBytes(3).toString('hex');
  const created = performance.now();
  const addresses = Array.from({ length: count }, (_, index) => `t-${run}-${index}@example.com`);
  for (let start = 0; start < addresses.length; start += 20) {
    await Promise.all(addresses.slice(start, start + 20).map(invite));
  }
  const createSeconds = (performance.now() - created) / 1000;
  log(
    `\nthroughput: ${count} invitations created in ${createSeconds.toFixed(1)} s (${(count / createSeconds).toFixed(0)}/s, worker stopped)`,
  );
  const profileDir = args.profile ? await mkdtemp(join(tmpdir(), 'roster-bench-mail-profile-')) : undefined;
  let worker: WorkerProcess = await startWorkerProcess(workerEnv, { profileDir });
  const drainStarted = Date.now();
  let before = counters(worker);
  await sink.waitForMessages(count, 600_000);
  const times = sink.messages.map((mail) => mail.receivedAt.getTime());
  const first = Math.min(...times);
  const last = Math.max(...times);
  const perSecond = (count - 1) / ((last - first) / 1000);
  log(
    `  ${count} emails in ${((last - drainStarted) / 1000).toFixed(1)} s from worker ready; steady rate ${perSecond.toFixed(0)} emails/s`,
  );
  const jobs = summary(worker.jobDurations());
  log(`  worker job time (load, claim, render, SMTP, record): p50 ${ms(jobs.p50)}, p99 ${ms(jobs.p99)}`);
  await settled();
  const drained = counters(worker);
  const drainSeconds = (Date.now() - drainStarted) / 1000;
  log(perEmail(before, drained, count));
  log(await idleShare(worker, drained.cpuMs, drainSeconds, count));
  await worker.stop();
  if (profileDir) log(`\n${await summariseWorkerProfile(profileDir)}`);
  sink.clear();
  seen = 0;
  acceptedAt.clear();

  // 2. Latency at a fixed rate.
  worker = await startWorkerProcess(workerEnv);
  before = counters(worker);
  log(`\n${load()} at the start of the latency phase`);
  const total = rate * seconds;
  const respondedAt = new Map<string, number>();
  const paced = performance.timeOrigin + performance.now();
  const calls: Promise<unknown>[] = [];
  for (let index = 0; index < total; index += 1) {
    const due = paced + (index * 1000) / rate;
    const wait = due - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const address = `l-${run}-${index}@example.com`;
    calls.push(invite(address).then(() => respondedAt.set(address, Date.now())));
  }
  await Promise.all(calls);
  await sink.waitForMessages(total, 120_000);
  await new Promise((resolve) => setTimeout(resolve, 20));
  const latencies = [...respondedAt].map(([address, at]) => (acceptedAt.get(address) ?? NaN) - at);
  const latency = summary(latencies.filter((value) => Number.isFinite(value)));
  log(
    `\nlatency at ${rate}/s for ${seconds} s (${total} invitations), invitation created → SMTP acceptance:`,
  );
  log(`  p50 ${ms(latency.p50)}, p90 ${ms(latency.p90)}, p99 ${ms(latency.p99)}, max ${ms(latency.max)}`);
  const steady = summary(worker.jobDurations());
  log(`  worker job time: p50 ${ms(steady.p50)}, p99 ${ms(steady.p99)}`);
  await settled();
  log(perEmail(before, counters(worker), total));

  log(
    `\ngoals: ≥ 200 emails/s → ${perSecond >= 200 ? 'met' : 'NOT met'} (${perSecond.toFixed(0)}); p99 < 500 ms at 50/s → ${
      rate < 50 ? `not measured (ran at ${rate}/s)` : latency.p99 < 500 ? 'met' : 'NOT met'
    } (${latency.p99.toFixed(0)} ms)`,
  );

  clearInterval(watch);
  await worker.stop();
  await producer.close();
  await mongoProxy.close();
  await redisProxy.close();
  redis.disconnect();
  await connection.dropDatabase().catch(() => {});
  await connection.close();
  await sink.stop();
  await ferret?.stop();
  await redisHandle.stop();
  await rm(tempDir, { recursive: true, force: true });

  /** What the worker has used so far: CPU (ms), database and Redis commands, SMTP sessions. */
  function counters(of: WorkerProcess) {
    return {
      cpuMs: readCpuMs(of.child.pid ?? 0),
      db: mongoProxy.commands(),
      redis: redisProxy.commands(),
      smtp: sink.connections,
    };
  }

  /**
   * The worker's CPU while it has nothing to send (pollers, timers), measured for 5 s after the
   * drain: the share of the per-email figure that follows the drain's length, and so the load.
   */
  async function idleShare(of: WorkerProcess, cpuMs: number, drainSeconds: number, emails: number) {
    const seconds = 5;
    await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
    const idlePerSecond = (readCpuMs(of.child.pid ?? 0) - cpuMs) / seconds;
    const idle = (idlePerSecond * drainSeconds) / emails;
    return `    idle worker: ${idlePerSecond.toFixed(1)} ms CPU per second, ${idle.toFixed(2)} ms of the figure per email over the ${drainSeconds.toFixed(0)}-s drain`;
  }

  /** Waits until the worker has sent no database command for 300 ms: its last writes have landed. */
  async function settled() {
    let last = -1;
    for (let waited = 0; waited < 10_000 && mongoProxy.count() !== last; waited += 300) {
      last = mongoProxy.count();
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
  }
}

function load(): string {
  return `load average ${loadavg()
    .map((value) => value.toFixed(2))
    .join(' ')}`;
}

type Counters = { cpuMs: number; db: Map<string, number>; redis: Map<string, number>; smtp: number };

/** The load-independent figures: the worker's CPU and commands per email, SMTP sessions opened. */
function perEmail(before: Counters, after: Counters, emails: number): string {
  const diff = (from: Map<string, number>, to: Map<string, number>) =>
    [...to]
      .map(([name, value]) => [name, value - (from.get(name) ?? 0)] as const)
      .filter(([, value]) => value > 0)
      .sort((a, b) => b[1] - a[1]);
  const describe = (entries: (readonly [string, number])[]) => {
    const total = entries.reduce((sum, [, value]) => sum + value, 0);
    const top = entries
      .slice(0, 8)
      .map(([name, value]) => `${name} ${(value / emails).toFixed(2)}`)
      .join(', ');
    return `${(total / emails).toFixed(2)} (${top})`;
  };
  return [
    `  per email: worker CPU ${((after.cpuMs - before.cpuMs) / emails).toFixed(2)} ms (${load()})`,
    `    database commands ${describe(diff(before.db, after.db))}`,
    `    Redis commands ${describe(diff(before.redis, after.redis))}`,
    `    SMTP sessions opened: ${after.smtp - before.smtp} for ${emails} emails`,
  ].join('\n');
}

/** The worker's CPU profile of the throughput phase (`--profile`), summarised. */
async function summariseWorkerProfile(dir: string): Promise<string> {
  const file = (await readdir(dir)).find((name) => name.endsWith('.cpuprofile'));
  if (!file) return `no CPU profile was written in ${dir}`;
  const profile = JSON.parse(await readFile(join(dir, file), 'utf8')) as CpuProfile;
  return `worker CPU profile (throughput phase): ${join(dir, file)}\n${profileMarkdown(summariseProfile(profile))}`;
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(
      `bench:mail failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
