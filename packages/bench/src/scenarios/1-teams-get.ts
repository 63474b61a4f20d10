import { databaseUri } from '../lib/environment.ts';
import { measureAlternating, type Contender } from '../lib/measure.ts';
import { profileRoster } from '../lib/profile.ts';
import { answers, appwriteKeyHeaders } from '../lib/rest.ts';
import { comparisonRow, failureNotes, singleFigureRow } from '../lib/rows.ts';
import { seedDatabase } from '../lib/seed.ts';
import { startBaseline, startRoster } from '../lib/servers.ts';
import { trpcQuery } from '../lib/trpc.ts';
import { type Scenario } from './context.ts';

const TEAM_ID = 'benchteam1';

/**
 * `teams.get` by API key, over tRPC and over REST, against the baseline doing the same three
 * reads (key, team, confirmed count). The baseline's tRPC-shaped and REST routes do identical
 * work, so one baseline series serves both ratios.
 */
export const teamsGet: Scenario = {
  id: 1,
  title: 'teams.get over tRPC and REST, 50 connections',
  async run(context) {
    const { env, quick, log } = context;
    const database = 'bench_s1';
    log('  seeding a team of 25 members');
    const seeded = await seedDatabase(databaseUri(env.mongoUri, database), [
      { teamId: TEAM_ID, members: 25 },
    ]);
    const headers = appwriteKeyHeaders(seeded.apiKey);
    const trpc = trpcQuery('teams.get', { teamId: TEAM_ID }, headers);
    const rest = { method: 'GET' as const, path: `/v1/teams/${TEAM_ID}`, headers };
    const roster = await startRoster(env, database);
    const baseline = await startBaseline(env, database);
    try {
      const restAvailable = await answers(roster.url, rest);
      if (!restAvailable) log('  REST: Roster has no /v1/teams/{teamId} route yet; its row is skipped');
      const contenders: Contender[] = [
        { label: 'baseline', server: baseline, requests: () => [trpc] },
        { label: 'Roster tRPC', server: roster, requests: () => [trpc] },
        ...(restAvailable ? [{ label: 'Roster REST', server: roster, requests: () => [rest] }] : []),
      ];
      const [base, viaTrpc, viaRest] = await measureAlternating(
        contenders,
        quick
          ? { connections: 50, seconds: 2, warmupSeconds: 1, rounds: 2 }
          : { connections: 50, seconds: 8, warmupSeconds: 3, rounds: 5 },
        log,
      );
      if (!base || !viaTrpc) throw new Error('no measurement');
      const rows = [
        comparisonRow('1', '`teams.get`, tRPC, 50 connections', viaTrpc, base, {
          ratio: 0.75,
          p99Multiple: 2,
        }),
        viaRest
          ? comparisonRow('1', '`teams.get`, REST `GET /v1/teams/{teamId}`', viaRest, base, {
              ratio: 0.6,
              p99Multiple: 2,
            })
          : singleFigureRow(
              '1',
              '`teams.get`, REST',
              'not available (no /v1 route)',
              '≥ 0.60× baseline req/s; p99 ≤ 2× baseline',
            ),
      ];
      const notes = failureNotes([viaTrpc, viaRest]);
      if (context.profileDir && (rows.some((row) => row.met === false) || context.alwaysProfile)) {
        notes.push(
          await profileRoster(context, database, {
            title: 'teams.get (tRPC)',
            connections: 50,
            requests: [trpc],
          }),
        );
      }
      return { rows, notes };
    } finally {
      await roster.stop();
      await baseline.stop();
    }
  },
};
