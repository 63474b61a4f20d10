import { randomBytes } from 'node:crypto';

/**
 * A 20-character id like Appwrite's `ID.unique()`: 13 hex characters of the current time in
 * microseconds (PHP `uniqid()`), then 7 random hex characters.
 */
export function generateId(now = Date.now()): string {
  const micros = BigInt(now) * 1000n + BigInt(Math.floor(performance.now() * 1000) % 1000);
  return micros.toString(16).padStart(13, '0').slice(-13) + randomBytes(4).toString('hex').slice(0, 7);
}

/** `unique()` becomes a generated id; anything else is the caller's custom id. */
export function resolveId(customId: string): string {
  return customId === 'unique()' ? generateId() : customId;
}
