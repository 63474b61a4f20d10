import { afterEach, describe, expect, it, vi } from 'vitest';
import type * as Argon2 from '@node-rs/argon2';
import { AppError } from '../errors.ts';
import {
  DEFAULT_PASSWORD_WORK_LIMITS,
  hashPassword,
  limitPasswordWork,
  verifyPassword,
} from './passwords.ts';

// Counts argon2 operations in flight; every call still runs the real library.
const work = vi.hoisted(() => ({ active: 0, peak: 0 }));
vi.mock('@node-rs/argon2', async (importOriginal) => {
  const real = await importOriginal<typeof Argon2>();
  const counted =
    <A extends unknown[], R>(operation: (...args: A) => Promise<R>) =>
    async (...args: A) => {
      work.active++;
      work.peak = Math.max(work.peak, work.active);
      try {
        return await operation(...args);
      } finally {
        work.active--;
      }
    };
  return { ...real, hash: counted(real.hash), verify: counted(real.verify) };
});

/** Security review finding 5: a burst of sign-ins must not take every libuv thread. */
describe('argon2 work cap', () => {
  afterEach(() => limitPasswordWork(DEFAULT_PASSWORD_WORK_LIMITS));

  it('runs at most `concurrency` hashes and verifications at once', async () => {
    limitPasswordWork({ concurrency: 2, maxWaiting: 100 });
    const stored = await hashPassword('a good password');
    work.peak = 0;
    const results = await Promise.all([
      ...Array.from({ length: 6 }, (_, i) =>
        verifyPassword(stored, i === 0 ? 'a good password' : `wrong ${i}`),
      ),
      ...Array.from({ length: 4 }, () => hashPassword('another password').then(Boolean)),
    ]);
    expect(results).toEqual([true, false, false, false, false, false, true, true, true, true]);
    expect(work.peak).toBe(2);
  });

  it('refuses with 503 general_service_unavailable when too many wait', async () => {
    limitPasswordWork({ concurrency: 1, maxWaiting: 2 });
    const stored = await hashPassword('a good password');
    const attempts = Array.from({ length: 5 }, () => verifyPassword(stored, 'a good password'));
    const settled = await Promise.allSettled(attempts);
    expect(settled.slice(0, 3).map((result) => result.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'fulfilled',
    ]);
    for (const refused of settled.slice(3)) {
      expect(refused.status).toBe('rejected');
      const error = (refused as PromiseRejectedResult).reason as AppError;
      expect(error).toBeInstanceOf(AppError);
      expect(error.type).toBe('general_service_unavailable');
      expect(error.status).toBe(503);
    }
  });

  it('a malformed hash is a wrong password, not an error', async () => {
    await expect(verifyPassword('not-a-hash', 'whatever password')).resolves.toBe(false);
    await expect(verifyPassword(undefined, 'whatever password')).resolves.toBe(false);
  });
});
