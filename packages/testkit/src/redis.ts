import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { type Log, stderrLog } from './log.ts';
import { getFreePort } from './ports.ts';
import { stopProcess, tail } from './process.ts';

export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

export interface RedisHandle {
  readonly url: string;
  /** True when this process started redis-server (and so stops it). */
  readonly started: boolean;
  stop(): Promise<void>;
}

/** Sends a raw RESP `PING` and expects `+PONG`; enough to tell whether a Redis answers at `url`. */
export async function pingRedis(url: string, timeoutMs = 1000): Promise<boolean> {
  const { hostname, port, password, username } = new URL(url);
  const host = hostname.replace(/^\[|\]$/g, '') || '127.0.0.1';
  return new Promise((resolve) => {
    const socket = connect({ host, port: Number(port || 6379) });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => {
      if (password) {
        const user = decodeURIComponent(username || 'default');
        socket.write(`AUTH ${user} ${decodeURIComponent(password)}\r\n`);
      }
      socket.write('PING\r\n');
    });
    let reply = '';
    socket.on('data', (chunk) => {
      reply += chunk.toString();
      if (reply.includes('+PONG')) done(true);
      else if (reply.includes('-')) done(false);
    });
  });
}

/**
 * Resolves the Redis to use: `REDIS_URL` when set (it must answer), else 127.0.0.1:6379 when it
 * answers, else a `redis-server` started on a free port that keeps nothing on disk.
 */
export async function resolveRedis(options: { url?: string; log?: Log } = {}): Promise<RedisHandle> {
  const { url = process.env.REDIS_URL, log = stderrLog } = options;
  if (url) {
    if (!(await pingRedis(url))) throw new Error(`REDIS_URL=${url} does not answer PING`);
    return { url, started: false, stop: async () => {} };
  }
  if (await pingRedis(DEFAULT_REDIS_URL))
    return { url: DEFAULT_REDIS_URL, started: false, stop: async () => {} };
  return startRedisServer(log);
}

/** `port` lets a test restart Redis where its clients expect it (to simulate an outage). */
export async function startRedisServer(
  log: Log = stderrLog,
  options: { port?: number } = {},
): Promise<RedisHandle> {
  const port = options.port ?? (await getFreePort());
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
  const child = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const output = tail();
  child.stdout.on('data', output.push);
  child.stderr.on('data', output.push);
  const spawnError = new Promise<never>((_, reject) =>
    child.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'ENOENT'
          ? new Error(
              'no Redis answers on 127.0.0.1:6379 and `redis-server` is not installed; install Redis or set REDIS_URL',
            )
          : error,
      ),
    ),
  );
  const url = `redis://127.0.0.1:${port}`;
  const ready = (async () => {
    const deadline = Date.now() + 10_000;
    while (!(await pingRedis(url))) {
      if (child.exitCode !== null) throw new Error(`redis-server exited during start-up:\n${output.text()}`);
      if (Date.now() > deadline)
        throw new Error(`redis-server did not answer within 10 s:\n${output.text()}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  await Promise.race([ready, spawnError]);
  log(`started redis-server on ${url}`);
  return { url, started: true, stop: () => stopProcess(child) };
}
