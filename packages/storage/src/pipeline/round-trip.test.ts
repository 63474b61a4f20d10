import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import type { ByteRange } from '../object-store.ts';
import { decodeFile, StoredFileCorruptError, storedRangeToFetch } from './decode.ts';
import { encodeFile, SizeMismatchError } from './encode.ts';
import { FileKeyring, UnknownKeyVersionError } from './file-keyring.ts';
import { TRANSFORM_LIMIT } from './limits.ts';
import type { Compression, StoredForm } from './stored-form.ts';

const keyring = new FileKeyring({ 1: 'the server secret of these tests' });

/** `content` as a stream of uneven pieces, as a network delivers it. */
function streamOf(content: Buffer): Readable {
  const pieces: Buffer[] = [];
  for (let offset = 0, size = 1; offset < content.length; offset += size, size = (size * 7) % 70_001) {
    pieces.push(content.subarray(offset, offset + size));
  }
  return Readable.from(pieces);
}

async function encode(content: Buffer, compression: Compression, encryption: boolean, ring = keyring) {
  const encoded = encodeFile(streamOf(content), {
    compression,
    encryption,
    declaredSize: content.length,
    keyring: ring,
  });
  const stored = await buffer(encoded.stored);
  return { stored, form: await encoded.form };
}

/** What the files service will do: ask the store for `storedRangeToFetch`, decode that. */
async function decode(stored: Buffer, form: StoredForm, range?: ByteRange, ring = keyring): Promise<Buffer> {
  const fetch = storedRangeToFetch(form, range);
  const body = fetch ? stored.subarray(fetch.start, fetch.end + 1) : stored;
  return buffer(await decodeFile(streamOf(body), form, { keyring: ring, range }));
}

const md5 = (content: Buffer) => createHash('md5').update(content).digest('hex');
const random = randomBytes(200_001);
const compressible = Buffer.from(
  Array.from(
    { length: 6000 },
    (_, line) => `line ${line}: the quick brown fox jumps over the lazy dog\n`,
  ).join(''),
);
const combinations = (['none', 'gzip', 'zstd'] as const).flatMap((compression) =>
  [false, true].map((encryption) => ({ compression, encryption })),
);

describe.each(combinations)(
  'compression $compression, encryption $encryption',
  ({ compression, encryption }) => {
    it.each([
      ['random', random, 'application/octet-stream'],
      ['compressible', compressible, 'text/plain'],
    ] as const)('round-trips %s data and describes its stored form', async (kind, content, mimeType) => {
      const { stored, form } = await encode(content, compression, encryption);
      expect(form).toMatchObject({
        signature: md5(content),
        mimeType,
        sizeOriginal: content.length,
        compression,
        encryption,
      });
      expect(form.sizeActual).toBe(stored.length);
      if (encryption) {
        expect(form.cipher).toMatchObject({ algorithm: 'aes-256-gcm', keyVersion: 1 });
        expect(form.cipher?.iv).toMatch(/^[0-9a-f]{24}$/);
        expect(form.cipher?.tag).toMatch(/^[0-9a-f]{32}$/);
      } else {
        expect(form.cipher).toBeUndefined();
      }
      if (compression === 'none' && !encryption) expect(stored.equals(content)).toBe(true);
      if (compression !== 'none' && kind === 'compressible')
        expect(form.sizeActual).toBeLessThan(content.length / 10);
      if (encryption) expect(stored.includes(content.subarray(1000, 1032))).toBe(false);

      expect((await decode(stored, form)).equals(content)).toBe(true);
      const last = content.length - 1;
      for (const range of [
        { start: 0, end: 0 },
        { start: 0, end: 99 },
        { start: 65_535, end: 65_536 },
        { start: last - 99, end: last },
        { start: last, end: last },
        { start: 0, end: last },
      ]) {
        const part = await decode(stored, form, range);
        expect(part.equals(content.subarray(range.start, range.end + 1)), `${range.start}-${range.end}`).toBe(
          true,
        );
      }
    });

    it('round-trips an empty file', async () => {
      const { stored, form } = await encode(Buffer.alloc(0), compression, encryption);
      expect(form).toMatchObject({ sizeOriginal: 0, signature: 'd41d8cd98f00b204e9800998ecf8427e' });
      expect((await decode(stored, form)).length).toBe(0);
    });

    it('refuses a range outside the file', async () => {
      const { stored, form } = await encode(compressible, compression, encryption);
      const outside = { start: 0, end: compressible.length };
      expect(() => storedRangeToFetch(form, outside)).toThrow(RangeError);
      await expect(decodeFile(streamOf(stored), form, { keyring, range: outside })).rejects.toThrow(
        RangeError,
      );
      await expect(
        decodeFile(streamOf(stored), form, { keyring, range: { start: 5, end: 4 } }),
      ).rejects.toThrow(RangeError);
    });
  },
);

