/**
 * The baseline: a bare Express server doing the database work of each benchmarked procedure with
 * the MongoDB driver directly and returning the same JSON as Roster. No validation library, no
 * router, no ODM, no logging: the ratio Roster/baseline is the cost of everything Roster adds.
 *
 * Environment: PORT, MONGODB_URI (database in the path), REDIS_URL, ROSTER_SECRET_KEY,
 * ROSTER_QUEUE_PREFIX, ROSTER_PROJECT_ID.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { deriveInvitationSecret } from '@roster/db';
import { createInvitationQueue, createRedisConnection } from '@roster/jobs';
import express, { type Request, type Response } from 'express';
import { MongoClient } from 'mongodb';
import {
  membershipDto,
  teamDto,
  type MembershipDocument,
  type TeamDocument,
  type UserDocument,
} from './dto.ts';

const env = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};
const port = Number(env('PORT'));
const secretKey = env('ROSTER_SECRET_KEY');
const projectId = process.env.ROSTER_PROJECT_ID ?? 'default';
const client = new MongoClient(env('MONGODB_URI'));
await client.connect();
const db = client.db();
const apiKeys = db.collection<{ _id: string; secretHash: string; scopes: string[]; expire?: Date }>(
  'apiKeys',
);
const sessions = db.collection<{ _id: string; userId: string; secretHash: string; expire: Date }>('sessions');
const users = db.collection<UserDocument & Record<string, unknown>>('users');
const teams = db.collection<TeamDocument>('teams');
const memberships = db.collection<MembershipDocument & Record<string, unknown>>('memberships');
const claims = db.collection<{ _id: string; holder: string; createdAt: Date }>('claims');
const redis = createRedisConnection(env('REDIS_URL'), 'producer');
const invitations = createInvitationQueue({ connection: redis, prefix: env('ROSTER_QUEUE_PREFIX') });

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
const newId = () => randomBytes(10).toString('hex');

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

type Caller = { kind: 'key' } | { kind: 'user'; userId: string } | { kind: 'guest' };

/** Roster's resolvePrincipal: a stored key's hash, or a session's hash then its user. */
async function callerOf(req: Request): Promise<Caller> {
  const key = req.get('x-appwrite-key');
  if (key) {
    const found = await apiKeys.findOne({ secretHash: sha256(key) });
    if (!found || (found.expire && found.expire.getTime() <= Date.now()))
      throw new HttpError(401, 'unauthorized');
    return { kind: 'key' };
  }
  const token = req.get('x-appwrite-session');
  if (!token) return { kind: 'guest' };
  const { id, secret } = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as {
    id: string;
    secret: string;
  };
  const session = await sessions.findOne({ secretHash: sha256(secret) });
  if (!session || session.expire.getTime() <= Date.now() || session.userId !== id) return { kind: 'guest' };
  const user = await users.findOne({ _id: session.userId });
  return user ? { kind: 'user', userId: user._id } : { kind: 'guest' };
}

/** Roster's team middleware: the team, and for a user their confirmed membership. */
async function readableTeam(caller: Caller, teamId: string, owner = false): Promise<TeamDocument> {
  const team = await teams.findOne({ _id: teamId });
  if (!team) throw new HttpError(404, 'team_not_found');
  if (caller.kind === 'key') return team;
  if (caller.kind !== 'user') throw new HttpError(404, 'team_not_found');
  const own = await memberships.findOne({ teamId, userId: caller.userId });
  if (!own?.confirm) throw new HttpError(404, 'team_not_found');
  if (owner && !own.roles.includes('owner')) throw new HttpError(401, 'user_unauthorized');
  return team;
}

async function getTeam(caller: Caller, input: { teamId: string }) {
  const team = await readableTeam(caller, input.teamId);
  const total = await memberships.countDocuments({ teamId: team._id, confirm: true });
  return teamDto(team, total);
}

