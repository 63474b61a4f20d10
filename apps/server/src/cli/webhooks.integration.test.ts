import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { useApiHarness } from '@roster/api/testing';
import { testServices } from '@roster/testkit/vitest';
import { describe, expect, it } from 'vitest';

const serverDir = fileURLToPath(new URL('../..', import.meta.url));
const services = testServices();
// The harness uses this worker's database, the one the command writes to.
const api = useApiHarness();
const SECRET_KEY = 'cli-webhooks-secret-key-0123456789abcdef';

/** Runs `pnpm keys webhooks …` as its own process, with only the given environment. */
function webhooks(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/keys.ts', 'webhooks', ...args], {
    cwd: serverDir,
    env: {
      PATH: process.env.PATH,
      MONGODB_URI: services.databaseUri,
      ROSTER_SECRET_KEY: SECRET_KEY,
      ROSTER_WEBHOOK_ALLOWED_HOSTS: '127.0.0.1/32',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.once('close', (code) => resolve({ code, stdout, stderr })),
  );
}

const secretIn = (stdout: string) =>
  /^([0-9a-f]{128}|\S{8,256})$/m.exec(stdout.split('only this once')[1] ?? '')?.[1];

describe('pnpm keys webhooks', { timeout: 120_000 }, () => {
  it('creates, lists, gets, updates, disables, enables, rotates and deletes a webhook', async () => {
    const created = await webhooks([
      'create',
      '--id',
      'cli-hook',
      '--name',
      'CLI',
      '--url',
      'http://127.0.0.1:9/hook',
      '--events',
      'teams.*,users.*.create',
      '--auth-username',
      'ops',
      '--auth-password',
      'cli-password',
    ]);
    expect(created).toMatchObject({ code: 0, stderr: '' });
    expect(created.stdout).toContain('Webhook "CLI" (id cli-hook)');
    const secret = secretIn(created.stdout);
    expect(secret).toMatch(/^[0-9a-f]{128}$/);
    const [stored] = await api.store.find('webhooks', { _id: 'cli-hook' });
    expect(JSON.stringify(stored)).not.toContain(secret!);
    expect(JSON.stringify(stored)).not.toContain('cli-password');

    const listed = await webhooks(['list']);
    expect(listed.stdout).toMatch(
      /cli-hook\s+enabled\s+CLI\s+http:\/\/127\.0\.0\.1:9\/hook\s+teams\.\*,users\.\*\.create/,
    );
    const got = await webhooks(['get', 'cli-hook']);
    expect(got.stdout).toContain('events:   teams.*, users.*.create');
    expect(got.stdout).not.toContain(secret!);
    expect(got.stdout).not.toContain('cli-password');

    const updated = await webhooks([
      'update',
      'cli-hook',
      '--name',
      'CLI2',
      '--url',
      'http://127.0.0.1:10/',
      '--events',
      'teams.*',
    ]);
    expect(updated).toMatchObject({ code: 0 });
    expect(await api.repos.webhooks.byId('cli-hook')).toMatchObject({
      name: 'CLI2',
      authUsername: '',
      tls: true,
    });

    expect((await webhooks(['disable', 'cli-hook'])).stdout).toContain('enabled:  false');
    expect((await webhooks(['enable', 'cli-hook'])).stdout).toContain('enabled:  true');

    const rotated = await webhooks(['rotate', 'cli-hook', '--secret', 'a-chosen-secret']);
    expect(rotated.stdout).toContain('Rotated the signing secret of webhook cli-hook');
    expect(secretIn(rotated.stdout)).toBe('a-chosen-secret');

    expect((await webhooks(['delete', 'cli-hook'])).stdout).toContain('Deleted webhook cli-hook');
    expect(await api.repos.webhooks.byId('cli-hook')).toBeNull();
    const missing = await webhooks(['get', 'cli-hook']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('webhook_not_found');
  });

  it('refuses an internal URL unless the operator allows it, and bad events', async () => {
    const refused = await webhooks([
      'create',
      '--name',
      'x',
      '--url',
      'http://10.0.0.1/',
      '--events',
      'teams.*',
    ]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/general_argument_invalid: Invalid `url` param: .*10\.0\.0\.1/);
    const allowed = await webhooks(
      ['create', '--name', 'x', '--url', 'http://10.0.0.1/', '--events', 'teams.*'],
      {
        ROSTER_WEBHOOK_ALLOW_PRIVATE: 'true',
      },
    );
    expect(allowed.code).toBe(0);
    const badEvents = await webhooks([
      'create',
      '--name',
      'x',
      '--url',
      'http://127.0.0.1/',
      '--events',
      'teams',
    ]);
    expect(badEvents.code).toBe(1);
    expect(badEvents.stderr).toContain('invalid event pattern "teams"');
    const noSecretKey = await webhooks(['list'], { ROSTER_SECRET_KEY: '' });
    expect(noSecretKey.code).toBe(1);
    expect(noSecretKey.stderr).toContain('ROSTER_SECRET_KEY');
  });
});
