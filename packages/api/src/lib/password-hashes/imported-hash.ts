import { PORTABLE_PHPASS, phpassCostLog2 } from './phpass.ts';

/** The SHA versions Appwrite's `passwordVersion` lists, with node's name for each digest. */
export const SHA_DIGESTS = {
  sha1: 'sha1',
  sha224: 'sha224',
  sha256: 'sha256',
  sha384: 'sha384',
  'sha512/224': 'sha512-224',
  'sha512/256': 'sha512-256',
  sha512: 'sha512',
  'sha3-224': 'sha3-224',
  'sha3-256': 'sha3-256',
  'sha3-384': 'sha3-384',
  'sha3-512': 'sha3-512',
} as const;
export type ShaVersion = keyof typeof SHA_DIGESTS;
export const SHA_VERSIONS = Object.keys(SHA_DIGESTS) as ShaVersion[];

const SHA_HEX_LENGTH: Record<ShaVersion, number> = {
  sha1: 40,
  sha224: 56,
  sha256: 64,
  sha384: 96,
  'sha512/224': 56,
  'sha512/256': 64,
  sha512: 128,
  'sha3-224': 56,
  'sha3-256': 64,
  'sha3-384': 96,
  'sha3-512': 128,
};

/** A password hash made elsewhere, with what verifying it needs (Appwrite's `hash` names). */
export type ImportedHash =
  | { algorithm: 'argon2' | 'bcrypt' | 'md5' | 'phpass'; hash: string }
  | { algorithm: 'sha'; hash: string; version: ShaVersion }
  | {
      algorithm: 'scrypt';
      hash: string;
      salt: string;
      costCpu: number;
      costMemory: number;
      costParallel: number;
      length: number;
    }
  | { algorithm: 'scryptMod'; hash: string; salt: string; saltSeparator: string; signerKey: string };

export type HashField =
  | 'hash'
  | 'version'
  | 'salt'
  | 'costCpu'
  | 'costMemory'
  | 'costParallel'
  | 'length'
  | 'saltSeparator'
  | 'signerKey';

/**
 * Upper bounds on the work one verification may cost. A sign-in attempt needs no account, so a
 * stored hash whose parameters ask for minutes of CPU or gigabytes of memory would let anyone
 * tie up the password workers by naming its email (docs/security.md#limits-and-their-variables).
 */
export const HASH_LIMITS = {
  bcryptCost: 16,
  phpassLog2: 16,
  argon2MemoryKiB: 131_072,
  argon2Time: 16,
  argon2Parallelism: 16,
  /** scrypt's 128·N·r bytes (node's `maxmem`). */
  scryptMemoryBytes: 64 * 1024 * 1024,
  scryptParallel: 16,
} as const;

const LOWER_HEX = /^[0-9a-f]+$/;
const BCRYPT = /^\$2[aby]\$(\d{2})\$[./A-Za-z0-9]{53}$/;
const ARGON2 =
  /^\$argon2(?:i|id)\$(?:v=(?:16|19)\$)?m=(\d{1,10}),t=(\d{1,10}),p=(\d{1,3})\$[A-Za-z0-9+/]{11,}\$[A-Za-z0-9+/]{16,}$/;

/** Canonical standard base64 (with padding), as Appwrite's `^[A-Za-z0-9+/]+={0,2}$` and Buffer agree. */
export function isBase64(value: string): boolean {
  return /^[A-Za-z0-9+/]+={0,2}$/.test(value) && Buffer.from(value, 'base64').toString('base64') === value;
}

function bcryptProblem(hash: string): string | null {
  const match = BCRYPT.exec(hash);
  if (!match) return 'Value must be a bcrypt hash ($2a$, $2b$ or $2y$, 60 characters).';
  const cost = Number(match[1]);
  if (cost < 4 || cost > HASH_LIMITS.bcryptCost)
    return `Value must be a bcrypt hash of cost 4 to ${HASH_LIMITS.bcryptCost}.`;
  return null;
}

const hexProblem = (hash: string, length: number) =>
  hash.length === length && LOWER_HEX.test(hash)
    ? null
    : `Value must be ${length} lowercase hexadecimal characters.`;

