import { type EventDraft } from '../events/store.ts';
import { type Delivery } from '../stored.ts';
import { type InvitationKey } from './invitation-queue.ts';

/**
 * Roster's event for the invitation email's progress (docs/events.md#roster-events): the worker's
 * delivery writes (sent, failed, skipped, a failed attempt) are state changes owners watch, so
 * each records one, like the API's changes. Appwrite has no such event; the name extends its
 * membership templates, so `teams.*` webhooks and the `memberships` channel carry it.
 */
export const DELIVERY_EVENT_TEMPLATE = 'teams.[teamId].memberships.[membershipId].update.delivery';

/** A delivery write's invitation: its key, its team and its delivery as read before the write. */
export interface DeliveryTarget extends InvitationKey {
  teamId: string;
  delivery: Delivery;
}

const iso = (date: Date | null | undefined) => (date ? new Date(date).toISOString() : '');

/**
 * The event of writing `fields` over `target.delivery`. Its payload is the MembershipDelivery
 * model of the REST API with the ids it belongs to; its ordering key is the membership's email,
 * whose writes only the mail worker makes, one after another.
 */
export function deliveryEvent(target: DeliveryTarget, fields: Partial<Delivery>): EventDraft {
  const delivery = { ...target.delivery, ...fields };
  const { teamId, membershipId } = target;
  return {
    template: DELIVERY_EVENT_TEMPLATE,
    params: { teamId, membershipId },
    resource: `delivery/${membershipId}`,
    teamId,
    actor: { type: 'system', userId: '', userName: '', userEmail: '', ip: '', userAgent: '' },
    // A marker of its own: the membership's `eventId` belongs to the API's membership events.
    target: {
      collection: 'memberships',
      filter: { _id: membershipId },
      kind: 'write',
      marker: 'delivery.eventId',
    },
    // Guessed first: most emails record one event (`sent`), and this process remembers the
    // position of the others it wrote. A wrong guess (a retry after a restart, a re-invite) only
    // collides, and the top is read then (positions.ts); a right one saves a sorted read per email.
    newResource: true,
    payload: {
      teamId,
      membershipId,
      state: delivery.state,
      attempts: delivery.attempts ?? 0,
      lastError: delivery.lastError ?? '',
      queuedAt: iso(delivery.queuedAt),
      sentAt: iso(delivery.sentAt),
    },
  };
}
