import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveRedis, startFerretDb, type FerretDbHandle, type RedisHandle } from '@roster/testkit';

/** The shared services every scenario's servers use: one database server, one Redis. */
export interface Environment {
  /** `mongodb://host:port/` without a database. */
  readonly mongoUri: string;
  readonly mongoLabel: string;
  readonly redisUrl: string;
  readonly tempDir: string;
  close(): Promise<void>;
}

/** Embedded FerretDB on SQLite in a temporary folder unless MONGODB_URI is set; Redis as the tests find it. */
export async function startEnvironment(): Promise<Environment> {
  const tempDir = await mkdtemp(join(tmpdir(), 'roster-bench-'));
  let ferret: FerretDbHandle | undefined;
  let mongoUri: string;
  const given = process.env.MONGODB_URI;
  if (given) {
    const url = new URL(given);
    url.pathname = '/';
    mongoUri = url.toString();
  } else {
    ferret = await startFerretDb({ dataDir: join(tempDir, 'ferretdb'), log: () => {} });
    mongoUri = ferret.uri;
  }
  const redis: RedisHandle = await resolveRedis({ log: () => {} });
  return {
    mongoUri,
    mongoLabel: ferret ? 'embedded FerretDB v1.24.2 (SQLite)' : 'MONGODB_URI',
    redisUrl: redis.url,
    tempDir,
    async close() {
      await ferret?.stop();
      await redis.stop();
      await rm(tempDir, { recursive: true, force: true });
    },
  };
}

/** A database URI on the environment's server. */
export function databaseUri(baseUri: string, database: string): string {
  const url = new URL(baseUri);
  url.pathname = `/${database}`;
  return url.toString();
}