/** Why passwords cannot be checked against `imported` (the field at fault), or null when they can. */
export function hashProblem(imported: ImportedHash): { field: HashField; reason: string } | null {
  const at = (field: HashField, reason: string | null) => (reason ? { field, reason } : null);
  switch (imported.algorithm) {
    case 'md5':
      return at('hash', hexProblem(imported.hash, 32));
    case 'sha':
      return at('hash', hexProblem(imported.hash, SHA_HEX_LENGTH[imported.version]));
    case 'bcrypt':
      return at('hash', bcryptProblem(imported.hash));
    case 'argon2': {
      const match = ARGON2.exec(imported.hash);
      if (!match) return at('hash', 'Value must be an argon2i or argon2id hash in PHC format.');
      const [memory, time, parallelism] = match.slice(1).map(Number) as [number, number, number];
      const fits =
        memory <= HASH_LIMITS.argon2MemoryKiB &&
        time >= 1 &&
        time <= HASH_LIMITS.argon2Time &&
        parallelism >= 1 &&
        parallelism <= HASH_LIMITS.argon2Parallelism &&
        memory >= 8 * parallelism;
      return fits
        ? null
        : at(
            'hash',
            `Value must be an argon2 hash with m ≤ ${HASH_LIMITS.argon2MemoryKiB}, t ≤ ${HASH_LIMITS.argon2Time} and p ≤ ${HASH_LIMITS.argon2Parallelism}.`,
          );
    }
    case 'phpass': {
      if (imported.hash.startsWith('$2')) return at('hash', bcryptProblem(imported.hash));
      if (!PORTABLE_PHPASS.test(imported.hash))
        return at(
          'hash',
          'Value must be a portable phpass hash ($P$ or $H$, 34 characters) or a bcrypt hash.',
        );
      const log2 = phpassCostLog2(imported.hash);
      return log2 >= 7 && log2 <= HASH_LIMITS.phpassLog2
        ? null
        : at('hash', `Value must be a phpass hash of 2^7 to 2^${HASH_LIMITS.phpassLog2} iterations.`);
    }
    case 'scrypt': {
      const { costCpu: n, costMemory: r, costParallel: p, length } = imported;
      if (!Number.isInteger(n) || n < 2 || (n & (n - 1)) !== 0 || n > 2 ** 30)
        return at('costCpu', 'Value must be a power of 2 greater than 1.');
      if (!Number.isInteger(r) || r < 1 || 128 * n * r > HASH_LIMITS.scryptMemoryBytes)
        return at(
          'costMemory',
          `Value must be at least 1, and 128 × costCpu × costMemory at most ${HASH_LIMITS.scryptMemoryBytes} bytes.`,
        );
      if (!Number.isInteger(p) || p < 1 || p > HASH_LIMITS.scryptParallel)
        return at('costParallel', `Value must be between 1 and ${HASH_LIMITS.scryptParallel}.`);
      if (!Number.isInteger(length) || length < 16 || length > 128)
        return at('length', 'Value must be between 16 and 128.');
      return at('hash', hexProblem(imported.hash, 2 * length));
    }
    case 'scryptMod': {
      for (const field of ['salt', 'saltSeparator', 'signerKey'] as const) {
        if (!isBase64(imported[field])) return at(field, 'Value must be standard base64 (with padding).');
      }
      const length = Buffer.from(imported.signerKey, 'base64').length;
      return isBase64(imported.hash) && Buffer.from(imported.hash, 'base64').length === length
        ? null
        : at('hash', 'Value must be base64 of as many bytes as the signer key.');
    }
  }
}

/** Appwrite's `random_state` of a phpass hasher: PHP's microtime() followed by the process id. */
function phpassRandomState(): string {
  const now = Date.now();
  return `${((now % 1000) / 1000).toFixed(8)} ${Math.floor(now / 1000)}${process.pid}`;
}

/** The `hash` and `hashOptions` Appwrite stores with an imported hash (its User model shows them raw). */
export function hashRecord(imported: ImportedHash): { hash: string; hashOptions: Record<string, unknown> } {
  switch (imported.algorithm) {
    case 'md5':
      return { hash: 'md5', hashOptions: { type: 'md5' } };
    case 'bcrypt':
      return { hash: 'bcrypt', hashOptions: { type: 'bcrypt', cost: 8 } };
    case 'argon2':
      // Appwrite's defaults, whatever the imported hash says (verification reads the hash).
      return {
        hash: 'argon2',
        hashOptions: { type: 'argon2', memory_cost: 65_536, time_cost: 4, threads: 3 },
      };
    case 'phpass':
      return {
        hash: 'phpass',
        hashOptions: {
          type: 'phpass',
          iteration_count_log2: 8,
          portable_hashes: false,
          random_state: phpassRandomState(),
        },
      };
    case 'sha':
      return { hash: 'sha', hashOptions: { version: imported.version } };
    case 'scrypt':
      return {
        hash: 'scrypt',
        hashOptions: {
          type: 'scrypt',
          costCpu: imported.costCpu,
          costMemory: imported.costMemory,
          costParallel: imported.costParallel,
          length: imported.length,
          salt: imported.salt,
        },
      };
    case 'scryptMod':
      return {
        hash: 'scryptMod',
        hashOptions: {
          type: 'scryptMod',
          salt: imported.salt,
          saltSeparator: imported.saltSeparator,
          signerKey: imported.signerKey,
        },
      };
  }
}
