import { spawn } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { useApiHarness } from '@roster/api/testing';
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

function importUsers(args: string[], env: Record<string, string> = { MONGODB_URI: services.databaseUri }) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/import-users.ts', ...args], {
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

const LINES = [
  {
    userId: 'imp-md5',
    email: 'md5@import.test',
    name: 'MD5',
    hash: { algorithm: 'md5', hash: '144fa7eaa4904e8ee120651997f70dcc' },
  },
  // As an Appwrite User exports it: `hash`, `password` and `hashOptions` (with `type`).
  {
    email: 'sha@import.test',
    hash: {
      algorithm: 'sha',
      hash: '4243da0a694e8a2f727c8060fe0507c8fa01ca68146c76d2c190805b638c20c6bf6ba04e21f11ae138785d0bff63c416e6f87badbffad37f6dee50094cc38c70',
      version: 'sha512',
    },
  },
  {
    email: 'firebase@import.test',
    hash: {
      algorithm: 'scryptMod',
      type: 'scryptMod',
      hash: 'UlM7JiXRcQhzAGlaonpSqNSLIz475WMddOgLjej5De9vxTy48K6WtqlEzrRFeK4t0COfMhWCb8wuMHgxOFCHFQ==',
      salt: 'UxLMreBr6tYyjQ==',
      saltSeparator: 'Bw==',
      signerKey: 'XyEKE9RcTDeLEsL/RjwPDBv/RqDl8fb3gpYEOQaPihbxf1ZAtSOHCjuAAa7Q3oHpCYhXSN9tizHgVOwn6krflQ==',
    },
  },
];

describe('import-users', { timeout: 120_000 }, () => {
  it('imports good lines, reports bad ones without stopping, and exits 2', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'roster-import-'));
    const file = join(dir, 'users.jsonl');
    const results = join(dir, 'results.jsonl');
    await writeFile(
      file,
      [
        JSON.stringify(LINES[0]),
        '{"email": "broken@import.test", ',
        JSON.stringify({ email: 'nohash@import.test' }),
        JSON.stringify({
          email: 'bad@import.test',
          hash: { algorithm: 'md5', hash: 'NOT-HEX-NOT-HEX-NOT-HEX-NOT-HEX!' },
        }),
        JSON.stringify({ email: 'crc@import.test', hash: { algorithm: 'crc32', hash: '12345678' } }),
        JSON.stringify(LINES[1]),
        '',
        // The same email again: the first one stays.
        JSON.stringify({ ...LINES[0], userId: 'imp-md5-again' }),
        JSON.stringify(LINES[2]),
      ].join('\n'),
    );
    const run = await importUsers([
      '--',
      '--file',
      file,
      '--results',
      results,
      '--progress',
      '4',
      '--concurrency',
      '2',
    ]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^4 lines: /m);
    expect(run.stderr).toMatch(/^9 lines: 3 created, 1 exist, 5 invalid, 0 failed/m);
    const rows = (await readFile(results, 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { line: number; status: string; reason?: string; userId?: string })
      .sort((a, b) => a.line - b.line);
    expect(rows.map((row) => [row.line, row.status])).toEqual([
      [1, 'created'],
      [2, 'invalid'],
      [3, 'invalid'],
      [4, 'invalid'],
      [5, 'invalid'],
      [6, 'created'],
      [7, 'invalid'],
      [8, 'exists'],
      [9, 'created'],
    ]);
    expect(rows[0]?.userId).toBe('imp-md5');
    expect(rows[1]?.reason).toBe('Line is not valid JSON.');
    expect(rows[2]?.reason).toBe('Param "hash" is not optional.');
    expect(rows[3]?.reason).toMatch(/^Invalid `hash.hash` param: Value must be 32 lowercase hexadecimal/);
    expect(rows[4]?.reason).toMatch(/^Invalid `hash.algorithm` param/);

    // The imported users sign in with their password, and are then on argon2id.
    const signIn = (email: string) =>
      api.caller().call.account.createEmailPasswordSession({ email, password: 'appwrite' });
    for (const email of ['md5@import.test', 'sha@import.test', 'firebase@import.test']) {
      const session = await signIn(email);
      expect((await api.repos.users.byId(session.userId))?.passwordHash).toMatch(/^\$argon2id\$/);
    }
    expect(await api.repos.users.byId('imp-md5-again')).toBeNull();
  });

  it('a second run of the same file finds every user there (exit 0); results go to stdout', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'roster-import-'));
    const file = join(dir, 'users.jsonl');
    const line = { userId: 'imp-twice', email: 'twice@import.test', hash: LINES[0]!.hash };
    await writeFile(file, `${JSON.stringify(line)}\n`);
    expect((await importUsers(['--file', file])).code).toBe(0);
    const again = await importUsers(['--file', file]);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toEqual({ line: 1, status: 'exists', email: 'twice@import.test' });
  });

  it('exit 1 for a missing file or option, before any write', async () => {
    expect((await importUsers(['--file', '/nonexistent/users.jsonl'])).code).toBe(1);
    const usage = await importUsers([]);
    expect(usage.code).toBe(1);
    expect(usage.stderr).toContain('--file is required');
  });
});
