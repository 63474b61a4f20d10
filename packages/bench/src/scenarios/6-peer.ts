import { deriveInvitationSecret } from '@roster/db';
import { MongoClient } from 'mongodb';
import { databaseUri } from '../lib/environment.ts';
import { type HttpRequestSpec } from '../lib/load.ts';
import { COUNTING_ROUND, measureAlternating, type LoadShape, type Measurement } from '../lib/measure.ts';
import { type ResultRow } from '../lib/report.ts';
import { describeCommands } from '../lib/roundtrips.ts';
import { comparisonRow, failureNotes } from '../lib/rows.ts';
import { profileRoster } from '../lib/profile.ts';
import { seedDatabase } from '../lib/seed.ts';
import { BENCH_PROJECT_ID, BENCH_SECRET_KEY, startPeer, startRoster } from '../lib/servers.ts';
import { trpcMutation, trpcQuery } from '../lib/trpc.ts';
import { createOrganization, peerRequest, signUp } from '../peer/client.ts';
import { type Scenario } from './context.ts';

const TEAM_ID = 'benchteam6';

/**
 * Roster against better-auth's organization plugin on the same database (its MongoDB adapter with
 * `transaction: false`: FerretDB v1 has no transactions), flow by flow: an owner invites by email,
 * the invitee accepts (Roster: as a guest with the link's secret; better-auth: signed in as the
 * invitee, which it requires), the owner lists 25 members. Both use session cookies or headers.
 */
