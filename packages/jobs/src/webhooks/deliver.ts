import { generateId, type Repositories, type SecretBox } from '@roster/db';
import { postWebhook, type Connector } from './post.ts';
import { appwriteSignature, rosterSignature } from './signature.ts';
import { type WebhookJobData } from './job.ts';
import { type NetworkPolicy, type Resolver } from './ssrf.ts';

export interface WebhookDeliverySettings {
  /** Whole-request timeout (`ROSTER_WEBHOOK_TIMEOUT`). */
  timeoutMs: number;
  /** Consecutive failures that disable a webhook (`ROSTER_WEBHOOK_MAX_FAILED_ATTEMPTS`). */
  maxFailedAttempts: number;
  /** Bytes of the response kept in the delivery log. */
  excerptBytes: number;
  /** `X-Appwrite-Webhook-Project-Id`. */
  projectId: string;
  /** `User-Agent`. */
  userAgent: string;
}

export const DEFAULT_WEBHOOK_DELIVERY: Omit<WebhookDeliverySettings, 'projectId' | 'userAgent'> = {
  timeoutMs: 15_000,
  maxFailedAttempts: 10,
  excerptBytes: 4096,
};

/** Bytes of a failed response's body copied into the webhook's `logs`, as Appwrite. */
const LOGS_BODY_BYTES = 10_000;

export interface WebhookDeliveryDeps {
  repos: Pick<Repositories, 'webhooks'>;
  box: SecretBox;
  settings: WebhookDeliverySettings;
  policy: NetworkPolicy;
  resolve: Resolver;
  connect?: Connector;
  now?: () => Date;
}

export type DeliveryOutcome =
  | { outcome: 'delivered'; deliveryId: string; statusCode: number }
  | { outcome: 'skipped'; reason: 'webhook-deleted' | 'webhook-disabled' | 'already-delivered' }
  | {
      outcome: 'failed';
      deliveryId: string;
      statusCode: number;
      error: string;
      /** No retry can help: the URL is refused, or this failure disabled the webhook. */
      final: boolean;
      disabled: boolean;
    };

/**
 * A header value as PHP's curl sends it: the UTF-8 bytes as they are (Node writes header strings
 * as latin1, so the bytes are spelled as latin1 characters). Line breaks become spaces, so a name
 * can never add a header.
 */
function headerText(value: string): string {
  return Buffer.from(value.replace(/[\r\n]+/g, ' '), 'utf8').toString('latin1');
}

/** Appwrite's `logs` text of a failed delivery (docs/events.md#retries-and-auto-disable). */
function failureLogs(url: string, names: readonly string[], statusCode: number, body: string, error: string) {
  const head = `URL: ${url}\nMethod: POST\n`;
  if (statusCode > 0) return `${head}Status code: ${statusCode}\nBody: \n${body.slice(0, LOGS_BODY_BYTES)}\n`;
  return `${head}Client Error: ${error}\nEvents: ${names.join(', ')}\n`;
}

/**
 * Sends one delivery job (docs/events.md#webhooks): Appwrite's headers and signature, Roster's
 * idempotency headers, then the delivery log, `attempts` and auto-disable. The webhook is read
 * now, not when the event happened: a disabled or deleted webhook gets nothing more.
 */
export async function deliverWebhook(
  data: WebhookJobData,
  attempt: number,
  deps: WebhookDeliveryDeps,
): Promise<DeliveryOutcome> {
  const { repos, box, settings } = deps;
  const webhook = await repos.webhooks.byId(data.webhookId);
  if (!webhook) return { outcome: 'skipped', reason: 'webhook-deleted' };
  if (!webhook.enabled) return { outcome: 'skipped', reason: 'webhook-disabled' };
  if (!data.replayOf && attempt === 1 && (await repos.webhooks.wasDelivered(webhook._id, data.eventId))) {
    return { outcome: 'skipped', reason: 'already-delivered' };
  }

  const secret = box.open(webhook.secretSealed);
  const password = box.open(webhook.authPasswordSealed);
  const deliveryId = generateId();
  const timestamp = Math.floor((deps.now?.() ?? new Date()).getTime() / 1000);
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    'User-Agent': settings.userAgent,
    'X-Appwrite-Webhook-Id': webhook._id,
    'X-Appwrite-Webhook-Events': data.names.join(','),
    'X-Appwrite-Webhook-Name': headerText(webhook.name),
    'X-Appwrite-Webhook-User-Id': data.userId,
    'X-Appwrite-Webhook-Project-Id': settings.projectId,
    'X-Appwrite-Webhook-Signature': appwriteSignature(secret, webhook.url, data.body),
    'X-Roster-Event-Id': data.eventId,
    'X-Roster-Delivery-Id': deliveryId,
    'X-Roster-Timestamp': String(timestamp),
    'X-Roster-Signature': rosterSignature(secret, timestamp, data.eventId, data.body),
  };
  if (webhook.authUsername && password) {
    headers.Authorization = `Basic ${Buffer.from(`${webhook.authUsername}:${password}`).toString('base64')}`;
  }

  const result = await postWebhook({
    url: webhook.url,
    body: data.body,
    headers,
    tls: webhook.tls,
    timeoutMs: settings.timeoutMs,
    excerptBytes: Math.max(settings.excerptBytes, LOGS_BODY_BYTES),
    policy: deps.policy,
    resolve: deps.resolve,
    ...(deps.connect ? { connect: deps.connect } : {}),
  });
  // A 3xx is a success, as in Appwrite: redirects are not followed.
  const ok = !result.refused && result.error === '' && result.statusCode > 0 && result.statusCode < 400;
  const recorded = await repos.webhooks.recordDelivery({
    _id: deliveryId,
    webhookId: webhook._id,
    eventId: data.eventId,
    events: data.names,
    body: data.body,
    userId: data.userId,
    eventCreatedAt: new Date(data.eventCreatedAt),
    attempt,
    ok,
    statusCode: result.statusCode,
    durationMs: result.durationMs,
    response: result.excerpt.slice(0, settings.excerptBytes),
    error: result.error,
    replayOf: data.replayOf ?? '',
  });
  if (ok) {
    await repos.webhooks.markSuccess(webhook._id, recorded.createdAt);
    return { outcome: 'delivered', deliveryId, statusCode: result.statusCode };
  }
  const { disabled, attempts } = await repos.webhooks.markFailure(
    webhook._id,
    failureLogs(webhook.url, data.names, result.statusCode, result.excerpt, result.error),
    settings.maxFailedAttempts,
  );
  return {
    outcome: 'failed',
    deliveryId,
    statusCode: result.statusCode,
    error: result.error || `HTTP ${result.statusCode}`,
    final: result.refused || disabled || attempts >= settings.maxFailedAttempts,
    disabled,
  };
}