async function listMemberships(caller: Caller, input: { teamId: string; queries?: string[] }) {
  const team = await readableTeam(caller, input.teamId);
  const limitQuery = (input.queries ?? [])
    .map((query) => JSON.parse(query) as { method: string; values: number[] })
    .find((query) => query.method === 'limit');
  const limit = limitQuery?.values[0] ?? 25;
  const filter = { teamId: team._id };
  const [total, page] = await Promise.all([
    memberships.countDocuments(filter, { limit: 5000 }),
    memberships.find(filter).sort({ createdAt: 1, _id: 1 }).skip(0).limit(limit).toArray(),
  ]);
  const userIds = [...new Set(page.map((membership) => membership.userId))];
  const found = userIds.length
    ? await users.find({ _id: { $in: userIds } }, { projection: { name: 1, email: 1, phone: 1 } }).toArray()
    : [];
  const byId = new Map(found.map((user) => [user._id, user]));
  return {
    total,
    memberships: page.map((membership) => membershipDto(membership, byId.get(membership.userId), team.name)),
  };
}

/** Roster's rate limiter (rate-limiter-flexible on Redis): keys peek, sessions consume. */
async function rateLimit(caller: Caller, req: Request, res: Response) {
  const window = Math.floor(Date.now() / 3_600_000) * 3600;
  const key = `baseline:ratelimit:url:${req.hostname}/v1/teams/:teamId/memberships,ip:${req.ip}:${window}`;
  if (caller.kind === 'key') await redis.multi().get(key).pttl(key).exec();
  else await redis.multi().set(key, 0, 'EX', 3660, 'NX').incrby(key, 1).pttl(key).exec();
  res.setHeader('X-RateLimit-Limit', '100000000');
}

async function createMembership(
  caller: Caller,
  input: { teamId: string; email: string; roles: string[]; url?: string; name?: string },
  req: Request,
  res: Response,
) {
  const team = await readableTeam(caller, input.teamId, true);
  await rateLimit(caller, req, res);
  const email = input.email.toLowerCase();
  let invitee = await users.findOne({ emailLower: email });
  if (!invitee) {
    const now = new Date();
    const userId = newId();
    const name = input.name ?? email;
    invitee = { _id: userId, name, email, emailLower: email };
    await users.insertOne({
      ...invitee,
      search: `${userId} ${email} ${name}`,
      emailVerification: false,
      phoneVerification: false,
      status: true,
      labels: [],
      prefs: '{}',
      registration: now,
      createdAt: now,
      updatedAt: now,
    });
  }
  const existing = await memberships.findOne({ teamId: team._id, userId: invitee._id });
  if (existing) throw new HttpError(409, 'membership_already_confirmed');
  const now = new Date();
  const membershipId = newId();
  const byKey = caller.kind === 'key';
  const secretVersion = newId();
  const membership: MembershipDocument & Record<string, unknown> = {
    _id: membershipId,
    teamId: team._id,
    userId: invitee._id,
    roles: input.roles,
    invited: now,
    confirm: byKey,
    inviterId: caller.kind === 'user' ? caller.userId : '',
    locale: 'en',
    search: `${membershipId} ${invitee._id}`,
    createdAt: now,
    updatedAt: now,
    ...(byKey
      ? { joined: now, secretHash: sha256(randomBytes(128).toString('hex')) }
      : {
          secretHash: sha256(deriveInvitationSecret(secretKey, membershipId, secretVersion)),
          delivery: {
            state: 'queued',
            secretVersion,
            attempts: 0,
            lastError: '',
            url: input.url,
            queuedAt: now,
          },
        }),
  };
  await memberships.insertOne(membership);
  if (!byKey) await invitations.enqueue({ membershipId, secretVersion });
  return membershipDto(membership, invitee, team.name);
}

