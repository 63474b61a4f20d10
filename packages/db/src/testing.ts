import { testServices } from '@roster/testkit/vitest';
import { afterAll, beforeAll } from 'vitest';
import { type Model } from 'mongoose';
import { connectDatabase, type Connection } from './connection.ts';
import { type Filter } from './filters.ts';
import { createClaims } from './claims.ts';
import { withoutShapeRecording } from './index-coverage/capture.ts';
import { type MailOutboxEntry } from './models/mail-outbox.model.ts';
import { createModels, syncIndexes } from './models/index.ts';
import { createTotals } from './totals.ts';
import { createRepositories, type Repositories } from './repositories/index.ts';
import { type StoredInvitationRecord } from './repositories/invitation-records.ts';
import {
  type StoredActivityLog,
  type StoredApiKey,
  type StoredBucket,
  type StoredClaim,
  type StoredIdentity,
  type StoredMembership,
  type StoredMfaChallenge,
  type StoredJoinLink,
  type StoredIdempotencyKey,
  type StoredOwnershipTransfer,
  type StoredSession,
  type StoredTeam,
  type StoredToken,
  type StoredUser,
  type StoredWebhook,
  type StoredWebhookDelivery,
} from './stored.ts';

/**
 * For integration tests: connects to this worker's own database before the file's tests and drops
 * it afterwards, so files never see each other's data.
 */
export function useTestDatabase(options: { monitorCommands?: boolean; recordShapes?: boolean } = {}): {
  readonly connection: Connection;
  readonly embedded: boolean;
} {
  let connection: Connection | undefined;
  const services = testServices();
  beforeAll(async () => {
    connection = await connectDatabase(services.mongoUri, { dbName: services.dbName, ...options });
    await connection.dropDatabase();
  });
  afterAll(async () => {
    await connection?.dropDatabase();
    await connection?.close();
  });
  return {
    get connection() {
      if (!connection) throw new Error('useTestDatabase(): the connection opens in beforeAll');
      return connection;
    },
    embedded: services.embeddedDatabase,
  };
}

/**
 * `useTestDatabase` with the indexes built, the repositories, and the test store (below), all
 * ready in beforeAll: what a test of code above packages/db works with.
 */
export function useTestRepositories(options: { monitorCommands?: boolean } = {}) {
  const db = useTestDatabase(options);
  let ready: { repos: Repositories; store: TestStore } | undefined;
  beforeAll(async () => {
    await syncIndexes(db.connection);
    ready = { repos: createRepositories(db.connection), store: testStore(db.connection) };
  });
  const get = () => {
    if (!ready) throw new Error('useTestRepositories(): ready in beforeAll');
    return ready;
  };
  return {
    get connection() {
      return db.connection;
    },
    embedded: db.embedded,
    get repos() {
      return get().repos;
    },
    get store() {
      return get().store;
    },
  };
}

type StoredByCollection = {
  users: StoredUser;
  sessions: StoredSession;
  teams: StoredTeam;
  memberships: StoredMembership;
  apiKeys: StoredApiKey;
  claims: StoredClaim;
  webhooks: StoredWebhook;
  webhookDeliveries: StoredWebhookDelivery;
  activityLogs: StoredActivityLog;
  tokens: StoredToken;
  identities: StoredIdentity;
  mailOutbox: MailOutboxEntry & { _id: string };
  mfaChallenges: StoredMfaChallenge;
  joinLinks: StoredJoinLink;
  joinLinkUses: { _id: string; linkId: string; slot: number; userId: string; createdAt: Date };
  invitationRecords: StoredInvitationRecord;
  idempotencyKeys: StoredIdempotencyKey;
  ownershipTransfers: StoredOwnershipTransfer;
  buckets: StoredBucket;
  /** `params` is stored as JSON text (the order of its keys is kept). */
  events: { _id: string; template: string; params: string; state: string } & Record<string, unknown>;
};
type Collection = keyof StoredByCollection;
type Seed<C extends Collection> = Partial<StoredByCollection[C]> & Record<string, unknown>;

/**
 * Direct access to the stored documents, for tests only: seeding states that no API call leaves
 * (a crashed writer's leftovers, an old timestamp, a stale claim) and counting what is stored.
 * Inserts go through the schemas (defaults, timestamps unless given); filters are plain objects.
 */
