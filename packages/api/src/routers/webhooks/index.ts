import { z } from 'zod';
import { ZWebhook, ZWebhookDeliveryList, ZWebhookList, ZWebhookReplay } from '../../dto/webhook.ts';
import { limitWebhookReplays } from '../../middleware/rate-limit.ts';
import { rest } from '../../openapi/meta.ts';
import {
  createWebhook,
  deleteWebhook,
  getWebhook,
  listWebhookDeliveries,
  listWebhooks,
  replayWebhookDelivery,
  replayWebhookSince,
  rotateWebhookSecret,
  updateWebhook,
  type WebhookContext,
} from '../../services/webhooks.ts';
import { router, scopedProcedure } from '../../trpc.ts';
import { zCustomId, zQueries, zUid, zLooseBoolean } from '../../validation/params.ts';
import { webhookSettings, zWebhookSecret } from './params.ts';

const context = (deps: WebhookContext): WebhookContext => deps;

const zSince = () =>
  z
    .string({ error: 'Value must be valid date in ISO 8601 format.' })
    .refine((value) => !Number.isNaN(Date.parse(value)), {
      error: 'Value must be valid date in ISO 8601 format.',
    });

/** The Webhooks service (API keys with webhooks.read / webhooks.write; docs/events.md#webhooks). */
export const webhooksRouter = router({
  list: scopedProcedure('webhooks.read')
    .meta(rest('GET', '/webhooks', 'List webhooks (Roster)'))
    .input(z.object({ queries: zQueries().optional(), total: zLooseBoolean().optional() }))
    .output(ZWebhookList)
    .query(({ ctx, input }) => listWebhooks(context(ctx.deps), input)),

  create: scopedProcedure('webhooks.write')
    .meta(rest('POST', '/webhooks', 'Create webhook (Roster)'))
    .input(z.object({ webhookId: zCustomId(), ...webhookSettings(), secret: zWebhookSecret().optional() }))
    .output(ZWebhook)
    .mutation(({ ctx, input }) => createWebhook(context(ctx.deps), input)),

  get: scopedProcedure('webhooks.read')
    .meta(rest('GET', '/webhooks/{webhookId}', 'Get webhook (Roster)'))
    .input(z.object({ webhookId: zUid() }))
    .output(ZWebhook)
    .query(({ ctx, input }) => getWebhook(context(ctx.deps), input.webhookId)),

  update: scopedProcedure('webhooks.write')
    .meta(rest('PUT', '/webhooks/{webhookId}', 'Update webhook (Roster)'))
    .input(z.object({ webhookId: zUid(), ...webhookSettings() }))
    .output(ZWebhook)
    .mutation(({ ctx, input }) => updateWebhook(context(ctx.deps), input)),

  delete: scopedProcedure('webhooks.write')
    .meta(rest('DELETE', '/webhooks/{webhookId}', 'Delete webhook (Roster)'))
    .input(z.object({ webhookId: zUid() }))
    .output(z.void())
    .mutation(({ ctx, input }) => deleteWebhook(context(ctx.deps), input.webhookId)),

  updateSecret: scopedProcedure('webhooks.write')
    .meta(rest('PATCH', '/webhooks/{webhookId}/secret', 'Update webhook secret (Roster)'))
    .input(z.object({ webhookId: zUid(), secret: zWebhookSecret().optional() }))
    .output(ZWebhook)
    .mutation(({ ctx, input }) => rotateWebhookSecret(context(ctx.deps), input.webhookId, input.secret)),

  listDeliveries: scopedProcedure('webhooks.read')
    .meta(rest('GET', '/webhooks/{webhookId}/deliveries', 'List webhook deliveries (Roster)'))
    .input(z.object({ webhookId: zUid(), queries: zQueries().optional(), total: zLooseBoolean().optional() }))
    .output(ZWebhookDeliveryList)
    .query(({ ctx, input }) => listWebhookDeliveries(context(ctx.deps), input.webhookId, input)),

  replayDelivery: scopedProcedure('webhooks.write')
    .meta(
      rest(
        'POST',
        '/webhooks/{webhookId}/deliveries/{deliveryId}/replay',
        'Replay webhook delivery (Roster)',
      ),
    )
    .input(z.object({ webhookId: zUid(), deliveryId: zUid() }))
    .output(ZWebhookReplay)
    .mutation(async ({ ctx, input }) => {
      await limitWebhookReplays(ctx, input.webhookId);
      return replayWebhookDelivery(context(ctx.deps), input.webhookId, input.deliveryId);
    }),

  replay: scopedProcedure('webhooks.write')
    .meta(rest('POST', '/webhooks/{webhookId}/replay', 'Replay webhook events since a time (Roster)'))
    .input(z.object({ webhookId: zUid(), since: zSince() }))
    .output(ZWebhookReplay)
    .mutation(async ({ ctx, input }) => {
      await limitWebhookReplays(ctx, input.webhookId);
      return replayWebhookSince(context(ctx.deps), input.webhookId, new Date(input.since));
    }),
});
