import { randomBytes } from 'node:crypto';
import {
  createSecretBox,
  generateId,
  resolveId,
  type Repositories,
  type StoredWebhook,
  type StoredWebhookDelivery,
} from '@roster/db';
import {
  checkWebhookUrl,
  DEFAULT_NETWORK_POLICY,
  replayJobId,
  systemResolver,
  webhookJobData,
  WebhookUrlRefusedError,
  type WebhookJobData,
} from '@roster/jobs';
import { type ApiConfig, type WebhookDeps } from '../deps.ts';
import {
  toWebhookDeliveryDto,
  toWebhookDto,
  type WebhookDeliveryDto,
  type WebhookDto,
  type WebhookReplayDto,
} from '../dto/webhook.ts';
import { AppError } from '../errors.ts';
import { compileFilters, listSchema, parseQueries, SEQUENCE, sortKeys } from '../queries/index.ts';
import { fetchPage, loadCursor, pageRequest, type ListInput } from './list-page.ts';

/** What webhook services need: the repositories, the server secret and the webhook settings. */
export interface WebhookContext {
  repos: Repositories;
  config: Pick<ApiConfig, 'secretKey'>;
  webhooks?: WebhookDeps | undefined;
}

/** What `webhooks.list` queries may use (Appwrite's Webhooks validator, without `attempts`). */
const WEBHOOK_QUERIES = listSchema({
  name: { type: 'string', field: 'name' },
  url: { type: 'string', field: 'url' },
  authUsername: { type: 'string', field: 'authUsername' },
  tls: { type: 'boolean', field: 'tls' },
  events: { type: 'string', field: 'events', array: true },
  enabled: { type: 'boolean', field: 'enabled' },
  logs: { type: 'string', field: 'logs' },
});

const DELIVERY_QUERIES = listSchema({
  eventId: { type: 'string', field: 'eventId' },
  events: { type: 'string', field: 'events', array: true },
  success: { type: 'boolean', field: 'ok' },
  statusCode: { type: 'integer', field: 'statusCode' },
  attempt: { type: 'integer', field: 'attempt' },
  replayOf: { type: 'string', field: 'replayOf' },
});

/** Most events one `replay since` re-sends; a longer outage is replayed in several calls. */
export const REPLAY_LIMIT = 10_000;

export interface WebhookSettingsInput {
  name: string;
  url: string;
  events: string[];
  enabled?: boolean | undefined;
  tls?: boolean | undefined;
  authUsername?: string | undefined;
  authPassword?: string | undefined;
}

/** A signing secret like Appwrite's: 64 random bytes as 128 hex characters. */
const newSecret = () => randomBytes(64).toString('hex');

/** The SSRF rule on a URL being saved: 400 `general_argument_invalid` when refused. */
async function checkUrl(ctx: WebhookContext, url: string): Promise<void> {
  try {
    await checkWebhookUrl(
      url,
      ctx.webhooks?.policy ?? DEFAULT_NETWORK_POLICY,
      ctx.webhooks?.resolve ?? systemResolver,
    );
  } catch (error) {
    if (error instanceof WebhookUrlRefusedError) {
      throw new AppError('general_argument_invalid', `Invalid \`url\` param: ${error.message}`);
    }
    throw error;
  }
}

async function found(ctx: WebhookContext, webhookId: string): Promise<StoredWebhook> {
  const webhook = await ctx.repos.webhooks.byId(webhookId);
  if (!webhook) throw new AppError('webhook_not_found');
  return webhook;
}

async function dto(ctx: WebhookContext, webhook: StoredWebhook, secret?: string): Promise<WebhookDto> {
  const attempts = (await ctx.repos.webhooks.attemptsOf([webhook])).get(webhook._id) ?? 0;
  return toWebhookDto(webhook, attempts, secret);
}

/**
 * Appwrite's PUT is a full replace: an omitted `tls` is its default, omitted credentials are
 * empty, and `enabled` defaults to true (which resets `attempts`). Roster's `tls` default is true
 * (verification on), Appwrite's false (docs/appwrite-compatibility.md#webhooks).
 */
