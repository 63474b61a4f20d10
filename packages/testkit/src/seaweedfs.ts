import { CreateBucketCommand, ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { execFile, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, mkdir, open, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { cacheRoot } from './ferretdb.ts';
import { type Log, stderrLog } from './log.ts';
import { getFreePort } from './ports.ts';
import { stopProcess, tail } from './process.ts';

/** SeaweedFS (Apache-2.0) as the Go module proxy serves it; its `weed` gives tests a real S3 service. */
export const SEAWEEDFS_VERSION = 'v0.0.0-20261109003541-7506e5f91cd6';
const SEAWEEDFS_COMMAND = 'github.com/seaweedfs/seaweedfs/weed';

/** The Go wrapper module that pins SeaweedFS and repeats its `replace` (see seaweedfs/go.mod). */
const wrapperDir = fileURLToPath(new URL('../seaweedfs/', import.meta.url));
const WRAPPER_FILES = ['go.mod', 'tools.go'];
const execFileAsync = promisify(execFile);
/** Where `weed server` puts its gRPC sockets (fixed in SeaweedFS, not under -dir). */
const SOCKET_FOLDER = '/tmp';

/** Keyed by the wrapper's files (which hold the version), so changing them rebuilds. */
async function binaryPath(): Promise<string> {
  const hash = createHash('sha256');
  for (const file of WRAPPER_FILES) hash.update(await readFile(join(wrapperDir, file)));
  return join(cacheRoot(), `weed-${SEAWEEDFS_VERSION}-${hash.digest('hex').slice(0, 12)}`);
}

/**
 * Builds `weed` once and caches it (about 8 minutes and 230 MB on two cores, module downloads
 * included). A lock file makes a second process wait for a build in progress instead of
 * starting another; a lock left by a process that died is taken over.
 */
export async function ensureSeaweedFsBinary(log: Log = stderrLog): Promise<string> {
  const target = await binaryPath();
  if (existsSync(target)) return target;
  try {
    await execFileAsync('go', ['version']);
  } catch {
    throw new Error(
      `Go is needed to build SeaweedFS ${SEAWEEDFS_VERSION} (the tests' S3 server) but \`go\` was not found on PATH.`,
    );
  }
  await mkdir(cacheRoot(), { recursive: true });
  const release = await acquireBuildLock(`${target}.lock`, target, log);
  try {
    if (existsSync(target)) return target;
    await build(target, log);
    return target;
  } finally {
    await release();
  }
}

async function build(target: string, log: Log): Promise<void> {
  log(`building SeaweedFS ${SEAWEEDFS_VERSION} with Go (first run only; about 8 minutes on 2 cores)…`);
  const started = Date.now();
  const partial = `${target}.${process.pid}.partial`;
  const buildDir = `${partial}.src`;
  await mkdir(buildDir, { recursive: true });
  try {
    for (const file of WRAPPER_FILES) await cp(join(wrapperDir, file), join(buildDir, file));
    // -mod=mod lets go fill in go.sum for the whole dependency graph (it verifies each module
    // against the checksum database as it does).
    await execFileAsync('go', ['build', '-trimpath', '-o', partial, SEAWEEDFS_COMMAND], {
      cwd: buildDir,
      env: { ...process.env, GOFLAGS: '-mod=mod', CGO_ENABLED: '0' },
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error) {
    await rm(partial, { force: true });
    const stderr = (error as { stderr?: string }).stderr ?? '';
    throw new Error(`building SeaweedFS failed:\n${stderr.trim() || String(error)}`, { cause: error });
  } finally {
    await rm(buildDir, { recursive: true, force: true });
  }
  await rename(partial, target);
  log(`built SeaweedFS in ${((Date.now() - started) / 1000).toFixed(0)} s → ${target}`);
}

/** Creates `lockPath` holding our pid; waits while a live process holds it. */
async function acquireBuildLock(lockPath: string, target: string, log: Log): Promise<() => Promise<void>> {
  let waiting = false;
  for (;;) {
    try {
      const handle = await open(lockPath, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      return () => rm(lockPath, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = Number(await readFile(lockPath, 'utf8').catch(() => ''));
    if (!isAlive(holder)) {
      await rm(lockPath, { force: true });
      continue;
    }
    if (existsSync(target)) return async () => {};
    if (!waiting) log(`waiting for the SeaweedFS build of process ${holder} to finish…`);
    waiting = true;
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface SeaweedFsHandle {
  /** `http://127.0.0.1:<port>`: the S3 gateway. */
  readonly endpoint: string;
  readonly region: string;
  /** The one identity the gateway accepts; requests must be signed with it. */
  readonly credentials: { accessKeyId: string; secretAccessKey: string };
  readonly pid: number | undefined;
  /** Creates a bucket (path-style, as SeaweedFS needs). */
  createBucket(name: string): Promise<void>;
  stop(): Promise<void>;
}

export interface StartSeaweedFsOptions {
  /** Folder for its volumes and metadata; one server per folder. */
  dataDir: string;
  log?: Log;
  startTimeoutMs?: number;
}

/**
 * Starts SeaweedFS (master, volume, filer and S3 gateway in one process) on free loopback ports,
 * with an S3 identity so that every request must be signed, and resolves once the gateway
 * answers a signed ListBuckets.
 */
export async function startSeaweedFs(options: StartSeaweedFsOptions): Promise<SeaweedFsHandle> {
  const { dataDir, log = stderrLog, startTimeoutMs = 90_000 } = options;
  const binary = await ensureSeaweedFsBinary(log);
  await mkdir(join(dataDir, 'data'), { recursive: true });

  const credentials = {
    accessKeyId: `roster${randomBytes(6).toString('hex')}`,
    secretAccessKey: randomBytes(24).toString('base64url'),
  };
  const s3Config = join(dataDir, 's3-identities.json');
  await writeFile(
    s3Config,
    JSON.stringify({
      identities: [
        {
          name: 'roster-tests',
          credentials: [{ accessKey: credentials.accessKeyId, secretKey: credentials.secretAccessKey }],
          actions: ['Admin', 'Read', 'List', 'Tagging', 'Write'],
        },
      ],
    }),
  );
  // Every port given: the gRPC ones default to the HTTP port + 10000, which may be taken or past 65535.
  const ports = await freePorts(8);
  const [master, masterGrpc, volume, volumeGrpc, filer, filerGrpc, s3, s3Grpc] = ports as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const args = [
    'server',
    `-dir=${join(dataDir, 'data')}`,
    '-ip=127.0.0.1',
    '-ip.bind=127.0.0.1',
    `-master.port=${master}`,
    `-master.port.grpc=${masterGrpc}`,
    `-volume.port=${volume}`,
    `-volume.port.grpc=${volumeGrpc}`,
    '-filer',
    `-filer.port=${filer}`,
    `-filer.port.grpc=${filerGrpc}`,
    '-s3',
    `-s3.port=${s3}`,
    `-s3.port.grpc=${s3Grpc}`,
    `-s3.config=${s3Config}`,
    // As S3 does: a bucket exists only once created.
    '-s3.autoCreateBucket=false',
    // The Iceberg and Lance catalogs would listen on fixed ports.
    '-s3.port.iceberg=0',
    '-s3.port.lance=0',
    // Volumes of 1 GB (not 30): a test server's files are small.
    '-master.volumeSizeLimitMB=1024',
  ];
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const output = tail();
  child.stdout.on('data', output.push);
  child.stderr.on('data', output.push);

  const endpoint = `http://127.0.0.1:${s3}`;
  const region = 'us-east-1';
  const client = new S3Client({ endpoint, region, credentials, forcePathStyle: true });
  try {
    await waitForS3(client, child, startTimeoutMs);
  } catch (error) {
    client.destroy();
    await stopProcess(child);
    throw new Error(`${(error as Error).message}\n${output.text()}`.trim(), { cause: error });
  }
  return {
    endpoint,
    region,
    credentials,
    pid: child.pid,
    createBucket: async (name) => {
      await client.send(new CreateBucketCommand({ Bucket: name }));
    },
    stop: async () => {
      client.destroy();
      // A graceful stop takes about 25 s (it drains its gRPC streams); a test server's data is
      // thrown away, so it gets 3 s before SIGKILL, and its sockets are removed here.
      await stopProcess(child, 3000);
      await removeLocalSockets(ports);
    },
  };
}

/** The Unix sockets `weed server` makes for its services' local gRPC, named by their ports. */
async function removeLocalSockets(ports: number[]): Promise<void> {
  const names = new Set(ports.map(String));
  const leftovers = (await readdir(SOCKET_FOLDER)).filter((name) => {
    const port = /^seaweedfs-[a-z]+(?:-grpc)?-(\d+)\.sock$/.exec(name)?.[1];
    return port !== undefined && names.has(port);
  });
  await Promise.all(leftovers.map((name) => rm(join(SOCKET_FOLDER, name), { force: true })));
}

/** Distinct free ports (asked one by one, the OS could hand the same one twice). */
async function freePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await getFreePort());
  return [...ports];
}

async function waitForS3(
  client: S3Client,
  child: ReturnType<typeof spawn>,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `SeaweedFS exited during start-up (code ${child.exitCode}, signal ${child.signalCode})`,
      );
    }
    try {
      await client.send(new ListBucketsCommand({}));
      return;
    } catch (error) {
      lastError = error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  throw new Error(`SeaweedFS's S3 gateway did not answer within ${timeoutMs} ms: ${String(lastError)}`);
}
