import { createHash, randomFillSync } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
  const folder = await mkdtemp(join(tmpdir(), 'roster-pipeline-'));
  const path = join(folder, 'stored');
  const keyring = new FileKeyring({ 1: 'the server secret of these tests' });
  const sourceHash = createHash('md5');
  const source = Readable.from(
    (function* () {
      for (let sent = 0; sent < SIZE; sent += PIECE) {
        if (sent % (16 * MIB) === 0) collectGarbage();
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
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 5);

  try {
    // Upload side, into a file as the local store would write it.
    const encoded = encodeFile(source, {
      compression: 'zstd',
      encryption: true,
      declaredSize: SIZE,
      keyring,
    });
    await pipeline(encoded.stored, createWriteStream(path));
    const form = await encoded.form;
    expect(form).toMatchObject({
      compression: 'none',
      encryption: false,
      sizeOriginal: SIZE,
      sizeActual: SIZE,
    });
    expect(sourceHash.digest('hex')).toBe(form.signature);

    // Download side, from that file.
    expect(storedRangeToFetch(form)).toBeUndefined();
    const sinkHash = createHash('md5');
    let received = 0;
    await pipeline(
      await decodeFile(createReadStream(path), form, { keyring }),
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          if (Math.floor((received + chunk.length) / (16 * MIB)) > Math.floor(received / (16 * MIB))) {
            collectGarbage();
          }
          sinkHash.update(chunk);
          received += chunk.length;
          done();
        },
      }),
    );
    expect(received).toBe(SIZE);
    expect(sinkHash.digest('hex')).toBe(form.signature);
  } finally {
    clearInterval(sampler);
    await rm(folder, { recursive: true, force: true });
  }
  const growth = peak - baseline;
  console.info(`300 MiB through encode and decode: peak RSS growth ${(growth / MIB).toFixed(1)} MiB`);
  expect(growth).toBeLessThan(48 * MIB);
});
