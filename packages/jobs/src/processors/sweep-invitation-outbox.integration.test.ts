import { useTestRepositories } from '@roster/db/testing';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { invitationJobId, type InvitationJobData } from '../invitation-job.ts';
import { insertInvitation } from '../testing/invitation-fixtures.ts';
import { sweepInvitationOutbox, type SweepDeps } from './sweep-invitation-outbox.ts';
import { sweepMemory } from './sweep-mail-outbox.ts';
const db = useTestRepositories();

beforeAll(async () => {});
beforeEach(async () => {
  await db.store.delete('memberships', {});
});

/** A stand-in for the mail queue: job states by id, and what the sweep did to them. */
function fakeQueue(states: Record<string, string> = {}) {
  const calls: string[] = [];
  const asked: string[] = [];
  const deps: Pick<SweepDeps, 'jobState' | 'removeJob' | 'enqueue'> = {
    jobState: (job) => {
      asked.push(job.membershipId);
      return Promise.resolve(states[invitationJobId(job)] ?? 'unknown');
    },
    removeJob: (job: InvitationJobData) => {
      calls.push(`remove ${job.membershipId}`);
      return Promise.resolve();
    },
    enqueue: (job: InvitationJobData) => {
      calls.push(`add ${job.membershipId}`);
      return Promise.resolve();
    },
  };
  return { deps, calls, asked };
}

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000);

describe('sweepInvitationOutbox', () => {
  it('with a memory, does not ask again about a job found in flight until the memory forgets it', async () => {
    const invitation = await insertInvitation(db.store, { queuedAt: minutesAgo(1) });
    const states = { [invitationJobId(invitation)]: 'waiting' };
    const queue = fakeQueue(states);
    const memory = sweepMemory(30_000);
    const sweep = (at: number) =>
      sweepInvitationOutbox({
        outbox: db.repos.outbox,
        staleAfterMs: 1000,
        memory,
        now: () => at,
        ...queue.deps,
      });
    const start = Date.now();
    await sweep(start);
    await sweep(start + 10_000);
    await sweep(start + 20_000);
    expect(queue.asked).toEqual([invitation.membershipId]);
    // The job finished while the email still waits (its worker died between its last steps).
    states[invitationJobId(invitation)] = 'completed';
    expect(await sweep(start + 30_000)).toEqual({ scanned: 1, enqueued: 0, requeued: 1 });
    expect(queue.asked).toEqual([invitation.membershipId, invitation.membershipId]);
    expect(queue.calls).toEqual([`remove ${invitation.membershipId}`, `add ${invitation.membershipId}`]);
  });

  it('queues stale invitations with no job, oldest first; leaves fresh ones to the producer', async () => {
    const older = await insertInvitation(db.store, { queuedAt: minutesAgo(10) });
    const old = await insertInvitation(db.store, { queuedAt: minutesAgo(5) });
    await insertInvitation(db.store, { queuedAt: new Date() });
    const queue = fakeQueue();
    const result = await sweepInvitationOutbox({
      outbox: db.repos.outbox,
      staleAfterMs: 10_000,
      ...queue.deps,
    });
    expect(result).toEqual({ scanned: 2, enqueued: 2, requeued: 0 });
    expect(queue.calls).toEqual([`add ${older.membershipId}`, `add ${old.membershipId}`]);
  });

  it('leaves invitations whose job is in flight alone', async () => {
    const waiting = await insertInvitation(db.store, { queuedAt: minutesAgo(1) });
    const active = await insertInvitation(db.store, { queuedAt: minutesAgo(1) });
    const delayed = await insertInvitation(db.store, { queuedAt: minutesAgo(1) });
    const queue = fakeQueue({
      [invitationJobId(waiting)]: 'waiting',
      [invitationJobId(active)]: 'active',
      [invitationJobId(delayed)]: 'delayed',
    });
    expect(
      await sweepInvitationOutbox({ outbox: db.repos.outbox, staleAfterMs: 1000, ...queue.deps }),
    ).toEqual({
      scanned: 3,
      enqueued: 0,
      requeued: 0,
    });
    expect(queue.calls).toEqual([]);
  });

  it('removes and re-adds a finished job whose membership still says queued', async () => {
    const failed = await insertInvitation(db.store, { queuedAt: minutesAgo(1) });
    const completed = await insertInvitation(db.store, { queuedAt: minutesAgo(2) });
    const queue = fakeQueue({
      [invitationJobId(failed)]: 'failed',
      [invitationJobId(completed)]: 'completed',
    });
    expect(
      await sweepInvitationOutbox({ outbox: db.repos.outbox, staleAfterMs: 1000, ...queue.deps }),
    ).toEqual({
      scanned: 2,
      enqueued: 0,
      requeued: 2,
    });
    expect(queue.calls).toEqual([
      `remove ${completed.membershipId}`,
      `add ${completed.membershipId}`,
      `remove ${failed.membershipId}`,
      `add ${failed.membershipId}`,
    ]);
  });

  it('ignores sent, failed and skipped invitations, and bounds one sweep by batchSize', async () => {
    for (const state of ['sent', 'failed', 'skipped']) {
      const invite = await insertInvitation(db.store, { queuedAt: minutesAgo(1) });
      await db.store.update('memberships', { _id: invite.membershipId }, { 'delivery.state': state });
    }
    for (let index = 0; index < 3; index += 1) await insertInvitation(db.store, { queuedAt: minutesAgo(1) });
    const queue = fakeQueue();
    expect(
      await sweepInvitationOutbox({
        outbox: db.repos.outbox,
        staleAfterMs: 1000,
        batchSize: 2,
        ...queue.deps,
      }),
    ).toEqual({
      scanned: 2,
      enqueued: 2,
      requeued: 0,
    });
  });

  it('keeps going past an invitation it cannot queue, and reports it', async () => {
    const bad = await insertInvitation(db.store, { queuedAt: minutesAgo(2) });
    const good = await insertInvitation(db.store, { queuedAt: minutesAgo(1) });
    const queue = fakeQueue();
    const errors: string[] = [];
    const result = await sweepInvitationOutbox({
      outbox: db.repos.outbox,
      staleAfterMs: 1000,
      ...queue.deps,
      enqueue: (job) =>
        job.membershipId === bad.membershipId
          ? Promise.reject(new Error('redis down'))
          : queue.deps.enqueue(job),
      onError: (membershipId, error) => errors.push(`${membershipId}: ${(error as Error).message}`),
    });
    expect(result.enqueued).toBe(1);
    expect(queue.calls).toEqual([`add ${good.membershipId}`]);
    expect(errors).toEqual([`${bad.membershipId}: redis down`]);
  });
});
