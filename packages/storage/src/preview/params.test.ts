import { describe, expect, it } from 'vitest';
import { PREVIEW_CACHE_HIT_HEADERS, PREVIEW_CACHE_MISS_HEADERS, previewCacheKey } from './cache.ts';
import { previewParamsMessage, ZPreviewParams } from './params.ts';
import { Semaphore } from './semaphore.ts';
import { previewSourceOf } from './source.ts';

function message(query: Record<string, unknown>): string {
  const result = ZPreviewParams.safeParse(query);
  if (result.success) throw new Error(`accepted ${JSON.stringify(query)}`);
  return previewParamsMessage(result.error);
}

describe('ZPreviewParams', () => {
  it('fills Appwrite’s defaults and drops other query parameters', () => {
    expect(ZPreviewParams.parse({ project: 'p1' })).toEqual({
      width: 0,
      height: 0,
      gravity: 'center',
      quality: -1,
      borderWidth: 0,
      borderColor: '',
      borderRadius: 0,
      opacity: 1,
      rotation: 0,
      background: '',
      output: '',
    });
  });

  it('coerces query strings and normalises gravity and colours', () => {
    expect(
      ZPreviewParams.parse({
        width: '4000',
        height: 0,
        gravity: 'Bottom-Right',
        quality: '-1',
        borderWidth: '100',
        borderColor: 'AbC',
        borderRadius: '4000',
        opacity: '.25',
        rotation: '-360',
        background: 'FF00aa',
        output: 'avif',
        token: 't'.repeat(512),
      }),
    ).toMatchObject({
      width: 4000,
      height: 0,
      gravity: 'bottom-right',
      quality: -1,
      borderWidth: 100,
      borderColor: 'aabbcc',
      borderRadius: 4000,
      opacity: 0.25,
      rotation: -360,
      background: 'ff00aa',
      output: 'avif',
    });
  });

  it.each([
    [{ width: '4001' }, 'Invalid `width` param: Value must be a valid range between 0 and 4,000'],
    [{ height: '-1' }, 'Invalid `height` param: Value must be a valid range between 0 and 4,000'],
    [{ width: '1.5' }, 'Invalid `width` param: Value must be a valid range between 0 and 4,000'],
    [{ width: 'ten' }, 'Invalid `width` param: Value must be a valid range between 0 and 4,000'],
    [{ quality: '101' }, 'Invalid `quality` param: Value must be a valid range between -1 and 100'],
    [{ borderWidth: '101' }, 'Invalid `borderWidth` param: Value must be a valid range between 0 and 100'],
    [
      { borderRadius: '4001' },
      'Invalid `borderRadius` param: Value must be a valid range between 0 and 4,000',
    ],
    [{ opacity: '1.01' }, 'Invalid `opacity` param: Value must be a valid range between 0 and 1'],
    [{ rotation: '361' }, 'Invalid `rotation` param: Value must be a valid range between -360 and 360'],
    [
      { gravity: 'middle' },
      'Invalid `gravity` param: Value must be one of (center, top-left, top, top-right, left, right, bottom-left, bottom, bottom-right)',
    ],
    [{ borderColor: '#ffffff' }, 'Invalid `borderColor` param: Value must be a valid Hex color code'],
    [{ background: 'ffff' }, 'Invalid `background` param: Value must be a valid Hex color code'],
    [{ background: 'ggg' }, 'Invalid `background` param: Value must be a valid Hex color code'],
    [
      { output: 'PNG' },
      'Invalid `output` param: Value must be one of (jpg, jpeg, png, webp, heic, avif, gif)',
    ],
    [
      { output: 'bmp' },
      'Invalid `output` param: Value must be one of (jpg, jpeg, png, webp, heic, avif, gif)',
    ],
    [
      { token: 'x'.repeat(513) },
      'Invalid `token` param: Value must be a valid string and at least 1 chars and no longer than 512 chars',
    ],
  ])('%o → %s', (query, expected) => {
    expect(message(query)).toBe(expected);
  });
});

