/**
 * `pnpm --filter @roster/server import-users -- --file users.jsonl`: a migration's users with their
 * password hashes, one JSON object a line (docs/migration.md). Every line gets a result line
 * (`created`, `exists`, `invalid` or `failed`, as JSON) on stdout or in `--results`; progress goes
 * to stderr. Exit code 0 when every line was created or existed, 2 when some were not, 1 when the
 * import could not run.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { createRepositories, syncIndexes, type Connection } from '@roster/db';
import { ConfigError, loadDatabaseConfig } from '../config.ts';
import { connectDatabaseOrFail, StartupError } from '../infrastructure.ts';
import {
  IMPORT_USAGE,
  ImportUsageError,
  importLines,
  parseImportArgs,
  type ImportOptions,
} from './user-import.ts';

function describeFailure(error: unknown): string {
  if (error instanceof ImportUsageError || error instanceof ConfigError || error instanceof StartupError) {
    return error.message;
  }
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

async function main(argv: string[]): Promise<number> {
  let options: ImportOptions | 'help';
  try {
    options = parseImportArgs(argv);
  } catch (error) {
    process.stderr.write(`error: ${describeFailure(error)}\n\n${IMPORT_USAGE}\n`);
    return 1;
  }
  if (options === 'help') {
    process.stdout.write(`${IMPORT_USAGE}\n`);
    return 0;
  }
  const input = options.file === '-' ? process.stdin : createReadStream(options.file);
  const opened = new Promise<void>((ready, fail) => {
    if (input === process.stdin) return ready();
    input.once('open', () => ready()).once('error', fail);
  });
  let connection: Connection;
  try {
    await opened;
    connection = await connectDatabaseOrFail(loadDatabaseConfig().MONGODB_URI);
  } catch (error) {
    process.stderr.write(`error: ${describeFailure(error)}\n`);
    return 1;
  }
  const results = options.results ? createWriteStream(options.results) : process.stdout;
  const started = performance.now();
  try {
    await syncIndexes(connection);
    const summary = await importLines(
      createRepositories(connection),
      createInterface({ input, crlfDelay: Infinity }),
      {
        concurrency: options.concurrency,
        progress: options.progress,
        results,
        log: (text) => process.stderr.write(`${text}\n`),
      },
    );
    const seconds = (performance.now() - started) / 1000;
    process.stderr.write(
      `done: ${summary.lines} lines in ${seconds.toFixed(1)} s (${Math.round(summary.lines / seconds)} lines/s), peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB\n`,
    );
    return summary.invalid + summary.failed === 0 ? 0 : 2;
  } catch (error) {
    process.stderr.write(`error: ${describeFailure(error)}\n`);
    return 1;
  } finally {
    if (results !== process.stdout) await new Promise<void>((done) => results.end(() => done()));
    await connection.close();
  }
}

process.exitCode = await main(process.argv.slice(2));