describe('the signature', () => {
  it('is the MD5 of the original bytes, whatever is stored', async () => {
    const content = Buffer.from('hello');
    for (const { compression, encryption } of combinations) {
      const { form } = await encode(content, compression, encryption);
      expect(form.signature).toBe('5d41402abc4b2a76b9719d911017c592');
    }
  });
});

// 20 MB through the pipeline takes a second or two, more on a busy machine.
describe('the 20,000,000-byte cut-off', { timeout: 30_000 }, () => {
  it('compresses and encrypts a file of exactly the limit', async () => {
    const content = Buffer.alloc(TRANSFORM_LIMIT, 'storage ');
    const { stored, form } = await encode(content, 'gzip', true);
    expect(form).toMatchObject({ compression: 'gzip', encryption: true, sizeOriginal: TRANSFORM_LIMIT });
    expect(form.sizeActual).toBeLessThan(1_000_000);
    const range = { start: TRANSFORM_LIMIT - 10, end: TRANSFORM_LIMIT - 1 };
    expect((await decode(stored, form, range)).toString()).toBe(content.subarray(range.start).toString());
  });

  it('stores a file one byte larger as it is, and says so', async () => {
    const content = Buffer.alloc(TRANSFORM_LIMIT + 1, 'storage ');
    const { stored, form } = await encode(content, 'zstd', true);
    expect(form).toMatchObject({ compression: 'none', encryption: false, sizeActual: TRANSFORM_LIMIT + 1 });
    expect(form.cipher).toBeUndefined();
    expect(stored.equals(content)).toBe(true);
    const range = { start: TRANSFORM_LIMIT - 5, end: TRANSFORM_LIMIT };
    expect(storedRangeToFetch(form, range)).toEqual(range);
    expect((await decode(stored, form, range)).equals(content.subarray(range.start))).toBe(true);
  });
});

describe('encoding', () => {
  it('uses a new IV for every file', async () => {
    const first = await encode(compressible, 'none', true);
    const second = await encode(compressible, 'none', true);
    expect(first.form.cipher?.iv).not.toBe(second.form.cipher?.iv);
    expect(first.stored.equals(second.stored)).toBe(false);
  });

  it.each([
    ['more', 11],
    ['fewer', 9],
  ])('fails when the content has %s bytes than declared', async (_more, length) => {
    const encoded = encodeFile(streamOf(randomBytes(length)), {
      compression: 'gzip',
      encryption: true,
      declaredSize: 10,
      keyring,
    });
    await expect(buffer(encoded.stored)).rejects.toThrow(SizeMismatchError);
    await expect(encoded.form).rejects.toThrow(SizeMismatchError);
  });

  it.each([-1, 1.5, Number.NaN])('refuses a declared size of %s', (declaredSize) => {
    const options = { compression: 'none', encryption: false, declaredSize, keyring } as const;
    expect(() => encodeFile(streamOf(Buffer.from('x')), options)).toThrow(RangeError);
  });

  it('fails when the upload breaks off', async () => {
    const broken = new Readable({ read() {} });
    broken.push(randomBytes(100));
    const encoded = encodeFile(broken, {
      compression: 'none',
      encryption: true,
      declaredSize: 1000,
      keyring,
    });
    setImmediate(() => broken.destroy(new Error('connection reset')));
    await expect(buffer(encoded.stored)).rejects.toThrow('connection reset');
    await expect(encoded.form).rejects.toThrow('connection reset');
  });
});

