import { describe, expect, it } from 'vitest';
import { categoryOf, packageOf, summariseProfile, type CpuProfile } from './summarise.ts';

const frame = (id: number, functionName: string, url: string) => ({
  id,
  callFrame: { functionName, url, lineNumber: 0 },
});

describe('summariseProfile', () => {
  it('names packages from pnpm paths, Roster folders and Node core', () => {
    expect(packageOf('file:///r/node_modules/.pnpm/zod@4.1.0/node_modules/zod/v4/core/core.js', 'f')).toBe(
      'zod',
    );
    expect(
      packageOf('file:///r/node_modules/.pnpm/@trpc+server@11/node_modules/@trpc/server/dist/x.mjs', 'f'),
    ).toBe('@trpc/server');
    expect(packageOf('file:///work/main/packages/api/src/trpc.ts', 'f')).toBe('roster api');
    expect(packageOf('node:internal/streams/writable', 'f')).toBe('node:http/net/streams');
    expect(packageOf('', 'stringify')).toBe('JSON');
    expect(categoryOf('mongoose')).toBe('database driver (Mongoose)');
  });

  it('attributes self time by sample and leaves idle time out', () => {
    const profile: CpuProfile = {
      nodes: [
        frame(1, '(root)', ''),
        frame(2, '(idle)', ''),
        frame(3, 'parse', 'file:///r/node_modules/zod/index.js'),
        frame(4, 'serialize', 'file:///r/node_modules/bson/lib/bson.cjs'),
      ],
      samples: [2, 3, 3, 4, 2],
      timeDeltas: [5000, 1000, 1000, 2000, 5000],
    };
    const summary = summariseProfile(profile);
    expect(summary.busyMs).toBe(4);
    expect(summary.categories).toEqual([
      { name: 'validation (zod)', ms: 2, share: 0.5 },
      { name: 'database driver', ms: 2, share: 0.5 },
    ]);
    expect(summary.functions[0]).toMatchObject({ name: 'parse', share: 0.5 });
  });
});
