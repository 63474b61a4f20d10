import {
  createInvitationQueue,
  createMailTransport,
  createRedisConnection,
  startWorkers,
} from '@roster/jobs';
import { type RedisInvitationQueue, type MailTransport, type Redis, type WorkerRuntime } from '@roster/jobs';
import {
  startMailSink,
  startRedisServer,
  type CapturedMail,
  type MailSink,
  type RedisHandle,
} from '@roster/testkit';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type InvitationQueue } from '@roster/db';
import { appErrorOf, TEST_CONFIG, useApiHarness } from '../../testing/harness.ts';
import { INVITE_URL, teamWithOwner } from '../../testing/invitations.ts';

/**
 * The invitation pipeline end to end: `createMembership` over the router, the producer, Redis,
 * the mail worker and the outbox sweeper, an SMTP listener, then the link in the received email
 * accepted through `updateMembershipStatus`.
 */
let producer: RedisInvitationQueue | undefined;
const invitations: InvitationQueue = {
  enqueue: (job) => (producer ? producer.enqueue(job) : Promise.reject(new Error('no producer yet'))),
};
const api = useApiHarness({ invitations });

let redis: RedisHandle;
let sink: MailSink;
let transport: MailTransport;
let workerRedis: Redis;
let producerRedis: Redis;
let worker: WorkerRuntime;
const prefix = `{invitation-email-${process.pid}}`;

beforeAll(async () => {
  // A Redis of this file's own, so one test can take it down.
  redis = await startRedisServer(() => {});
  sink = await startMailSink();
  transport = createMailTransport(sink.url);
  workerRedis = createRedisConnection(redis.url, 'worker');
  producerRedis = createRedisConnection(redis.url, 'producer');
  worker = await startWorkers({
    connection: workerRedis,
    logger: { info: () => {}, warn: () => {}, error: () => {} },
    prefix,
    repos: api.repos,
    transport,
    mail: {
      from: 'Roster <invites@roster.test>',
      projectName: TEST_CONFIG.projectName,
      secretKey: TEST_CONFIG.secretKey,
    },
    settings: { stallTimeoutMs: 2000, sweepIntervalMs: 400, retry: { attempts: 3, backoffMs: 100 } },
  });
  producer = createInvitationQueue({ connection: producerRedis, prefix });
  await new Promise<void>((resolve) =>
    producerRedis.status === 'ready' ? resolve() : producerRedis.once('ready', () => resolve()),
  );
});
afterAll(async () => {
  await worker.close();
  await producer?.close();
  transport.close();
  workerRedis.disconnect();
  producerRedis.disconnect();
  await sink.stop();
  await redis.stop();
});
beforeEach(() => sink.clear());

