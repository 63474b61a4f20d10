import { createHash, randomFillSync } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { expect, it } from 'vitest';
import { decodeFile, storedRangeToFetch } from './decode.ts';
import { encodeFile } from './encode.ts';
import { FileKeyring } from './file-keyring.ts';

const MIB = 1_048_576;
const SIZE = 300 * MIB;
const PIECE = 256 * 1024;

// Collecting garbage now and then makes the peak measure what the streams hold, not how late the
// collector runs (it lets tens of MiB of dead buffers pile up otherwise).
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

it('streams a 300 MiB file through encode and decode without holding it', { timeout: 180_000 }, async () => {
  const sourceHash = createHash('md5');
  const source = Readable.from(
    (function* () {
      for (let sent = 0; sent < SIZE; sent += PIECE) {
        const chunk = randomFillSync(Buffer.allocUnsafe(PIECE));
        sourceHash.update(chunk);
        yield chunk;
      }
    })(),
    // A byte stream, as a request body: buffers bytes, not 16 pieces.
    { objectMode: false },
  );
  collectGarbage();
  const baseline = process.memoryUsage.rss();
  let peak = baseline;
  const keyring = new FileKeyring({ 1: 'the server secret of these tests' });

  // Upload side: what the files service pipes into the store.
  const encoded = encodeFile(source, { compression: 'zstd', encryption: true, declaredSize: SIZE, keyring });
  const form = encoded.form;
  // Download side, fed by the upload as a store would be (a store streams both ways).
  const formNow = {
    signature: '',
    mimeType: '',
    sizeOriginal: SIZE,
    sizeActual: SIZE,
    compression: 'none',
    encryption: false,
  } as const;
  expect(storedRangeToFetch(formNow)).toBeUndefined();
  const decoded = await decodeFile(encoded.stored, formNow, { keyring });
  const sinkHash = createHash('md5');
  let received = 0;
  let nextCollection = 16 * MIB;
  await pipeline(
    decoded,
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        sinkHash.update(chunk);
        received += chunk.length;
        if (received >= nextCollection) {
          collectGarbage();
          nextCollection += 16 * MIB;
        }
        peak = Math.max(peak, process.memoryUsage.rss());
        done();
      },
    }),
  );

  const stored = await form;
  expect(stored).toMatchObject({
    compression: 'none',
    encryption: false,
    sizeOriginal: SIZE,
    sizeActual: SIZE,
  });
  expect(received).toBe(SIZE);
  expect(sinkHash.digest('hex')).toBe(stored.signature);
  expect(sourceHash.digest('hex')).toBe(stored.signature);
  const growth = peak - baseline;
  console.info(`300 MiB through encode and decode: peak RSS growth ${(growth / MIB).toFixed(1)} MiB`);
  expect(growth).toBeLessThan(48 * MIB);
});
