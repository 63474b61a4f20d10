import { hkdfSync } from 'node:crypto';

/*
 * Files are encrypted with AES-256-GCM under a key derived from a server secret with HKDF-SHA256
 * and a label naming the key version, so the file key is never the secret itself and a new
 * version gives a new key even from the same secret. The keyring maps versions to secrets: new
 * files use the highest version; a file names the version it was written with, and reads only
 * while that version's secret is still in the ring.
 */

const KEY_BYTES = 32;

export class UnknownKeyVersionError extends Error {
  constructor(readonly keyVersion: number) {
    super(`no storage key of version ${keyVersion} is configured`);
    this.name = 'UnknownKeyVersionError';
  }
}

export class FileKeyring {
  readonly currentVersion: number;
  private readonly secrets: ReadonlyMap<number, string>;
  private readonly keys = new Map<number, Buffer>();

  /** `secrets`: version (a positive integer) → server secret; the highest version encrypts. */
  constructor(secrets: Readonly<Record<number, string>>) {
    const entries = Object.entries(secrets).map(([version, secret]) => [Number(version), secret] as const);
    if (entries.length === 0) throw new Error('a file keyring needs at least one secret');
    for (const [version, secret] of entries) {
      if (!Number.isSafeInteger(version) || version < 1) throw new Error(`bad key version ${version}`);
      if (secret.length === 0) throw new Error(`the secret of key version ${version} is empty`);
    }
    this.secrets = new Map(entries);
    this.currentVersion = Math.max(...this.secrets.keys());
  }

  /** The 32-byte file key of `version`; throws `UnknownKeyVersionError` when its secret is gone. */
  key(version: number): Buffer {
    let key = this.keys.get(version);
    if (!key) {
      const secret = this.secrets.get(version);
      if (secret === undefined) throw new UnknownKeyVersionError(version);
      key = Buffer.from(
        hkdfSync('sha256', secret, 'roster', `storage files v${version} (AES-256-GCM)`, KEY_BYTES),
      );
      this.keys.set(version, key);
    }
    return key;
  }
}
