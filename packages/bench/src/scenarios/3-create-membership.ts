import { deriveInvitationSecret } from '@roster/db';
import { MongoClient } from 'mongodb';
import { databaseUri } from '../lib/environment.ts';
import { type HttpRequestSpec } from '../lib/load.ts';
import { COUNTING_ROUND, measureAlternating, type Contender, type LoadShape } from '../lib/measure.ts';
import { profileRoster } from '../lib/profile.ts';
import { type ResultRow } from '../lib/report.ts';
import { appwriteKeyHeaders } from '../lib/rest.ts';
import { describeCommands } from '../lib/roundtrips.ts';
import { comparisonRow, failureNotes } from '../lib/rows.ts';
import { seedDatabase } from '../lib/seed.ts';
import {
  BENCH_PROJECT_ID,
  BENCH_SECRET_KEY,
  startBaseline,
  startRoster,
  type ServerUnderTest,
} from '../lib/servers.ts';
import { trpcMutation } from '../lib/trpc.ts';
import { type Scenario, type ScenarioContext } from './context.ts';

const TEAM_ID = 'benchteam3';

/** Requests per run: the list must not wrap (a repeated email is a 409), so it gets some slack. */
function countFor(shape: LoadShape, round: number): number {
  if (round === COUNTING_ROUND) return shape.countRequests ?? 10;
  return (round < 0 ? (shape.warmupAmount ?? 0) : (shape.amount ?? 0)) + shape.connections;
}

interface FlowServers {
  label: string;
  server: ServerUnderTest;
  database: string;
  apiKey: string;
  ownerSession: string;
}

/** Starts Roster and the baseline for one flow, each on its own identically seeded database. */
async function startPair(context: ScenarioContext, flow: string): Promise<FlowServers[]> {
  const pair: FlowServers[] = [];
  for (const [label, start] of [
    ['baseline', startBaseline],
    ['Roster', startRoster],
  ] as const) {
    const database = `bench_s3_${flow}_${label.toLowerCase()}`;
    const seeded = await seedDatabase(databaseUri(context.env.mongoUri, database), [
      { teamId: TEAM_ID, members: 25 },
    ]);
    pair.push({ label, server: await start(context.env, database), database, ...seeded });
  }
  return pair;
}

/**
 * Writes: `teams.createMembership` by API key (a confirmed member, no email), and the session
 * flow: an owner invites (pending membership, email queued in Redis), then each invitee accepts
 * with the secret from the link (as a guest, which also opens their session). Roster and the
 * baseline each write into their own database seeded alike, so both see the same growth.
 */
