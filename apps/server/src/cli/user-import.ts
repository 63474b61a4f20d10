/** The bulk user import's options and its loop (`import-users.ts` is the command). */
import { isAbsolute, resolve } from 'node:path';
import { type Writable } from 'node:stream';
import { importUser, parseImportLine } from '@roster/api';
import { type Repositories } from '@roster/db';

export const IMPORT_USAGE = `Usage: import-users --file <users.jsonl | -> [--results <file>] [--concurrency <n>] [--progress <n>]

Each line: {"userId"?: "...", "email": "...", "name"?: "...", "hash": {"algorithm": "...", "hash": "...", ...options}}
algorithm: argon2 | bcrypt | md5 | phpass | sha (version) | scrypt (salt, costCpu, costMemory,
costParallel, length) | scryptMod (salt, saltSeparator, signerKey)

  --file         the JSON-lines file ("-": standard input)
  --results      where the result lines go (default: standard output)
  --concurrency  users written at once (default 8, 1-64)
  --progress     a progress line on stderr every n lines (default 1000)`;

export interface ImportOptions {
  file: string;
  results?: string | undefined;
  concurrency: number;
  progress: number;
}

export class ImportUsageError extends Error {}

const positive = (name: string, value: string | undefined, max: number): number => {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1 || number > max)
    throw new ImportUsageError(`${name} must be an integer from 1 to ${max}`);
  return number;
};

/** The command line's options; pnpm passes a leading `--` through, which is skipped. */
export function parseImportArgs(
  argv: string[],
  cwd = process.env.INIT_CWD ?? process.cwd(),
): ImportOptions | 'help' {
  const args = argv[0] === '--' ? argv.slice(1) : argv;
  const options: Partial<ImportOptions> = { concurrency: 8, progress: 1000 };
  for (let i = 0; i < args.length; i++) {
    const flag = args[i];
    const value = args[i + 1];
    if (flag === '--help' || flag === '-h') return 'help';
    if (value === undefined) throw new ImportUsageError(`${flag} needs a value`);
    i++;
    const path = value === '-' || isAbsolute(value) ? value : resolve(cwd, value);
    if (flag === '--file') options.file = path;
    else if (flag === '--results') options.results = path;
    else if (flag === '--concurrency') options.concurrency = positive('--concurrency', value, 64);
    else if (flag === '--progress') options.progress = positive('--progress', value, 1_000_000_000);
    else throw new ImportUsageError(`unknown option ${flag}`);
  }
  if (!options.file) throw new ImportUsageError('--file is required');
  return options as ImportOptions;
}

export interface ImportSummary {
  lines: number;
  created: number;
  exists: number;
  invalid: number;
  failed: number;
}

/**
 * Reads `lines` and imports each, at most `concurrency` at once (reading waits while that many are
 * in flight, so memory stays flat whatever the file's size). A bad line never stops the others.
 */
export async function importLines(
  repos: Repositories,
  lines: AsyncIterable<string>,
  options: { concurrency: number; progress: number; results: Writable; log: (text: string) => void },
): Promise<ImportSummary> {
  const summary: ImportSummary = { lines: 0, created: 0, exists: 0, invalid: 0, failed: 0 };
  const started = Date.now();
  const report = (result: Record<string, unknown>) => {
    options.results.write(`${JSON.stringify(result)}\n`);
  };
  const progress = () => {
    const seconds = (Date.now() - started) / 1000;
    options.log(
      `${summary.lines} lines: ${summary.created} created, ${summary.exists} exist, ${summary.invalid} invalid, ${summary.failed} failed (${Math.round(summary.lines / Math.max(seconds, 0.001))} lines/s)`,
    );
  };
  const inFlight = new Set<Promise<void>>();
  const handle = async (line: number, text: string) => {
    const parsed = parseImportLine(text);
    if (!parsed.ok) {
      summary.invalid++;
      return report({ line, status: 'invalid', reason: parsed.reason });
    }
    try {
      const result = await importUser(repos, parsed.user);
      summary[result.status]++;
      report({ line, ...result, ...(result.status === 'exists' ? { email: parsed.user.email } : {}) });
    } catch (error) {
      summary.failed++;
      report({ line, status: 'failed', reason: error instanceof Error ? error.message : String(error) });
    }
  };
  for await (const text of lines) {
    const line = ++summary.lines;
    if (text.trim() === '') {
      summary.invalid++;
      report({ line, status: 'invalid', reason: 'Line is empty.' });
    } else {
      const task = handle(line, text).finally(() => inFlight.delete(task));
      inFlight.add(task);
      if (inFlight.size >= options.concurrency) await Promise.race(inFlight);
    }
    if (line % options.progress === 0) progress();
  }
  await Promise.all(inFlight);
  progress();
  return summary;
}
