import { execFileSync, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { isPortOpen } from '../mail-catcher.ts';
import { getFreePort } from '../ports.ts';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));

/** Processes whose process group is `pgid`. */
function processGroup(pgid: number): string[] {
  const table = execFileSync('ps', ['-eo', 'pgid=,pid=,args='], { encoding: 'utf8' });
  return table
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.split(/\s+/)[0] === String(pgid));
}

describe('pnpm dev', () => {
  let dataDir = '';
  afterAll(async () => {
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('brings up API, worker, demo and mail inbox, then Ctrl-C stops every process it started', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'roster-dev-'));
    const ports = {
      PORT: await getFreePort(),
      DEMO_PORT: await getFreePort(),
      ROSTER_DEV_MAIL_SMTP_PORT: await getFreePort(),
      ROSTER_DEV_MAIL_WEB_PORT: await getFreePort(),
    };
    const env: NodeJS.ProcessEnv = { ...process.env, ROSTER_DEV_DATA_DIR: dataDir };
    for (const [name, port] of Object.entries(ports)) env[name] = String(port);
    for (const name of ['MONGODB_URI', 'SMTP_URL', 'VITEST', 'VITEST_POOL_ID', 'NODE_ENV']) delete env[name];

    // Own process group, like a terminal's foreground job: Ctrl-C signals the whole group.
    const dev = spawn(process.execPath, ['--import', 'tsx', 'packages/testkit/src/dev/main.ts'], {
      cwd: repoRoot,
      env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    dev.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    dev.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => dev.once('exit', (code) => resolve(code)));
    const pgid = dev.pid!;

    try {
      const deadline = Date.now() + 150_000;
      while (!output.includes('Press Ctrl-C to stop everything.')) {
        if (dev.exitCode !== null) throw new Error(`pnpm dev exited:\n${output}`);
        if (Date.now() > deadline) throw new Error(`no banner within 150 s:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect(output).toContain('Roster is running\n');
      expect(output).toContain(`Mail inbox http://localhost:${ports.ROSTER_DEV_MAIL_WEB_PORT}`);

      const health = await fetch(`http://localhost:${ports.PORT}/health`);
      expect(health.status).toBe(200);
      expect(((await health.json()) as { status: string }).status).toBe('pass');

      const demo = await fetch(`http://localhost:${ports.DEMO_PORT}/`);
      expect(await demo.text()).toContain('<div id="root"></div>');
      const proxied = await fetch(`http://localhost:${ports.DEMO_PORT}/trpc/health.get`);
      expect(proxied.status).toBe(200);
      // A mutation from the demo's page, through the proxy: its Origin is the Host the API sees.
      const demoOrigin = `http://localhost:${ports.DEMO_PORT}`;
      const signUp = await fetch(`${demoOrigin}/trpc/account.create`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: demoOrigin },
        body: JSON.stringify({ userId: 'unique()', email: 'dev@example.com', password: 'a good password' }),
      });
      expect(signUp.status, await signUp.clone().text()).toBe(200);

      // The banner's dev key works against the API with every scope.
      const apiKey = /API key {4}(dev_[0-9a-f]+)/.exec(output)?.[1];
      expect(apiKey).toBeDefined();
      const created = await fetch(`http://localhost:${ports.PORT}/trpc/teams.create`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-appwrite-key': apiKey! },
        body: JSON.stringify({ teamId: 'unique()', name: 'Dev team' }),
      });
      expect(created.status).toBe(200);
      expect(((await created.json()) as { result: { data: { name: string } } }).result.data.name).toBe(
        'Dev team',
      );

      const inbox = await fetch(`http://localhost:${ports.ROSTER_DEV_MAIL_WEB_PORT}/`);
      expect(inbox.status).toBe(200);

      const workerDeadline = Date.now() + 30_000;
      while (!output.includes('"worker ready"') && Date.now() < workerDeadline) {
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect(output).toContain('"worker ready"');
    } finally {
      try {
        process.kill(-pgid, 'SIGINT');
      } catch {
        // already gone: the assertions below report why
      }
    }

    expect(await exited).toBe(0);
    // The apps ran in a process group of their own; pnpm dev logs nothing about it, so look for
    // anything still holding our ports or still in our group.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(processGroup(pgid)).toEqual([]);
    for (const port of Object.values(ports)) expect(await isPortOpen(port)).toBe(false);
    const leftovers = execFileSync('ps', ['-eo', 'args='], { encoding: 'utf8' })
      .split('\n')
      .filter((args) => args.includes(dataDir));
    expect(leftovers).toEqual([]);
  }, 200_000);
});
