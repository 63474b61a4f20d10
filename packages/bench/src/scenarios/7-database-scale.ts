import { deriveInvitationSecret } from '@roster/db';
import { MongoClient } from 'mongodb';
import { percentile } from '../percentiles.ts';
import { databaseUri } from '../lib/environment.ts';
import { fixed } from '../lib/format.ts';
import { send } from '../lib/http.ts';
import { type HttpRequestSpec } from '../lib/load.ts';
import { type ResultRow } from '../lib/report.ts';
import { singleFigureRow } from '../lib/rows.ts';
import { OTHER_TEAM_SIZE, seedDatabase, seedOtherTeams } from '../lib/seed.ts';
import { BENCH_PROJECT_ID, BENCH_SECRET_KEY, startRoster } from '../lib/servers.ts';
import { trpcMutation, trpcQuery } from '../lib/trpc.ts';
import { type Scenario } from './context.ts';

const TEAM_ID = 'benchteam7';
const TEAM_MEMBERS = 25;
const PAGE = JSON.stringify({ method: 'limit', values: [25] });
/** At the largest size, every call's p50 within this multiple of the empty database's. */
const GOAL_MULTIPLE = 2;

const CALLS = ['teams.get', 'teams.listMemberships', 'invite', 'accept'] as const;
type Call = (typeof CALLS)[number];
const CALL_LABELS: Record<Call, string> = {
  'teams.get': '`teams.get`',
  'teams.listMemberships': '`teams.listMemberships` (25 per page)',
  invite: 'invite (`teams.createMembership`)',
  accept: 'accept (`teams.updateMembershipStatus`)',
};

interface Point {
  size: number;
  samples: Record<Call, number[]>;
  failures: Record<Call, number>;
  firstFailure?: string;
}

const count = (value: number) => value.toLocaleString('en-US');

/**
 * `BENCH_SCALE_SIZES=0,1000,10000`, `BENCH_SCALE_SAMPLES=20` and `BENCH_SCALE_WARMUP=1` override the
 * sizes, the timed requests per call and size, and the untimed ones before them (5).
 */
function settings(quick: boolean): { sizes: number[]; samples: number } {
  const sizes = process.env.BENCH_SCALE_SIZES
    ? process.env.BENCH_SCALE_SIZES.split(',').map((size) => Number(size.trim()))
    : quick
      ? [0, 1000, 10_000]
      : [0, 1000, 10_000, 100_000];
  if (
    sizes.some((size) => !Number.isInteger(size) || size < 0) ||
    sizes.some((s, i) => i > 0 && s <= sizes[i - 1]!)
  )
    throw new Error(
      `BENCH_SCALE_SIZES must be increasing whole numbers (got ${process.env.BENCH_SCALE_SIZES})`,
    );
  const samples = Number(process.env.BENCH_SCALE_SAMPLES ?? (quick ? 10 : 40));
  return { sizes, samples };
}

/**
 * One team of 25 while the rest of the database grows: the four team-scoped calls of a member's
 * day (read the team, list its members, invite, accept), each timed one request at a time, with
 * 0, 1k, 10k and 100k memberships (and as many users and sessions) in other teams. One database
 * grows between sizes; the same Roster process serves every size. Each size's invitations are
 * deleted after it, so the measured team has 25 members at every size.
 */
export const databaseScale: Scenario = {
  id: 7,
  title: 'one team while the database grows: 0 / 1k / 10k / 100k memberships in other teams',
  async run(context) {
    const { env, quick, log } = context;
    const { sizes, samples } = settings(quick);
    const database = 'bench_s7';
    const uri = databaseUri(env.mongoUri, database);
    const seeded = await seedDatabase(uri, [{ teamId: TEAM_ID, members: TEAM_MEMBERS }]);
    const ownerHeaders = {
      'x-appwrite-project': BENCH_PROJECT_ID,
      'x-appwrite-session': seeded.ownerSession,
    };
    const roster = await startRoster(env, database);
    const client = new MongoClient(uri);
    await client.connect();
    const points: Point[] = [];
    let seededOthers = 0;
    try {
      for (const [step, size] of sizes.entries()) {
        if (size > seededOthers) {
          const started = Date.now();
          let reported = 0;
          await seedOtherTeams(uri, { from: seededOthers, to: size }, (done, total) => {
            if (done - reported >= Math.max(1000, total / 20) || done === total) {
              reported = done;
              log(
                `  seeding other teams: ${count(done)} / ${count(total)} memberships, users and sessions (${((Date.now() - started) / 1000).toFixed(0)} s)`,
              );
            }
          });
          seededOthers = size;
        }
        log(` ${count(size)} memberships in other teams: ${samples} requests per call, one at a time`);
        points.push(
          await measurePoint(roster.url, client.db(), {
            size,
            samples,
            ownerHeaders,
            emailPrefix: `scale${step}`,
            log,
          }),
        );
        const point = points.at(-1)!;
        log(
          `  ${CALLS.map((call) => `${call} p50 ${fixed(percentile(point.samples[call], 50), 1)} / p99 ${fixed(percentile(point.samples[call], 99), 1)} ms`).join('; ')}`,
        );
      }
    } finally {
      await client.close();
      await roster.stop();
    }

    const curve = curveTable(points);
    log(`\n${curve}`);
    const empty = points[0];
    const largest = points.at(-1);
    const rows: ResultRow[] = [];
    if (empty && largest && largest !== empty) {
      for (const call of CALLS) {
        const ratio50 = ratio(largest, empty, call, 50);
        const ratio99 = ratio(largest, empty, call, 99);
        rows.push(
          singleFigureRow(
            '7',
            `${CALL_LABELS[call]}, team of ${TEAM_MEMBERS}, ${count(largest.size)} vs ${count(empty.size)} other memberships`,
            `p50 ${fixed(percentile(largest.samples[call], 50), 1)} vs ${fixed(percentile(empty.samples[call], 50), 1)} ms = ${fixed(ratio50, 2)}×; p99 ${fixed(percentile(largest.samples[call], 99), 1)} vs ${fixed(percentile(empty.samples[call], 99), 1)} ms = ${fixed(ratio99, 2)}×`,
            `p50 ≤ ${GOAL_MULTIPLE}× empty database`,
            ratio50 <= GOAL_MULTIPLE && largest.failures[call] === 0,
          ),
        );
      }
    }
    const notes = [
      `Latency of each call, p50 / p99 in ms, ${samples} requests per call and size sent one at a time to one Roster process (owner session; accept as a guest with the link's secret), team of ${TEAM_MEMBERS}. The other teams have ${OTHER_TEAM_SIZE} members each; every membership comes with its own user and session.`,
      curve,
      ...points
        .filter((point) => CALLS.some((call) => point.failures[call] > 0))
        .map(
          (point) =>
            `At ${count(point.size)}: ${CALLS.map((call) => `${call} ${point.failures[call]} failed`).join(', ')}; first: \`${point.firstFailure ?? ''}\``,
        ),
    ];
    return { rows, notes };
  },
};

