import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface HttpRequestSpec {
  method: 'GET' | 'POST' | 'PATCH';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface LoadSpec {
  /** `http://127.0.0.1:<port>` */
  url: string;
  connections: number;
  /** Seconds to run for; or give `amount`. */
  duration?: number;
  /** Number of requests to send in all. */
  amount?: number;
  /** Seconds before a request counts as timed out (autocannon's default is 10). */
  timeout?: number;
  /** Sent in order, one per HTTP request, wrapping around. */
  requests: HttpRequestSpec[];
}

export interface LoadResult {
  requests: number;
  seconds: number;
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  /** Responses other than 2xx, and connection errors and timeouts. */
  failures: number;
  /** The first failing response body, to say what went wrong. */
  firstFailure?: string;
}

const workerScript = fileURLToPath(new URL('./load-worker.ts', import.meta.url));

/**
 * Runs autocannon in its own process, so the load generator never competes with the bench's
 * own event loop (which runs the wire proxies), and returns its summary.
 */
export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const specFile = join(tmpdir(), `roster-bench-load-${process.pid}-${Date.now()}.json`);
  await writeFile(specFile, JSON.stringify(spec));
  const child = spawn(process.execPath, ['--import', 'tsx', workerScript, specFile], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  const line = stdout.trim().split('\n').pop() ?? '';
  if (code !== 0 || !line.startsWith('{')) {
    throw new Error(`load generator failed (exit ${code}):\n${stderr.trim() || stdout.trim()}`);
  }
  return JSON.parse(line) as LoadResult;
}
