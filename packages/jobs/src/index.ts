export {
  createRedisConnection,
  pingRedisConnection,
  waitForRedisReady,
  type Redis,
  type RedisRole,
} from './redis.ts';
export { createMailTransport, createSmtpCheck, type MailTransport } from './mail-transport.ts';
export { DEFAULT_QUEUE_PREFIX, JOB, QUEUE } from './queues.ts';
export {
  startWorkers,
  DEFAULT_MAIL_SETTINGS,
  type JobLogger,
  type MailWorkerSettings,
  type StartWorkersOptions,
  type WorkerRuntime,
} from './worker.ts';
export { InvitationJobData, invitationJobId } from './invitation-job.ts';
export { DEFAULT_RETRY, type RetrySettings } from './job-options.ts';
export {
  createInvitationQueue,
  createMailQueue,
  QueueUnavailableError,
  type RedisInvitationQueue,
  type RedisInvitationQueueOptions,
  type RedisMailQueue,
} from './invitation-queue.ts';
export { outboxKind, requestMail, type OutboxKindSpec, type OutboxMailKind } from './mail/outbox-kind.ts';
export { NO_DELIVERY_STATE, type MailContext, type MailReads } from './mail/kind.ts';
export { QueueStats } from './queue-stats.ts';
export { TimeoutError, withTimeout } from './with-timeout.ts';
export { buildAcceptLink, type AcceptLinkParams } from './mail/accept-link.ts';
export { renderInvitationEmail, type RenderedEmail } from './mail/render-invitation.ts';
export {
  loadMailOverrides,
  loadTemplateOverrides,
  TemplateConfigError,
  type TemplateOverrides,
} from './mail/template-overrides.ts';
export { renderEmail } from './mail/render-email.ts';
export { buildMimeMessage } from './mail/mime-message.ts';
export { emailOtpKind, magicUrlKind, type SignInMail } from './mail/kinds/sign-in-kinds.ts';
export { emailOtpCode, magicUrlSecret, mfaEmailCode } from './mail/sign-in-secrets.ts';
export { mfaChallengeKind, type MfaChallengeJob } from './mail/kinds/mfa-challenge-kind.ts';
export { sessionAlertKind, type SessionAlertJob } from './mail/kinds/session-alert-kind.ts';
export { verificationKind, recoveryKind, type AccountTokenJob } from './mail/kinds/account-token-kinds.ts';
export { deriveTokenSecret } from './mail/token-secret.ts';
export { buildTokenLink, linkTimestamp } from './mail/token-link.ts';
export { MAIL_KINDS, MAIL_TEMPLATES, mailKindOfJob } from './mail/registry.ts';
export { type MailKind, type DeliveryState, type MailOpening, type MailComposition } from './mail/kind.ts';
export { type MailTemplate, type MailBlock } from './mail/template.ts';
export { type EventConsumer } from './events/consumer.ts';
export { createRealtimePublisher } from './events/realtime-publisher.ts';
export { decodeRealtimeEvent, encodeRealtimeEvent, realtimeChannel } from './events/realtime-wire.ts';
export {
  createEventDispatcher,
  DEFAULT_EVENT_SETTINGS,
  type EventDispatcher,
  type EventDispatchSettings,
  type PassResult,
} from './events/dispatcher.ts';
export { createEventNudge, type EventNudge } from './events/nudge.ts';
export * from './webhooks/index.ts';
export {
  createActivityLogConsumer,
  noCountry,
  openCountryDatabase,
  parseUserAgent,
  type ActivityLogConsumerOptions,
  type CountryResolver,
  type UserAgentFields,
} from './events/activity-logs/index.ts';
