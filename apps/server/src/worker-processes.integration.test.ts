import { randomBytes } from 'node:crypto';
import { type InvitationQueue } from '@roster/db';
import { TEST_CONFIG, useApiHarness } from '@roster/api/testing';
import {
  createInvitationQueue,
  createRedisConnection,
  type RedisInvitationQueue,
  type Redis,
} from '@roster/jobs';
import { startMailSink, type MailSink } from '@roster/testkit';
import { testServices } from '@roster/testkit/vitest';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runEntryPoint, type RunningProcess } from './testing/child-process.ts';

/**
 * The mail worker as real processes (`src/worker.ts`), fed by `createMembership` through the
 * producer: several workers share the queue, and one may be killed in the middle of a send.
 */
const services = testServices();
const prefix = `${services.redisPrefix}:${randomBytes(4).toString('hex')}`;
let producer: RedisInvitationQueue | undefined;
const invitations: InvitationQueue = {
  enqueue: (job) => (producer ? producer.enqueue(job) : Promise.reject(new Error('no producer yet'))),
};
const api = useApiHarness({ invitations });

let sink: MailSink;
let producerRedis: Redis;
const running: RunningProcess[] = [];

beforeAll(async () => {
  sink = await startMailSink();
  producerRedis = createRedisConnection(services.redisUrl, 'producer');
  producer = createInvitationQueue({ connection: producerRedis, prefix });
});
afterAll(async () => {
  await producer?.close();
  producerRedis.disconnect();
  await sink.stop();
});
beforeEach(() => {
  sink.clear();
  sink.delayAcceptance(null);
});
afterEach(async () => {
  for (const worker of running.splice(0)) {
    if (worker.child.exitCode === null && worker.child.signalCode === null) {
      worker.child.kill('SIGKILL');
      await worker.exit;
    }
  }
});

function startWorker(env: Record<string, string> = {}): RunningProcess {
  const worker = runEntryPoint('src/worker.ts', {
    MONGODB_URI: services.databaseUri,
    REDIS_URL: services.redisUrl,
    SMTP_URL: sink.url,
    ROSTER_QUEUE_PREFIX: prefix,
    ROSTER_SECRET_KEY: TEST_CONFIG.secretKey,
    ROSTER_PROJECT_NAME: TEST_CONFIG.projectName,
    ROSTER_MAIL_SWEEP_INTERVAL_MS: '1000',
    LOG_LEVEL: 'info',
    ...env,
  });
  running.push(worker);
  return worker;
}

const READY = '"worker ready"';

async function ready(...workers: RunningProcess[]): Promise<void> {
  await Promise.all(workers.map((worker) => worker.waitForOutput(READY, 90_000)));
}

async function ownerWithTeam() {
  const owner = await api.signUp();
  const team = await api.caller(owner.headers).call.teams.create({ teamId: 'unique()', name: 'Workers' });
  const invite = (email: string) =>
    api
      .caller(owner.headers)
      .call.teams.createMembership({ teamId: team.$id, email, roles: [], url: 'http://localhost:5173/join' });
  return { owner, team, invite };
}

const stored = (membershipId: string) => api.repos.memberships.byId(membershipId);

async function waitUntil(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

// Each test starts worker processes (a few seconds each on a busy 2-core machine).
describe('worker processes', { timeout: 120_000 }, () => {
  it('two workers, 100 invitations: exactly 100 emails, one per invitee', async () => {
    const workers = [startWorker(), startWorker()];
    await ready(...workers);
    const { invite } = await ownerWithTeam();
    const emails = Array.from({ length: 100 }, (_, index) => `invitee-${index}@example.com`);
    for (let start = 0; start < emails.length; start += 10) {
      await Promise.all(emails.slice(start, start + 10).map(invite));
    }
    await sink.waitForMessages(100, 60_000);
    // Longer than a sweep interval: a late duplicate (sweeper, retry) would show up by now.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(sink.messages).toHaveLength(100);
    expect(new Set(sink.messages.flatMap((mail) => mail.to)).size).toBe(100);
    expect(await api.store.count('memberships', { 'delivery.state': 'sent' })).toBeGreaterThanOrEqual(100);

    const sentBy = workers.map(
      (worker) => worker.logs().filter((line) => line.msg === 'invitation email sent').length,
    );
    expect(sentBy[0]! + sentBy[1]!).toBe(100);
    expect(Math.min(...sentBy)).toBeGreaterThan(0);
  });

  it('a worker killed in the middle of a send: the job is retried and one email arrives', async () => {
    // A short stall timeout, so the job of the killed worker is retried within seconds.
    const stall = { ROSTER_MAIL_STALL_TIMEOUT_MS: '1500' };
    const first = startWorker(stall);
    await ready(first);
    const { invite } = await ownerWithTeam();
    // The server holds its final reply: the message is fully transmitted but not yet accepted.
    sink.delayAcceptance(4000);
    const membership = await invite('killed@example.com');
    await waitUntil(() => sink.held === 1, 'the message to be on the wire');
    first.child.kill('SIGKILL');
    expect(await first.exit).toEqual({ code: null, signal: 'SIGKILL' });
    sink.delayAcceptance(null);

    const second = startWorker(stall);
    await sink.waitForMessages(1, 90_000);
    await waitUntil(async () => (await stored(membership.$id))?.delivery?.state === 'sent', 'sent');
    // The held copy of the killed worker is dropped, never accepted: one email in all.
    await waitUntil(() => sink.held === 0, 'the held message to be dropped');
    expect(sink.messages).toHaveLength(1);
    expect(sink.messages[0]!.to).toEqual(['killed@example.com']);
    expect((await stored(membership.$id))?.delivery).toMatchObject({ state: 'sent', attempts: 2 });
    const sent = second.logs().find((line) => line.msg === 'invitation email sent');
    expect(sent).toMatchObject({ membershipId: membership.$id, resentAfterCrash: true });
  });

  it('SIGTERM during a send: the send finishes, then the worker exits 0', async () => {
    const worker = startWorker();
    await ready(worker);
    const { invite } = await ownerWithTeam();
    sink.delayAcceptance(800);
    const membership = await invite('graceful@example.com');
    await waitUntil(() => sink.held === 1, 'the message to be on the wire');
    worker.child.kill('SIGTERM');
    expect(await worker.exit).toEqual({ code: 0, signal: null });
    expect(sink.messages).toHaveLength(1);
    expect((await stored(membership.$id))?.delivery?.state).toBe('sent');
    expect(worker.output()).toContain('"shutdown complete"');
  });
});
