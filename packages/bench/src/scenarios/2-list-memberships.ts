import { databaseUri } from '../lib/environment.ts';
import { describeCommands } from '../lib/roundtrips.ts';
import { measureAlternating, type LoadShape, type Measurement } from '../lib/measure.ts';
import { profileRoster } from '../lib/profile.ts';
import { type ResultRow } from '../lib/report.ts';
import { appwriteKeyHeaders } from '../lib/rest.ts';
import { comparisonRow, failureNotes, singleFigureRow } from '../lib/rows.ts';
import { seedDatabase } from '../lib/seed.ts';
import { startBaseline, startRoster } from '../lib/servers.ts';
import { trpcQuery } from '../lib/trpc.ts';
import { type Scenario, type ScenarioContext } from './context.ts';

const PAGE = JSON.stringify({ method: 'limit', values: [25] });

/** The page request of scenarios 2 and 5: 25 memberships with their users' names and emails. */
export function listMembershipsRequest(teamId: string, apiKey: string) {
  return trpcQuery('teams.listMemberships', { teamId, queries: [PAGE] }, appwriteKeyHeaders(apiKey));
}

/** Seeds a database holding one team of `members` members (its own database per size). */
export async function seedTeam(context: ScenarioContext, database: string, teamId: string, members: number) {
  const started = Date.now();
  const seeded = await seedDatabase(databaseUri(context.env.mongoUri, database), [{ teamId, members }]);
  context.log(
    `  seeded ${members.toLocaleString('en-US')} members in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  return seeded;
}

/**
 * How hard to push each size. On FerretDB v1 one page of a 10,000-member team costs seconds of
 * database time (every filter and sort scans), so large teams get few connections and a fixed
 * number of requests rather than a duration.
 */
function loadShape(size: number, quick: boolean): LoadShape {
  if (size <= 100) {
    return quick
      ? { connections: 25, seconds: 2, warmupSeconds: 1, rounds: 2 }
      : { connections: 25, seconds: 6, warmupSeconds: 2, rounds: 3 };
  }
  if (size <= 1000) {
    return quick
      ? { connections: 4, amount: 8, warmupAmount: 4, rounds: 1, countRequests: 2 }
      : { connections: 4, amount: 24, warmupAmount: 4, rounds: 3, countRequests: 3 };
  }
  return quick
    ? { connections: 2, amount: 2, warmupAmount: 2, rounds: 1, countRequests: 1 }
    : { connections: 2, amount: 4, warmupAmount: 2, rounds: 3, countRequests: 2 };
}

/**
 * `teams.listMemberships` (25 per page, user names and emails filled in) for teams of 25, 1,000
 * and 10,000 members. Each size has its own database, so a size's figures are its own team's cost;
 * on FerretDB every filter scans the collection, so throughput falls with size for any server,
 * and the question is whether Roster's round trips and ratio stay put.
 */
export const listMemberships: Scenario = {
  id: 2,
  title: 'teams.listMemberships, 25 per page, teams of 25 / 1,000 / 10,000',
  async run(context) {
    const { env, quick, log } = context;
    const sizes = [25, 1000, 10_000];
    const rows: ResultRow[] = [];
    const notes: string[] = [];
    const roundTrips: { size: number; roster: Measurement['roundTrips'] }[] = [];
    let profiled = false;
    for (const size of sizes) {
      log(` team of ${size.toLocaleString('en-US')}`);
      const database = `bench_s2_${size}`;
      const teamId = `team${size}`;
      const seeded = await seedTeam(context, database, teamId, size);
      const request = listMembershipsRequest(teamId, seeded.apiKey);
      const roster = await startRoster(env, database);
      const baseline = await startBaseline(env, database);
      try {
        const [base, subject] = await measureAlternating(
          [
            { label: 'baseline', server: baseline, requests: () => [request] },
            { label: 'Roster', server: roster, requests: () => [request] },
          ],
          loadShape(size, quick),
          log,
        );
        if (!base || !subject) throw new Error('no measurement');
        rows.push(
          comparisonRow(
            '2',
            `\`teams.listMemberships\`, team of ${size.toLocaleString('en-US')}`,
            subject,
            base,
            { ratio: 0.6 },
          ),
        );
        roundTrips.push({ size, roster: subject.roundTrips });
        notes.push(...failureNotes([subject]));
        if (context.profileDir && !profiled && (rows.at(-1)?.met === false || context.alwaysProfile)) {
          profiled = true;
          notes.push(
            await profileRoster(context, database, {
              title: `teams.listMemberships, team of ${size}`,
              connections: 25,
              requests: [request],
            }),
          );
        }
      } finally {
        await roster.stop();
        await baseline.stop();
      }
    }
    const counts = roundTrips.map((entry) => entry.roster.perRequest);
    const constant = counts.every((count) => count === counts[0]);
    rows.push(
      singleFigureRow(
        '2',
        'round trips per request across team sizes',
        counts.map((count) => count.toFixed(1)).join(' / '),
        'constant across sizes',
        constant,
      ),
    );
    notes.unshift(
      `Roster's database commands per \`teams.listMemberships\` request: ${roundTrips
        .map(
          (entry) =>
            `team of ${entry.size.toLocaleString('en-US')}: ${describeCommands(entry.roster.byCommand)}`,
        )
        .join('; ')}.`,
    );
    return { rows, notes };
  },
};