describe('a stored file that is not what was written', () => {
  const flipped = (stored: Buffer, at: number) => {
    const copy = Buffer.from(stored);
    copy[at] = (copy[at] ?? 0) ^ 0x01;
    return copy;
  };

  describe.each(combinations.filter(({ compression, encryption }) => encryption || compression !== 'none'))(
    'compression $compression, encryption $encryption',
    ({ compression, encryption }) => {
      it.each([
        ['one flipped byte', (stored: Buffer) => flipped(stored, stored.length >> 1)],
        ['a flipped last byte', (stored: Buffer) => flipped(stored, stored.length - 1)],
        ['a truncated tail', (stored: Buffer) => stored.subarray(0, stored.length - 1)],
        ['an extra byte', (stored: Buffer) => Buffer.concat([stored, Buffer.from([0])])],
      ])('%s is an error before any byte is delivered', async (_case, damage) => {
        const { stored, form } = await encode(compressible, compression, encryption);
        await expect(decodeFile(streamOf(damage(stored)), form, { keyring })).rejects.toThrow(
          StoredFileCorruptError,
        );
        const range = { start: 0, end: 9 };
        await expect(decodeFile(streamOf(damage(stored)), form, { keyring, range })).rejects.toThrow(
          StoredFileCorruptError,
        );
      });
    },
  );

  it('does not decrypt under another secret', async () => {
    const { stored, form } = await encode(compressible, 'gzip', true);
    const other = new FileKeyring({ 1: 'another server secret' });
    await expect(decodeFile(streamOf(stored), form, { keyring: other })).rejects.toThrow(
      StoredFileCorruptError,
    );
  });

  it('does not decrypt with a tampered tag or IV', async () => {
    const { stored, form } = await encode(random, 'none', true);
    const cipher = form.cipher!;
    const tag = {
      ...form,
      cipher: { ...cipher, tag: flipped(Buffer.from(cipher.tag, 'hex'), 0).toString('hex') },
    };
    const iv = {
      ...form,
      cipher: { ...cipher, iv: flipped(Buffer.from(cipher.iv, 'hex'), 11).toString('hex') },
    };
    await expect(decodeFile(streamOf(stored), tag, { keyring })).rejects.toThrow(StoredFileCorruptError);
    await expect(decodeFile(streamOf(stored), iv, { keyring })).rejects.toThrow(StoredFileCorruptError);
  });

  it('errors, after the bytes it had, when an untransformed file is truncated', async () => {
    const { stored, form } = await encode(random, 'none', false);
    const stream = await decodeFile(streamOf(stored.subarray(0, 1000)), form, { keyring });
    await expect(buffer(stream)).rejects.toThrow(StoredFileCorruptError);
  });

  it('errors when the store delivers more than the range asked for', async () => {
    const { stored, form } = await encode(random, 'none', false);
    const range = { start: 10, end: 19 };
    const stream = await decodeFile(streamOf(stored.subarray(10, 21)), form, { keyring, range });
    await expect(buffer(stream)).rejects.toThrow(StoredFileCorruptError);
  });
});

describe('key versions', () => {
  it('encrypts with the newest key and still reads files of an older one while its secret is kept', async () => {
    const old = await encode(compressible, 'gzip', true);
    const rotated = new FileKeyring({ 1: 'the server secret of these tests', 2: 'the new server secret' });
    const fresh = await encode(compressible, 'gzip', true, rotated);
    expect(fresh.form.cipher?.keyVersion).toBe(2);
    expect((await decode(old.stored, old.form, undefined, rotated)).equals(compressible)).toBe(true);
    expect((await decode(fresh.stored, fresh.form, undefined, rotated)).equals(compressible)).toBe(true);

    const withoutOld = new FileKeyring({ 2: 'the new server secret' });
    await expect(decodeFile(streamOf(old.stored), old.form, { keyring: withoutOld })).rejects.toThrow(
      UnknownKeyVersionError,
    );
  });

  it('derives a different key for each version, even from the same secret', () => {
    const ring = new FileKeyring({ 1: 'same', 2: 'same' });
    expect(ring.key(1).equals(ring.key(2))).toBe(false);
    expect(ring.key(1)).toHaveLength(32);
    expect(() => new FileKeyring({})).toThrow();
    expect(() => new FileKeyring({ 0: 'x' })).toThrow();
  });
});