async function acceptInvitation(
  caller: Caller,
  input: { teamId: string; membershipId: string; userId: string; secret: string },
  res: Response,
) {
  const membership = await memberships.findOne({ _id: input.membershipId });
  if (!membership) throw new HttpError(404, 'membership_not_found');
  const team = await teams.findOne({ _id: input.teamId });
  if (!team || membership.teamId !== team._id) throw new HttpError(404, 'team_not_found');
  const given = Buffer.from(sha256(input.secret), 'hex');
  const stored = Buffer.from(membership.secretHash, 'hex');
  if (given.length !== stored.length || !timingSafeEqual(given, stored))
    throw new HttpError(401, 'team_invalid_secret');
  const user = await users.findOne({ _id: caller.kind === 'user' ? caller.userId : input.userId });
  if (!user || user._id !== membership.userId || membership.confirm) throw new HttpError(409, 'mismatch');
  await claims.insertOne({
    _id: `accept:${membership._id}:${membership.delivery?.secretVersion ?? membership.secretHash}`,
    holder: user._id,
    createdAt: new Date(),
  });
  const accepted = await memberships.findOneAndUpdate(
    { _id: membership._id },
    { $set: { confirm: true, joined: new Date(), updatedAt: new Date() } },
    { returnDocument: 'after' },
  );
  if (!accepted) throw new HttpError(404, 'membership_not_found');
  await memberships.updateOne(
    { _id: membership._id, 'delivery.state': 'queued' },
    { $set: { 'delivery.state': 'skipped' } },
  );
  await users.updateOne({ _id: user._id }, { $set: { emailVerification: true, updatedAt: new Date() } });
  if (caller.kind !== 'user') {
    const secret = randomBytes(128).toString('hex');
    const now = new Date();
    const expire = new Date(now.getTime() + 31_536_000_000);
    await sessions.insertOne({ _id: newId(), userId: user._id, secretHash: sha256(secret), expire });
    const token = Buffer.from(JSON.stringify({ id: user._id, secret })).toString('base64');
    for (const name of [`a_session_${projectId}`, `a_session_${projectId}_legacy`]) {
      res.cookie(name, token, { expires: expire, httpOnly: true, path: '/' });
    }
  }
  return membershipDto(accepted, user, team.name);
}

type Handler = (caller: Caller, input: never, req: Request, res: Response) => Promise<unknown>;

/** Mounts a procedure at Roster's tRPC path (wrapped in `result.data`) and, when given, a REST path. */
function procedure(kind: 'query' | 'mutation', name: string, handler: Handler) {
  const run = async (req: Request, res: Response, input: unknown, wrap: boolean) => {
    try {
      const caller = await callerOf(req);
      const data = await handler(caller, input as never, req, res);
      res.json(wrap ? { result: { data } } : data);
    } catch (error) {
      const status = error instanceof HttpError ? error.status : 500;
      res.status(status).json({ message: (error as Error).message, code: status });
    }
  };
  if (kind === 'query') {
    app.get(`/trpc/${name}`, (req, res) =>
      run(req, res, JSON.parse(typeof req.query.input === 'string' ? req.query.input : '{}'), true),
    );
  } else {
    app.post(`/trpc/${name}`, (req, res) => run(req, res, req.body, true));
  }
  return (method: 'get' | 'post', path: string, inputOf: (req: Request) => unknown) =>
    app[method](path, (req, res) => run(req, res, inputOf(req), false));
}

const app = express();
app.disable('x-powered-by');
app.disable('etag');
app.use(express.json());
app.get('/ready', (_req, res) => res.json({ ok: true }));
procedure('query', 'teams.get', getTeam)('get', '/v1/teams/:teamId', (req) => ({
  teamId: req.params.teamId,
}));
procedure('query', 'teams.listMemberships', listMemberships)(
  'get',
  '/v1/teams/:teamId/memberships',
  (req) => ({
    teamId: req.params.teamId,
    queries: Object.values((req.query.queries ?? []) as Record<string, string>),
  }),
);
procedure('mutation', 'teams.createMembership', createMembership)(
  'post',
  '/v1/teams/:teamId/memberships',
  (req) => ({
    ...(req.body as object),
    teamId: req.params.teamId,
  }),
);
procedure(
  'mutation',
  'teams.updateMembershipStatus',
  (caller, input: Parameters<typeof acceptInvitation>[1], _req, res) => acceptInvitation(caller, input, res),
);
app.listen(port, '127.0.0.1');
