import { type StoredUser } from '@roster/db';

/** @node-rs/argon2's defaults, what `hashPassword` uses (argon2id, 19 MiB, 2 passes, 1 lane). */
const ROSTER_ARGON2 = { memory_cost: 19_456, time_cost: 2, threads: 1 } as const;

const PHC_PARAMS = /^\$argon2id?\$(?:v=\d+\$)?m=(\d+),t=(\d+),p=(\d+)\$/;

/**
 * The User model's `hash` and `hashOptions`: an imported hash's algorithm and options as stored;
 * for Roster's own argon2id, `argon2` with the parameters of the stored hash (Appwrite's keys), or
 * those a password would get when none is set yet.
 */
export function hashFields(user: Pick<StoredUser, 'passwordHash' | 'hash' | 'hashOptions'>): {
  hash: string;
  hashOptions: Record<string, unknown>;
} {
  if (user.hash) {
    let options: unknown;
    try {
      options = JSON.parse(user.hashOptions ?? '{}');
    } catch {
      options = {};
    }
    return { hash: user.hash, hashOptions: (options ?? {}) as Record<string, unknown> };
  }
  const match = user.passwordHash ? PHC_PARAMS.exec(user.passwordHash) : null;
  const params = match
    ? { memory_cost: Number(match[1]), time_cost: Number(match[2]), threads: Number(match[3]) }
    : ROSTER_ARGON2;
  return { hash: 'argon2', hashOptions: { type: 'argon2', ...params } };
}
