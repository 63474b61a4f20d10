import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getFreePort, isPortOpen, startMailSink, type MailSink } from '@roster/testkit';
import { testServices } from '@roster/testkit/vitest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bundleServer } from './build/bundle.ts';

const serverDir = fileURLToPath(new URL('..', import.meta.url));
const services = testServices();

interface Run {
  child: ChildProcess;
  output: () => string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const running: ChildProcess[] = [];

const SECRET_KEY = 'process-test-secret-key-0123456789abcd';

/**
 * Runs an entry point of apps/server as its own process, with only the given environment: a
 * TypeScript source through tsx, a bundled `.js` (production) on plain Node.
 */
function run(entry: string, env: Record<string, string>): Run {
  const loader = entry.endsWith('.ts') ? ['--import', 'tsx'] : [];
  const child = spawn(process.execPath, [...loader, entry], {
    cwd: serverDir,
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.push(child);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, output: () => output, exit };
}

async function waitForOutput(process: Run, text: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!process.output().includes(text)) {
    if (process.child.exitCode !== null) throw new Error(`exited before "${text}":\n${process.output()}`);
    if (Date.now() > deadline) throw new Error(`no "${text}" within ${timeoutMs} ms:\n${process.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

afterEach(() => {
  for (const child of running.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

describe('start-up failures', () => {
  it('a bad variable stops the API with one line naming it, exit code 1', async () => {
    const api = run('src/main.ts', {
      MONGODB_URI: services.databaseUri,
      ROSTER_SECRET_KEY: SECRET_KEY,
      PORT: 'eighty',
    });
    expect(await api.exit).toEqual({ code: 1, signal: null });
    const lines = api.output().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Invalid configuration: PORT .*\(got "eighty"\)$/);
  });

  it('a missing MONGODB_URI stops the worker the same way', async () => {
    const worker = run('src/worker.ts', { ROSTER_SECRET_KEY: SECRET_KEY });
    expect(await worker.exit).toEqual({ code: 1, signal: null });
    expect(worker.output().trim()).toBe(
      'Invalid configuration: MONGODB_URI is required (pnpm dev starts an embedded database and sets it)',
    );
  });

  it('an unreachable database stops the API with one line naming it (password hidden)', async () => {
    const api = run('src/main.ts', {
      MONGODB_URI: 'mongodb://roster:hunter2@127.0.0.1:1/roster?serverSelectionTimeoutMS=300',
      ROSTER_SECRET_KEY: SECRET_KEY,
    });
    expect(await api.exit).toEqual({ code: 1, signal: null });
    const output = api.output().trim();
    expect(output).toMatch(/^cannot reach MongoDB at mongodb:\/\/roster:\*\*\*@127\.0\.0\.1:1\/roster/);
    expect(output).not.toContain('hunter2');
    expect(output.split('\n')).toHaveLength(1);
  });
});

describe.each([
  { build: 'sources through tsx (pnpm dev)', bundled: false },
  { build: 'the production bundle on plain node (pnpm build && pnpm start)', bundled: true },
])('running and graceful shutdown: $build', ({ bundled }) => {
  let sink: MailSink;
  let entry = { api: 'src/main.ts', worker: 'src/worker.ts' };
  let bundleDir: string | undefined;
  beforeAll(async () => {
    sink = await startMailSink();
    if (bundled) {
      // Inside apps/server, so the bundle resolves its packages as dist/ does.
      bundleDir = await mkdtemp(join(serverDir, '.test-bundle-'));
      await bundleServer(bundleDir);
      entry = { api: join(bundleDir, 'main.js'), worker: join(bundleDir, 'worker.js') };
    }
  });
  afterAll(async () => {
    await sink.stop();
    if (bundleDir) await rm(bundleDir, { recursive: true, force: true });
  });

  const env = () => ({
    MONGODB_URI: services.databaseUri,
    REDIS_URL: services.redisUrl,
    SMTP_URL: sink.url,
    ROSTER_QUEUE_PREFIX: services.redisPrefix,
    ROSTER_SECRET_KEY: SECRET_KEY,
  });

  it('the API serves /health, then on SIGTERM stops listening and exits 0', async () => {
    const port = await getFreePort();
    const api = run(entry.api, { ...env(), PORT: String(port) });
    await waitForOutput(api, '"api listening"');
    const health = await fetch(`http://127.0.0.1:${port}/health`);
    expect(health.status, await health.clone().text()).toBe(200);

    api.child.kill('SIGTERM');
    expect(await api.exit).toEqual({ code: 0, signal: null });
    expect(api.output()).toContain('"shutdown complete"');
    expect(await isPortOpen(port)).toBe(false);
  });

  it('the worker starts, reports ready, and on SIGTERM closes and exits 0', async () => {
    const worker = run(entry.worker, env());
    await waitForOutput(worker, '"worker ready"');
    worker.child.kill('SIGTERM');
    expect(await worker.exit).toEqual({ code: 0, signal: null });
    expect(worker.output()).toContain('"shutdown complete"');
  });
});
