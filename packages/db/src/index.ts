export {
  connectDatabase,
  DEFAULT_OPERATION_TIMEOUT_MS,
  pingDatabase,
  type Connection,
  type DatabaseOptions,
} from './connection.ts';
export { isDatabaseUnavailableError } from './errors.ts';
export { syncIndexes } from './models/index.ts';
export {
  DELIVERY_STATES,
  SCOPES,
  TOKEN_KINDS,
  MFA_FACTORS,
  CLOSED_INVITATION_STATES,
  type ClosedInvitationState,
  OWNERSHIP_TRANSFER_STATES,
  type MfaFactor,
  type OwnershipTransferState,
  type DeliveryState,
  type Scope,
  type TokenKind,
} from './models/index.ts';

// The repositories, and the shapes their named queries take and return.
export { createRepositories, type Repositories } from './repositories/index.ts';
export { type InvitationFields } from './repositories/memberships.ts';
export { type StoredInvitationRecord } from './repositories/invitation-records.ts';
export {
  type ActivityLogPage,
  type ActivityLogs,
  type NewActivityLog,
} from './repositories/activity-logs.ts';
export { type SessionUser } from './repositories/sessions.ts';
export { type NewIdentity } from './repositories/identities.ts';
export { JOIN_LINKS_LISTED, type NewJoinLink } from './repositories/join-links.ts';
export { type NewOAuth2Flow } from './repositories/oauth2-flows.ts';
export { type IdempotencyClaim } from './repositories/idempotency-keys.ts';
export { type TeamListing, type TeamReader, type TeamRole } from './repositories/teams.ts';
export { ACCESSED_AT_GRANULARITY_MS, type UserChanges, type UserRemovals } from './repositories/users.ts';
export { type NewWebhookDelivery, type WebhookFields } from './repositories/webhooks.ts';
export { type BucketFields } from './repositories/buckets.ts';
export type {
  Delivery,
  StoredActivityLog,
  StoredApiKey,
  StoredBucket,
  StoredIdentity,
  StoredJoinLink,
  StoredMembership,
  StoredSession,
  StoredTeam,
  StoredToken,
  StoredMfaChallenge,
  StoredOAuth2Flow,
  StoredIdempotencyKey,
  StoredOwnershipTransfer,
  StoredUser,
  StoredWebhook,
  StoredWebhookDelivery,
} from './stored.ts';
export { type Listing } from './listing.ts';
export { allOf, MATCH_NOTHING, type Filter, type Sort } from './filters.ts';
export { LockTimeoutError } from './claims.ts';
export {
  CLAIM_RETENTION_MS,
  DEFAULT_ACTIVITY_LOG_RETENTION_MS,
  DEFAULT_EVENT_RETENTION_MS,
  deleteExpired,
  type CleanupOptions,
  type CleanupResult,
} from './cleanup.ts';

// The invitation outbox, shared by the API (invite, accept) and the worker (send, sweep).
export { newInvitation, type Outbox } from './outbox/outbox.ts';
export { deriveInvitationSecret } from './outbox/invitation-secret.ts';
export { type InvitationQueue, type InvitationKey } from './outbox/invitation-queue.ts';
export { invitationMailKey, type MailKey, type SendLedger } from './outbox/send-ledger.ts';
export { groupCommit } from './outbox/group-commit.ts';
export {
  MAIL_OUTBOX_RETENTION_MS,
  type MailDeliveryFields,
  type MailOutbox,
  type MailOutboxRecord,
} from './outbox/mail-outbox.ts';
export { DELIVERY_EVENT_TEMPLATE, type DeliveryTarget } from './outbox/delivery-event.ts';

// Rules and names both sides need.
export { belongsToTeam, belongsToUser, type TeamTie, type UserTie } from './ties.ts';
export { sameEpoch } from './models/epoch.ts';
export { OWNER } from './roles.ts';
export { generateId, resolveId } from './ids.ts';

// The event stream (docs/events.md): the shape every consumer reads, and Appwrite's name expansion.
export { type EventActor, type RosterEvent } from './events/event.ts';
export { generateEvents } from './events/generate-events.ts';
export { type EventCollection, type EventDraft, type EventOutcome, type EventStore } from './events/store.ts';

// Webhooks: which patterns may be subscribed to, and the sealing of their credentials.
export { isValidEventPattern, MAX_WEBHOOK_EVENTS } from './events/event-validator.ts';
export { createSecretBox, type SecretBox } from './webhooks/secret-box.ts';
