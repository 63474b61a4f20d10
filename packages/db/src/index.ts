export { connectDatabase, pingDatabase, type Connection, type DatabaseOptions } from './connection.ts';
export * from './models/index.ts';
export { isDuplicateKeyError } from './errors.ts';
