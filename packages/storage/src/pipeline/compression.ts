import { Transform } from 'node:stream';
import { promisify } from 'node:util';
import { createGzip, gunzip } from 'node:zlib';
import { Decoder, Encoder } from '@toondepauw/node-zstd';

/*
 * gzip at zlib's default level (Appwrite's `gzencode`) and zstd at level 3 (Appwrite's). Node 20's
 * zlib has no zstd, so zstd is @toondepauw/node-zstd's native codec, which works on whole buffers
 * (off the main thread): fine here, as only files up to TRANSFORM_LIMIT are compressed.
 */

const ZSTD_LEVEL = 3;
const gunzipAsync = promisify(gunzip);

/** A stream that compresses what goes through it. */
export function createCompressor(compression: 'gzip' | 'zstd'): Transform {
  if (compression === 'gzip') return createGzip();
  const chunks: Buffer[] = [];
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      done();
    },
    flush(done) {
      new Encoder(ZSTD_LEVEL).encode(Buffer.concat(chunks)).then(
        (compressed) => done(null, compressed),
        (error: unknown) => done(error as Error),
      );
    },
  });
}

/** `data` decompressed; rejects when it does not decompress to exactly `size` bytes. */
export async function decompress(compression: 'gzip' | 'zstd', data: Buffer, size: number): Promise<Buffer> {
  const plain =
    compression === 'gzip'
      ? await gunzipAsync(data, { maxOutputLength: Math.max(size, 1) })
      : await new Decoder().decode(data);
  if (plain.length !== size) throw new Error(`decompressed to ${plain.length} bytes, expected ${size}`);
  return plain;
}
