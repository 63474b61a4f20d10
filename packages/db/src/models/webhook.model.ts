import { Schema, type InferSchemaType } from 'mongoose';

/**
 * A webhook (Appwrite's resource, docs/events.md#webhooks). The signing secret and the Basic-auth
 * password must be sent, so they cannot be hashed: both are stored sealed (webhooks/secret-box.ts).
 * `attempts` is not stored: it is derived by counting the failed deliveries since `countFrom` (the
 * last success or re-enable), because FerretDB loses concurrent `$inc`s (docs/database.md).
 */
export const webhookSchema = new Schema(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    url: { type: String, required: true },
    events: { type: [String], default: [] },
    tls: { type: Boolean, default: true },
    authUsername: { type: String, default: '' },
    authPasswordSealed: { type: String, default: '' },
    secretSealed: { type: String, required: true },
    enabled: { type: Boolean, default: true },
    /** The most recent failure, in Appwrite's `logs` text. */
    logs: { type: String, default: '' },
    /** Failed deliveries after this instant are the `attempts` (consecutive failures). */
    countFrom: { type: Date, required: true },
  },
  { timestamps: true, minimize: false, versionKey: false },
);
// What the event consumer asks for each event: the enabled webhooks listing one of its names.
webhookSchema.index({ enabled: 1, events: 1 });

export type Webhook = InferSchemaType<typeof webhookSchema>;

/**
 * One HTTP request made to a webhook (one attempt of one event). It keeps the body it sent, so
 * a delivery can be replayed after the event stream dropped the event; the scheduled cleanup
 * removes deliveries older than the retention (`ROSTER_WEBHOOK_DELIVERY_RETENTION`).
 */
export const webhookDeliverySchema = new Schema(
  {
    _id: { type: String, required: true },
    webhookId: { type: String, required: true },
    eventId: { type: String, required: true },
    events: { type: [String], default: [] },
    /** The exact JSON body sent (signed with the URL). */
    body: { type: String, required: true },
    /** The actor's user id (`X-Appwrite-Webhook-User-Id`), empty for keys and the system. */
    userId: { type: String, default: '' },
    eventCreatedAt: { type: Date, required: true },
    /** 1 for the first try of a job, then 2, 3… for its retries. */
    attempt: { type: Number, required: true },
    ok: { type: Boolean, required: true },
    /** 0 when no response arrived (refused, timeout, connection error). */
    statusCode: { type: Number, default: 0 },
    durationMs: { type: Number, default: 0 },
    /** The first bytes of the response body (WEBHOOK_RESPONSE_EXCERPT_BYTES). */
    response: { type: String, default: '' },
    error: { type: String, default: '' },
    /** Set on deliveries made by a replay: the delivery or the replay request they repeat. */
    replayOf: { type: String, default: '' },
  },
  { timestamps: { createdAt: true, updatedAt: false }, versionKey: false },
);
webhookDeliverySchema.index({ webhookId: 1, createdAt: -1 });
webhookDeliverySchema.index({ webhookId: 1, ok: 1, createdAt: 1 });
webhookDeliverySchema.index({ createdAt: 1 });
webhookDeliverySchema.index({ webhookId: 1, eventId: 1 });

export type WebhookDelivery = InferSchemaType<typeof webhookDeliverySchema>;
