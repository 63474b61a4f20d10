import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * 128 random bytes as 256 lowercase hex characters: invitation and session secrets
 * (docs/appwrite-compatibility.md#the-secret).
 */
export function generateSecret(): string {
  return randomBytes(128).toString('hex');
}

export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/** Compares two hex digests in constant time. */
export function digestsEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && left.length > 0 && timingSafeEqual(left, right);
}
