import { createHash } from 'node:crypto';
import { generateId } from '../ids.ts';
import { leaseHolder, type Claims } from '../claims.ts';
import { type EventStore } from '../events/store.ts';
import { type Models } from '../models/index.ts';
import { type Delivery } from '../stored.ts';
import { deliveryEvent, type DeliveryTarget } from './delivery-event.ts';
import { deriveInvitationSecret } from './invitation-secret.ts';
import { groupCommit } from './group-commit.ts';
import { type InvitationKey } from './invitation-queue.ts';
import { readSendLedger, sendClaimPrefix, type MailKey } from './send-ledger.ts';

/**
 * The invitation email outbox (docs/invitations.md#the-pipeline): the `delivery` of a membership, and the
 * only code that changes it. An email is born `queued` with its invitation (`newInvitation`, written in the
 * same insert or update as the membership), then ends `sent`, `failed` or `skipped`:
 *
 *   queued ──worker──▶ sent | failed | skipped (team deleted, already a member)
 *   queued ──accept, API-key re-invite──▶ skipped (a member has no invitation left to send)
 *   any ──re-invite──▶ queued, at a new secret version (the old version's writes no longer match)
 *
 * The API enqueues after writing (InvitationQueue); the sweeper finds what stayed queued
 * (`staleQueued`). The mail worker's writes name the secret version they are for, so a re-invite
 * that rotated it meanwhile is left alone; they are one point write by `_id` each (on FerretDB
 * concurrent writes to one document can still undo each other, docs/database.md).
 */
export type Outbox = ReturnType<typeof createOutbox>;

type DeliveryFields = Partial<Omit<Delivery, 'secretVersion' | 'url' | 'queuedAt'>>;

/**
 * How the outbox writes claims and delivery fields: one command per write, or grouped. Each
 * delivery write records its event (delivery-event.ts) and carries the event's marker itself.
 */
interface Writes {
  claim(id: string, holder: string): Promise<boolean>;
  setDelivery(target: DeliveryTarget, fields: DeliveryFields): Promise<void>;
}

/** The membership, while its delivery is still this secret version's (`_id` makes it a point write). */
const ofVersion = ({ membershipId, secretVersion }: InvitationKey) => ({
  _id: membershipId,
  'delivery.secretVersion': secretVersion,
});

const deliveryFields = (fields: DeliveryFields, eventId: string) => ({
  ...Object.fromEntries(Object.entries(fields).map(([name, value]) => [`delivery.${name}`, value])),
  'delivery.eventId': eventId,
});

interface DeliveryUpdate {
  target: DeliveryTarget;
  fields: DeliveryFields;
}

/** Writes delivery updates in order, each with its event (recorded by the event store). */
function writeDeliveries(models: Models, events: EventStore, updates: readonly DeliveryUpdate[]) {
  return events.recordMarked(
    updates.map(({ target, fields }) => deliveryEvent(target, fields)),
    async (eventIds) => {
      await models.Membership.bulkWrite(
        updates.map(({ target, fields }, index) => ({
          updateOne: {
            filter: ofVersion(target),
            update: { $set: deliveryFields(fields, eventIds[index]!) },
            timestamps: false,
          },
        })),
        // In order: two updates of one membership must land as they were made.
        { ordered: true },
      );
    },
  );
}

function directWrites(models: Models, claims: Claims, events: EventStore): Writes {
  return {
    claim: claims.claim,
    setDelivery: (target, fields) => writeDeliveries(models, events, [{ target, fields }]),
  };
}

/** The mail worker's writes, grouped (group-commit.ts); each caller still gets its own result. */
function groupedWrites(models: Models, claims: Claims, events: EventStore, maxBatch: number): Writes {
  const claim = groupCommit(claims.claimMany, maxBatch);
  const delivery = groupCommit(async (updates: DeliveryUpdate[]) => {
    await writeDeliveries(models, events, updates);
    return updates.map(() => undefined);
  }, maxBatch);
  return {
    claim: (id, holder) => claim({ id, holder }),
    setDelivery: (target, fields) => delivery({ target, fields }),
  };
}

/**
 * A fresh invitation secret and its outbox entry, `queued` (or `skipped` with `skip` as the
 * reason when nothing is to be sent). The secret itself is never stored: it is derived from the
 * server key, the membership and `secretVersion`, so the mail worker can rebuild the link from
 * ids alone.
 */
