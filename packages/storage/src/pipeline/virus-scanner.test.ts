import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import { encodeFile } from './encode.ts';
import { FileKeyring } from './file-keyring.ts';
import { TRANSFORM_LIMIT } from './limits.ts';
import { InfectedFileError, type ScanVerdict, type VirusScanner } from './virus-scanner.ts';

// The antivirus test file every engine flags (https://www.eicar.org), split so this file is not flagged.
const EICAR = Buffer.from('X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-' + 'ANTIVIRUS-TEST-FILE!$H+H*');

/**
 * A signature scanner with one signature, EICAR's, found anywhere in the stream (across chunk
 * boundaries). `answerEarly` answers as soon as it matches and reads no further, as an engine
 * may; otherwise it reads to the end first, as clamd's INSTREAM does.
 */
class EicarScanner implements VirusScanner {
  scanned: Buffer[] = [];
  calls = 0;
  constructor(private readonly answerEarly = false) {}

  async scan(content: Readable): Promise<ScanVerdict> {
    this.calls++;
    let tail = Buffer.alloc(0);
    let found = false;
    for await (const chunk of content as AsyncIterable<Buffer>) {
      this.scanned.push(chunk);
      const window = Buffer.concat([tail, chunk]);
      found ||= window.includes(EICAR);
      if (found && this.answerEarly) break;
      tail = window.subarray(Math.max(0, window.length - EICAR.length + 1));
    }
    return found ? { clean: false, signature: 'Eicar-Test-Signature' } : { clean: true };
  }
}

const keyring = new FileKeyring({ 1: 'the server secret of these tests' });
const pieces = (content: Buffer, size: number) =>
  Readable.from(
    Array.from({ length: Math.ceil(content.length / size) }, (_, i) =>
      content.subarray(i * size, (i + 1) * size),
    ),
  );

function encodeWith(scanner: VirusScanner, content: Buffer, pieceSize = 10_000) {
  return encodeFile(pieces(content, pieceSize), {
    compression: 'gzip',
    encryption: true,
    declaredSize: content.length,
    keyring,
    scanner,
  });
}

describe('the antivirus hook', () => {
  it('lets a clean file through after the scanner saw exactly its original bytes', async () => {
    const scanner = new EicarScanner();
    const content = randomBytes(300_000);
    const encoded = encodeWith(scanner, content);
    await buffer(encoded.stored);
    const form = await encoded.form;
    expect(scanner.calls).toBe(1);
    expect(createHash('md5').update(Buffer.concat(scanner.scanned)).digest('hex')).toBe(form.signature);
    expect(form).toMatchObject({ compression: 'gzip', encryption: true });
  });

  it.each([
    ['at the start', 0],
    ['across two pieces', 10_000 - 20],
    ['in the last bytes', 300_000 - EICAR.length],
  ])('fails the stored stream of an infected file (signature %s)', async (_where, offset) => {
    const content = randomBytes(300_000);
    EICAR.copy(content, offset);
    const encoded = encodeWith(new EicarScanner(), content);
    const error = await buffer(encoded.stored).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InfectedFileError);
    expect((error as InfectedFileError).signature).toBe('Eicar-Test-Signature');
    await expect(encoded.form).rejects.toThrow(InfectedFileError);
  });

  it('does not wait for the rest when the scanner answers before reading everything', async () => {
    const content = Buffer.concat([EICAR, randomBytes(8_000_000)]);
    const encoded = encodeWith(new EicarScanner(true), content, 65_536);
    await expect(buffer(encoded.stored)).rejects.toThrow(InfectedFileError);
  });

  it('fails the upload when the scanner cannot be asked', async () => {
    const unreachable: VirusScanner = {
      scan: () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:3310')),
    };
    const encoded = encodeWith(unreachable, randomBytes(300_000));
    await expect(buffer(encoded.stored)).rejects.toThrow('ECONNREFUSED');
    await expect(encoded.form).rejects.toThrow('ECONNREFUSED');
  });

  it('does not scan files above the 20,000,000-byte limit (as Appwrite)', { timeout: 30_000 }, async () => {
    const scanner = new EicarScanner();
    const content = Buffer.alloc(TRANSFORM_LIMIT + 1, 'x');
    EICAR.copy(content, 0);
    const encoded = encodeWith(scanner, content, 1_048_576);
    expect((await buffer(encoded.stored)).length).toBe(content.length);
    await encoded.form;
    expect(scanner.calls).toBe(0);
  });
});
