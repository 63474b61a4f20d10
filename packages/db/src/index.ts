export { connectDatabase, pingDatabase, type Connection, type DatabaseOptions } from './connection.ts';
export * from './models/index.ts';
export { isDuplicateKeyError } from './errors.ts';
export { listSource } from './list-source.ts';
/** Mongoose's filter type, for code that builds filters dynamically (the list queries). */
export type { QueryFilter } from 'mongoose';
