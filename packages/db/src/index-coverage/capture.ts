import { AsyncLocalStorage } from 'node:async_hooks';
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Connection } from 'mongoose';
import { shapeKey, shapesOf } from './shapes.ts';

/**
 * Recording of query shapes for the index-coverage check (docs/database.md#index-coverage). When
 * `ROSTER_QUERY_SHAPES_DIR` is set (the integration tests' global setup sets it), every
 * connection opened by `connectDatabase` listens to the driver's `commandStarted` events and
 * appends each new shape, with where it came from, to a file of its own process: parallel test
 * workers and spawned servers never write the same file, and a crash loses nothing written.
 */
export const SHAPES_DIR_ENV = 'ROSTER_QUERY_SHAPES_DIR';

export interface RecordedShape {
  key: string;
  /** The deliberate scan it ran in (`deliberateScan`), checked against ALLOWED_SCANS. */
  scan?: string;
  /** The test file (in a vitest worker) or the script of the process that issued it. */
  origin: string;
}

const unrecorded = new AsyncLocalStorage<true>();
const scans = new AsyncLocalStorage<string>();

/**
 * Runs `run` as the deliberate scan `name`: its queries may be served by no index, if `name` is
 * in ALLOWED_SCANS (check.ts) with its reason. Outside the tests this only calls `run`.
 */
export function deliberateScan<T>(name: string, run: () => Promise<T>): Promise<T> {
  return shapeRecordingDir() ? scans.run(name, run) : run();
}

/** Runs `run` without recording its queries: a test's own seeding and inspection, not Roster's. */
export function withoutShapeRecording<T>(run: () => Promise<T>): Promise<T> {
  return unrecorded.run(true, run);
}

export function shapeRecordingDir(): string | undefined {
  return process.env[SHAPES_DIR_ENV] || undefined;
}

function origin(): string {
  // Vitest's worker state names the test file running in this worker.
  const state = (
    globalThis as { __vitest_worker__?: { filepath?: string; current?: { file?: { filepath?: string } } } }
  ).__vitest_worker__;
  return state?.filepath ?? state?.current?.file?.filepath ?? process.argv[1] ?? 'unknown';
}

/** Attaches the recorder to a connection opened with `monitorCommands: true`. */
export function recordShapes(connection: Connection, dir: string): void {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `shapes-${process.pid}.jsonl`);
  const seen = new Set<string>();
  connection.getClient().on('commandStarted', (event) => {
    if (unrecorded.getStore()) return;
    const from = origin();
    const scan = scans.getStore();
    const lines: string[] = [];
    for (const shape of shapesOf(event.commandName, event.command)) {
      const key = shapeKey(shape);
      const id = `${key}\n${from}\n${scan ?? ''}`;
      if (seen.has(id)) continue;
      seen.add(id);
      lines.push(JSON.stringify({ key, shape, origin: from, ...(scan ? { scan } : {}) }));
    }
    if (lines.length > 0) appendFileSync(file, `${lines.join('\n')}\n`);
  });
}