function fieldsOf(ctx: WebhookContext, input: WebhookSettingsInput) {
  const box = createSecretBox(ctx.config.secretKey);
  return {
    name: input.name,
    url: input.url,
    events: [...new Set(input.events)],
    tls: input.tls ?? true,
    authUsername: input.authUsername ?? '',
    authPasswordSealed: box.seal(input.authPassword ?? ''),
    enabled: input.enabled ?? true,
  };
}

/** POST /v1/webhooks: the answer is the only one that shows the signing secret. */
export async function createWebhook(
  ctx: WebhookContext,
  input: WebhookSettingsInput & { webhookId: string; secret?: string | undefined },
): Promise<WebhookDto> {
  await checkUrl(ctx, input.url);
  const secret = input.secret ?? newSecret();
  const webhook = await ctx.repos.webhooks.create({
    id: resolveId(input.webhookId),
    ...fieldsOf(ctx, input),
    secretSealed: createSecretBox(ctx.config.secretKey).seal(secret),
  });
  if (!webhook) throw new AppError('webhook_already_exists');
  return toWebhookDto(webhook, 0, secret);
}

export async function getWebhook(ctx: WebhookContext, webhookId: string): Promise<WebhookDto> {
  return dto(ctx, await found(ctx, webhookId));
}

/** GET /v1/webhooks with Appwrite's queries. */
export async function listWebhooks(
  ctx: WebhookContext,
  input: ListInput,
): Promise<{ total: number; webhooks: WebhookDto[] }> {
  const parsed = parseQueries(input.queries ?? [], WEBHOOK_QUERIES);
  const all = ctx.repos.webhooks.all();
  const cursor = await loadCursor(parsed.cursor, 'Webhook', all);
  const keys = sortKeys(parsed.orders, WEBHOOK_QUERIES);
  const page = await fetchPage(
    all,
    pageRequest(parsed, input, {}, { filter: compileFilters(parsed.filters), keys, cursor }),
  );
  const attempts = await ctx.repos.webhooks.attemptsOf(page.items);
  return {
    total: page.total,
    webhooks: page.items.map((webhook) => toWebhookDto(webhook, attempts.get(webhook._id) ?? 0)),
  };
}

/** PUT /v1/webhooks/{webhookId}: a full replace, as Appwrite. */
export async function updateWebhook(
  ctx: WebhookContext,
  input: WebhookSettingsInput & { webhookId: string },
): Promise<WebhookDto> {
  await found(ctx, input.webhookId);
  await checkUrl(ctx, input.url);
  const webhook = await ctx.repos.webhooks.replace(input.webhookId, fieldsOf(ctx, input));
  if (!webhook) throw new AppError('webhook_not_found');
  return dto(ctx, webhook);
}

/** Enable or disable without replacing the rest (the keys CLI); enabling resets `attempts`. */
export async function setWebhookEnabled(
  ctx: WebhookContext,
  webhookId: string,
  enabled: boolean,
): Promise<WebhookDto> {
  const webhook = await ctx.repos.webhooks.setEnabled(webhookId, enabled);
  if (!webhook) throw new AppError('webhook_not_found');
  return dto(ctx, webhook);
}

export async function deleteWebhook(ctx: WebhookContext, webhookId: string): Promise<void> {
  if (!(await ctx.repos.webhooks.delete(webhookId))) throw new AppError('webhook_not_found');
}

/** PATCH /v1/webhooks/{webhookId}/secret: a new secret (given or generated), shown this once. */
export async function rotateWebhookSecret(
  ctx: WebhookContext,
  webhookId: string,
  secret?: string,
): Promise<WebhookDto> {
  const value = secret ?? newSecret();
  const webhook = await ctx.repos.webhooks.setSecret(
    webhookId,
    createSecretBox(ctx.config.secretKey).seal(value),
  );
  if (!webhook) throw new AppError('webhook_not_found');
  return dto(ctx, webhook, value);
}

