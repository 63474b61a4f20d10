import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { appErrorOf, useApiHarness } from '@roster/api/testing';
import { testServices } from '@roster/testkit/vitest';
import { describe, expect, it } from 'vitest';

const serverDir = fileURLToPath(new URL('../..', import.meta.url));
const services = testServices();
// The harness uses this worker's database, the one the command writes to.
const api = useApiHarness();

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `pnpm keys …` as its own process, with only the given environment. */
function keys(args: string[], env: Record<string, string> = { MONGODB_URI: services.databaseUri }) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/keys.ts', ...args], {
    cwd: serverDir,
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise<Result>((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
}

/** Creates a key through the command and returns what it printed. */
async function createKey(args: string[]) {
  const result = await keys(['create', ...args]);
  expect(result).toMatchObject({ code: 0, stderr: '' });
  const id = /\(id ([0-9a-f]{20})\)/.exec(result.stdout)?.[1] ?? '';
  const key = /^(standard_[0-9a-f]{256})$/m.exec(result.stdout)?.[1] ?? '';
  expect(id).not.toBe('');
  expect(key).not.toBe('');
  return { id, key, stdout: result.stdout };
}

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
const inAYear = () => new Date(Date.now() + 365 * 86_400_000).toISOString();

// Each case starts real processes (about 2 s each), so allow for a busy machine.
describe('pnpm keys create', { timeout: 60_000 }, () => {
  it('prints the key once with its id, and stores only its SHA-256', async () => {
    const expire = inAYear();
    const { id, key, stdout } = await createKey([
      '--name',
      'ci',
      '--scopes',
      'users.read,teams.read',
      '--expire',
      expire,
    ]);
    expect(stdout).toContain('scopes:  users.read, teams.read');
    expect(stdout).toContain(`expires: ${expire}`);
    expect(stdout.split(key)).toHaveLength(2);

    const stored = await api.repos.apiKeys.byId(id);
    expect(stored).toMatchObject({
      name: 'ci',
      scopes: ['users.read', 'teams.read'],
      secretHash: sha256(key),
    });
    expect(stored?.expire?.toISOString()).toBe(expire);
    expect(JSON.stringify(stored)).not.toContain(key.slice('standard_'.length, 40));
  });

  it('the printed key works as X-Appwrite-Key, within its scopes only', async () => {
    const { key } = await createKey(['--name', 'reader', '--scopes', 'users.read']);
    const ada = await api.signUp({ name: 'Ada' });
    const { call } = api.caller({ 'x-appwrite-key': key });
    expect((await call.users.get({ userId: ada.user._id })).name).toBe('Ada');
    expect(await appErrorOf(call.users.create({ userId: 'unique()' }))).toEqual({
      type: 'general_unauthorized_scope',
      status: 401,
      message: 'User (role: applications) missing scopes (["users.write"])',
    });
    expect((await appErrorOf(call.teams.create({ teamId: 'unique()', name: 'x' }))).type).toBe(
      'general_unauthorized_scope',
    );

    const { key: writer } = await createKey([
      '--name',
      'writer',
      '--scopes',
      'users.write, teams.write,users.write',
    ]);
    const writerCall = api.caller({ 'x-appwrite-key': writer }).call;
    expect((await writerCall.users.create({ userId: 'from-cli' })).$id).toBe('from-cli');
    expect((await writerCall.teams.create({ teamId: 'unique()', name: 'From CLI' })).total).toBe(0);
  });

  it('a key past its expiry is 401 project_key_expired', async () => {
    const { id, key } = await createKey([
      '--name',
      'short-lived',
      '--scopes',
      'users.read',
      '--expire',
      inAYear(),
    ]);
    const ada = await api.signUp();
    await api.store.update('apiKeys', { _id: id }, { expire: new Date(Date.now() - 1000) });
    expect(
      await appErrorOf(api.caller({ 'x-appwrite-key': key }).call.users.get({ userId: ada.user._id })),
    ).toEqual({
      type: 'project_key_expired',
      status: 401,
      message: 'The project key has expired. Please generate a new key.',
    });
    expect((await keys(['list'])).stdout).toMatch(new RegExp(`${id} .*\\(expired\\)`));
  });

  it('a bad command line exits 1 with the message and the usage, and writes nothing', async () => {
    // Every rule of the command line is covered in-process by keys-command.test.ts.
    const before = await api.store.count('apiKeys');
    const result = await keys(['create', '--name', 'x', '--scopes', 'teams.read,users.admin']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^error: unknown scope "users\.admin" \(valid: .*\)\n\nUsage:\n/);
    expect(await api.store.count('apiKeys')).toBe(before);
  });

  it('without MONGODB_URI, or with an unreachable database, exits 1 naming the problem', async () => {
    const [missing, unreachable] = await Promise.all([
      keys(['list'], {}),
      keys(['list'], {
        MONGODB_URI: 'mongodb://roster:hunter2@127.0.0.1:1/roster?serverSelectionTimeoutMS=300',
      }),
    ]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('error: Invalid configuration: MONGODB_URI is required');
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toMatch(
      /^error: cannot reach MongoDB at mongodb:\/\/roster:\*\*\*@127\.0\.0\.1:1\//,
    );
    expect(unreachable.stderr).not.toContain('hunter2');
  });

  it('--help prints the usage and exits 0 without a database', async () => {
    const result = await keys(['--help'], {});
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('pnpm keys create --name <name> --scopes <scope,...>');
  });
});

describe('pnpm keys list and delete', { timeout: 60_000 }, () => {
  it('lists id, name, scopes and expiry but never the key or its hash; delete revokes the key', async () => {
    const { id, key } = await createKey(['--name', 'to-revoke', '--scopes', 'users.read,users.write']);
    const listed = await keys(['list']);
    expect(listed.code).toBe(0);
    expect(listed.stdout.split('\n')[0]).toMatch(/^ID\s+NAME\s+SCOPES\s+EXPIRES$/);
    expect(listed.stdout).toMatch(
      new RegExp(`^${id}\\s+to-revoke\\s+users\\.read,users\\.write\\s+never$`, 'm'),
    );
    expect(listed.stdout).not.toContain(key);
    expect(listed.stdout).not.toContain(sha256(key));

    const ada = await api.signUp();
    expect((await api.caller({ 'x-appwrite-key': key }).call.users.get({ userId: ada.user._id })).$id).toBe(
      ada.user._id,
    );
    const deleted = await keys(['delete', id]);
    expect(deleted).toMatchObject({ code: 0, stdout: `Deleted API key ${id}\n` });
    expect(
      (await appErrorOf(api.caller({ 'x-appwrite-key': key }).call.users.get({ userId: ada.user._id }))).type,
    ).toBe('user_unauthorized');
    expect((await keys(['list'])).stdout).not.toContain(id);

    const again = await keys(['delete', id]);
    expect(again.code).toBe(1);
    expect(again.stderr).toBe(`error: no API key with id "${id}"\n`);
  });
});
