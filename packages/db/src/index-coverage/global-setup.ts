import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SHAPES_DIR_ENV } from './capture.ts';
import { declaredIndexes, describeOffenders, readRecordedShapes, unservedShapes } from './check.ts';

/**
 * Vitest global setup of the integration tests: every connection records its query shapes into a
 * temporary folder (capture.ts), and the teardown fails the run when one is served by no declared
 * index (docs/database.md#index-coverage). `ROSTER_INDEX_COVERAGE=off` skips it.
 */
export default async function setup(): Promise<(() => Promise<void>) | undefined> {
  if (process.env.ROSTER_INDEX_COVERAGE === 'off') return undefined;
  const dir = await mkdtemp(join(tmpdir(), 'roster-shapes-'));
  process.env[SHAPES_DIR_ENV] = dir;
  return async () => {
    const records = await readRecordedShapes(dir);
    await rm(dir, { recursive: true, force: true });
    const offenders = unservedShapes(records, declaredIndexes());
    if (offenders.length === 0) return;
    // Not thrown: a throwing teardown skips the others (FerretDB would be left running) and
    // leaves the exit code alone. Printed, and the run fails.
    process.stderr.write(`\n${describeOffenders(offenders)}\n\n`);
    process.exitCode = 1;
  };
}
