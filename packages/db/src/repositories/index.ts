import { type Connection } from 'mongoose';
import { createClaims } from '../claims.ts';
import { createEventStore } from '../events/store.ts';
import { createTotals } from '../totals.ts';
import { createModels } from '../models/index.ts';
import { createMailOutbox } from '../outbox/mail-outbox.ts';
import { createOutbox } from '../outbox/outbox.ts';
import { createActivityLogs } from './activity-logs.ts';
import { createApiKeys } from './api-keys.ts';
import { createBuckets } from './buckets.ts';
import { createIdempotencyKeys } from './idempotency-keys.ts';
import { createIdentities } from './identities.ts';
import { createJoinLinks } from './join-links.ts';
import { createInvitationRecords } from './invitation-records.ts';
import { createMfaChallenges } from './mfa-challenges.ts';
import { createMemberships } from './memberships.ts';
import { createOAuth2Flows } from './oauth2-flows.ts';
import { createOwnershipTransfers } from './ownership-transfers.ts';
import { createSessions } from './sessions.ts';
import { createTeams } from './teams.ts';
import { createTokens } from './tokens.ts';
import { createUsers } from './users.ts';
import { createWebhooks } from './webhooks.ts';

/**
 * The data access of one connection: a repository per collection, the claims, the invitation
 * outbox and the event outbox. Each process (API, worker, a test file) builds it once and passes it down; nothing
 * outside packages/db sees a model or a Mongoose query.
 */
export function createRepositories(connection: Connection) {
  const models = createModels(connection);
  const claims = createClaims(models);
  const totals = createTotals(models, claims);
  const events = createEventStore(models);
  return {
    teams: createTeams(models, claims, totals),
    memberships: createMemberships(models, totals),
    users: createUsers(models, totals),
    sessions: createSessions(models),
    tokens: createTokens(models, claims),
    apiKeys: createApiKeys(models),
    webhooks: createWebhooks(models),
    activityLogs: createActivityLogs(models),
    identities: createIdentities(models),
    mfaChallenges: createMfaChallenges(models, claims),
    oauth2Flows: createOAuth2Flows(models, claims),
    /** Shareable join links and their uses (docs/api.md#join-links). */
    joinLinks: createJoinLinks(models),
    /** Declined and revoked invitations, for owners (docs/invitations.md#states). */
    invitationRecords: createInvitationRecords(models),
    idempotencyKeys: createIdempotencyKeys(models),
    /** Offers of a team's ownership (docs/api.md#ownership-transfers). */
    ownershipTransfers: createOwnershipTransfers(models),
    /** Storage buckets (docs/storage.md#buckets). */
    buckets: createBuckets(models),
    claims,
    outbox: createOutbox(models, claims, events),
    /** Every other kind of email's outbox (docs/mail.md#the-mail-outbox). */
    mailOutbox: createMailOutbox(models),
    /** The event stream's outbox (docs/events.md#the-outbox). */
    events,
  };
}

export type Repositories = ReturnType<typeof createRepositories>;
