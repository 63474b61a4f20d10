export { connectDatabase, pingDatabase, type Connection, type DatabaseOptions } from './connection.ts';
