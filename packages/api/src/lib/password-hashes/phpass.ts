import { createHash } from 'node:crypto';

const ITOA64 = './0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** A portable phpass hash (`$P$` WordPress, `$H$` phpBB): 3-char id, cost char, 8-char salt, 22-char digest. */
export const PORTABLE_PHPASS = /^\$[PH]\$[./0-9A-Za-z]{31}$/;

/** log2 of the iteration count a portable hash names, or -1 when it names none. */
export function phpassCostLog2(stored: string): number {
  return ITOA64.indexOf(stored[3] ?? '');
}

/** phpass's encode64: little-endian 6-bit groups over `./0-9A-Za-z`. */
function encode64(input: Buffer, count: number): string {
  let output = '';
  let i = 0;
  do {
    let value = input[i++]!;
    output += ITOA64[value & 0x3f];
    if (i < count) value |= input[i]! << 8;
    output += ITOA64[(value >> 6) & 0x3f];
    if (i++ >= count) break;
    if (i < count) value |= input[i]! << 16;
    output += ITOA64[(value >> 12) & 0x3f];
    if (i++ >= count) break;
    output += ITOA64[(value >> 18) & 0x3f];
  } while (i < count);
  return output;
}

const md5 = (...parts: Buffer[]) => {
  const hash = createHash('md5');
  for (const part of parts) hash.update(part);
  return hash.digest();
};

// The md5 chain is synchronous; yielding between slices keeps the event loop answering.
const SLICE = 4096;
const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * phpass's crypt_private: the string a portable hash of `password` with `stored`'s cost and salt
 * would be, or null when `stored` is no portable hash (cost outside 7–30, short salt).
 */
export async function phpassPortable(password: string, stored: string): Promise<string | null> {
  const id = stored.slice(0, 3);
  if (id !== '$P$' && id !== '$H$') return null;
  const log2 = phpassCostLog2(stored);
  if (log2 < 7 || log2 > 30) return null;
  const salt = stored.slice(4, 12);
  if (salt.length !== 8) return null;
  const secret = Buffer.from(password, 'utf8');
  let hash = md5(Buffer.from(salt, 'utf8'), secret);
  for (let count = 2 ** log2; count > 0; count--) {
    hash = md5(hash, secret);
    if (count % SLICE === 0) await yieldToLoop();
  }
  return stored.slice(0, 12) + encode64(hash, 16);
}