/** GET /v1/webhooks/{webhookId}/deliveries (Roster): newest first unless queries order it. */
export async function listWebhookDeliveries(
  ctx: WebhookContext,
  webhookId: string,
  input: ListInput,
): Promise<{ total: number; deliveries: WebhookDeliveryDto[] }> {
  await found(ctx, webhookId);
  const parsed = parseQueries(input.queries ?? [], DELIVERY_QUERIES);
  const deliveries = ctx.repos.webhooks.deliveriesOf(webhookId);
  const cursor = await loadCursor(parsed.cursor, 'Delivery', deliveries);
  const orders =
    parsed.orders.length > 0 ? parsed.orders : [{ attribute: SEQUENCE, direction: 'desc' as const }];
  const keys = sortKeys(orders, DELIVERY_QUERIES);
  const page = await fetchPage(
    deliveries,
    pageRequest(parsed, input, {}, { filter: compileFilters(parsed.filters), keys, cursor }),
  );
  return { total: page.total, deliveries: page.items.map(toWebhookDeliveryDto) };
}

function replayQueue(ctx: WebhookContext) {
  const queue = ctx.webhooks?.queue;
  if (!queue) throw new AppError('general_service_unavailable', 'Webhook replays are not available.');
  return queue;
}

const fromDelivery = (delivery: StoredWebhookDelivery, replayOf: string): WebhookJobData => ({
  webhookId: delivery.webhookId,
  eventId: delivery.eventId,
  names: [...delivery.events],
  body: delivery.body,
  userId: delivery.userId,
  eventCreatedAt: delivery.eventCreatedAt.toISOString(),
  replayOf,
});

/** POST /v1/webhooks/{webhookId}/deliveries/{deliveryId}/replay (Roster): sends that body again. */
export async function replayWebhookDelivery(
  ctx: WebhookContext,
  webhookId: string,
  deliveryId: string,
): Promise<WebhookReplayDto> {
  await found(ctx, webhookId);
  const queue = replayQueue(ctx);
  const delivery = await ctx.repos.webhooks.deliveryById(webhookId, deliveryId);
  if (!delivery) throw new AppError('webhook_delivery_not_found');
  const replayId = generateId();
  await queue.add([
    { jobId: replayJobId(replayId, delivery.eventId, webhookId), data: fromDelivery(delivery, delivery._id) },
  ]);
  return { $id: replayId, webhookId, total: 1 };
}

/**
 * POST /v1/webhooks/{webhookId}/replay (Roster): re-sends every event since `since` that the
 * webhook subscribes to now, from the event stream when it is wired, else from the webhook's
 * delivery log (one delivery per event).
 */
export async function replayWebhookSince(
  ctx: WebhookContext,
  webhookId: string,
  since: Date,
): Promise<WebhookReplayDto> {
  const webhook = await found(ctx, webhookId);
  // Never before the webhook existed: a key that may only manage webhooks must not read, through a
  // fresh webhook, the weeks of team and user events the stream keeps (docs/events.md#replay).
  const from = since < webhook.createdAt ? webhook.createdAt : since;
  const queue = replayQueue(ctx);
  const replayId = generateId();
  const subscribed = new Set(webhook.events);
  let jobs: { jobId: string; data: WebhookJobData }[];
  const source = ctx.webhooks?.events;
  if (source) {
    const events = await source.since(from, webhook.events, REPLAY_LIMIT);
    jobs = events
      .filter((event) => event.createdAt >= from && event.names.some((name) => subscribed.has(name)))
      .map((event) => ({
        jobId: replayJobId(replayId, event.id, webhookId),
        data: webhookJobData(event, webhookId, replayId),
      }));
  } else {
    const seen = new Set<string>();
    jobs = [];
    for (const delivery of await ctx.repos.webhooks.deliveriesSince(webhookId, from, REPLAY_LIMIT * 4)) {
      if (seen.has(delivery.eventId) || delivery.eventCreatedAt < from) continue;
      if (!delivery.events.some((name) => subscribed.has(name))) continue;
      seen.add(delivery.eventId);
      jobs.push({
        jobId: replayJobId(replayId, delivery.eventId, webhookId),
        data: fromDelivery(delivery, replayId),
      });
    }
    jobs = jobs.slice(0, REPLAY_LIMIT);
  }
  await queue.add(jobs);
  return { $id: replayId, webhookId, total: jobs.length };
}
