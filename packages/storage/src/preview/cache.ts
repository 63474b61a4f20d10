import { createHash } from 'node:crypto';
import type { PreviewParams } from './params.ts';

/** Bumped when rendering changes, so previews cached by an older Roster are not served. */
const RENDERER_VERSION = 1;

/**
 * The key of one rendered preview: the file, its version (its `$updatedAt` or `signature`, so a
 * re-upload under the same id misses), and the normalised parameters. The `token` is left out:
 * it grants access, it does not change the image, and every hit re-checks access anyway.
 */
export function previewCacheKey(fileId: string, version: string, params: PreviewParams): string {
  const { token: _token, ...image } = params;
  const sorted = Object.fromEntries(Object.entries(image).sort(([a], [b]) => (a < b ? -1 : 1)));
  sorted.rotation = (image.rotation + 360) % 360;
  return createHash('sha256')
    .update(JSON.stringify([RENDERER_VERSION, fileId, version, sorted]))
    .digest('hex');
}

/** Headers of a preview rendered now (Appwrite: 30 days). */
export const PREVIEW_CACHE_MISS_HEADERS = {
  'X-Appwrite-Cache': 'miss',
  'Cache-Control': 'private, max-age=2592000',
} as const;

/** Headers of a preview served from the cache (Appwrite: 180 days). */
export const PREVIEW_CACHE_HIT_HEADERS = {
  'X-Appwrite-Cache': 'hit',
  'Cache-Control': 'private, max-age=15552000',
} as const;
