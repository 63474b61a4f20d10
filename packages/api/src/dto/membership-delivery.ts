import { DELIVERY_STATES, type Delivery } from '@roster/db';
import { z } from 'zod';
import { toIso } from '../lib/dates.ts';

/**
 * Where an invitation email stands (docs/invitations.md#the-pipeline): `queued` until the worker hands it to
 * SMTP, then `sent`, or `failed` (with the server's reason) or `skipped` (accepted or withdrawn before it
 * went out). Roster's own model: Appwrite reports nothing about invitation emails.
 */
export const ZMembershipDelivery = z
  .object({
    state: z.enum(DELIVERY_STATES),
    /** Send attempts made for the current secret version. */
    attempts: z.number().int(),
    /** Why the last attempt failed, or why the email was skipped; `''` otherwise. */
    lastError: z.string(),
    queuedAt: z.string(),
    /** `''` until sent. */
    sentAt: z.string(),
  })
  .meta({ id: 'MembershipDelivery' });
export type MembershipDeliveryDto = z.infer<typeof ZMembershipDelivery>;

export function toMembershipDeliveryDto(delivery: Delivery): MembershipDeliveryDto {
  return {
    state: delivery.state,
    attempts: delivery.attempts ?? 0,
    lastError: delivery.lastError ?? '',
    queuedAt: toIso(delivery.queuedAt),
    sentAt: toIso(delivery.sentAt),
  };
}