export function newInvitation(
  secretKey: string,
  membershipId: string,
  options: { url: string; now: Date; skip?: string | undefined },
): { secretHash: string; delivery: Delivery } {
  const secretVersion = generateId();
  const secret = deriveInvitationSecret(secretKey, membershipId, secretVersion);
  return {
    secretHash: createHash('sha256').update(secret).digest('hex'),
    delivery: {
      state: options.skip ? 'skipped' : 'queued',
      secretVersion,
      attempts: 0,
      lastError: options.skip ?? '',
      url: options.url,
      queuedAt: options.now,
    },
  };
}

export function createOutbox(
  models: Models,
  claims: Claims,
  events: EventStore,
  writes: Writes = directWrites(models, claims, events),
) {
  const claimOf = (key: InvitationKey | MailKey, suffix: string | number) =>
    `${sendClaimPrefix(key)}${suffix}`;
  return {
    /** A member has no invitation left to send: a queued email (any version) becomes `skipped`. */
    async skipQueued(membershipId: string): Promise<void> {
      await models.Membership.updateOne(
        { _id: membershipId, 'delivery.state': 'queued' },
        { $set: { 'delivery.state': 'skipped' } },
      );
    },

    /** Invitations still `queued` since `olderThan` or before, oldest first (the sweeper's query). */
    async staleQueued(options: { olderThan: Date; limit: number }): Promise<InvitationKey[]> {
      const stale = await models.Membership.find(
        { 'delivery.state': 'queued', 'delivery.queuedAt': { $lte: options.olderThan } },
        { delivery: 1 },
      )
        .sort({ 'delivery.queuedAt': 1 })
        .limit(options.limit)
        .lean();
      return stale.flatMap((membership) =>
        membership.delivery?.secretVersion
          ? [{ membershipId: membership._id, secretVersion: membership.delivery.secretVersion }]
          : [],
      );
    },

    /** The worker found nothing to send for this version (`reason` says why). */
    markSkipped: (target: DeliveryTarget, reason: string) =>
      writes.setDelivery(target, { state: 'skipped', lastError: reason }),

    /** The server accepted the message (`attempts` omitted when recovering a recorded send). */
    markSent: (target: DeliveryTarget, sent: { messageId: string; at: Date; attempts?: number }) =>
      writes.setDelivery(target, {
        state: 'sent',
        sentAt: sent.at,
        messageId: sent.messageId,
        ...(sent.attempts === undefined ? {} : { attempts: sent.attempts }),
        lastError: '',
      }),

    /** No further attempt will be made. */
    markFailed: (target: DeliveryTarget, failure: { lastError: string; attempts?: number }) =>
      writes.setDelivery(target, {
        state: 'failed',
        ...(failure.attempts === undefined ? {} : { attempts: failure.attempts }),
        lastError: failure.lastError,
      }),

    /** An attempt failed and another will follow; the email stays `queued`. */
    recordFailedAttempt: (target: DeliveryTarget, failure: { attempts: number; lastError: string }) =>
      writes.setDelivery(target, failure),

    /**
     * The send ledger (send-ledger.ts), for any kind of email: `key` is an invitation's key or a
     * kind's `MailKey`. Who is sending this email, or whether it was sent.
     */
    readSendLedger: (key: InvitationKey | MailKey, leaseMs: number, now?: number) =>
      readSendLedger(claims, key, leaseMs, now),

    /** Starts send attempt `generation` as a lease of `holder`; false when another worker started it. */
    claimSendAttempt: (key: InvitationKey | MailKey, generation: number, holder: string) =>
      writes.claim(claimOf(key, generation), leaseHolder(holder)),

    /** The worker of attempt `generation` is alive: pushes its lease forward. */
    heartbeatSendAttempt: (key: InvitationKey | MailKey, generation: number, holder: string) =>
      claims.renewLease(claimOf(key, generation), holder),

    /** Attempt `generation` is over and the server did not take the message: the next may start. */
    async releaseSendAttempt(
      key: InvitationKey | MailKey,
      generation: number,
      reason: string,
    ): Promise<void> {
      await writes.claim(claimOf(key, `${generation}/released`), reason.slice(0, 500));
    },

    /** The server accepted the message; recorded before the membership shows `sent`. */
    async recordSent(key: InvitationKey | MailKey, messageId: string): Promise<void> {
      await writes.claim(claimOf(key, 'sent'), messageId);
    },

    /** The same outbox with its writes grouped into one command per batch (the mail worker's). */
    grouped: (maxBatch = 200) =>
      createOutbox(models, claims, events, groupedWrites(models, claims, events, maxBatch)),
  };
}
