import { createHash, scrypt, timingSafeEqual } from 'node:crypto';
import { verify as verifyArgon2 } from '@node-rs/argon2';
import { verify as verifyBcrypt } from '@node-rs/bcrypt';
import { runPasswordWork, verifyPassword } from '../passwords.ts';
import {
  HASH_LIMITS,
  SHA_DIGESTS,
  hashProblem,
  type ImportedHash,
  type ShaVersion,
} from './imported-hash.ts';
import { phpassPortable } from './phpass.ts';
import { firebaseScrypt } from './scrypt-modified.ts';

/** A user's password as stored: Roster's own argon2id hash has no `hash` (algorithm) beside it. */
export interface StoredPassword {
  passwordHash?: string | null | undefined;
  hash?: string | null | undefined;
  /** JSON text of the imported hash's options. */
  hashOptions?: string | null | undefined;
}

/** Whether the stored password was imported (so a successful sign-in rehashes it). */
export const isImportedPassword = (user: StoredPassword): boolean => Boolean(user.passwordHash && user.hash);

/** Constant-time equality of two strings (false, without comparing, when their lengths differ). */
export function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}

const scryptHex = (password: string, imported: Extract<ImportedHash, { algorithm: 'scrypt' }>) =>
  new Promise<string>((resolve, reject) => {
    const options = {
      N: imported.costCpu,
      r: imported.costMemory,
      p: imported.costParallel,
      maxmem: 2 * HASH_LIMITS.scryptMemoryBytes,
    };
    scrypt(password, Buffer.from(imported.salt, 'utf8'), imported.length, options, (error, key) =>
      error ? reject(error) : resolve(key.toString('hex')),
    );
  });

/** The imported hash a stored user names, or null when what is stored does not make one. */
export function importedHashOf(user: StoredPassword): ImportedHash | null {
  if (!user.passwordHash || !user.hash) return null;
  let options: Record<string, unknown>;
  try {
    options = JSON.parse(user.hashOptions ?? '{}') as Record<string, unknown>;
  } catch {
    return null;
  }
  const hash = user.passwordHash;
  const text = (key: string) => (typeof options[key] === 'string' ? options[key] : '');
  const int = (key: string) => (typeof options[key] === 'number' ? options[key] : 0);
  let imported: ImportedHash;
  switch (user.hash) {
    case 'argon2':
    case 'bcrypt':
    case 'md5':
    case 'phpass':
      imported = { algorithm: user.hash, hash };
      break;
    case 'sha':
      if (!(text('version') in SHA_DIGESTS)) return null;
      imported = { algorithm: 'sha', hash, version: text('version') as ShaVersion };
      break;
    case 'scrypt':
      imported = {
        algorithm: 'scrypt',
        hash,
        salt: text('salt'),
        costCpu: int('costCpu'),
        costMemory: int('costMemory'),
        costParallel: int('costParallel'),
        length: int('length'),
      };
      break;
    case 'scryptMod':
      imported = {
        algorithm: 'scryptMod',
        hash,
        salt: text('salt'),
        saltSeparator: text('saltSeparator'),
        signerKey: text('signerKey'),
      };
      break;
    default:
      return null;
  }
  return hashProblem(imported) ? null : imported;
}

/** Whether `password` matches an imported hash, computed as the system that made it did. */
async function matches(imported: ImportedHash, password: string): Promise<boolean> {
  switch (imported.algorithm) {
    case 'md5':
      return sameText(imported.hash, createHash('md5').update(password, 'utf8').digest('hex'));
    case 'sha': {
      const digest = createHash(SHA_DIGESTS[imported.version]).update(password, 'utf8').digest('hex');
      return sameText(imported.hash, digest);
    }
    case 'bcrypt':
      return verifyBcrypt(password, imported.hash);
    case 'argon2':
      return verifyArgon2(imported.hash, password);
    case 'phpass': {
      // phpass falls back to crypt() for what is no portable hash: bcrypt is the one allowed here.
      if (imported.hash.startsWith('$2')) return verifyBcrypt(password, imported.hash);
      const computed = await phpassPortable(password, imported.hash);
      return computed !== null && sameText(imported.hash, computed);
    }
    case 'scrypt':
      return sameText(imported.hash, await scryptHex(password, imported));
    case 'scryptMod':
      return sameText(imported.hash, await firebaseScrypt(password, imported));
  }
}

/**
 * Checks a password against what a user has stored: Roster's argon2id, or an imported hash by its
 * algorithm. False for a wrong password or a hash that cannot be checked; 503
 * `general_service_unavailable` when too much password work waits already.
 */
export async function verifyStoredPassword(user: StoredPassword, password: string): Promise<boolean> {
  if (!user.hash) return verifyPassword(user.passwordHash, password);
  const imported = importedHashOf(user);
  if (!imported) return false;
  return runPasswordWork(async () => {
    try {
      return await matches(imported, password);
    } catch {
      return false;
    }
  });
}
