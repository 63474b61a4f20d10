import { hash, verify } from '@node-rs/argon2';
import { AppError } from '../errors.ts';
import { Semaphore } from './semaphore.ts';

/** How much argon2 work may run and wait at once in this process (`ROSTER_PASSWORD_*`). */
export interface PasswordWorkLimits {
  /** Hashes and verifications running at once. */
  concurrency: number;
  /** Further ones waiting their turn; past that a call fails with 503 at once. */
  maxWaiting: number;
}

export const DEFAULT_PASSWORD_WORK_LIMITS: PasswordWorkLimits = { concurrency: 2, maxWaiting: 64 };

const busy = () =>
  new AppError(
    'general_service_unavailable',
    'Too many password checks are in progress. Please try again in a moment.',
  );

/*
 * argon2 runs on libuv's thread pool (4 threads unless UV_THREADPOOL_SIZE says otherwise), which
 * fs, dns.lookup, crypto and zlib share. Without a cap, one batch of sign-ins takes every thread
 * and everything else waits behind ~20 MiB hashes. The pool is per process, so is this gate.
 */
let gate = createGate(DEFAULT_PASSWORD_WORK_LIMITS);

function createGate(limits: PasswordWorkLimits) {
  return new Semaphore(limits.concurrency, limits.maxWaiting, busy);
}

/** Sets the process-wide cap on argon2 work (the server does it once at start-up). */
export function limitPasswordWork(limits: PasswordWorkLimits): void {
  gate = createGate(limits);
}

/** Runs `task` as password work: at most `concurrency` at once, 503 when too many wait. */
export function runPasswordWork<T>(task: () => Promise<T>): Promise<T> {
  return gate.run(task);
}

/** argon2id (the library's default algorithm) with its recommended cost parameters. */
export function hashPassword(password: string): Promise<string> {
  return gate.run(() => hash(password));
}

/** False for a wrong password or a malformed hash; 503 `general_service_unavailable` when too busy. */
export async function verifyPassword(
  passwordHash: string | undefined | null,
  password: string,
): Promise<boolean> {
  if (!passwordHash) return false;
  return gate.run(async () => {
    try {
      return await verify(passwordHash, password);
    } catch {
      return false;
    }
  });
}