function ratio(point: Point, base: Point, call: Call, p: number): number {
  const denominator = percentile(base.samples[call], p);
  return denominator === 0 ? 0 : percentile(point.samples[call], p) / denominator;
}

function curveTable(points: readonly Point[]): string {
  const header = `| Call | ${points.map((point) => `${count(point.size)} other memberships`).join(' | ')} |`;
  const rule = `| --- | ${points.map(() => '--:').join(' | ')} |`;
  const lines = CALLS.map(
    (call) =>
      `| ${CALL_LABELS[call]} | ${points
        .map(
          (point) =>
            `${fixed(percentile(point.samples[call], 50), 1)} / ${fixed(percentile(point.samples[call], 99), 1)}`,
        )
        .join(' | ')} |`,
  );
  return [header, rule, ...lines].join('\n');
}

/**
 * Times `samples` requests of each call, one at a time, after `BENCH_SCALE_WARMUP` untimed ones; then deletes
 * the invitations it made (memberships, invitees and their sessions).
 */
async function measurePoint(
  url: string,
  db: ReturnType<MongoClient['db']>,
  options: {
    size: number;
    samples: number;
    ownerHeaders: Record<string, string>;
    emailPrefix: string;
    log: (line: string) => void;
  },
): Promise<Point> {
  const point: Point = {
    size: options.size,
    samples: { 'teams.get': [], 'teams.listMemberships': [], invite: [], accept: [] },
    failures: { 'teams.get': 0, 'teams.listMemberships': 0, invite: 0, accept: 0 },
  };
  const warmup = Number(process.env.BENCH_SCALE_WARMUP ?? 5);
  const time = async (call: Call, request: HttpRequestSpec, timed: boolean) => {
    const started = performance.now();
    const { status, body } = await send(url, request);
    const elapsed = performance.now() - started;
    if (status < 200 || status >= 300) {
      point.failures[call] += 1;
      point.firstFailure ??= `${call}: ${status} ${body.slice(0, 200)}`;
    } else if (timed) point.samples[call].push(elapsed);
  };
  const get = trpcQuery('teams.get', { teamId: TEAM_ID }, options.ownerHeaders);
  const list = trpcQuery('teams.listMemberships', { teamId: TEAM_ID, queries: [PAGE] }, options.ownerHeaders);
  for (let n = 0; n < warmup + options.samples; n += 1) await time('teams.get', get, n >= warmup);
  for (let n = 0; n < warmup + options.samples; n += 1)
    await time('teams.listMemberships', list, n >= warmup);

  const emails = Array.from(
    { length: warmup + options.samples },
    (_, n) => `${options.emailPrefix}-${n}@example.com`,
  );
  for (const [n, email] of emails.entries()) {
    await time(
      'invite',
      trpcMutation(
        'teams.createMembership',
        { teamId: TEAM_ID, email, roles: [], url: 'http://localhost/join' },
        options.ownerHeaders,
      ),
      n >= warmup,
    );
  }
  const invitees = await db
    .collection<{ _id: string; emailLower: string }>('users')
    .find({ emailLower: { $in: emails } })
    .toArray();
  const inviteeIds = invitees.map((user) => user._id);
  const pending = await db
    .collection<{ _id: string; userId: string; delivery?: { secretVersion: string } }>('memberships')
    .find({ teamId: TEAM_ID, userId: { $in: inviteeIds }, confirm: false })
    .toArray();
  for (const [n, membership] of pending.entries()) {
    const secret = deriveInvitationSecret(
      BENCH_SECRET_KEY,
      membership._id,
      membership.delivery?.secretVersion ?? '',
    );
    await time(
      'accept',
      trpcMutation(
        'teams.updateMembershipStatus',
        { teamId: TEAM_ID, membershipId: membership._id, userId: membership.userId, secret },
        { 'x-appwrite-project': BENCH_PROJECT_ID },
      ),
      n >= warmup,
    );
  }

  await db.collection('memberships').deleteMany({ teamId: TEAM_ID, userId: { $in: inviteeIds } });
  await db.collection('sessions').deleteMany({ userId: { $in: inviteeIds } });
  await db.collection('users').deleteMany({ _id: { $in: inviteeIds } } as never);
  return point;
}
