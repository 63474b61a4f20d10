import { unlessDuplicate } from '../errors.ts';
import { generateId } from '../ids.ts';
import { listing, type Listing } from '../listing.ts';
import { type Models } from '../models/index.ts';
import { type StoredWebhook, type StoredWebhookDelivery } from '../stored.ts';

export type Webhooks = ReturnType<typeof createWebhooks>;

/** A webhook's settings as stored; the secret and password come sealed (webhooks/secret-box.ts). */
export interface WebhookFields {
  name: string;
  url: string;
  events: string[];
  tls: boolean;
  authUsername: string;
  authPasswordSealed: string;
  enabled: boolean;
}

export type NewWebhookDelivery = Omit<StoredWebhookDelivery, '_id' | 'createdAt'> & { _id?: string };

/** The most failed deliveries `attempts` counts; above it the webhook is long disabled anyway. */
const ATTEMPTS_CAP = 1000;

/**
 * The `webhooks` and `webhookDeliveries` collections. `attempts` (consecutive failures) is counted
 * from the delivery log, never incremented (docs/database.md).
 */
export function createWebhooks(models: Models) {
  const { Webhook, WebhookDelivery } = models;

  const countFailures = (webhook: Pick<StoredWebhook, '_id' | 'countFrom'>) =>
    WebhookDelivery.countDocuments(
      { webhookId: webhook._id, ok: false, createdAt: { $gt: webhook.countFrom } },
      { limit: ATTEMPTS_CAP },
    );

  return {
    byId: (id: string): Promise<StoredWebhook | null> => Webhook.findById(id).lean(),

    /** Every webhook, for lists with queries. */
    all: (): Listing<StoredWebhook> => listing<StoredWebhook>(Webhook, {}, 'webhooks.list'),

    /** Creates a webhook, or null when the id is taken. */
    async create(input: WebhookFields & { id: string; secretSealed: string }): Promise<StoredWebhook | null> {
      const { id, ...fields } = input;
      const created = await unlessDuplicate(Webhook.create({ _id: id, ...fields, countFrom: new Date() }));
      return created ? created.toObject() : null;
    },

    /**
     * Replaces the settings (Appwrite's PUT). Enabling resets `attempts` (the count restarts now);
     * null when the webhook is gone.
     */
    replace: (id: string, fields: WebhookFields): Promise<StoredWebhook | null> =>
      Webhook.findOneAndUpdate(
        { _id: id },
        { $set: { ...fields, ...(fields.enabled ? { countFrom: new Date() } : {}) } },
        { returnDocument: 'after' },
      ).lean(),

    /** Turns delivery on or off (CLI enable/disable); enabling resets `attempts` as Appwrite's PUT. */
    setEnabled: (id: string, enabled: boolean): Promise<StoredWebhook | null> =>
      Webhook.findOneAndUpdate(
        { _id: id },
        { $set: { enabled, ...(enabled ? { countFrom: new Date() } : {}) } },
        { returnDocument: 'after' },
      ).lean(),

    /** Stores a new sealed signing secret; null when the webhook is gone. */
    setSecret: (id: string, secretSealed: string): Promise<StoredWebhook | null> =>
      Webhook.findOneAndUpdate({ _id: id }, { $set: { secretSealed } }, { returnDocument: 'after' }).lean(),

    /** Deletes a webhook and its delivery log; false when no webhook has that id. */
    async delete(id: string): Promise<boolean> {
      const deleted = (await Webhook.deleteOne({ _id: id })).deletedCount > 0;
      await WebhookDelivery.deleteMany({ webhookId: id });
      return deleted;
    },

    /** The enabled webhooks whose `events` list one of `names` (exact match, as Appwrite). */
    matching: (names: readonly string[]): Promise<StoredWebhook[]> =>
      names.length === 0
        ? Promise.resolve([])
        : Webhook.find({ enabled: true, events: { $in: [...names] } })
            .sort({ createdAt: 1, _id: 1 })
            .lean(),

    /** `attempts` of each webhook: its failed deliveries since the last success or re-enable. */
    async attemptsOf(
      webhooks: readonly Pick<StoredWebhook, '_id' | 'countFrom'>[],
    ): Promise<Map<string, number>> {
      const counts = await Promise.all(webhooks.map((webhook) => countFailures(webhook)));
      return new Map(webhooks.map((webhook, index) => [webhook._id, counts[index] ?? 0]));
    },

    /** Logs one request made to a webhook. */
    async recordDelivery(delivery: NewWebhookDelivery): Promise<StoredWebhookDelivery> {
      const { _id, ...rest } = delivery;
      const created = await WebhookDelivery.create({ _id: _id ?? generateId(), ...rest });
      return created.toObject<StoredWebhookDelivery>();
    },

    /** True when an earlier job already delivered this event to this webhook (not a replay). */
    async wasDelivered(webhookId: string, eventId: string): Promise<boolean> {
      return (await WebhookDelivery.exists({ webhookId, eventId, ok: true, replayOf: '' })) !== null;
    },

    /** A success: `attempts` restarts from zero (Appwrite resets it on every success). */
    async markSuccess(id: string, at: Date): Promise<void> {
      await Webhook.updateOne(
        { _id: id, countFrom: { $lt: at } },
        { $set: { countFrom: at } },
        { timestamps: false },
      );
    },

    /**
     * A failure: stores Appwrite's `logs` text, then disables the webhook once its consecutive
     * failures reach `maxAttempts`. Returns the count and whether this call disabled it.
     */
    async markFailure(
      id: string,
      logs: string,
      maxAttempts: number,
    ): Promise<{ attempts: number; disabled: boolean }> {
      const webhook = await Webhook.findOneAndUpdate(
        { _id: id },
        { $set: { logs } },
        { returnDocument: 'after', timestamps: false },
      ).lean();
      if (!webhook) return { attempts: 0, disabled: false };
      const attempts = await countFailures(webhook);
      if (attempts < maxAttempts || !webhook.enabled) return { attempts, disabled: false };
      const result = await Webhook.updateOne({ _id: id, enabled: true }, { $set: { enabled: false } });
      return { attempts, disabled: result.modifiedCount > 0 };
    },

    /** A webhook's delivery log, for lists with queries. */
    deliveriesOf: (webhookId: string): Listing<StoredWebhookDelivery> =>
      listing<StoredWebhookDelivery>(WebhookDelivery, { webhookId }),

    deliveryById: (webhookId: string, deliveryId: string): Promise<StoredWebhookDelivery | null> =>
      WebhookDelivery.findOne({ _id: deliveryId, webhookId }).lean(),

    /** The deliveries of a webhook since `since`, oldest first (what a replay may re-send). */
    deliveriesSince: (webhookId: string, since: Date, limit: number): Promise<StoredWebhookDelivery[]> =>
      WebhookDelivery.find({ webhookId, createdAt: { $gte: since } })
        .sort({ createdAt: 1, _id: 1 })
        .limit(limit)
        .lean(),

    /** Retention: deletes deliveries logged before `before`. */
    async deleteDeliveriesBefore(before: Date): Promise<number> {
      return (await WebhookDelivery.deleteMany({ createdAt: { $lt: before } })).deletedCount;
    },
  };
}
