import { describe, expect, it } from 'vitest';
import { generateId } from '../ids.ts';
import { useTestRepositories } from '../testing.ts';
import { newInvitation } from './outbox.ts';

/**
 * The mail worker's delivery writes record Roster's delivery event through the event outbox
 * (delivery-event.ts), grouped as the worker writes them.
 */
const db = useTestRepositories();

async function invitation() {
  const teamId = generateId();
  const membershipId = generateId();
  const { delivery } = newInvitation('k'.repeat(32), membershipId, {
    url: 'https://app.example/accept',
    now: new Date(),
  });
  const userId = generateId();
  await db.store.insert('memberships', {
    _id: membershipId,
    teamId,
    userId,
    roles: ['developer'],
    confirm: false,
    invited: new Date(),
    search: `${membershipId} ${userId}`,
    delivery,
  });
  return { teamId, membershipId, secretVersion: delivery.secretVersion, delivery };
}

describe('delivery events', () => {
  it('each grouped delivery write commits one event with the delivery model as payload', async () => {
    const outbox = db.repos.outbox.grouped(50);
    const sent = await invitation();
    const failed = await invitation();
    const at = new Date('2026-12-01T10:00:00.000Z');
    await Promise.all([
      outbox.markSent(sent, { messageId: '<m@x>', at, attempts: 1 }),
      outbox.markFailed(failed, { attempts: 2, lastError: '550 no such user' }),
    ]);
    const [sentEvent] = await db.repos.events.ofResource(`delivery/${sent.membershipId}`);
    expect(sentEvent).toMatchObject({
      state: 'ready',
      template: 'teams.[teamId].memberships.[membershipId].update.delivery',
      teamId: sent.teamId,
      actor: { type: 'system' },
      payload: {
        teamId: sent.teamId,
        membershipId: sent.membershipId,
        state: 'sent',
        attempts: 1,
        lastError: '',
        queuedAt: sent.delivery.queuedAt.toISOString(),
        sentAt: at.toISOString(),
      },
    });
    expect(sentEvent!.names).toContain(
      `teams.${sent.teamId}.memberships.${sent.membershipId}.update.delivery`,
    );
    const [failedEvent] = await db.repos.events.ofResource(`delivery/${failed.membershipId}`);
    expect(failedEvent).toMatchObject({
      state: 'ready',
      payload: { state: 'failed', attempts: 2, lastError: '550 no such user' },
    });
    // The membership's own marker (the API's membership events) is left alone.
    const stored = await db.store.findOne('memberships', { _id: sent.membershipId });
    expect(stored).toMatchObject({ delivery: { state: 'sent', eventId: sentEvent!.id } });
    expect((stored as { eventId?: string } | null)?.eventId).toBeUndefined();
  });

  it('a write for a rotated secret version changes nothing and records no event', async () => {
    const stale = await invitation();
    await db.store.update('memberships', { _id: stale.membershipId }, { 'delivery.secretVersion': 'newer' });
    await db.repos.outbox.grouped().markSent(stale, { messageId: '<m@x>', at: new Date(), attempts: 1 });
    expect(await db.repos.events.ofResource(`delivery/${stale.membershipId}`)).toEqual([]);
    expect(await db.store.findOne('memberships', { _id: stale.membershipId })).toMatchObject({
      delivery: { state: 'queued', secretVersion: 'newer' },
    });
  });

  it('successive writes of one email get increasing positions; a crashed one is resolved by its marker', async () => {
    const email = await invitation();
    const outbox = db.repos.outbox;
    await outbox.recordFailedAttempt(email, { attempts: 1, lastError: '451 try later' });
    await outbox.markSent(email, { messageId: '<m@x>', at: new Date(), attempts: 2 });
    const events = await db.repos.events.ofResource(`delivery/${email.membershipId}`);
    expect(events.map((event) => [event.sequence, event.payload.state])).toEqual([
      [1, 'queued'],
      [2, 'sent'],
    ]);

    // A worker that wrote the delivery and died before committing: the sweeper finds the marker.
    const other = await invitation();
    const { deliveryEvent } = await import('./delivery-event.ts');
    const [pending] = await db.repos.events.internals.prepareMany([deliveryEvent(other, { state: 'sent' })]);
    await db.store.update(
      'memberships',
      { _id: other.membershipId },
      { 'delivery.state': 'sent', 'delivery.eventId': pending },
    );
    const resolved = await db.repos.events.resolvePending({
      olderThan: new Date(Date.now() + 60_000),
      limit: 100,
    });
    expect(resolved.committed).toBeGreaterThanOrEqual(1);
    expect(await db.repos.events.ofResource(`delivery/${other.membershipId}`)).toMatchObject([
      { id: pending, state: 'ready', recovered: true, payload: { state: 'sent' } },
    ]);
  });
});