describe('previewCacheKey', () => {
  const params = ZPreviewParams.parse({ width: '100', output: 'webp' });

  it('is stable and ignores the token and the order of the parameters', () => {
    const key = previewCacheKey('file1', '2026-12-02T10:00:00.000+00:00', params);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    const reordered = ZPreviewParams.parse({
      output: 'webp',
      token: 'secret',
      width: 100,
      gravity: 'CENTER',
    });
    expect(previewCacheKey('file1', '2026-12-02T10:00:00.000+00:00', reordered)).toBe(key);
  });

  it('changes with the file, its version and every image parameter', () => {
    const key = previewCacheKey('file1', 'v1', params);
    expect(previewCacheKey('file2', 'v1', params)).not.toBe(key);
    expect(previewCacheKey('file1', 'v2', params)).not.toBe(key);
    for (const change of [
      { width: '101' },
      { height: '1' },
      { gravity: 'top' },
      { quality: '50' },
      { borderWidth: '1' },
      { borderColor: 'fff' },
      { borderRadius: '1' },
      { opacity: '0.5' },
      { rotation: '1' },
      { background: 'fff' },
      { output: 'png' },
    ])
      expect(
        previewCacheKey('file1', 'v1', ZPreviewParams.parse({ width: '100', output: 'webp', ...change })),
      ).not.toBe(key);
  });

  it('treats equal rotations and colour spellings as one image', () => {
    const key = (query: Record<string, string>) => previewCacheKey('f', 'v', ZPreviewParams.parse(query));
    expect(key({ rotation: '-90' })).toBe(key({ rotation: '270' }));
    expect(key({ rotation: '360' })).toBe(key({ rotation: '0' }));
    expect(key({ background: 'FFF' })).toBe(key({ background: 'ffffff' }));
  });

  it('has Appwrite’s miss and hit headers', () => {
    expect(PREVIEW_CACHE_MISS_HEADERS).toEqual({
      'X-Appwrite-Cache': 'miss',
      'Cache-Control': 'private, max-age=2592000',
    });
    expect(PREVIEW_CACHE_HIT_HEADERS).toEqual({
      'X-Appwrite-Cache': 'hit',
      'Cache-Control': 'private, max-age=15552000',
    });
  });
});

describe('previewSourceOf', () => {
  it.each([
    ['image/jpeg', 20_000_000, 'image'],
    ['IMAGE/PNG', 1, 'image'],
    ['image/heic', 1, 'image'],
    ['image/webp', 1, 'image'],
    ['image/gif', 1, 'image'],
    ['image/jpeg', 20_000_001, 'icon:image'],
    ['video/quicktime', 1, 'icon:video'],
    ['application/x-mpegURL', 1, 'icon:video'],
    ['image/svg+xml', 1, 'icon:none'],
    ['image/avif', 1, 'icon:none'],
    ['image/bmp', 1, 'icon:none'],
    ['application/pdf', 1, 'icon:none'],
    ['', 0, 'icon:none'],
  ])('%s of %i bytes → %s', (mimeType, sizeActual, source) => {
    expect(previewSourceOf({ mimeType, sizeActual })).toBe(source);
  });

  it('takes the size limit', () => {
    expect(previewSourceOf({ mimeType: 'image/png', sizeActual: 101 }, 100)).toBe('icon:image');
  });
});

describe('Semaphore', () => {
  it('runs at most `limit` tasks at once, the rest in arrival order, and frees on failure', async () => {
    const slots = new Semaphore(2);
    let running = 0;
    let most = 0;
    const started: number[] = [];
    const task = (id: number, fail = false) =>
      slots.run(async () => {
        started.push(id);
        running++;
        most = Math.max(most, running);
        await new Promise((resolve) => setTimeout(resolve, 10));
        running--;
        if (fail) throw new Error(`task ${id}`);
        return id;
      });
    const results = await Promise.allSettled([task(1, true), task(2), task(3, true), task(4), task(5)]);
    expect(most).toBe(2);
    expect(started).toEqual([1, 2, 3, 4, 5]);
    expect(results.map((result) => result.status)).toEqual([
      'rejected',
      'fulfilled',
      'rejected',
      'fulfilled',
      'fulfilled',
    ]);
    expect(await task(6)).toBe(6);
  });
});
