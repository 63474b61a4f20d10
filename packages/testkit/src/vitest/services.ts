export const TEST_NAME_PREFIX = 'roster_test_';

/** What the global setup started, as handed to every test worker. */
export interface TestServices {
  /** Random per `vitest run`, so two runs (or a run and `pnpm dev`) never share data. */
  runId: string;
  /** Server URI without a database name. */
  mongoUri: string;
  redisUrl: string;
  /** True when the database is the embedded FerretDB (not a real MongoDB). */
  embeddedDatabase: boolean;
}

declare module 'vitest' {
  export interface ProvidedContext {
    roster: TestServices;
  }
}
