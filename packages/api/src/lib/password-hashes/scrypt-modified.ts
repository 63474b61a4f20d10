import { createCipheriv, scrypt } from 'node:crypto';

/** Firebase's scrypt: N=2^14, r=8, p=1, 64 bytes; the signer key AES-256-CTR-encrypted with its first half. */
export function firebaseScrypt(
  password: string,
  options: { salt: string; saltSeparator: string; signerKey: string },
): Promise<string> {
  const salt = Buffer.concat([
    Buffer.from(options.salt, 'base64'),
    Buffer.from(options.saltSeparator, 'base64'),
  ]);
  return new Promise((resolve, reject) => {
    scrypt(password, salt, 64, { N: 16_384, r: 8, p: 1 }, (error, derived) => {
      if (error) return reject(error);
      const cipher = createCipheriv('aes-256-ctr', derived.subarray(0, 32), Buffer.alloc(16));
      const encrypted = Buffer.concat([
        cipher.update(Buffer.from(options.signerKey, 'base64')),
        cipher.final(),
      ]);
      resolve(encrypted.toString('base64'));
    });
  });
}
