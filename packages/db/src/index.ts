export {
  connectDatabase,
  DEFAULT_OPERATION_TIMEOUT_MS,
  pingDatabase,
  type Connection,
  type DatabaseOptions,
} from './connection.ts';
export { syncIndexes } from './models/index.ts';
export { createRepositories, type Repositories } from './repositories/index.ts';
export { type ApiKeys } from './repositories/api-keys.ts';
export { type InvitationFields, type Memberships, type SlotWrite } from './repositories/memberships.ts';
export { type NewSession, type Sessions, type SessionUser } from './repositories/sessions.ts';
export { type TeamListing, type TeamReader, type Teams } from './repositories/teams.ts';
export { type NewUserDocument, type UserChanges, type Users } from './repositories/users.ts';
export { LockTimeoutError, type ClaimHandle, type Claims } from './claims.ts';
export { newInvitation, type Outbox } from './outbox/outbox.ts';
export { deriveInvitationSecret } from './outbox/invitation-secret.ts';
export { type InvitationKey, type InvitationQueue } from './outbox/invitation-queue.ts';
export { type SendLedger } from './outbox/send-ledger.ts';
export type {
  Delivery,
  StoredApiKey,
  StoredClaim,
  StoredMembership,
  StoredSession,
  StoredTeam,
  StoredUser,
} from './stored.ts';
export { DELIVERY_STATES, SCOPES, type DeliveryState, type Scope } from './models/index.ts';
export { belongsToTeam, belongsToUser, type TeamTie, type UserTie } from './ties.ts';
export { OWNER } from './roles.ts';
export { generateId, resolveId } from './ids.ts';
export { allOf, MATCH_NOTHING, type Filter, type Sort } from './filters.ts';
export { type Listing } from './listing.ts';
export { isDatabaseUnavailableError } from './errors.ts';
export { CLAIM_RETENTION_MS, deleteExpired, type CleanupResult } from './cleanup.ts';