async function waitFor(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The accept parameters carried by the link of a received email (text part). */
function acceptParams(mail: CapturedMail) {
  const link = /^(http:\/\/localhost:5173\/join\?\S+)$/m.exec(mail.text)?.[1];
  expect(link, 'the link in the email').toBeDefined();
  const query = new URL(link!).searchParams;
  return {
    link: link!,
    teamId: query.get('teamId')!,
    membershipId: query.get('membershipId')!,
    userId: query.get('userId')!,
    secret: query.get('secret')!,
  };
}

describe('invitation emails end to end', () => {
  it('an owner invites: one email in the invitee locale, whose link accepts the invitation', async () => {
    const { owner, team } = await teamWithOwner(api, 'Analytical Engines');
    const membership = await api
      .caller({ ...owner.headers, 'x-appwrite-locale': 'de' })
      .call.teams.createMembership({
        teamId: team.$id,
        email: 'ada@example.com',
        name: 'Ada',
        roles: ['dev'],
        url: INVITE_URL,
      });

    const [mail] = await sink.waitForMessages(1);
    await waitFor(async () => (await api.repos.memberships.byId(membership.$id))?.delivery?.state === 'sent');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(sink.messages).toHaveLength(1);
    expect(mail!.subject).toBe('Einladung zum Analytical Engines-Team auf Roster Test');
    expect(mail!.to).toEqual(['ada@example.com']);
    expect(mail!.raw).toMatch(/^To: "?Ada"? <ada@example\.com>/m);
    expect(mail!.text).toContain(`Hallo Ada,`);
    expect(mail!.text).toContain(`weil ${owner.user.name} dich eingeladen hat`);
    const params = acceptParams(mail!);
    expect(params).toMatchObject({
      teamId: team.$id,
      membershipId: membership.$id,
      userId: membership.userId,
    });
    expect(params.link).toContain('teamName=Analytical+Engines');
    expect(mail!.html).toContain(`href="${params.link.replace(/&/g, '&amp;')}"`);

    const delivery = await api
      .caller(owner.headers)
      .call.teams.getMembershipDelivery({ teamId: team.$id, membershipId: membership.$id });
    expect(delivery).toMatchObject({ state: 'sent', attempts: 1, lastError: '' });
    expect(delivery.sentAt).toMatch(/\+00:00$/);
    expect(delivery.queuedAt <= delivery.sentAt).toBe(true);

    const accepted = await api.caller().call.teams.updateMembershipStatus(params);
    expect(accepted).toMatchObject({ $id: membership.$id, confirm: true, roles: ['dev'] });
  });

  it('a re-invite sends one more email; the first link is then rejected, the second accepted', async () => {
    const { owner, team } = await teamWithOwner(api);
    const inviteBob = () =>
      api.caller(owner.headers).call.teams.createMembership({
        teamId: team.$id,
        email: 'bob@example.com',
        roles: [],
        url: INVITE_URL,
      });
    const pending = await inviteBob();
    const first = acceptParams((await sink.waitForMessages(1))[0]!);
    // Re-invite once the worker has recorded the first email: on FerretDB two writes to one
    // document at the same moment can undo each other (docs/database.md), MongoDB is not affected.
    await waitFor(async () => (await api.repos.memberships.byId(pending.$id))?.delivery?.state === 'sent');
    await inviteBob();
    const second = acceptParams((await sink.waitForMessages(2))[1]!);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(sink.messages).toHaveLength(2);
    expect(second.membershipId).toBe(first.membershipId);
    expect(second.secret).not.toBe(first.secret);

    expect((await appErrorOf(api.caller().call.teams.updateMembershipStatus(first))).type).toBe(
      'team_invalid_secret',
    );
    await expect(api.caller().call.teams.updateMembershipStatus(second)).resolves.toMatchObject({
      confirm: true,
    });
  });

  it('Redis down when the invitation is created: the call succeeds, the email follows once Redis is back', async () => {
    const { owner, team } = await teamWithOwner(api);
    await redis.stop();
    await new Promise<void>((resolve) => producerRedis.once('close', () => resolve()));
    const started = Date.now();
    const membership = await api.caller(owner.headers).call.teams.createMembership({
      teamId: team.$id,
      email: 'carol@example.com',
      roles: [],
      url: INVITE_URL,
    });
    expect(Date.now() - started).toBeLessThan(1000);
    const { call } = api.caller(owner.headers);
    expect(
      await call.teams.getMembershipDelivery({ teamId: team.$id, membershipId: membership.$id }),
    ).toMatchObject({
      state: 'queued',
      attempts: 0,
      sentAt: '',
    });

    redis = await startRedisServer(() => {}, { port: Number(new URL(redis.url).port) });
    const [mail] = await sink.waitForMessages(1, 20_000);
    expect(mail!.to).toEqual(['carol@example.com']);
    await expect(api.caller().call.teams.updateMembershipStatus(acceptParams(mail!))).resolves.toMatchObject({
      confirm: true,
    });
  });
});

describe('teams.getMembershipDelivery', () => {
  it('is for owners and API keys; 404s name a wrong team or a membership without an email', async () => {
    const { owner, team, ownerMembershipId } = await teamWithOwner(api);
    const membership = await api.caller(owner.headers).call.teams.createMembership({
      teamId: team.$id,
      email: 'dora@example.com',
      roles: [],
      url: INVITE_URL,
    });
    const input = { teamId: team.$id, membershipId: membership.$id };

    const key = await api.keyHeaders(['teams.write']);
    const byKey = api.caller(key).call.teams;
    await waitFor(async () => (await byKey.getMembershipDelivery(input)).state === 'sent');
    expect(await byKey.getMembershipDelivery(input)).toMatchObject({ state: 'sent', attempts: 1 });
    const readOnly = await api.keyHeaders(['teams.read']);
    expect((await appErrorOf(api.caller(readOnly).call.teams.getMembershipDelivery(input))).type).toBe(
      'general_unauthorized_scope',
    );

    // A confirmed member who is not an owner.
    const member = await api.signUp();
    const pending = await api
      .caller(key)
      .call.teams.createMembership({ teamId: team.$id, userId: member.user._id, roles: [] });
    expect(pending.confirm).toBe(true);
    expect(
      await appErrorOf(api.caller(member.headers).call.teams.getMembershipDelivery(input)),
    ).toMatchObject({
      type: 'user_unauthorized',
      status: 401,
    });

    const { call } = api.caller(owner.headers);
    expect(
      (
        await appErrorOf(
          call.teams.getMembershipDelivery({ teamId: team.$id, membershipId: ownerMembershipId }),
        )
      ).type,
    ).toBe('team_invite_not_found');
    expect(
      (await appErrorOf(call.teams.getMembershipDelivery({ teamId: team.$id, membershipId: 'nope' }))).type,
    ).toBe('membership_not_found');
    const other = await teamWithOwner(api);
    expect(
      (
        await appErrorOf(
          api
            .caller(other.owner.headers)
            .call.teams.getMembershipDelivery({ teamId: other.team.$id, membershipId: membership.$id }),
        )
      ).type,
    ).toBe('team_membership_mismatch');
  });
});
