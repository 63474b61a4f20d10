/** What a preview is drawn from: the file's own image, or one of the built-in icons. */
export type PreviewSource = 'image' | 'icon:video' | 'icon:none' | 'icon:image';

/** Appwrite's `_APP_STORAGE_PREVIEW_LIMIT` default: larger images get the `image` icon. */
export const DEFAULT_PREVIEW_SIZE_LIMIT = 20_000_000;

const PREVIEWABLE_MIME_TYPES = new Set(['image/jpeg', 'image/png', 'image/heic', 'image/webp', 'image/gif']);

// Appwrite's inline video types (app/config/storage/mimes.php), which get the video icon.
const VIDEO_MIME_TYPES = new Set([
  'video/mp4',
  'video/x-flv',
  'video/webm',
  'application/x-mpegurl',
  'video/mp2t',
  'video/3gpp',
  'video/quicktime',
  'video/x-msvideo',
  'video/x-ms-wmv',
]);

/**
 * Decides from the stored file's type and size alone, so the files service reads the bytes only
 * for `image`. SVG, AVIF, BMP, TIFF, PDF and pending uploads (`mimeType: ""`) are never decoded.
 */
export function previewSourceOf(
  file: { mimeType: string; sizeActual: number },
  sizeLimit = DEFAULT_PREVIEW_SIZE_LIMIT,
): PreviewSource {
  const mimeType = file.mimeType.toLowerCase();
  if (PREVIEWABLE_MIME_TYPES.has(mimeType)) return file.sizeActual <= sizeLimit ? 'image' : 'icon:image';
  return VIDEO_MIME_TYPES.has(mimeType) ? 'icon:video' : 'icon:none';
}

/**
 * The container the first bytes announce, checked before libvips sees them: the MIME type was
 * sniffed at upload, but a decoder chosen by content could still be handed an SVG or a TIFF
 * (libvips loads those too), and those are not preview inputs.
 */
export function sniffImageFormat(bytes: Buffer): 'jpeg' | 'png' | 'gif' | 'webp' | 'heif' | undefined {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    return 'png';
  const ascii = (start: number, end: number) => bytes.subarray(start, end).toString('latin1');
  if (ascii(0, 4) === 'GIF8') return 'gif';
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'webp';
  if (ascii(4, 8) === 'ftyp') return 'heif';
  return undefined;
}
