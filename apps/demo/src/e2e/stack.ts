import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTestServer } from '@roster/server/testing';
import { type MailSink } from '@roster/testkit';
import { build } from 'vite';

const demoDir = fileURLToPath(new URL('../..', import.meta.url));

export interface Stack {
  /** Origin serving the demo and the API together, e.g. http://127.0.0.1:41234. */
  url: string;
  /** Receives the invitation emails the worker sends. */
  mail: MailSink;
  close(): Promise<void>;
}

/** `vite build` of the demo into a temporary folder: the production bundle is what gets tested. */
async function buildDemo(): Promise<string> {
  const outDir = await mkdtemp(path.join(tmpdir(), 'roster-demo-'));
  // Vitest sets NODE_ENV=test, which would bundle React's development build.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      root: demoDir,
      configFile: path.join(demoDir, 'vite.config.ts'),
      mode: 'production',
      logLevel: 'warn',
      build: { outDir, emptyOutDir: true },
    });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
  return outDir;
}

/**
 * Everything a user of the demo meets, for real: the production build served by apps/server
 * (`ROSTER_DEMO_DIST`) on one origin with the API (so session cookies work as in production),
 * the database and Redis of this test worker, the invitation worker and an SMTP listener.
 * `env` adds server configuration (e.g. `ROSTER_OAUTH2_PROVIDERS`).
 */
export async function startStack(options: { env?: Record<string, string> } = {}): Promise<Stack> {
  const distDir = await buildDemo();
  const server = await startTestServer(
    {
      ROSTER_SECRET_KEY: 'demo-e2e-secret-key-0123456789-abcdef',
      ROSTER_PROJECT_NAME: 'Roster demo',
      // The invitation link goes to this server's /accept; 127.0.0.1 counts as localhost.
      ROSTER_REDIRECT_HOSTS: 'localhost',
      ROSTER_INVITE_RATE_LIMIT: '1000',
      ...options.env,
    },
    { mail: true, demoDist: distDir },
  );
  return {
    url: server.url,
    mail: server.mailSink,
    async close() {
      await server.close();
      await rm(distDir, { recursive: true, force: true });
    },
  };
}
