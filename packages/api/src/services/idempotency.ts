import { setTimeout as sleep } from 'node:timers/promises';
import { type Repositories } from '@roster/db';
import { AppError } from '../errors.ts';
import { sha256 } from '../lib/secrets.ts';

/** How long a first result answers its repeats (docs/invitations.md#idempotency-keys). */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
/** A claim still pending this long after it was taken was left by a call that died. */
const LEASE_MS = 60_000;
/** How long a repeat waits for the first call's result, and how often it looks. */
const WAIT_MS = 15_000;
const POLL_MS = 50;

export interface IdempotentCall {
  /** Whose key it is (`user:<id>` or `key:<id>`): another caller's key never returns this result. */
  scope: string;
  /** The procedure: one key may name calls of different routes. */
  route: string;
  key: string;
  /** The call's input (without the key): a repeat with another body is refused. */
  body: unknown;
}

/** JSON with object keys sorted, so equal inputs hash equally whatever their order. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    item && typeof item === 'object' && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : item,
  );
}

/**
 * Runs `run` once per caller, route and key within IDEMPOTENCY_TTL_MS; repeats get its first
 * successful result (`replayed`). Without transactions: inserting the claim decides which of
 * racing repeats runs; the others poll for its result (at most WAIT_MS, then 409). A failed call
 * stores nothing and releases its claim, so it can be retried; a claim left by a call that died
 * is taken over after LEASE_MS.
 */
export async function runIdempotently<T>(
  repos: Pick<Repositories, 'idempotencyKeys'>,
  call: IdempotentCall,
  run: () => Promise<T>,
): Promise<{ value: T; replayed: boolean }> {
  const store = repos.idempotencyKeys;
  const id = sha256(`${call.scope}\n${call.route}\n${call.key}`);
  const bodyHash = sha256(canonicalJson(call.body ?? null));
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const now = Date.now();
    const claimed = await store.claim({
      _id: id,
      bodyHash,
      leaseUntil: new Date(now + LEASE_MS),
      expire: new Date(now + IDEMPOTENCY_TTL_MS),
    });
    if (claimed) {
      let value: T;
      try {
        value = await run();
      } catch (error) {
        await store.release(id);
        throw error;
      }
      await store.complete(id, JSON.stringify(value));
      return { value, replayed: false };
    }
    const existing = await store.byId(id);
    if (existing) {
      const stale =
        existing.expire.getTime() <= now ||
        (existing.state === 'pending' && existing.leaseUntil.getTime() <= now);
      if (stale) {
        await store.discard(existing);
        continue;
      }
      if (existing.bodyHash !== bodyHash) throw new AppError('general_idempotency_key_reused');
      if (existing.state === 'done') return { value: JSON.parse(existing.result) as T, replayed: true };
    }
    if (Date.now() >= deadline) throw new AppError('general_idempotency_key_in_progress');
    await sleep(POLL_MS);
  }
}
