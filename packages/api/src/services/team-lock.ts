import { LockTimeoutError } from '@roster/db';
import { AppError } from '../errors.ts';

/**
 * Writes of a team document, and membership writes that move its stored total, wait for the
 * team's lock (docs/database.md#team-totals); one held longer than a request may wait is a 503
 * (nothing was written), as for the owner rule.
 */
export async function underTeamLock<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (error instanceof LockTimeoutError) throw new AppError('general_service_unavailable');
    throw error;
  }
}
