import { setTimeout as sleep } from 'node:timers/promises';
import { isDuplicateKeyError, type Models } from '@roster/db';
import { AppError } from '../errors.ts';
import { generateId } from '../lib/ids.ts';

/** A holder this old is presumed dead (its process crashed between taking and releasing). */
const STALE_AFTER_MS = 10_000;
const STALE_CHECK_EVERY_MS = 1_000;
/** How long a request waits for the lock before giving up with 503. */
const WAIT_MS = 15_000;

/**
 * Runs `run` while holding a per-team lock. The lock is a claim document (`lock:<name>:<teamId>`):
 * an insert into a unique index is the one thing FerretDB and MongoDB both make exclusive
 * (docs/database.md), so at most one request holds it. Waiters retry with jittered backoff; a
 * lock left by a dead process is taken over once stale.
 */
export async function withTeamLock<T>(
  models: Models,
  name: string,
  teamId: string,
  run: () => Promise<T>,
): Promise<T> {
  const lockId = `lock:${name}:${teamId}`;
  const holder = generateId();
  const started = Date.now();
  let checkedAt = 0;
  for (let delay = 2; ; delay = Math.min(delay * 2, 8)) {
    try {
      await models.Claim.create({ _id: lockId, holder });
      break;
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
    // Whether the holder is dead needs one more query: ask on the first miss, then now and then.
    if (Date.now() - checkedAt > STALE_CHECK_EVERY_MS) {
      checkedAt = Date.now();
      const current = await models.Claim.findById(lockId).lean();
      if (current && checkedAt - current.createdAt.getTime() > STALE_AFTER_MS) {
        await models.Claim.deleteOne({ _id: lockId, holder: current.holder });
        continue;
      }
    }
    if (Date.now() - started > WAIT_MS) throw new AppError('general_service_unavailable');
    await sleep(delay + Math.random() * delay);
  }
  try {
    return await run();
  } finally {
    await models.Claim.deleteOne({ _id: lockId, holder });
  }
}
