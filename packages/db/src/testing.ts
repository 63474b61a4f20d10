import { testServices } from '@roster/testkit/vitest';
import { afterAll, beforeAll } from 'vitest';
import { connectDatabase, type Connection } from './connection.ts';

/**
 * For integration tests: connects to this worker's own database before the file's tests and drops
 * it afterwards, so files never see each other's data.
 */
export function useTestDatabase(options: { monitorCommands?: boolean } = {}): {
  readonly connection: Connection;
  readonly embedded: boolean;
} {
  let connection: Connection | undefined;
  const services = testServices();
  beforeAll(async () => {
    connection = await connectDatabase(services.mongoUri, { dbName: services.dbName, ...options });
    await connection.dropDatabase();
  });
  afterAll(async () => {
    await connection?.dropDatabase();
    await connection?.close();
  });
  return {
    get connection() {
      if (!connection) throw new Error('useTestDatabase(): the connection opens in beforeAll');
      return connection;
    },
    embedded: services.embeddedDatabase,
  };
}
