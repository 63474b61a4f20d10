import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Encryption at rest of what a webhook must send and so cannot hash: its signing secret and its
 * Basic-auth password (docs/security.md#webhook-credentials). AES-256-GCM under a key derived from
 * the server secret (`ROSTER_SECRET_KEY`) by HKDF, so a database dump alone reveals neither.
 */
const VERSION = 'v1';

function keyOf(serverSecret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', serverSecret, 'roster', 'webhook credentials v1', 32));
}

export interface SecretBox {
  seal(plaintext: string): string;
  open(sealed: string): string;
}

export function createSecretBox(serverSecret: string): SecretBox {
  if (serverSecret.length < 16) throw new Error('The server secret is too short to derive a key from');
  const key = keyOf(serverSecret);
  return {
    seal(plaintext) {
      if (plaintext === '') return '';
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return `${VERSION}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
    },
    open(sealed) {
      if (sealed === '') return '';
      const [version, data] = sealed.split(':');
      if (version !== VERSION || !data) throw new Error('Unknown sealed secret format');
      const raw = Buffer.from(data, 'base64');
      const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    },
  };
}
