import { setTimeout as sleep } from 'node:timers/promises';
import mongoose, { type Connection } from 'mongoose';
import { recordShapes, shapeRecordingDir } from './index-coverage/capture.ts';

export interface DatabaseOptions {
  /** Overrides the database named in the URI (tests use one per worker). */
  dbName?: string;
  /**
   * How long one operation waits for a reachable server before it fails (then the API answers
   * 503); defaults to 3 s. A `serverSelectionTimeoutMS` in the URI wins.
   */
  serverSelectionTimeoutMS?: number;
  /** How long start-up keeps trying to reach the database; defaults to 10 s. */
  connectTimeoutMs?: number;
  /** Emit the driver's command events (`getClient().on('commandStarted', …)`); tests count round trips. */
  monitorCommands?: boolean;
  /**
   * `false` keeps this connection's queries out of the index-coverage check even when the tests
   * record shapes: a test of the database itself, not of Roster's queries.
   */
  recordShapes?: boolean;
}

export const DEFAULT_OPERATION_TIMEOUT_MS = 3000;
const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

/**
 * Opens a dedicated Mongoose connection. Each process (API, worker, a test file) owns one and
 * passes it down, rather than relying on the global `mongoose` singleton.
 *
 * Operations fail fast while the database is unreachable: no command buffering (a buffered write
 * could land long after its request has answered), and a short server-selection timeout. Start-up
 * alone is patient: it retries until `connectTimeoutMs`.
 */
export async function connectDatabase(uri: string, options: DatabaseOptions = {}): Promise<Connection> {
  const deadline = Date.now() + (options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS);
  // Tests record every query shape for the index-coverage check (docs/database.md#index-coverage).
  const shapesDir = options.recordShapes === false ? undefined : shapeRecordingDir();
  for (;;) {
    const connection = mongoose.createConnection(uri, {
      ...(options.dbName ? { dbName: options.dbName } : {}),
      ...(options.monitorCommands || shapesDir ? { monitorCommands: true } : {}),
      // A timeout given in the URI wins over ours.
      ...(/[?&]serverSelectionTimeoutMS=/i.test(uri)
        ? {}
        : { serverSelectionTimeoutMS: options.serverSelectionTimeoutMS ?? DEFAULT_OPERATION_TIMEOUT_MS }),
      bufferCommands: false,
      // Indexes are part of our invariants (unique claims), so build them on model registration.
      autoIndex: true,
      autoCreate: true,
    });
    try {
      await connection.asPromise();
      if (shapesDir) recordShapes(connection, shapesDir);
      return connection;
    } catch (error) {
      await connection.close().catch(() => {});
      if (Date.now() >= deadline) throw error;
      await sleep(250);
    }
  }
}

/** Round-trips a `ping`; throws when the database does not answer. */
export async function pingDatabase(connection: Connection): Promise<void> {
  const db = connection.db;
  if (!db) throw new Error('database connection is not open');
  await db.command({ ping: 1 });
}

export type { Connection };
