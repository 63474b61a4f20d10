export {
  connectDatabase,
  DEFAULT_OPERATION_TIMEOUT_MS,
  pingDatabase,
  type Connection,
  type DatabaseOptions,
} from './connection.ts';
export * from './models/index.ts';
export { isDatabaseUnavailableError, isDuplicateKeyError } from './errors.ts';
export { listSource } from './list-source.ts';
export { CLAIM_RETENTION_MS, deleteExpired, type CleanupResult } from './cleanup.ts';
/** Mongoose's filter type, for code that builds filters dynamically (the list queries). */
export type { QueryFilter } from 'mongoose';
