import { type Connection } from 'mongoose';
import { activityLogSchema } from './activity-log.model.ts';
import { apiKeySchema } from './api-key.model.ts';
import { bucketSchema } from './bucket.model.ts';
import { claimSchema } from './claim.model.ts';
import { eventSchema } from './event.model.ts';
import { identitySchema } from './identity.model.ts';
import { joinLinkSchema, joinLinkUseSchema } from './join-link.model.ts';
import { invitationRecordSchema } from './invitation-record.model.ts';
import { idempotencyKeySchema } from './idempotency-key.model.ts';
import { mailOutboxSchema } from './mail-outbox.model.ts';
import { mfaChallengeSchema } from './mfa-challenge.model.ts';
import { oauth2FlowSchema } from './oauth2-flow.model.ts';
import { ownershipTransferSchema } from './ownership-transfer.model.ts';
import { membershipSchema } from './membership.model.ts';
import { sessionSchema } from './session.model.ts';
import { teamSchema } from './team.model.ts';
import { tokenSchema } from './token.model.ts';
import { userSchema } from './user.model.ts';
import { webhookDeliverySchema, webhookSchema } from './webhook.model.ts';

/** Each collection's schema: what the models register, and the indexes Roster declares. */
export const SCHEMAS = {
  users: userSchema,
  sessions: sessionSchema,
  teams: teamSchema,
  memberships: membershipSchema,
  apiKeys: apiKeySchema,
  claims: claimSchema,
  events: eventSchema,
  webhooks: webhookSchema,
  webhookDeliveries: webhookDeliverySchema,
  activityLogs: activityLogSchema,
  tokens: tokenSchema,
  identities: identitySchema,
  mailOutbox: mailOutboxSchema,
  mfaChallenges: mfaChallengeSchema,
  oauth2Flows: oauth2FlowSchema,
  joinLinks: joinLinkSchema,
  joinLinkUses: joinLinkUseSchema,
  invitationRecords: invitationRecordSchema,
  idempotencyKeys: idempotencyKeySchema,
  ownershipTransfers: ownershipTransferSchema,
  buckets: bucketSchema,
} as const;

function registerModels(connection: Connection) {
  return {
    User: connection.model('User', userSchema, 'users'),
    Session: connection.model('Session', sessionSchema, 'sessions'),
    Team: connection.model('Team', teamSchema, 'teams'),
    Membership: connection.model('Membership', membershipSchema, 'memberships'),
    ApiKey: connection.model('ApiKey', apiKeySchema, 'apiKeys'),
    Claim: connection.model('Claim', claimSchema, 'claims'),
    Event: connection.model('Event', eventSchema, 'events'),
    Webhook: connection.model('Webhook', webhookSchema, 'webhooks'),
    WebhookDelivery: connection.model('WebhookDelivery', webhookDeliverySchema, 'webhookDeliveries'),
    ActivityLog: connection.model('ActivityLog', activityLogSchema, 'activityLogs'),
    Token: connection.model('Token', tokenSchema, 'tokens'),
    Identity: connection.model('Identity', identitySchema, 'identities'),
    MailOutbox: connection.model('MailOutbox', mailOutboxSchema, 'mailOutbox'),
    MfaChallenge: connection.model('MfaChallenge', mfaChallengeSchema, 'mfaChallenges'),
    OAuth2Flow: connection.model('OAuth2Flow', oauth2FlowSchema, 'oauth2Flows'),
    JoinLink: connection.model('JoinLink', joinLinkSchema, 'joinLinks'),
    JoinLinkUse: connection.model('JoinLinkUse', joinLinkUseSchema, 'joinLinkUses'),
    InvitationRecord: connection.model('InvitationRecord', invitationRecordSchema, 'invitationRecords'),
    IdempotencyKey: connection.model('IdempotencyKey', idempotencyKeySchema, 'idempotencyKeys'),
    OwnershipTransfer: connection.model('OwnershipTransfer', ownershipTransferSchema, 'ownershipTransfers'),
    Bucket: connection.model('Bucket', bucketSchema, 'buckets'),
  };
}

const registered = new WeakMap<Connection, ReturnType<typeof registerModels>>();

/**
 * The models of a connection, registered on first use, so the repositories, the index sync and
 * the test store can each ask for them. Only packages/db sees them: everything else goes through
 * the repositories.
 */
export function createModels(connection: Connection): ReturnType<typeof registerModels> {
  let models = registered.get(connection);
  if (!models) registered.set(connection, (models = registerModels(connection)));
  return models;
}

export type Models = ReturnType<typeof createModels>;

/** Builds every index (the unique ones are invariants, not optimisations); call at start-up. */
export async function syncIndexes(connection: Connection): Promise<void> {
  await Promise.all(Object.values(createModels(connection)).map((model) => model.init()));
}

export { epochField, epochFilter, newEpoch, ownedByAny, sameEpoch, type Epoch } from './epoch.ts';
export { DELIVERY_STATES, type DeliveryState, type Membership } from './membership.model.ts';
export { SCOPES, type Scope, type ApiKey } from './api-key.model.ts';
export type { User } from './user.model.ts';
export type { Session } from './session.model.ts';
export type { Team } from './team.model.ts';
export type { Claim } from './claim.model.ts';
export type { Webhook, WebhookDelivery } from './webhook.model.ts';
export type { ActivityLog } from './activity-log.model.ts';
export { TOKEN_KINDS, type Token, type TokenKind } from './token.model.ts';
export type { Identity } from './identity.model.ts';
export type { JoinLink, JoinLinkUse } from './join-link.model.ts';
export { MFA_FACTORS, type MfaFactor, type MfaChallenge } from './mfa-challenge.model.ts';
export {
  CLOSED_INVITATION_STATES,
  type ClosedInvitationState,
  type InvitationRecord,
} from './invitation-record.model.ts';
export {
  OWNERSHIP_TRANSFER_STATES,
  type OwnershipTransfer,
  type OwnershipTransferState,
} from './ownership-transfer.model.ts';
