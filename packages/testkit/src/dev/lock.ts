import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * One `pnpm dev` per data folder: FerretDB must be the only process on its SQLite files. A lock
 * left by a process that no longer runs is taken over.
 */
export async function acquireDevLock(path: string): Promise<() => Promise<void>> {
  await mkdir(dirname(path), { recursive: true });
  for (;;) {
    try {
      await writeFile(path, String(process.pid), { flag: 'wx' });
      return () => rm(path, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(await readFile(path, 'utf8').catch(() => ''));
      if (holder && isAlive(holder)) {
        throw new Error(`another \`pnpm dev\` (pid ${holder}) is using ${dirname(path)}; stop it first`, {
          cause: error,
        });
      }
      await rm(path, { force: true });
    }
  }
}
