export { createWebhookConsumer } from './consumer.ts';
export { createWebhookQueue, type WebhookQueue, type WebhookQueueOptions } from './queue.ts';
export {
  DEFAULT_WEBHOOK_RETRY,
  replayJobId,
  WebhookJobData,
  webhookJobData,
  webhookJobId,
  type WebhookRetrySettings,
} from './job.ts';
export { DEFAULT_WEBHOOK_DELIVERY, deliverWebhook, type WebhookDeliverySettings } from './deliver.ts';
export {
  DEFAULT_WEBHOOK_WORKER,
  startWebhookWorker,
  type StartWebhookWorkerOptions,
  type WebhookWorkerSettings,
} from './worker.ts';
export { appwriteSignature, rosterSignature } from './signature.ts';
export { nodeConnector, postWebhook, type Connector } from './post.ts';
export {
  checkWebhookUrl,
  DEFAULT_NETWORK_POLICY,
  isForbiddenAddress,
  systemResolver,
  WebhookUrlRefusedError,
  type NetworkPolicy,
  type ResolvedAddress,
  type Resolver,
} from './ssrf.ts';
export { type WebhookEventSource } from './event-source.ts';
