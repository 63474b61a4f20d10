import { createHash, randomBytes } from 'node:crypto';
import { createApiKey } from '@roster/api';
import { connectDatabase, createRepositories, SCOPES, syncIndexes, type Connection } from '@roster/db';

export interface TeamSeed {
  teamId: string;
  /** Confirmed memberships, the owner's included. */
  members: number;
}

export interface SeededDatabase {
  /** A stored API key with every scope (the servers check its hash like any other key). */
  apiKey: string;
  /** The owner of every seeded team, and a session token for `X-Appwrite-Session`. */
  ownerId: string;
  ownerSession: string;
}

const BATCH = 1000;

/** Roster's collections, through the driver: seeding bypasses the repositories on purpose (speed). */
const collectionsOf = (connection: Connection) => ({
  users: connection.collection('users'),
  sessions: connection.collection('sessions'),
  teams: connection.collection('teams'),
  memberships: connection.collection('memberships'),
});
const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

/**
 * Writes teams with their members straight through the driver, in batches, in the shape
 * Roster's models store (10,000 members take seconds, not the minutes the API would).
 */
export async function seedDatabase(uri: string, teams: readonly TeamSeed[]): Promise<SeededDatabase> {
  const connection = await connectDatabase(uri);
  try {
    await syncIndexes(connection);
    const { key: apiKey } = await createApiKey(createRepositories(connection), {
      name: 'bench',
      scopes: [...SCOPES],
    });
    const collections = collectionsOf(connection);
    const now = new Date();
    const ownerId = `owner${randomBytes(6).toString('hex')}`;
    const ownerEmail = `${ownerId}@example.com`;
    await collections.users.insertOne(userDocument(ownerId, 'Bench Owner', ownerEmail, now) as never);
    const secret = randomBytes(128).toString('hex');
    await collections.sessions.insertOne({
      _id: `s${randomBytes(8).toString('hex')}`,
      userId: ownerId,
      secretHash: sha256(secret),
      expire: new Date(now.getTime() + 365 * 86_400_000),
      provider: 'email',
      providerUid: ownerEmail,
      factors: ['password'],
      ip: '',
      userAgent: '',
      createdAt: now,
      updatedAt: now,
    } as never);
    for (const team of teams) {
      await collections.teams.insertOne({
        _id: team.teamId,
        name: `Team ${team.teamId}`,
        search: `${team.teamId} Team ${team.teamId}`,
        prefs: '{}',
        createdAt: now,
        updatedAt: now,
      } as never);
      await collections.memberships.insertOne(
        membershipDocument(team.teamId, ownerId, ['owner'], now) as never,
      );
      for (let start = 1; start < team.members; start += BATCH) {
        const users = [];
        const memberships = [];
        for (let index = start; index < Math.min(team.members, start + BATCH); index += 1) {
          const userId = `${team.teamId}u${index}`;
          users.push(userDocument(userId, `Member ${index}`, `${userId}@example.com`, now));
          memberships.push(membershipDocument(team.teamId, userId, ['member'], now));
        }
        await collections.users.insertMany(users as never[], { ordered: false });
        await collections.memberships.insertMany(memberships as never[], { ordered: false });
      }
    }
    return {
      apiKey,
      ownerId,
      ownerSession: Buffer.from(JSON.stringify({ id: ownerId, secret })).toString('base64'),
    };
  } finally {
    await connection.close();
  }
}

/**
 * Grows the database with memberships in teams other than the measured ones: teams of
 * `OTHER_TEAM_SIZE`, one user and one session per membership, so `memberships`, `users` and
 * `sessions` all hold about `to` documents more than the measured team's. Adds the documents
 * numbered `from` to `to` (call it again with a larger `to` to grow further), in batches of 1,000
 * straight through the driver, and reports progress through `progress`.
 */
export async function seedOtherTeams(
  uri: string,
  range: { from: number; to: number },
  progress: (done: number, total: number) => void,
): Promise<void> {
  const connection = await connectDatabase(uri);
  try {
    const collections = collectionsOf(connection);
    const now = new Date();
    const expire = new Date(now.getTime() + 365 * 86_400_000);
    for (let start = range.from; start < range.to; start += BATCH) {
      const end = Math.min(range.to, start + BATCH);
      const teams = [];
      const users = [];
      const sessions = [];
      const memberships = [];
      for (let index = start; index < end; index += 1) {
        const teamId = `other${Math.floor(index / OTHER_TEAM_SIZE)}`;
        const member = index % OTHER_TEAM_SIZE;
        if (member === 0) {
          teams.push({
            _id: teamId,
            name: `Team ${teamId}`,
            search: `${teamId} Team ${teamId}`,
            prefs: '{}',
            createdAt: now,
            updatedAt: now,
          });
        }
        const userId = `${teamId}u${member}`;
        const email = `${userId}@example.com`;
        users.push(userDocument(userId, `Member ${index}`, email, now));
        sessions.push({
          _id: `s${userId}`,
          userId,
          secretHash: sha256(`bench-other-session-${userId}`),
          expire,
          provider: 'email',
          providerUid: email,
          factors: ['password'],
          ip: '',
          userAgent: '',
          createdAt: now,
          updatedAt: now,
        });
        memberships.push(membershipDocument(teamId, userId, member === 0 ? ['owner'] : ['member'], now));
      }
      if (teams.length > 0) await collections.teams.insertMany(teams as never[], { ordered: false });
      await collections.users.insertMany(users as never[], { ordered: false });
      await collections.sessions.insertMany(sessions as never[], { ordered: false });
      await collections.memberships.insertMany(memberships as never[], { ordered: false });
      progress(end, range.to);
    }
  } finally {
    await connection.close();
  }
}

/** Members per team that `seedOtherTeams` writes. */
export const OTHER_TEAM_SIZE = 100;

function userDocument(id: string, name: string, email: string, now: Date) {
  return {
    _id: id,
    name,
    email,
    emailLower: email.toLowerCase(),
    emailVerification: true,
    phoneVerification: false,
    status: true,
    labels: [],
    prefs: '{}',
    registration: now,
    search: `${id} ${email} ${name}`,
    createdAt: now,
    updatedAt: now,
  };
}

function membershipDocument(teamId: string, userId: string, roles: string[], now: Date) {
  const id = `m${randomBytes(9).toString('hex')}`;
  return {
    _id: id,
    teamId,
    userId,
    roles,
    invited: now,
    joined: now,
    confirm: true,
    secretHash: '',
    inviterId: '',
    locale: 'en',
    search: `${id} ${userId}`,
    createdAt: now,
    updatedAt: now,
  };
}
