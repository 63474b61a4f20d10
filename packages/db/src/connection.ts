import mongoose, { type Connection } from 'mongoose';

export interface DatabaseOptions {
  /** Overrides the database named in the URI (tests use one per worker). */
  dbName?: string;
  /** How long to wait for a server before failing; defaults to 10 s. */
  serverSelectionTimeoutMS?: number;
  /** Emit the driver's command events (`getClient().on('commandStarted', …)`); tests count round trips. */
  monitorCommands?: boolean;
}

/**
 * Opens a dedicated Mongoose connection. Each process (API, worker, a test file) owns one and
 * passes it down, rather than relying on the global `mongoose` singleton.
 */
export async function connectDatabase(uri: string, options: DatabaseOptions = {}): Promise<Connection> {
  const connection = mongoose.createConnection(uri, {
    ...(options.dbName ? { dbName: options.dbName } : {}),
    ...(options.monitorCommands ? { monitorCommands: true } : {}),
    // A timeout given in the URI wins over our default.
    ...(/[?&]serverSelectionTimeoutMS=/i.test(uri)
      ? {}
      : { serverSelectionTimeoutMS: options.serverSelectionTimeoutMS ?? 10_000 }),
    // Indexes are part of our invariants (unique claims), so build them on model registration.
    autoIndex: true,
    autoCreate: true,
  });
  await connection.asPromise();
  return connection;
}

/** Round-trips a `ping`; throws when the database does not answer. */
export async function pingDatabase(connection: Connection): Promise<void> {
  const db = connection.db;
  if (!db) throw new Error('database connection is not open');
  await db.command({ ping: 1 });
}

export type { Connection };
