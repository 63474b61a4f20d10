import { mkdtemp, readdir, rm, symlink, mkdir, writeFile, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ObjectNotFoundError } from '../object-store.ts';
import { LocalDiskStore } from './local-store.ts';
import { InvalidObjectKeyError } from './object-key.ts';
import { bodyOf, failingBody, objectStoreContract } from './object-store-contract.ts';

const folders: string[] = [];
afterAll(async () => {
  await Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true })));
});

async function freshFolder(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'roster-local-store-'));
  folders.push(folder);
  return folder;
}

objectStoreContract('LocalDiskStore', async () => new LocalDiskStore(join(await freshFolder(), 'root')));

describe('LocalDiskStore on disk', () => {
  it('keeps an object as a file at its key under the root, and no temporary file after a failed put', async () => {
    const root = await freshFolder();
    const store = new LocalDiskStore(root);
    await store.put('files/b1/f1', bodyOf('bytes'));
    expect(await readFile(join(root, 'files/b1/f1'), 'utf8')).toBe('bytes');
    await expect(store.put('files/b1/f1', failingBody(3 * 1024 * 1024))).rejects.toThrow('client went away');
    expect(await readdir(join(root, 'files/b1'))).toEqual(['f1']);
  });

  it('removes the folders a delete empties, and keeps the root', async () => {
    const root = await freshFolder();
    const store = new LocalDiskStore(root);
    await store.put('files/b1/f1', bodyOf('x'));
    await store.delete('files/b1/f1');
    expect(await readdir(root)).toEqual([]);
    await store.put('uploads/b/f/0', bodyOf('x'));
    await store.deletePrefix('uploads/');
    expect(await readdir(root)).toEqual([]);
  });

  describe('a link planted inside the root is never followed', () => {
    async function planted() {
      const base = await freshFolder();
      const root = join(base, 'root');
      const outside = join(base, 'outside');
      await mkdir(root);
      await mkdir(outside);
      await writeFile(join(outside, 'secret'), 'outside secret');
      await symlink(outside, join(root, 'linked-folder'));
      await symlink(join(outside, 'secret'), join(root, 'linked-file'));
      return { root, outside, store: new LocalDiskStore(root) };
    }

    it('refuses reads, writes and deletes through a linked folder', async () => {
      const { outside, store } = await planted();
      await expect(store.get('linked-folder/secret')).rejects.toBeInstanceOf(InvalidObjectKeyError);
      await expect(store.stat('linked-folder/secret')).rejects.toBeInstanceOf(InvalidObjectKeyError);
      await expect(store.put('linked-folder/secret', bodyOf('overwritten'))).rejects.toBeInstanceOf(
        InvalidObjectKeyError,
      );
      await expect(store.put('linked-folder/new/deeper', bodyOf('x'))).rejects.toBeInstanceOf(
        InvalidObjectKeyError,
      );
      await expect(store.delete('linked-folder/secret')).rejects.toBeInstanceOf(InvalidObjectKeyError);
      await expect(store.deletePrefix('linked-folder/')).rejects.toBeInstanceOf(InvalidObjectKeyError);
      expect(await readFile(join(outside, 'secret'), 'utf8')).toBe('outside secret');
      expect(await readdir(outside)).toEqual(['secret']);
    });

    it('does not read a linked file, lists neither link, and replaces or deletes the link itself', async () => {
      const { root, outside, store } = await planted();
      await expect(store.get('linked-file')).rejects.toBeInstanceOf(InvalidObjectKeyError);
      expect(await store.stat('linked-file')).toBeUndefined();
      const listed = [];
      for await (const object of store.list('')) listed.push(object.key);
      expect(listed).toEqual([]);
      await store.deletePrefix('');
      await store.put('linked-file', bodyOf('new object'));
      expect(await readFile(join(outside, 'secret'), 'utf8')).toBe('outside secret');
      expect(await readFile(join(root, 'linked-file'), 'utf8')).toBe('new object');
      await store.delete('linked-file');
      await expect(store.get('linked-file')).rejects.toBeInstanceOf(ObjectNotFoundError);
      expect(await readFile(join(outside, 'secret'), 'utf8')).toBe('outside secret');
    });
  });

  it('fails its health check when the root is not a folder', async () => {
    const base = await freshFolder();
    await writeFile(join(base, 'a-file'), 'x');
    await expect(new LocalDiskStore(join(base, 'a-file')).check()).rejects.toThrow('not a folder');
    await expect(new LocalDiskStore(join(base, 'missing')).check()).rejects.toThrow('ENOENT');
  });
});
