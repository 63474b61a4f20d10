import ConnectionString from 'mongodb-connection-string-url';
import { inject } from 'vitest';
import { TEST_NAME_PREFIX, type TestServices } from './services.ts';

export interface WorkerServices extends TestServices {
  /** Database name owned by this test worker for this run: `roster_test_<runId>_w<worker>`. */
  dbName: string;
  /** `mongoUri` pointing at `dbName`, for code that takes a full `MONGODB_URI`. */
  databaseUri: string;
  /** Redis key prefix owned by this test worker for this run (for BullMQ queues and limiters). */
  redisPrefix: string;
}

/**
 * The services of this run, with names private to the calling worker. Vitest runs one file at a
 * time per worker, so a file may use (and should drop) the worker's database freely.
 */
export function testServices(): WorkerServices {
  const services = inject('roster');
  const worker = process.env.VITEST_POOL_ID ?? '0';
  const name = `${TEST_NAME_PREFIX}${services.runId}_w${worker}`;
  const uri = new ConnectionString(services.mongoUri);
  uri.pathname = `/${name}`;
  return { ...services, dbName: name, databaseUri: uri.toString(), redisPrefix: `{${name}}` };
}

export type { TestServices } from './services.ts';
