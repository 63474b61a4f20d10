import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import type { TestProject } from 'vitest/node';
import { startFerretDb, type FerretDbHandle } from '../ferretdb.ts';
import { resolveRedis } from '../redis.ts';
import { ensureSeaweedFsBinary } from '../seaweedfs.ts';
import { TEST_NAME_PREFIX, type TestServices } from './services.ts';

/**
 * Starts what integration tests need, once per `vitest run`: an embedded FerretDB in a temporary
 * folder (or the MongoDB of `MONGODB_URI`) and a Redis, and builds the S3 test server once per
 * machine. Tests read them with `testServices()`.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const runId = randomBytes(4).toString('hex');
  const tempDir = await mkdtemp(join(tmpdir(), 'roster-test-'));
  const externalMongo = process.env.MONGODB_URI;

  let ferret: FerretDbHandle | undefined;
  if (!externalMongo) ferret = await startFerretDb({ dataDir: join(tempDir, 'ferretdb') });
  const redis = await resolveRedis();
  // The S3 tests' server. Its first build (minutes of Go) runs here, before any test, rather than
  // inside a test's hook, where it would compete with every other test for the cores.
  await ensureSeaweedFsBinary();

  const services: TestServices = {
    runId,
    mongoUri: externalMongo ?? ferret!.uri,
    redisUrl: redis.url,
    embeddedDatabase: !externalMongo,
  };
  project.provide('roster', services);

  return async () => {
    if (externalMongo) await dropRunDatabases(externalMongo, runId);
    await ferret?.stop();
    await redis.stop();
    await rm(tempDir, { recursive: true, force: true });
  };
}

/** On a shared MongoDB, removes every database this run created (tests drop their own as well). */
async function dropRunDatabases(uri: string, runId: string): Promise<void> {
  const client = new MongoClient(uri);
  try {
    const { databases } = await client.db('admin').admin().listDatabases({ nameOnly: true });
    const ours = databases.filter((db) => db.name.startsWith(`${TEST_NAME_PREFIX}${runId}_`));
    await Promise.all(ours.map((db) => client.db(db.name).dropDatabase()));
  } finally {
    await client.close();
  }
}