export const peer: Scenario = {
  id: 6,
  title: 'peer: better-auth organization plugin (invite, accept, list members)',
  async run(context) {
    const { env, quick, log } = context;
    const shape: LoadShape = quick
      ? { connections: 5, amount: 20, warmupAmount: 5, rounds: 1, countRequests: 3 }
      : { connections: 10, amount: 80, warmupAmount: 20, rounds: 3, countRequests: 5 };
    const perRun = (round: number) =>
      (round === COUNTING_ROUND
        ? (shape.countRequests ?? 5)
        : round < 0
          ? (shape.warmupAmount ?? 0)
          : (shape.amount ?? 0)) + shape.connections;
    const invitations =
      (shape.warmupAmount ?? 0) + (shape.amount ?? 0) * shape.rounds + (shape.countRequests ?? 5);

    const rosterDb = 'bench_s6_roster';
    const peerDb = 'bench_s6_peer';
    const seeded = await seedDatabase(databaseUri(env.mongoUri, rosterDb), [{ teamId: TEAM_ID, members: 1 }]);
    const roster = await startRoster(env, rosterDb);
    const betterAuth = await startPeer(env, peerDb);
    const client = new MongoClient(env.mongoUri);
    await client.connect();
    try {
      const ownerCookie = await signUp(betterAuth.url, 'owner@example.com');
      const organizationId = await createOrganization(betterAuth.url, ownerCookie);
      // better-auth accepts only for the signed-in invitee: sign every invitee up beforehand.
      log(`  signing up ${invitations} better-auth invitees`);
      const invitees: { email: string; cookie: string }[] = [];
      for (let index = 0; index < invitations + shape.connections * (shape.rounds + 2); index += 1) {
        const email = `peer-${index}@example.com`;
        invitees.push({ email, cookie: await signUp(betterAuth.url, email) });
      }
      const cookieOf = new Map(invitees.map((invitee) => [invitee.email, invitee.cookie]));
      let nextRoster = 0;
      let nextPeer = 0;
      const rosterSession = {
        'x-appwrite-project': BENCH_PROJECT_ID,
        'x-appwrite-session': seeded.ownerSession,
      };

      const nextRosterInvite = () =>
        trpcMutation(
          'teams.createMembership',
          {
            teamId: TEAM_ID,
            email: `roster-${(nextRoster += 1)}@example.com`,
            roles: [],
            url: 'http://localhost/join',
          },
          rosterSession,
        );

      log('  invite');
      const [rosterInvite, peerInvite] = await measureAlternating(
        [
          {
            label: 'Roster invite',
            server: roster,
            requests: (round) => Array.from({ length: perRun(round) }, nextRosterInvite),
          },
          {
            label: 'better-auth invite',
            server: betterAuth,
            requests: (round) =>
              Array.from({ length: perRun(round) }, () =>
                peerRequest(betterAuth.url, 'POST', '/organization/invite-member', ownerCookie, {
                  email: invitees[nextPeer++ % invitees.length]?.email,
                  role: 'member',
                  organizationId,
                }),
              ),
          },
        ],
        shape,
        log,
      );

      log('  accept');
      const [rosterAccept, peerAccept] = await measureAlternating(
        [
          {
            label: 'Roster accept',
            server: roster,
            requests: async (round) => {
              const pending = await client
                .db(rosterDb)
                .collection<{ _id: string; userId: string; delivery?: { secretVersion: string } }>(
                  'memberships',
                )
                .find({ teamId: TEAM_ID, confirm: false })
                .toArray();
              return pending.slice(0, perRun(round)).map((membership): HttpRequestSpec =>
                trpcMutation(
                  'teams.updateMembershipStatus',
                  {
                    teamId: TEAM_ID,
                    membershipId: membership._id,
                    userId: membership.userId,
                    secret: deriveInvitationSecret(
                      BENCH_SECRET_KEY,
                      membership._id,
                      membership.delivery?.secretVersion ?? '',
                    ),
                  },
                  { 'x-appwrite-project': BENCH_PROJECT_ID },
                ),
              );
            },
          },
          {
            label: 'better-auth accept',
            server: betterAuth,
            requests: async (round) => {
              const pending = await client
                .db(peerDb)
                .collection<{ _id: unknown; email: string }>('invitation')
                .find({ status: 'pending' })
                .toArray();
              return pending
                .slice(0, perRun(round))
                .map((invitation) =>
                  peerRequest(
                    betterAuth.url,
                    'POST',
                    '/organization/accept-invitation',
                    cookieOf.get(invitation.email) ?? '',
                    { invitationId: String(invitation._id) },
                  ),
                );
            },
          },
        ],
        shape,
        log,
      );

      log('  list 25 members');
      const rosterListRequest = trpcQuery(
        'teams.listMemberships',
        { teamId: TEAM_ID, queries: [JSON.stringify({ method: 'limit', values: [25] })] },
        rosterSession,
      );
      const listShape: LoadShape = quick
        ? { connections: 10, seconds: 2, warmupSeconds: 1, rounds: 1, countRequests: 3 }
        : { connections: 10, seconds: 6, warmupSeconds: 2, rounds: 3, countRequests: 5 };
      const [rosterList, peerList] = await measureAlternating(
        [
          { label: 'Roster list', server: roster, requests: () => [rosterListRequest] },
          {
            label: 'better-auth list',
            server: betterAuth,
            requests: () => [
              peerRequest(
                betterAuth.url,
                'GET',
                `/organization/list-members?organizationId=${organizationId}&limit=25`,
                ownerCookie,
              ),
            ],
          },
        ],
        listShape,
        log,
      );

      const pairs: [string, Measurement | undefined, Measurement | undefined][] = [
        ['invite by email (owner session)', rosterInvite, peerInvite],
        ['accept the invitation', rosterAccept, peerAccept],
        ['list 25 members with names and emails (owner session)', rosterList, peerList],
      ];
      const rows: ResultRow[] = [];
      const notes: string[] = [
        'In this scenario the "Baseline" columns are **better-auth** 1.7.25 (organization plugin, MongoDB adapter with `transaction: false`), not the bare server; the ratio is Roster ÷ better-auth.',
      ];
      for (const [name, subject, other] of pairs) {
        if (!subject || !other) continue;
        rows.push(comparisonRow('6', `${name}: Roster vs better-auth`, subject, other, { ratio: 1 }));
        notes.push(
          `${name}: Roster ${describeCommands(subject.roundTrips.byCommand)}; better-auth ${describeCommands(other.roundTrips.byCommand)}.`,
        );
        notes.push(...failureNotes([subject, other]));
      }
      for (const row of rows) row.goal = 'Roster faster (ratio > 1)';
      const missed = (flow: string) =>
        context.alwaysProfile || rows.find((row) => row.name.startsWith(flow))?.met === false;
      if (context.profileDir && missed('invite')) {
        const amount = quick ? 50 : 200;
        notes.push(
          await profileRoster(context, rosterDb, {
            title: 'teams.createMembership (owner session invite)',
            connections: shape.connections,
            requests: Array.from({ length: amount }, nextRosterInvite),
            amount,
          }),
        );
      }
      if (context.profileDir && missed('list')) {
        notes.push(
          await profileRoster(context, rosterDb, {
            title: 'teams.listMemberships (owner session, team with its invitations)',
            connections: listShape.connections,
            requests: [rosterListRequest],
          }),
        );
      }
      return { rows, notes };
    } finally {
      await client.close();
      await roster.stop();
      await betterAuth.stop();
    }
  },
};
