import { describe, expect, it } from 'vitest';
import { hashProblem, hashRecord, type ImportedHash } from './imported-hash.ts';
import { phpassPortable } from './phpass.ts';
import { firebaseScrypt } from './scrypt-modified.ts';
import { importedHashOf, verifyStoredPassword } from './verify.ts';
import { APPWRITE_VECTORS } from '../../testing/password-hash-vectors.ts';

const stored = (imported: ImportedHash) => {
  const { hash, hashOptions } = hashRecord(imported);
  return { passwordHash: imported.hash, hash, hashOptions: JSON.stringify(hashOptions) };
};

describe('imported password hashes', () => {
  for (const [name, imported] of Object.entries(APPWRITE_VECTORS)) {
    it(`${name}: Appwrite's vector verifies "appwrite" and nothing else`, async () => {
      expect(hashProblem(imported)).toBeNull();
      expect(await verifyStoredPassword(stored(imported), 'appwrite')).toBe(true);
      expect(await verifyStoredPassword(stored(imported), 'appwritf')).toBe(false);
    }, 20_000);
  }

  it('every SHA version hashes as its digest', async () => {
    const sha3 = '867a758eea6f62ccb37cc3f8945137def93d0638259ff4dcfc0f21629d2666fb';
    const sha512_224 = '746d850d8f4bb904a18b936d4693edde4b7eb886ae1527d2be410464';
    for (const [version, hash] of [
      ['sha3-256', sha3],
      ['sha512/224', sha512_224],
    ] as const) {
      expect(await verifyStoredPassword(stored({ algorithm: 'sha', version, hash }), 'appwrite')).toBe(true);
    }
    // sha224 has sha512/224's length but another digest.
    expect(
      await verifyStoredPassword(
        stored({ algorithm: 'sha', version: 'sha224', hash: sha512_224 }),
        'appwrite',
      ),
    ).toBe(false);
  });

  it("phpass: the test vector of phpass's own test.php", async () => {
    const hash = '$P$9IQRaTwmfeRo7ud9Fh4E2PdI0S3r.L0';
    expect(await phpassPortable('test12345', hash)).toBe(hash);
    expect(await phpassPortable('test12346', hash)).not.toBe(hash);
    expect(await verifyStoredPassword(stored({ algorithm: 'phpass', hash }), 'test12345')).toBe(true);
  });

  it("scrypt-modified: the vector of Firebase's scrypt README", async () => {
    const options = {
      salt: '42xEC+ixf3L2lw==',
      saltSeparator: 'Bw==',
      signerKey: 'jxspr8Ki0RYycVU8zykbdLGjFQ3McFUH0uiiTvC8pVMXAn210wjLNmdZJzxUECKbm0QsEmYUSDzZvpjeJ9WmXA==',
    };
    expect(await firebaseScrypt('user1password', options)).toBe(
      'lSrfV15cpx95/sZS2W9c9Kp6i/LVgQNDNC/qzrCnh1SAyZvqmZqAjTdn3aoItz+VHjoZilo78198JAdRuid5lQ==',
    );
  });

  it('phpass accepts a bcrypt hash, as its crypt() fallback does', async () => {
    const hash = APPWRITE_VECTORS.bcrypt!.hash;
    expect(hashProblem({ algorithm: 'phpass', hash })).toBeNull();
    expect(await verifyStoredPassword(stored({ algorithm: 'phpass', hash }), 'appwrite')).toBe(true);
  }, 20_000);

  it.each([
    [{ algorithm: 'md5', hash: '144FA7EAA4904E8EE120651997F70DCC' }, 'hash'],
    [{ algorithm: 'md5', hash: '144fa7eaa4904e8ee120651997f70dc' }, 'hash'],
    [{ algorithm: 'sha', version: 'sha256', hash: '4243da0a694e8a2f727c8060fe0507c8' }, 'hash'],
    [{ algorithm: 'bcrypt', hash: '$2a$15$short' }, 'hash'],
    [{ algorithm: 'bcrypt', hash: '$2a$31$xX/myGbFU.ZSKHSi6EHdBOySTdYm8QxBLXmOPHrYMwV0mHRBBSBOq' }, 'hash'],
    [
      {
        algorithm: 'argon2',
        hash: '$argon2d$v=19$m=20,t=3,p=2$YXBwd3JpdGU$A/54i238ed09ZR4NwlACU5XnkjNBZU9QeOEuhjLiexI',
      },
      'hash',
    ],
    [
      {
        algorithm: 'argon2',
        hash: '$argon2id$v=19$m=4194304,t=3,p=2$YXBwd3JpdGU$A/54i238ed09ZR4NwlACU5XnkjNBZU9QeOEuhjLiexI',
      },
      'hash',
    ],
    [{ algorithm: 'phpass', hash: '$P$Zr387rwferoKN7uwHZqNMu98q3U8RO.' }, 'hash'],
    [{ algorithm: 'phpass', hash: '$1$abcdefgh$abcdefghijklmnopqrstuv' }, 'hash'],
    [{ ...APPWRITE_VECTORS.scrypt, costCpu: 1000 }, 'costCpu'],
    [{ ...APPWRITE_VECTORS.scrypt, costMemory: 1024 }, 'costMemory'],
    [{ ...APPWRITE_VECTORS.scrypt, costParallel: 0 }, 'costParallel'],
    [{ ...APPWRITE_VECTORS.scrypt, length: 8 }, 'length'],
    [{ ...APPWRITE_VECTORS.scrypt, length: 32 }, 'hash'],
    [{ ...APPWRITE_VECTORS.scryptMod, signerKey: 'not base64!' }, 'signerKey'],
    [{ ...APPWRITE_VECTORS.scryptMod, saltSeparator: 'Bw' }, 'saltSeparator'],
    [{ ...APPWRITE_VECTORS.scryptMod, hash: 'UlM7JiXRcQhzAGlaonpSqA==' }, 'hash'],
  ] as [ImportedHash, string][])('refuses %o (field %s)', (imported, field) => {
    expect(hashProblem(imported)?.field).toBe(field);
  });

  it('a stored record that does not make a hash verifies nothing', async () => {
    const sha = stored(APPWRITE_VECTORS.sha!);
    expect(importedHashOf({ ...sha, hashOptions: '{"version":"sha9"}' })).toBeNull();
    expect(importedHashOf({ ...sha, hashOptions: 'not json' })).toBeNull();
    expect(importedHashOf({ ...sha, hash: 'crc32' })).toBeNull();
    expect(await verifyStoredPassword({ ...sha, hash: 'crc32' }, 'appwrite')).toBe(false);
  });
});
