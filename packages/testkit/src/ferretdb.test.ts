import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ensureFerretDbBinary, MissingGoError } from './ferretdb.ts';

describe('ensureFerretDbBinary without Go', () => {
  const saved = { PATH: process.env.PATH, ROSTER_CACHE_DIR: process.env.ROSTER_CACHE_DIR };
  let cacheDir = '';
  afterEach(async () => {
    process.env.PATH = saved.PATH;
    if (saved.ROSTER_CACHE_DIR === undefined) delete process.env.ROSTER_CACHE_DIR;
    else process.env.ROSTER_CACHE_DIR = saved.ROSTER_CACHE_DIR;
    await rm(cacheDir, { recursive: true, force: true });
  });

  it('says Go is needed and names MONGODB_URI as the way out', async () => {
    cacheDir = await mkdtemp(join(tmpdir(), 'roster-cache-'));
    process.env.ROSTER_CACHE_DIR = cacheDir; // nothing cached, so it would have to build
    process.env.PATH = '/nonexistent';
    const failure = ensureFerretDbBinary(() => {});
    await expect(failure).rejects.toBeInstanceOf(MissingGoError);
    await expect(failure).rejects.toThrow(
      /`go` was not found on PATH\. Install Go, or set MONGODB_URI to use an existing MongoDB instead\./,
    );
  });
});