export function testStore(connection: Connection) {
  const models = createModels(connection);
  const totals = createTotals(models, createClaims(models));
  const byCollection = {
    users: models.User,
    sessions: models.Session,
    teams: models.Team,
    memberships: models.Membership,
    apiKeys: models.ApiKey,
    claims: models.Claim,
    webhooks: models.Webhook,
    webhookDeliveries: models.WebhookDelivery,
    activityLogs: models.ActivityLog,
    tokens: models.Token,
    identities: models.Identity,
    mailOutbox: models.MailOutbox,
    mfaChallenges: models.MfaChallenge,
    joinLinks: models.JoinLink,
    joinLinkUses: models.JoinLinkUse,
    invitationRecords: models.InvitationRecord,
    idempotencyKeys: models.IdempotencyKey,
    ownershipTransfers: models.OwnershipTransfer,
    buckets: models.Bucket,
    events: models.Event,
  };
  // One shape for every collection: the typed results come from StoredByCollection.
  const model = (collection: Collection) =>
    byCollection[collection] as unknown as Model<Record<string, unknown>>;
  // The store's own queries are the test's, not Roster's: not checked for index coverage.
  const quiet = withoutShapeRecording;

  /**
   * Memberships seeded or changed here move their teams' stored totals as the repositories'
   * writes do (docs/database.md#team-totals), so a seeded team reads its true total.
   */
  function write(
    collection: Collection,
    affected: Filter | Seed<'memberships'>[],
    run: () => Promise<unknown>,
  ) {
    return quiet(async () => {
      if (collection !== 'memberships') return void (await run());
      // Found before the write: a delete must name its teams before the memberships go.
      const touched = Array.isArray(affected)
        ? affected
        : await models.Membership.find(affected as never)
            .select({ teamId: 1 })
            .lean();
      await run();
      const teamIds = [...new Set(touched.map((m) => m.teamId))].filter((id): id is string => !!id);
      for (const team of await models.Team.find({ _id: { $in: teamIds } }).lean()) {
        await totals.recount(team);
      }
    });
  }

  return {
    /** One document (as `Model.create`), returned as stored. */
    async insert<C extends Collection>(collection: C, document: Seed<C>): Promise<StoredByCollection[C]> {
      let created: StoredByCollection[C] | undefined;
      await write(collection, [document], async () => {
        created = (await model(collection).create(document)).toObject() as unknown as StoredByCollection[C];
      });
      return created!;
    },
    /** Several documents, one command each (`Model.create` with `options`). */
    async insertEach<C extends Collection>(
      collection: C,
      documents: Seed<C>[],
      options?: { timestamps?: boolean },
    ): Promise<void> {
      await write(collection, documents, () => model(collection).create(documents, options));
    },
    /** Many documents in one command (`Model.insertMany`). */
    async insertMany<C extends Collection>(collection: C, documents: Seed<C>[]): Promise<void> {
      await write(collection, documents, () => model(collection).insertMany(documents));
    },
    find: <C extends Collection>(collection: C, filter: Filter = {}) =>
      quiet(() => model(collection).find(filter).lean().exec()) as unknown as Promise<
        StoredByCollection[C][]
      >,
    findOne: <C extends Collection>(collection: C, filter: Filter) =>
      quiet(() => model(collection).findOne(filter).lean().exec()) as unknown as Promise<
        StoredByCollection[C] | null
      >,
    count: (collection: Collection, filter: Filter = {}) =>
      quiet(() => model(collection).countDocuments(filter).exec()),
    /** The id of a match, or null (as `Model.exists`). */
    exists: (collection: Collection, filter: Filter) =>
      quiet(() => model(collection).exists(filter).exec()) as Promise<{ _id: string } | null>,
    /** `$set`s `fields` on every match. */
    async update(collection: Collection, filter: Filter, fields: Record<string, unknown>): Promise<void> {
      await write(collection, filter, () => model(collection).updateMany(filter, { $set: fields }).exec());
    },
    async delete(collection: Collection, filter: Filter): Promise<void> {
      await write(collection, filter, () => model(collection).deleteMany(filter).exec());
    },
  };
}

export type TestStore = ReturnType<typeof testStore>;

export { epochField } from './models/epoch.ts';
export { userSearchText } from './repositories/users.ts';

// Simulates a process that wrote its change and died before committing the event (docs/events.md#the-outbox).
export { withMarker } from './events/marker.ts';
