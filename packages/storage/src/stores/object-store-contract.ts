import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { beforeAll, describe, expect, it } from 'vitest';
import { ObjectNotFoundError, type ObjectStore } from '../object-store.ts';
import { RangeNotSatisfiableError } from './byte-range.ts';
import { InvalidObjectKeyError } from './object-key.ts';

const MiB = 1024 * 1024;

/** Keys that must never be accepted: each would escape the root or be ambiguous. */
export const NASTY_KEYS = [
  '',
  '/etc/passwd',
  '../outside',
  'files/../../outside',
  'files/./x',
  'files//x',
  'files/x/',
  '..',
  '.',
  '.hidden',
  'files\\..\\x',
  'files/\u0000x',
  'files/x\n',
  'a'.repeat(1025),
];

/** A body made of `chunks`, as an upload's request stream would deliver it. */
export function bodyOf(...chunks: (Buffer | string)[]): Readable {
  return Readable.from(chunks.map((chunk) => (typeof chunk === 'string' ? Buffer.from(chunk) : chunk)));
}

/** Sends `bytes` first, then fails as a dropped client connection does. */
export function failingBody(bytes: number): Readable {
  function* generate() {
    for (let sent = 0; sent < bytes; sent += MiB) yield Buffer.alloc(Math.min(MiB, bytes - sent), 7);
    throw new Error('client went away');
  }
  return Readable.from(generate());
}

async function readAll(stream: Readable): Promise<string> {
  return (await buffer(stream)).toString();
}

async function keysOf(store: ObjectStore, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const object of store.list(prefix)) keys.push(object.key);
  return keys.sort();
}

/**
 * The behaviour every `ObjectStore` must have, run against each real backend. `open` gives a
 * store of its own (empty) to the suite; the suite never touches keys outside it.
 */
