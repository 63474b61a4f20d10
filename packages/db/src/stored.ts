import { type ActivityLog } from './models/activity-log.model.ts';
import { type ApiKey } from './models/api-key.model.ts';
import { type Bucket } from './models/bucket.model.ts';
import { type Claim } from './models/claim.model.ts';
import { type IdempotencyKey } from './models/idempotency-key.model.ts';
import { type Identity } from './models/identity.model.ts';
import { type JoinLink } from './models/join-link.model.ts';
import { type MfaChallenge } from './models/mfa-challenge.model.ts';
import { type Membership } from './models/membership.model.ts';
import { type OAuth2Flow } from './models/oauth2-flow.model.ts';
import { type OwnershipTransfer } from './models/ownership-transfer.model.ts';
import { type Session } from './models/session.model.ts';
import { type Team } from './models/team.model.ts';
import { type Token } from './models/token.model.ts';
import { type User } from './models/user.model.ts';
import { type Webhook, type WebhookDelivery } from './models/webhook.model.ts';

/** A document as the repositories return it: a plain object with its id and timestamps. */
type Stored<T> = T & { _id: string; createdAt: Date; updatedAt: Date };

export type StoredTeam = Stored<Team>;
export type StoredUser = Stored<User>;
export type StoredMembership = Stored<Membership>;
export type StoredSession = Stored<Session>;
export type StoredIdentity = Stored<Identity>;
export type StoredApiKey = Stored<ApiKey>;
export type StoredWebhook = Stored<Webhook>;
export type StoredBucket = Stored<Bucket>;
export type StoredWebhookDelivery = WebhookDelivery & { _id: string; createdAt: Date };
export type StoredClaim = Claim & { _id: string; createdAt: Date };
export type StoredToken = Token & { _id: string; createdAt: Date };
export type StoredMfaChallenge = MfaChallenge & { _id: string; createdAt: Date };
export type StoredJoinLink = Stored<JoinLink>;
export type StoredOAuth2Flow = OAuth2Flow & { _id: string; createdAt: Date };
export type StoredIdempotencyKey = IdempotencyKey & { _id: string; createdAt: Date };
export type StoredOwnershipTransfer = Stored<OwnershipTransfer>;

/** The invitation email outbox of a membership (outbox/outbox.ts owns its transitions). */
export type Delivery = NonNullable<Membership['delivery']>;
export type StoredActivityLog = ActivityLog & { _id: string };
