/**
 * `pnpm --filter @roster/bench bench:queries [memberships…]`: the team-scoped queries Roster issues, timed with the
 * bare driver while one database grows (default 0, 1,000, 10,000 and 30,000 memberships in teams
 * of 100; one team of 25, `RAW_TEAM_SIZE`, is queried). Against the embedded FerretDB unless MONGODB_URI names
 * another server (a FerretDB on PostgreSQL, a MongoDB), to compare substrates without Roster's
 * own cost. Also the sign-in lookups: a session per user and an API key per 10, found by the hash
 * of their secret or by `_id`. Prints the median of 20 runs (`RAW_RUNS`) of each query, in ms.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient, type Document } from 'mongodb';
import { startFerretDb, type FerretDbHandle } from '@roster/testkit';
import { median } from './lib/stats.ts';

const sizes = process.argv
  .slice(2)
  .filter((arg) => arg !== '--')
  .map(Number);
const SIZES = sizes.length > 0 ? sizes : [0, 1000, 10_000, 30_000];
const RUNS = Number(process.env.RAW_RUNS ?? 20);
const TEAM = 'raw-team';
/** Members of the queried team (`RAW_TEAM_SIZE`): what a team's `total` costs when counted. */
const TEAM_SIZE = Number(process.env.RAW_TEAM_SIZE ?? 25);

const membership = (teamId: string, n: number) => ({
  _id: `${teamId}-m${n}`,
  teamId,
  userId: `${teamId}-u${n}`,
  roles: n === 0 ? ['owner'] : ['member'],
  invited: new Date(),
  joined: new Date(),
  confirm: true,
  secretHash: '',
  inviterId: '',
  locale: 'en',
  search: `${teamId}-m${n} ${teamId}-u${n}`,
  createdAt: new Date(1_700_000_000_000 + n),
  updatedAt: new Date(),
});

async function main() {
  let ferret: FerretDbHandle | undefined;
  let dataDir: string | undefined;
  let uri = process.env.MONGODB_URI;
  if (!uri) {
    dataDir = await mkdtemp(join(tmpdir(), 'roster-raw-'));
    ferret = await startFerretDb({ dataDir, log: () => {} });
    uri = ferret.uri;
  }
  const client = new MongoClient(uri);
  try {
    const db = client.db('raw_queries');
    await db.dropDatabase();
    const memberships = db.collection('memberships');
    const users = db.collection('users');
    // The indexes Roster declares (packages/db/src/models).
    await memberships.createIndexes([
      { key: { teamId: 1, userId: 1 }, unique: true },
      { key: { teamId: 1, confirm: 1 } },
      { key: { teamId: 1, createdAt: 1, _id: 1 } },
      { key: { userId: 1 } },
    ]);
    await users.createIndexes([{ key: { emailLower: 1 }, unique: true }]);
    // Sign-in lookups: a session per user, an API key per 10 users, found by the secret's hash.
    const sessions = db.collection('sessions');
    const apiKeys = db.collection('apiKeys');
    await sessions.createIndexes([{ key: { secretHash: 1 }, unique: true }, { key: { userId: 1 } }]);
    await apiKeys.createIndexes([{ key: { secretHash: 1 }, unique: true }]);
    const session = (userId: string) => ({
      _id: `s-${userId}`,
      userId,
      secretHash: createHash('sha256').update(userId).digest('hex'),
      expire: new Date(Date.now() + 86_400_000),
    });
    const apiKey = (n: number) => ({
      _id: `k-${n}`,
      name: 'bench',
      scopes: ['teams.read'],
      secretHash: createHash('sha256').update(`key-${n}`).digest('hex'),
    });
    const team = Array.from({ length: TEAM_SIZE }, (_, n) => membership(TEAM, n));
    await memberships.insertMany(team as Document[]);
    await users.insertMany(
      team.map((m) => ({ _id: m.userId, emailLower: `${m.userId}@example.com` })) as Document[],
    );
    const userIds = team.slice(0, 25).map((m) => m.userId);
    await sessions.insertMany(team.map((m) => session(m.userId)) as Document[]);
    // The team document with its stored total (docs/database.md#team-totals).
    const teams = db.collection('teams');
    await teams.insertOne({ _id: TEAM, name: 'raw', total: TEAM_SIZE } as Document);
    await apiKeys.insertOne(apiKey(-1) as Document);
    const signedIn = session(`${TEAM}-u3`);

    const queries: [string, () => Promise<unknown>][] = [
      ['findOne by _id', () => memberships.findOne({ _id: `${TEAM}-m3` } as Document)],
      ['findOne {teamId, userId}', () => memberships.findOne({ teamId: TEAM, userId: `${TEAM}-u3` })],
      [`find {teamId} (${TEAM_SIZE})`, () => memberships.find({ teamId: TEAM }).toArray()],
      [
        'count {teamId, confirm} (total counted)',
        () => memberships.countDocuments({ teamId: TEAM, confirm: true }),
      ],
      ['team by _id (total stored)', () => teams.findOne({ _id: TEAM } as Document)],
      [
        'sorted page {teamId} limit 25',
        () => memberships.find({ teamId: TEAM }).sort({ createdAt: 1, _id: 1 }).limit(25).toArray(),
      ],
      ['users {_id: {$in: 25}}', () => users.find({ _id: { $in: userIds } } as Document).toArray()],
      ['users {emailLower}', () => users.findOne({ emailLower: `${TEAM}-u3@example.com` })],
      ['sessions {secretHash}', () => sessions.findOne({ secretHash: signedIn.secretHash })],
      ['sessions by _id', () => sessions.findOne({ _id: signedIn._id } as Document)],
      ['apiKeys {secretHash}', () => apiKeys.findOne({ secretHash: apiKey(-1).secretHash })],
      ['apiKeys by _id', () => apiKeys.findOne({ _id: 'k--1' } as Document)],
    ];

    const table: string[][] = [['query', ...SIZES.map((size) => size.toLocaleString('en-US'))]];
    for (const [name] of queries) table.push([name]);
    let seeded = 0;
    for (const size of SIZES) {
      for (let start = seeded; start < size; start += 1000) {
        const batch = Array.from({ length: Math.min(1000, size - start) }, (_, i) => {
          const n = start + i;
          return membership(`other${Math.floor(n / 100)}`, n % 100);
        });
        await memberships.insertMany(batch as Document[]);
        await users.insertMany(
          batch.map((m) => ({ _id: m.userId, emailLower: `${m.userId}@example.com` })) as Document[],
        );
        await sessions.insertMany(batch.map((m) => session(m.userId)) as Document[]);
        await apiKeys.insertMany(
          Array.from({ length: batch.length / 10 }, (_, i) => apiKey(start / 10 + i)) as Document[],
        );
      }
      seeded = size;
      for (const [index, [, run]] of queries.entries()) {
        await run();
        const times: number[] = [];
        for (let n = 0; n < RUNS; n += 1) {
          const started = performance.now();
          await run();
          times.push(performance.now() - started);
        }
        table[index + 1]!.push(median(times).toFixed(1));
      }
      process.stdout.write(`measured at ${size.toLocaleString('en-US')} other memberships\n`);
    }
    for (const row of table) process.stdout.write(`| ${row.join(' | ')} |\n`);
  } finally {
    await client.close();
    await ferret?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
