import { randomUUID } from 'node:crypto';
import { constants, type Stats } from 'node:fs';
import {
  access,
  lstat,
  mkdir,
  open,
  readdir,
  realpath,
  rename,
  rm,
  rmdir,
  stat,
  unlink,
} from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { type Readable } from 'node:stream';
import { ObjectNotFoundError, type ByteRange, type ObjectStore, type StoredObject } from '../object-store.ts';
import { assertByteRange, RangeNotSatisfiableError } from './byte-range.ts';
import { assertObjectKey, assertObjectPrefix, InvalidObjectKeyError } from './object-key.ts';

/** Temporary files of puts in progress: a leading `.` no valid key has (object-key.ts). */
const TEMP_PREFIX = '.put-';

/**
 * Objects as files under one root folder: key `files/b/f` is `<root>/files/b/f`. A put writes a
 * temporary file beside its target, flushes it to disk and renames it over the target, so a
 * reader sees the old bytes or the new ones, never a mix, and a failed put leaves nothing.
 * Symbolic links inside the root are never followed: a key that would pass through one is refused.
 */
export class LocalDiskStore implements ObjectStore {
  readonly kind = 'local';
  readonly root: string;
  #realRoot: Promise<string> | undefined;

  constructor(root: string) {
    this.root = resolve(root);
  }