export function objectStoreContract(name: string, open: () => Promise<ObjectStore>): void {
  describe(`${name}: the ObjectStore contract`, () => {
    let store: ObjectStore;
    beforeAll(async () => {
      store = await open();
    }, 900_000);

    it('stores bytes under a key and gives them back, with their size', async () => {
      const result = await store.put('round/trip.txt', bodyOf('hello ', 'world'));
      expect(result).toEqual({ size: 11 });
      expect(await readAll(await store.get('round/trip.txt'))).toBe('hello world');
      expect(await store.stat('round/trip.txt')).toEqual({ size: 11 });
    });

    it('replaces an object on a second put', async () => {
      await store.put('over/write', bodyOf('first version, longer'));
      await store.put('over/write', bodyOf('second'));
      expect(await readAll(await store.get('over/write'))).toBe('second');
      expect(await store.stat('over/write')).toEqual({ size: 6 });
    });

    it('stores an empty object', async () => {
      expect(await store.put('empty/one', bodyOf())).toEqual({ size: 0 });
      expect(await store.stat('empty/one')).toEqual({ size: 0 });
      expect(await readAll(await store.get('empty/one'))).toBe('');
    });

    it('reads inclusive byte ranges: first byte, last byte, middle, whole, and an end past the last byte', async () => {
      const text = '0123456789abcdefghij';
      await store.put('ranges/text', bodyOf(text));
      const read = async (start: number, end: number) =>
        readAll(await store.get('ranges/text', { start, end }));
      expect(await read(0, 0)).toBe('0');
      expect(await read(19, 19)).toBe('j');
      expect(await read(5, 12)).toBe('56789abc');
      expect(await read(0, 19)).toBe(text);
      expect(await read(15, 1000)).toBe('fghij');
    });

    it('refuses a range that starts past the end, and a malformed one', async () => {
      await store.put('ranges/short', bodyOf('abc'));
      await expect(store.get('ranges/short', { start: 3, end: 5 })).rejects.toBeInstanceOf(
        RangeNotSatisfiableError,
      );
      await expect(store.get('ranges/short', { start: 2, end: 1 })).rejects.toBeInstanceOf(RangeError);
      await expect(store.get('ranges/short', { start: -1, end: 1 })).rejects.toBeInstanceOf(RangeError);
    });

    it('says when there is no object: get rejects with ObjectNotFoundError, stat is undefined', async () => {
      await expect(store.get('missing/key')).rejects.toBeInstanceOf(ObjectNotFoundError);
      await expect(store.get('missing/key', { start: 0, end: 1 })).rejects.toBeInstanceOf(
        ObjectNotFoundError,
      );
      expect(await store.stat('missing/key')).toBeUndefined();
    });

    it('deletes an object; deleting again, or something never stored, is not an error', async () => {
      await store.put('del/one', bodyOf('x'));
      await store.delete('del/one');
      expect(await store.stat('del/one')).toBeUndefined();
      await expect(store.get('del/one')).rejects.toBeInstanceOf(ObjectNotFoundError);
      await store.delete('del/one');
      await store.delete('del/never/stored');
    });

    it('deletes a folder by prefix and leaves its siblings (a/ is not ab/)', async () => {
      for (const key of ['pre/a/1', 'pre/a/deep/2', 'pre/ab/3', 'pre/a-file']) {
        await store.put(key, bodyOf(key));
      }
      await store.deletePrefix('pre/a/');
      expect(await keysOf(store, 'pre/')).toEqual(['pre/a-file', 'pre/ab/3']);
      await store.deletePrefix('pre/nothing/');
      expect(await keysOf(store, 'pre/')).toEqual(['pre/a-file', 'pre/ab/3']);
    });

    it('lists the objects under a prefix with their size and when they were written', async () => {
      const before = Date.now();
      await store.put('list/x/1', bodyOf('one'));
      await store.put('list/x/2', bodyOf('two!'));
      await store.put('list/y/3', bodyOf('three'));
      const listed = [];
      for await (const object of store.list('list/x/')) listed.push(object);
      listed.sort((a, b) => a.key.localeCompare(b.key));
      expect(listed.map(({ key, size }) => ({ key, size }))).toEqual([
        { key: 'list/x/1', size: 3 },
        { key: 'list/x/2', size: 4 },
      ]);
      for (const object of listed) {
        // Whole seconds in S3's listings; allow for that and a little clock skew.
        expect(object.modifiedAt.getTime()).toBeGreaterThanOrEqual(before - 2000);
        expect(object.modifiedAt.getTime()).toBeLessThanOrEqual(Date.now() + 2000);
      }
      expect(await keysOf(store, 'list/')).toEqual(['list/x/1', 'list/x/2', 'list/y/3']);
      // A prefix that ends mid-segment matches by characters, as S3 does.
      expect(await keysOf(store, 'list/y')).toEqual(['list/y/3']);
      expect(await keysOf(store, 'list/none/')).toEqual([]);
    });

    it('leaves nothing when the body fails mid-stream, and keeps the old object', async () => {
      await store.put('fail/kept', bodyOf('old bytes'));
      // 12 MiB: past the multipart threshold of the S3 backend, so parts were already sent.
      await expect(store.put('fail/kept', failingBody(12 * MiB))).rejects.toThrow();
      await expect(store.put('fail/new', failingBody(12 * MiB))).rejects.toThrow();
      expect(await readAll(await store.get('fail/kept'))).toBe('old bytes');
      expect(await store.stat('fail/new')).toBeUndefined();
      expect(await keysOf(store, 'fail/')).toEqual(['fail/kept']);
    });

    it('leaves nothing when the body is destroyed without an error', async () => {
      const body = new Readable({ read() {} });
      body.push(Buffer.alloc(64 * 1024, 1));
      const put = store.put('destroyed/new', body);
      setTimeout(() => body.destroy(), 50);
      await expect(put).rejects.toThrow();
      expect(await keysOf(store, 'destroyed/')).toEqual([]);
    });

    it('refuses keys that could escape the store or be ambiguous', async () => {
      for (const key of NASTY_KEYS) {
        await expect(store.put(key, bodyOf('x')), JSON.stringify(key)).rejects.toBeInstanceOf(
          InvalidObjectKeyError,
        );
        await expect(store.get(key), JSON.stringify(key)).rejects.toBeInstanceOf(InvalidObjectKeyError);
        await expect(store.stat(key), JSON.stringify(key)).rejects.toBeInstanceOf(InvalidObjectKeyError);
        await expect(store.delete(key), JSON.stringify(key)).rejects.toBeInstanceOf(InvalidObjectKeyError);
      }
      await expect(store.deletePrefix('../')).rejects.toBeInstanceOf(InvalidObjectKeyError);
      await expect(keysOf(store, '/etc/')).rejects.toBeInstanceOf(InvalidObjectKeyError);
    });

    it('puts different keys concurrently', async () => {
      const keys = Array.from({ length: 16 }, (_, index) => `concurrent/${index}`);
      await Promise.all(keys.map((key) => store.put(key, bodyOf(`${key} `.repeat(1000)))));
      for (const key of keys) expect(await readAll(await store.get(key))).toBe(`${key} `.repeat(1000));
    });

    it('streams a 256 MiB object in and out without holding it in memory', async () => {
      const size = 256 * MiB;
      const written = createHash('sha256');
      function* generate() {
        for (let offset = 0; offset < size; offset += MiB) {
          const chunk = Buffer.alloc(MiB, (offset / MiB) % 251);
          written.update(chunk);
          yield chunk;
        }
      }
      const baseline = process.memoryUsage().rss;
      let peak = baseline;
      const sampler = setInterval(() => {
        peak = Math.max(peak, process.memoryUsage().rss);
      }, 20);
      try {
        expect(await store.put('big/object', Readable.from(generate()))).toEqual({ size });
        const read = createHash('sha256');
        let received = 0;
        for await (const chunk of await store.get('big/object')) {
          read.update(chunk as Buffer);
          received += (chunk as Buffer).length;
        }
        expect(received).toBe(size);
        expect(read.digest('hex')).toBe(written.digest('hex'));
      } finally {
        clearInterval(sampler);
      }
      const growthMiB = (peak - baseline) / MiB;
      console.info(`${name}: 256 MiB put + get, peak RSS growth ${growthMiB.toFixed(0)} MiB`);
      expect(growthMiB).toBeLessThan(96);
      await store.delete('big/object');
    }, 300_000);

    it('passes its health check', async () => {
      await expect(store.check()).resolves.toBeUndefined();
    });
  });
}
