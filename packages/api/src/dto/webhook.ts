import { type StoredWebhook, type StoredWebhookDelivery } from '@roster/db';
import { z } from 'zod';
import { toIso } from '../lib/dates.ts';

/**
 * Appwrite's Webhook model (response format 1.9.1+, docs/appwrite-compatibility.md#webhooks).
 * `secret` is only in the answers of create and secret rotation; `authPassword` is never sent
 * back (Roster's deviation: it is a credential, stored sealed).
 */
export const ZWebhook = z
  .object({
    $id: z.string(),
    $createdAt: z.string(),
    $updatedAt: z.string(),
    name: z.string(),
    url: z.string(),
    events: z.array(z.string()),
    tls: z.boolean(),
    authUsername: z.string(),
    authPassword: z.string().meta({ description: 'Always empty: the password is never sent back.' }),
    secret: z
      .string()
      .optional()
      .meta({ description: 'The signing secret: only in the answers of create and secret rotation.' }),
    enabled: z.boolean(),
    logs: z.string(),
    attempts: z.number().int(),
  })
  .meta({ id: 'Webhook' });
export type WebhookDto = z.infer<typeof ZWebhook>;

export const ZWebhookList = z
  .object({ total: z.number().int(), webhooks: z.array(ZWebhook) })
  .meta({ id: 'WebhookList' });

export function toWebhookDto(webhook: StoredWebhook, attempts: number, secret?: string): WebhookDto {
  return {
    $id: webhook._id,
    $createdAt: toIso(webhook.createdAt),
    $updatedAt: toIso(webhook.updatedAt),
    name: webhook.name,
    url: webhook.url,
    events: [...webhook.events],
    tls: webhook.tls,
    authUsername: webhook.authUsername,
    authPassword: '',
    ...(secret !== undefined ? { secret } : {}),
    enabled: webhook.enabled,
    logs: webhook.logs,
    attempts,
  };
}

/** One request made to a webhook (Roster's extension, docs/events.md#delivery-log). */
export const ZWebhookDelivery = z
  .object({
    $id: z.string(),
    $createdAt: z.string(),
    webhookId: z.string(),
    eventId: z.string(),
    events: z.array(z.string()),
    attempt: z.number().int(),
    success: z.boolean(),
    statusCode: z.number().int(),
    duration: z.number().meta({ description: 'Milliseconds.' }),
    response: z.string().meta({ description: 'The first bytes of the response body.' }),
    error: z.string(),
    replayOf: z.string(),
  })
  .meta({ id: 'WebhookDelivery' });
export type WebhookDeliveryDto = z.infer<typeof ZWebhookDelivery>;

export const ZWebhookDeliveryList = z
  .object({ total: z.number().int(), deliveries: z.array(ZWebhookDelivery) })
  .meta({ id: 'WebhookDeliveryList' });

export function toWebhookDeliveryDto(delivery: StoredWebhookDelivery): WebhookDeliveryDto {
  return {
    $id: delivery._id,
    $createdAt: toIso(delivery.createdAt),
    webhookId: delivery.webhookId,
    eventId: delivery.eventId,
    events: [...delivery.events],
    attempt: delivery.attempt,
    success: delivery.ok,
    statusCode: delivery.statusCode,
    duration: delivery.durationMs,
    response: delivery.response,
    error: delivery.error,
    replayOf: delivery.replayOf,
  };
}

/** What a replay queued (Roster's extension). */
export const ZWebhookReplay = z
  .object({
    $id: z.string().meta({ description: 'The replay id, in `replayOf` of the deliveries it makes.' }),
    webhookId: z.string(),
    total: z.number().int().meta({ description: 'Deliveries queued.' }),
  })
  .meta({ id: 'WebhookReplay' });
export type WebhookReplayDto = z.infer<typeof ZWebhookReplay>;