export const createMembership: Scenario = {
  id: 3,
  title: 'teams.createMembership (key) and invite → accept (session)',
  async run(context) {
    const { quick, log } = context;
    const shape: LoadShape = quick
      ? { connections: 5, amount: 30, warmupAmount: 10, rounds: 1 }
      : { connections: 10, amount: 100, warmupAmount: 20, rounds: 3 };
    const rows: ResultRow[] = [];
    const notes: string[] = [];
    let next = 0;
    const email = (flow: string) => `${flow}-${(next += 1)}@example.com`;

    log('  key mode: teams.createMembership with X-Appwrite-Key');
    const keyServers = await startPair(context, 'key');
    try {
      const contenders: Contender[] = keyServers.map((entry) => ({
        label: entry.label,
        server: entry.server,
        requests: (round) =>
          Array.from({ length: countFor(shape, round) }, () =>
            trpcMutation(
              'teams.createMembership',
              { teamId: TEAM_ID, email: email('key'), roles: ['member'] },
              appwriteKeyHeaders(entry.apiKey),
            ),
          ),
      }));
      const [base, roster] = await measureAlternating(contenders, shape, log);
      if (!base || !roster) throw new Error('no measurement');
      rows.push(comparisonRow('3', '`teams.createMembership`, API key', roster, base, { ratio: 0.6 }));
      notes.push(
        `Key mode, Roster's commands per request: ${describeCommands(roster.roundTrips.byCommand)}; baseline: ${describeCommands(base.roundTrips.byCommand)}.`,
      );
      notes.push(...failureNotes([roster, base]));
      const rosterEntry = keyServers[1];
      if (context.profileDir && rosterEntry && (rows.at(-1)?.met === false || context.alwaysProfile)) {
        notes.push(
          await profileRoster(context, rosterEntry.database, {
            title: 'teams.createMembership (API key)',
            connections: shape.connections,
            amount: shape.amount ?? 100,
            requests: Array.from({ length: (shape.amount ?? 100) + shape.connections }, () =>
              trpcMutation(
                'teams.createMembership',
                { teamId: TEAM_ID, email: email('profile'), roles: [] },
                appwriteKeyHeaders(rosterEntry.apiKey),
              ),
            ),
          }),
        );
      }
    } finally {
      for (const entry of keyServers) await entry.server.stop();
    }

    log('  session mode: owner invites, invitee accepts');
    const sessionServers = await startPair(context, 'session');
    const client = new MongoClient(context.env.mongoUri);
    await client.connect();
    try {
      const invites: Contender[] = sessionServers.map((entry) => ({
        label: `${entry.label} invite`,
        server: entry.server,
        requests: (round) =>
          Array.from({ length: countFor(shape, round) }, () =>
            trpcMutation(
              'teams.createMembership',
              { teamId: TEAM_ID, email: email('invite'), roles: [], url: 'http://localhost/join' },
              { 'x-appwrite-project': BENCH_PROJECT_ID, 'x-appwrite-session': entry.ownerSession },
            ),
          ),
      }));
      const [baseInvite, rosterInvite] = await measureAlternating(invites, shape, log);
      // Each run takes invitations still pending: every earlier run has finished, so none is in flight.
      const accepts: Contender[] = sessionServers.map((entry) => {
        return {
          label: `${entry.label} accept`,
          server: entry.server,
          requests: async (round) => {
            const pending = await client
              .db(entry.database)
              .collection<{ _id: string; userId: string; delivery?: { secretVersion: string } }>(
                'memberships',
              )
              .find({ teamId: TEAM_ID, confirm: false })
              .toArray();
            return pending.slice(0, countFor(shape, round)).map((membership): HttpRequestSpec => {
              const secret = deriveInvitationSecret(
                BENCH_SECRET_KEY,
                membership._id,
                membership.delivery?.secretVersion ?? '',
              );
              return trpcMutation(
                'teams.updateMembershipStatus',
                { teamId: TEAM_ID, membershipId: membership._id, userId: membership.userId, secret },
                { 'x-appwrite-project': BENCH_PROJECT_ID },
              );
            });
          },
        };
      });
      const [baseAccept, rosterAccept] = await measureAlternating(accepts, shape, log);
      if (!baseInvite || !rosterInvite || !baseAccept || !rosterAccept) throw new Error('no measurement');
      rows.push(
        comparisonRow('3', 'invite (`teams.createMembership`, owner session)', rosterInvite, baseInvite, {
          ratio: 0.6,
        }),
      );
      rows.push(
        comparisonRow('3', 'accept (`teams.updateMembershipStatus`, guest)', rosterAccept, baseAccept, {
          ratio: 0.6,
        }),
      );
      notes.push(
        `Invite, Roster's commands per request: ${describeCommands(rosterInvite.roundTrips.byCommand)}; baseline: ${describeCommands(baseInvite.roundTrips.byCommand)}.`,
        `Accept, Roster's commands per request: ${describeCommands(rosterAccept.roundTrips.byCommand)}; baseline: ${describeCommands(baseAccept.roundTrips.byCommand)}.`,
      );
      notes.push(...failureNotes([rosterInvite, baseInvite, rosterAccept, baseAccept]));
    } finally {
      await client.close();
      for (const entry of sessionServers) await entry.server.stop();
    }
    return { rows, notes };
  },
};
