import { spawn, execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, cp, mkdir, readdir, readFile, rename, rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { MongoClient } from 'mongodb';
import { type Log, stderrLog } from './log.ts';
import { stopProcess, tail } from './process.ts';

export const FERRETDB_VERSION = 'v1.24.2';

/** The Go wrapper module around FerretDB's embeddable package (see ferretdb/main.go). */
const wrapperDir = fileURLToPath(new URL('../ferretdb/', import.meta.url));
const execFileAsync = promisify(execFile);

export class MissingGoError extends Error {
  constructor() {
    super(
      'Go (>= 1.24) is needed to build the embedded database (FerretDB ' +
        FERRETDB_VERSION +
        ') but `go` was not found on PATH. Install Go, or set MONGODB_URI to use an existing MongoDB instead.',
    );
    this.name = 'MissingGoError';
  }
}

export function cacheRoot(): string {
  if (process.env.ROSTER_CACHE_DIR) return process.env.ROSTER_CACHE_DIR;
  return join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'roster');
}

/**
 * Files compiled in place of FerretDB's own: path in the FerretDB module → file in
 * ferretdb/patches. Why each exists: ferretdb/patches/README.md.
 */
const PATCHES: Record<string, string> = {
  'internal/backends/sqlite/metadata/metadata.go': 'sqlite-metadata.go',
  'internal/backends/sqlite/collection.go': 'sqlite-collection.go',
};
const FERRETDB_MODULE = 'github.com/FerretDB/FerretDB';

/** The binary's cache path is keyed by the wrapper's sources, so a change to them rebuilds it. */
async function binaryPath(): Promise<string> {
  const hash = createHash('sha256');
  const sources = ['go.mod', 'go.sum', 'main.go', ...Object.values(PATCHES).map((file) => `patches/${file}`)];
  for (const file of sources) hash.update(await readFile(join(wrapperDir, file)));
  return join(cacheRoot(), `ferretdb-${FERRETDB_VERSION}-${hash.digest('hex').slice(0, 12)}`);
}

/**
 * Lays out a build folder: the wrapper, plus a copy of the FerretDB module (verified against
 * go.sum by `go mod download`) with the patches applied, which the wrapper's go.mod is pointed at
 * with a `replace`. (Go refuses `-overlay` for files in its module cache.)
 */
async function preparePatchedBuild(buildDir: string, env: NodeJS.ProcessEnv): Promise<void> {
  await mkdir(buildDir, { recursive: true });
  for (const file of ['go.mod', 'go.sum', 'main.go']) await cp(join(wrapperDir, file), join(buildDir, file));
  const { stdout } = await execFileAsync('go', ['mod', 'download', '-json', FERRETDB_MODULE], {
    cwd: buildDir,
    env,
  });
  const moduleDir = (JSON.parse(stdout) as { Dir: string }).Dir;
  const copy = join(buildDir, 'ferretdb');
  await cp(moduleDir, copy, { recursive: true });
  // The module cache is read-only; so is the copy until its folders are made writable again.
  await chmod(copy, 0o755);
  for (const entry of await readdir(copy, { recursive: true, withFileTypes: true })) {
    if (entry.isDirectory()) await chmod(join(entry.parentPath, entry.name), 0o755);
  }
  for (const [original, patch] of Object.entries(PATCHES)) {
    await rm(join(copy, original));
    await cp(join(wrapperDir, 'patches', patch), join(copy, original));
  }
  await execFileAsync('go', ['mod', 'edit', `-replace=${FERRETDB_MODULE}=./ferretdb`], {
    cwd: buildDir,
    env,
  });
}

/**
 * Builds the FerretDB wrapper once and caches the binary. A cold build compiles modernc.org/sqlite
 * and takes one to two minutes on two cores; Go's own build cache makes later rebuilds fast.
 */
export async function ensureFerretDbBinary(log: Log = stderrLog): Promise<string> {
  const target = await binaryPath();
  if (existsSync(target)) return target;

  try {
    await execFileAsync('go', ['version']);
  } catch {
    throw new MissingGoError();
  }
  await mkdir(cacheRoot(), { recursive: true });
  log(`building embedded FerretDB ${FERRETDB_VERSION} with Go (first run only; about 2 minutes on 2 cores)…`);
  const started = Date.now();
  const partial = `${target}.${process.pid}.partial`;
  const buildDir = `${partial}.src`;
  const env = { ...process.env, CGO_ENABLED: '0' };
  try {
    await preparePatchedBuild(buildDir, env);
    await execFileAsync('go', ['build', '-trimpath', '-o', partial, '.'], {
      cwd: buildDir,
      env,
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? '';
    throw new Error(`building FerretDB failed:\n${stderr.trim() || String(error)}`, { cause: error });
  } finally {
    await rm(buildDir, { recursive: true, force: true });
  }
  // rename is atomic, so two runs building at once both end with a complete binary.
  await rename(partial, target);
  log(`built FerretDB in ${((Date.now() - started) / 1000).toFixed(0)} s → ${target}`);
  return target;
}

export interface FerretDbHandle {
  /** `mongodb://127.0.0.1:<port>/`, without a database name. */
  readonly uri: string;
  readonly pid: number | undefined;
  stop(): Promise<void>;
}

export interface StartFerretDbOptions {
  /** Folder for the SQLite files; one FerretDB process per folder. */
  dataDir: string;
  /** Defaults to a free port. */
  port?: number;
  log?: Log;
  startTimeoutMs?: number;
  /**
   * SQLite's `synchronous` mode: `normal` (default) syncs at checkpoints, as a standalone MongoDB
   * journals every 100 ms; `full` syncs every commit (docs/database.md#durability).
   */
  sync?: 'normal' | 'full';
}

/** Starts FerretDB on SQLite and resolves once a driver `ping` succeeds. */
export async function startFerretDb(options: StartFerretDbOptions): Promise<FerretDbHandle> {
  const { dataDir, port = 0, log = stderrLog, startTimeoutMs = 30_000, sync = 'normal' } = options;
  const binary = await ensureFerretDbBinary(log);
  await mkdir(dataDir, { recursive: true });

  const args = ['-listen', `127.0.0.1:${port}`, '-dir', dataDir, '-log-level', 'warn', '-sync', sync];
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const stderr = tail();
  child.stderr.on('data', stderr.push);

  const uri = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(
      () => fail(new Error(`FerretDB did not start within ${startTimeoutMs} ms`)),
      startTimeoutMs,
    );
    function fail(error: Error) {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${error.message}\n${stderr.text()}`.trim()));
    }
    child.once('error', fail);
    child.once('exit', (code, signal) =>
      fail(new Error(`FerretDB exited during start-up (code ${code}, signal ${signal})`)),
    );
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const ready = /^READY (\S+)$/m.exec(stdout);
      if (ready?.[1]) {
        clearTimeout(timer);
        child.removeAllListeners('exit');
        resolve(ready[1]);
      }
    });
  });

  await waitForMongo(uri, startTimeoutMs);
  return { uri, pid: child.pid, stop: () => stopProcess(child) };
}

/** Pings a MongoDB-compatible server until it answers (FerretDB's ping reaches the SQLite backend). */
export async function waitForMongo(uri: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const client = new MongoClient(uri, { serverSelectionTimeoutMS: 1000 });
    try {
      await client.db('admin').command({ ping: 1 });
      return;
    } catch (error) {
      if (Date.now() > deadline)
        throw new Error(`database at ${uri} did not answer ping: ${String(error)}`, { cause: error });
      await new Promise((resolve) => setTimeout(resolve, 200));
    } finally {
      await client.close();
    }
  }
}
