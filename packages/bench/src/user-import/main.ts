/**
 * `pnpm bench:import`: the bulk user import (`import-users`, docs/migration.md) of `--count` users
 * whose password hashes mix every algorithm, run as the operator runs it (its own process) against
 * the real database (embedded FerretDB unless MONGODB_URI is set). Prints users/s and the import
 * process's peak RSS.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { connectDatabase } from '@roster/db';
import { startFerretDb, type FerretDbHandle } from '@roster/testkit';

const { values: args } = parseArgs({
  options: {
    count: { type: 'string', default: '10000' },
    concurrency: { type: 'string', default: '8' },
  },
});
const count = Number(args.count);
const log = (line: string) => process.stdout.write(`${line}\n`);
const serverDir = fileURLToPath(new URL('../../../../apps/server', import.meta.url));

/** Appwrite's e2e vectors (hashes of `appwrite`) for the slow algorithms; md5 and sha per user. */
const SHARED = [
  { algorithm: 'bcrypt', hash: '$2a$15$xX/myGbFU.ZSKHSi6EHdBOySTdYm8QxBLXmOPHrYMwV0mHRBBSBOq' },
  {
    algorithm: 'argon2',
    hash: '$argon2i$v=19$m=20,t=3,p=2$YXBwd3JpdGU$A/54i238ed09ZR4NwlACU5XnkjNBZU9QeOEuhjLiexI',
  },
  { algorithm: 'phpass', hash: '$P$Br387rwferoKN7uwHZqNMu98q3U8RO.' },
  {
    algorithm: 'scrypt',
    hash: '3fdef49701bc4cfaacd551fe017283513284b4731e6945c263246ef948d3cf63b5d269c31fd697246085111a428245e24a4ddc6b64c687bc60a8910dbafc1d5b',
    salt: 'appwrite',
    costCpu: 16384,
    costMemory: 13,
    costParallel: 2,
    length: 64,
  },
  {
    algorithm: 'scryptMod',
    hash: 'UlM7JiXRcQhzAGlaonpSqNSLIz475WMddOgLjej5De9vxTy48K6WtqlEzrRFeK4t0COfMhWCb8wuMHgxOFCHFQ==',
    salt: 'UxLMreBr6tYyjQ==',
    saltSeparator: 'Bw==',
    signerKey: 'XyEKE9RcTDeLEsL/RjwPDBv/RqDl8fb3gpYEOQaPihbxf1ZAtSOHCjuAAa7Q3oHpCYhXSN9tizHgVOwn6krflQ==',
  },
];

function hashOf(i: number): Record<string, unknown> {
  const password = `password ${i}`;
  switch (i % 7) {
    case 0:
      return { algorithm: 'md5', hash: createHash('md5').update(password).digest('hex') };
    case 1:
      return {
        algorithm: 'sha',
        version: 'sha256',
        hash: createHash('sha256').update(password).digest('hex'),
      };
    default:
      return SHARED[(i % 7) - 2]!;
  }
}

async function writeUsers(file: string): Promise<void> {
  const out = createWriteStream(file);
  for (let i = 0; i < count; i++) {
    const line = JSON.stringify({ email: `user${i}@bench.test`, name: `User ${i}`, hash: hashOf(i) });
    if (!out.write(`${line}\n`)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve) => out.end(() => resolve()));
}

function runImport(file: string, uri: string) {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'src/cli/import-users.ts',
      '--file',
      file,
      '--results',
      `${file}.results`,
      '--concurrency',
      args.concurrency,
      '--progress',
      '2000',
    ],
    {
      cwd: serverDir,
      env: { PATH: process.env.PATH, MONGODB_URI: uri },
      stdio: ['ignore', 'inherit', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    process.stderr.write(chunk);
  });
  return new Promise<{ code: number | null; stderr: string }>((resolve) =>
    child.once('close', (code) => resolve({ code, stderr })),
  );
}

async function main() {
  const tempDir = await mkdtemp(join(tmpdir(), 'roster-bench-import-'));
  let ferret: FerretDbHandle | undefined;
  let mongoUri = process.env.MONGODB_URI;
  if (!mongoUri) {
    ferret = await startFerretDb({ dataDir: join(tempDir, 'ferretdb'), log: () => {} });
    mongoUri = `${ferret.uri}roster_bench_import`;
  }
  try {
    const connection = await connectDatabase(mongoUri);
    await connection.dropDatabase();
    await connection.close();
    const file = join(tempDir, 'users.jsonl');
    await writeUsers(file);
    const started = performance.now();
    const { code, stderr } = await runImport(file, mongoUri);
    const seconds = (performance.now() - started) / 1000;
    const done = /^done: .*peak RSS (\d+) MB$/m.exec(stderr);
    log(
      `import of ${count} users (7 algorithms) with concurrency ${args.concurrency}: exit ${code}, ` +
        `${seconds.toFixed(1)} s including start-up = ${Math.round(count / seconds)} users/s; ` +
        `peak RSS of the import process ${done?.[1] ?? '?'} MB`,
    );
    if (code !== 0) process.exitCode = 1;
  } finally {
    await ferret?.stop();
    await rm(tempDir, { recursive: true, force: true });
  }
}

await main();