  async put(key: string, body: Readable): Promise<{ size: number }> {
    const path = await this.#pathFor(key, { createParent: true });
    const temp = join(dirname(path), `${TEMP_PREFIX}${randomUUID()}`);
    // O_EXCL + O_NOFOLLOW: a name planted in the meantime is never written through.
    const file = await open(
      temp,
      constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW,
    );
    let size = 0;
    try {
      try {
        for await (const chunk of body as AsyncIterable<Buffer | string>) {
          const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
          await file.write(bytes);
          size += bytes.length;
        }
        await file.sync();
      } finally {
        await file.close();
      }
      await rename(temp, path);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
    await syncFolder(dirname(path));
    return { size };
  }

  async get(key: string, range?: ByteRange): Promise<Readable> {
    if (range) assertByteRange(range);
    const path = await this.#pathFor(key);
    const file = await openForReading(key, path);
    try {
      const info = await file.stat();
      if (!info.isFile()) throw new ObjectNotFoundError(key);
      const { size } = info;
      if (range && range.start >= size) throw new RangeNotSatisfiableError(key, range);
      return file.createReadStream(range ? { start: range.start, end: Math.min(range.end, size - 1) } : {});
    } catch (error) {
      await file.close();
      throw error;
    }
  }

  async stat(key: string): Promise<{ size: number } | undefined> {
    const path = await this.#pathFor(key);
    let info: Stats;
    try {
      info = await lstat(path);
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
    return info.isFile() ? { size: info.size } : undefined;
  }

  async delete(key: string): Promise<void> {
    const path = await this.#pathFor(key);
    try {
      // unlink removes a link itself, never what it points at.
      await unlink(path);
    } catch (error) {
      if (isMissing(error) || (error as NodeJS.ErrnoException).code === 'EISDIR') return;
      throw error;
    }
    await this.#removeEmptyFolders(dirname(path));
  }

  async deletePrefix(prefix: string): Promise<void> {
    const folders = new Set<string>();
    for await (const object of this.list(prefix)) {
      const path = join(this.root, object.key);
      await unlink(path).catch((error: unknown) => {
        if (!isMissing(error)) throw error;
      });
      folders.add(dirname(path));
    }
    for (const folder of folders) await this.#removeEmptyFolders(folder);
  }

  async *list(prefix: string): AsyncIterable<StoredObject> {
    assertObjectPrefix(prefix);
    const folderKey = prefix.includes('/') ? prefix.slice(0, prefix.lastIndexOf('/')) : '';
    const folders = folderKey === '' ? [] : folderKey.split('/');
    // readdir follows a link given as its path, so the starting folder is checked whole.
    await this.#assertInsideRoot(prefix, folders);
    yield* this.#walk(join(this.root, ...folders), folderKey, prefix);
  }

  async check(): Promise<void> {
    const info = await stat(this.root);
    if (!info.isDirectory()) throw new Error(`storage root ${this.root} is not a folder`);
    await access(this.root, constants.R_OK | constants.W_OK);
  }

  /** Holds nothing open. */
  async close(): Promise<void> {}

  /** Files under `folder` whose key starts with `prefix`; links and temporary files are skipped. */
  async *#walk(folder: string, folderKey: string, prefix: string): AsyncIterable<StoredObject> {
    let entries;
    try {
      entries = await readdir(folder, { withFileTypes: true });
    } catch (error) {
      if (isMissing(error)) return;
      throw error;
    }
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.name.startsWith('.')) continue;
      const key = folderKey === '' ? entry.name : `${folderKey}/${entry.name}`;
      const path = join(folder, entry.name);
      if (entry.isDirectory()) {
        if (key.startsWith(prefix) || prefix.startsWith(`${key}/`)) yield* this.#walk(path, key, prefix);
      } else if (entry.isFile() && key.startsWith(prefix)) {
        const info = await lstat(path).catch((error: unknown) => {
          if (isMissing(error)) return undefined;
          throw error;
        });
        if (info?.isFile()) yield { key, size: info.size, modifiedAt: info.mtime };
      }
    }
  }

  /**
   * The file path of `key`, after checking that no folder on the way is a link out of the root
   * (`realpath` of the parent must be inside the real root). The last segment is opened with
   * O_NOFOLLOW, or replaced by rename, which never follows it either.
   */
  async #pathFor(key: string, { createParent = false } = {}): Promise<string> {
    assertObjectKey(key);
    const folders = key.split('/').slice(0, -1);
    const path = join(this.root, ...key.split('/'));
    // Checked before mkdir too: mkdir -p would follow a planted link and create folders outside.
    await this.#assertInsideRoot(key, folders);
    if (createParent && folders.length > 0) {
      await mkdir(dirname(path), { recursive: true });
      await this.#assertInsideRoot(key, folders);
    }
    return path;
  }

  /** The deepest existing folder on the way to `key` must really be where its name says. */
  async #assertInsideRoot(key: string, folders: string[]): Promise<void> {
    const realRoot = await this.#resolveRealRoot();
    for (let depth = folders.length; depth >= 0; depth -= 1) {
      const partial = folders.slice(0, depth);
      let real: string;
      try {
        real = await realpath(join(this.root, ...partial));
      } catch (error) {
        if (isMissing(error)) continue;
        throw error;
      }
      if (real !== join(realRoot, ...partial)) {
        throw new InvalidObjectKeyError(key, 'passes through a link inside the storage root');
      }
      return;
    }
  }

  #resolveRealRoot(): Promise<string> {
    this.#realRoot ??= mkdir(this.root, { recursive: true }).then(() => realpath(this.root));
    return this.#realRoot;
  }

  /** Removes the folders a delete emptied, up to (not including) the root. */
  async #removeEmptyFolders(folder: string): Promise<void> {
    let current = folder;
    while (current !== this.root && current.startsWith(this.root + sep)) {
      try {
        await rmdir(current);
      } catch {
        return; // not empty (or already gone): stop climbing
      }
      current = dirname(current);
    }
  }
}

async function openForReading(key: string, path: string) {
  try {
    return await open(path, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (isMissing(error) || code === 'EISDIR') throw new ObjectNotFoundError(key);
    if (code === 'ELOOP') throw new InvalidObjectKeyError(key, 'is a link inside the storage root');
    throw error;
  }
}

/** Makes a rename in `folder` durable (its entry is flushed, not only the file's bytes). */
async function syncFolder(folder: string): Promise<void> {
  const handle = await open(folder, constants.O_RDONLY);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** No such file, or a file where a folder was expected (`a/b` when `a` is an object). */
function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}
