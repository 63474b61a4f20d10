/**
 * `pnpm bench:events`: events per second through the event dispatcher (docs/events.md), on the
 * real database (embedded FerretDB unless MONGODB_URI is set).
 *
 * 1. Recording: `--count` changes (team renames over `--teams` teams, `--writers` at once), each
 *    recorded through the outbox (prepare, marked write, commit): changes/s.
 * 2. Dispatch: the dispatcher drains that backlog into `--consumers` consumers that do nothing, in
 *    batches of `--batch`: events/s = count / drain time. This is the stream's own cost (reads,
 *    order per resource, marks), not a consumer's.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { connectDatabase, createRepositories, generateId, syncIndexes, type EventActor } from '@roster/db';
import { createEventDispatcher, type EventConsumer } from '@roster/jobs';
import { startFerretDb, type FerretDbHandle } from '@roster/testkit';

const { values: args } = parseArgs({
  options: {
    count: { type: 'string', default: '2000' },
    teams: { type: 'string', default: '50' },
    writers: { type: 'string', default: '20' },
    consumers: { type: 'string', default: '3' },
    batch: { type: 'string', default: '200' },
  },
});
const count = Number(args.count);
const teams = Number(args.teams);
const writers = Number(args.writers);
const log = (line: string) => process.stdout.write(`${line}\n`);
const actor: EventActor = { type: 'system', userId: '', userName: '', userEmail: '', ip: '', userAgent: '' };

async function main() {
  const tempDir = await mkdtemp(join(tmpdir(), 'roster-bench-events-'));
  let ferret: FerretDbHandle | undefined;
  let mongoUri = process.env.MONGODB_URI;
  if (!mongoUri) {
    ferret = await startFerretDb({ dataDir: join(tempDir, 'ferretdb'), log: () => {} });
    mongoUri = `${ferret.uri}roster_bench_events`;
  }
  const connection = await connectDatabase(mongoUri);
  try {
    await connection.dropDatabase();
    await syncIndexes(connection);
    const repos = createRepositories(connection);
    const teamIds = Array.from({ length: teams }, () => generateId());
    for (const id of teamIds) await repos.teams.create({ id, chosenId: true, name: 'Bench' });

    let next = 0;
    const recordStarted = performance.now();
    await Promise.all(
      Array.from({ length: writers }, async () => {
        while (next < count) {
          const index = next++;
          const teamId = teamIds[index % teams]!;
          await repos.events.record(
            {
              template: 'teams.[teamId].update',
              params: { teamId },
              resource: `team/${teamId}`,
              teamId,
              actor,
              target: { collection: 'teams', filter: { _id: teamId }, kind: 'write' },
            },
            () => repos.teams.rename({ _id: teamId }, `Bench ${index}`),
            (team) => (team ? { payload: { $id: teamId, name: team.name } } : null),
          );
        }
      }),
    );
    const recordSeconds = (performance.now() - recordStarted) / 1000;
    log(
      `recorded ${count} changes in ${recordSeconds.toFixed(2)} s: ${(count / recordSeconds).toFixed(0)} changes/s (${writers} writers, ${teams} teams)`,
    );

    let consumed = 0;
    const consumers: EventConsumer[] = Array.from({ length: Number(args.consumers) }, (_, index) => ({
      name: `noop-${index}`,
      consume: (events) => {
        consumed += events.length;
        return Promise.resolve();
      },
    }));
    const traced = process.env.BENCH_TRACE
      ? Object.fromEntries(
          Object.entries(repos.events).map(([name, fn]) => [
            name,
            typeof fn === 'function'
              ? async (...a: unknown[]) => {
                  const t = performance.now();
                  const r = await (fn as (...x: unknown[]) => Promise<unknown>)(...a);
                  log(`${name} ${(performance.now() - t).toFixed(0)} ms`);
                  return r;
                }
              : fn,
          ]),
        )
      : repos.events;
    const dispatcher = createEventDispatcher({
      events: traced as typeof repos.events,
      consumers,
      logger: { warn: (fields, message) => log(`${message} ${JSON.stringify(fields)}`) },
      settings: { batchSize: Number(args.batch) },
    });
    const dispatchStarted = performance.now();
    const result = await dispatcher.runUntilIdle(Number.POSITIVE_INFINITY);
    const dispatchSeconds = (performance.now() - dispatchStarted) / 1000;
    log(
      `dispatched ${count} events to ${consumers.length} consumers (${consumed} deliveries) in ${dispatchSeconds.toFixed(2)} s: ` +
        `${(count / dispatchSeconds).toFixed(0)} events/s (batch ${args.batch}; failed: ${result.failed.length})`,
    );
  } finally {
    await connection.dropDatabase().catch(() => {});
    await connection.close();
    await ferret?.stop();
    await rm(tempDir, { recursive: true, force: true });
  }
}

await main();
