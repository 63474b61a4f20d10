import sharp, { type Sharp } from 'sharp';
import { PreviewUnsupportedError } from './errors.ts';
import { ICON_BACKGROUND, iconPng, type IconName } from './icons.ts';
import { OUTPUT_MIME_TYPES, type Gravity, type OutputFormat, type PreviewParams } from './params.ts';
import { previewSlots } from './semaphore.ts';
import { DEFAULT_PREVIEW_SIZE_LIMIT, previewSourceOf, sniffImageFormat } from './source.ts';

/** The stored file a preview is made of, as the File document describes it. */
export interface PreviewFile {
  mimeType: string;
  /** The uploaded name's extension, without the dot (`""` when it has none). */
  extension: string;
  sizeActual: number;
}

export interface PreviewLimits {
  /** Larger files get the `image` icon (`_APP_STORAGE_PREVIEW_LIMIT`). */
  sizeLimit: number;
  /** Decoded pixels of the source, all kept frames together: the decompression-bomb guard. */
  maxInputPixels: number;
  /** Pixels of the result (a width alone on a tall, thin image can ask for a huge one). */
  maxOutputPixels: number;
  /**
   * Opacity, background, border, radius and rotation work on raw pixels (several copies); an image
   * larger than this (per frame) is scaled down to it first. 16M = the largest `width`×`height`.
   */
  maxEffectPixels: number;
  /** An animation with more frames is previewed from its first frame. */
  maxFrames: number;
  /** Per libvips pass; a pass that takes longer fails. */
  timeoutSeconds: number;
}

export const DEFAULT_PREVIEW_LIMITS: PreviewLimits = {
  sizeLimit: DEFAULT_PREVIEW_SIZE_LIMIT,
  maxInputPixels: 100_000_000,
  maxOutputPixels: 50_000_000,
  maxEffectPixels: 16_000_000,
  maxFrames: 300,
  timeoutSeconds: 20,
};

export interface RenderedPreview {
  body: Buffer;
  mimeType: string;
}

const POSITIONS: Record<Gravity, string> = {
  center: 'centre',
  'top-left': 'northwest',
  top: 'north',
  'top-right': 'northeast',
  left: 'west',
  right: 'east',
  'bottom-left': 'southwest',
  bottom: 'south',
  'bottom-right': 'southeast',
};

const DECODABLE = new Set(['jpeg', 'png', 'gif', 'webp', 'heif']);
const TRANSPARENT = { r: 0, g: 0, b: 0, alpha: 0 };

// libvips' operation cache would keep decoded images of past previews in memory; every preview
// is a new input, so it only costs RSS.
sharp.cache(false);

/**
 * Appwrite's default output: the upload's extension if it is an output key, `jpg` for any other
 * extension, else the key of the file's MIME type, else `jpg`; icons default to `png`. `heic`
 * falls back to `jpg`: the prebuilt libvips has no HEVC encoder (docs/storage.md#previews).
 */
export function defaultPreviewOutput(file: PreviewFile, icon: boolean): OutputFormat {
  if (icon) return 'png';
  const extension = file.extension.replace(/^\./, '').toLowerCase();
  const byMime = (Object.keys(OUTPUT_MIME_TYPES) as OutputFormat[]).find(
    (key) => OUTPUT_MIME_TYPES[key] === file.mimeType.toLowerCase(),
  );
  const chosen = extension
    ? extension in OUTPUT_MIME_TYPES
      ? (extension as OutputFormat)
      : 'jpg'
    : (byMime ?? 'jpg');
  return chosen === 'heic' ? 'jpg' : chosen;
}

/**
 * Appwrite's preview of a stored file: the image transformed by `params`, or a built-in icon for
 * files that are not previewable images (then `input` is not read and may be `undefined`).
 * Rejects with `PreviewUnsupportedError` for bytes that do not decode, images past the limits and
 * `output=heic`. At most one preview per core is rendered at once; the work runs in libvips'
 * threads, off the event loop.
 */
export async function renderPreview(
  input: Buffer | undefined,
  params: PreviewParams,
  file: PreviewFile,
  limits: Partial<PreviewLimits> = {},
): Promise<RenderedPreview> {
  const limit = { ...DEFAULT_PREVIEW_LIMITS, ...limits };
  const source = previewSourceOf(file, limit.sizeLimit);
  const icon = source === 'image' ? undefined : (source.slice('icon:'.length) as IconName);
  const output = params.output || defaultPreviewOutput(file, icon !== undefined);
  if (output === 'heic')
    throw new PreviewUnsupportedError(
      'Output format heic is not supported by this server (no HEVC encoder); use avif instead',
      'output-unsupported',
    );

  let bytes: Buffer;
  if (icon) {
    bytes = await iconPng(icon);
    params = { ...params, background: params.background || ICON_BACKGROUND };
  } else {
    if (!input || !sniffImageFormat(input))
      throw new PreviewUnsupportedError(`The file is not a ${file.mimeType} image`, 'undecodable');
    bytes = input;
  }
  const body = await previewSlots.run(() => transform(bytes, params, output, limit));
  return { body, mimeType: OUTPUT_MIME_TYPES[output] };
}

async function transform(
  bytes: Buffer,
  params: PreviewParams,
  output: OutputFormat,
  limit: PreviewLimits,
): Promise<Buffer> {
  const metadata = await sharp(bytes, { limitInputPixels: limit.maxInputPixels })
    .metadata()
    .catch((error: unknown) => {
      throw unsupported(error);
    });
  if (!metadata.format || !DECODABLE.has(metadata.format) || !metadata.width || !metadata.height)
    throw new PreviewUnsupportedError('The file is not an image that can be previewed', 'undecodable');

  const pages = metadata.pages ?? 1;
  const frameHeight = metadata.pageHeight ?? metadata.height;
  const animated = (output === 'gif' || output === 'webp') && pages > 1 && pages <= limit.maxFrames;
  const frames = animated ? pages : 1;
  if (metadata.width * frameHeight * frames > limit.maxInputPixels)
    throw new PreviewUnsupportedError('The image has more pixels than this server previews', 'too-large');

  const size = outputSize(metadata.width, frameHeight, metadata.orientation ?? 1, params);
  const bordered = (size.width + 2 * params.borderWidth) * (size.height + 2 * params.borderWidth);
  if (bordered * frames > limit.maxOutputPixels)
    throw new PreviewUnsupportedError(
      'The requested preview has more pixels than this server makes',
      'too-large',
    );

  if (hasEffects(params) && size.width * size.height > limit.maxEffectPixels) {
    // Same aspect ratio, so `cover` below is a plain resize.
    const scale = Math.sqrt(limit.maxEffectPixels / (size.width * size.height));
    params = {
      ...params,
      width: Math.max(1, Math.floor(size.width * scale)),
      height: Math.max(1, Math.floor(size.height * scale)),
    };
  }

  try {
    let image = sharp(bytes, { limitInputPixels: limit.maxInputPixels, animated, failOn: 'error' })
      .timeout({ seconds: limit.timeoutSeconds })
      .autoOrient();
    if (params.width > 0 || params.height > 0)
      image = image.resize(params.width || undefined, params.height || undefined, {
        fit: 'cover',
        position: POSITIONS[params.gravity],
      });
    if (hasEffects(params)) image = await applyEffects(image, params, limit);
    const loop = animated ? { loop: metadata.loop ?? 0, delay: metadata.delay } : {};
    return await encode(image, output, params.quality, loop, bordered).toBuffer();
  } catch (error) {
    throw unsupported(error);
  }
}

/** The oriented, resized size, as `resize` will make it (one side alone keeps the ratio). */
function outputSize(width: number, height: number, orientation: number, params: PreviewParams) {
  const [w, h] = orientation >= 5 ? [height, width] : [width, height];
  if (params.width > 0 && params.height > 0) return { width: params.width, height: params.height };
  if (params.width > 0)
    return { width: params.width, height: Math.max(1, Math.round((h * params.width) / w)) };
  if (params.height > 0)
    return { width: Math.max(1, Math.round((w * params.height) / h)), height: params.height };
  return { width: w, height: h };
}

function hasEffects(params: PreviewParams): boolean {
  return (
    params.opacity < 1 ||
    params.background !== '' ||
    params.borderWidth > 0 ||
    params.borderRadius > 0 ||
    (params.rotation + 360) % 360 !== 0
  );
}

/**
 * Opacity → background → border → border radius → rotation, Appwrite's order, one frame at a time
 * on raw RGBA (sharp applies the operations of one pipeline in its own fixed order, and rotation
 * and masks would otherwise treat an animation's frames as one tall image).
 */
async function applyEffects(image: Sharp, params: PreviewParams, limit: PreviewLimits): Promise<Sharp> {
  const { data, info } = await image
    .toColourspace('srgb')
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const frameHeight = info.pageHeight ?? info.height;
  const frameBytes = info.width * frameHeight * 4;
  const frames: Buffer[] = [];
  let frame = { width: info.width, height: frameHeight };
  for (let offset = 0; offset < data.length; offset += frameBytes) {
    const done = await effectsOnFrame(
      data.subarray(offset, offset + frameBytes),
      info.width,
      frameHeight,
      params,
      limit,
    );
    frames.push(done.data);
    frame = { width: done.width, height: done.height };
  }
  return sharp(frames.length === 1 ? frames[0]! : Buffer.concat(frames), {
    raw: { width: frame.width, height: frame.height * frames.length, channels: 4, pageHeight: frame.height },
  }).timeout({ seconds: limit.timeoutSeconds });
}

interface RawFrame {
  data: Buffer;
  width: number;
  height: number;
}

async function effectsOnFrame(
  pixels: Buffer,
  width: number,
  height: number,
  params: PreviewParams,
  limit: PreviewLimits,
): Promise<RawFrame> {
  let frame: RawFrame = { data: pixels, width, height };
  const step = async (operate: (image: Sharp) => Sharp) => {
    const image = sharp(frame.data, {
      raw: { width: frame.width, height: frame.height, channels: 4 },
    }).timeout({
      seconds: limit.timeoutSeconds,
    });
    const { data, info } = await operate(image).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    frame = { data, width: info.width, height: info.height };
  };

  if (params.opacity < 1) await step((image) => image.linear([1, 1, 1, params.opacity], [0, 0, 0, 0]));
  if (params.background) await step((image) => image.flatten({ background: `#${params.background}` }));
  if (params.borderWidth > 0) {
    const size = params.borderWidth;
    const background = `#${params.borderColor || '000000'}`;
    await step((image) => image.extend({ top: size, bottom: size, left: size, right: size, background }));
  }
  if (params.borderRadius > 0) {
    const radius = Math.min(params.borderRadius, frame.width / 2, frame.height / 2);
    const mask = Buffer.from(
      `<svg xmlns="http://www.w3.org/2000/svg" width="${frame.width}" height="${frame.height}">` +
        `<rect width="${frame.width}" height="${frame.height}" rx="${radius}" ry="${radius}"/></svg>`,
    );
    await step((image) => image.composite([{ input: mask, blend: 'dest-in' }]));
  }
  const angle = (params.rotation + 360) % 360;
  if (angle !== 0) await step((image) => image.rotate(angle, { background: TRANSPARENT }));
  return frame;
}

function encode(
  image: Sharp,
  output: OutputFormat,
  quality: number,
  animation: { loop?: number; delay?: number[] },
  pixels: number,
): Sharp {
  const lossy = quality >= 0 ? { quality: Math.max(1, quality) } : {};
  switch (output) {
    case 'jpg':
    case 'jpeg':
      // JPEG has no alpha: transparent parts become white rather than whatever colour they hid.
      return image.flatten({ background: '#ffffff' }).jpeg(lossy);
    case 'png':
      // Appwrite maps quality 0–100 to zlib levels 9–0.
      return image.png({ compressionLevel: quality >= 0 ? 9 - Math.round((quality * 9) / 100) : 6 });
    case 'webp':
      return image.webp({ ...lossy, ...animation });
    case 'avif':
      return image.avif({ ...lossy, effort: avifEffort(pixels) });
    case 'gif':
      return image.gif(animation);
    case 'heic':
      return image.heif({ ...lossy, compression: 'hevc' });
  }
}

/**
 * libaom at its default effort (4) took 35 s for one noisy megapixel on the 2-core build machine,
 * and sharp's timeout does not interrupt it; lower efforts keep large AVIF previews to seconds.
 */
function avifEffort(pixels: number): number {
  if (pixels <= 250_000) return 4;
  return pixels <= 1_000_000 ? 2 : 0;
}

/**
 * libvips' failures (the loader's words, a pixel limit, a timeout) as the typed error. sharp's own
 * argument checks (`Expected … for …`) are Roster's bugs: they stay as they are, a 500.
 */
function unsupported(error: unknown): Error {
  if (error instanceof PreviewUnsupportedError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof Error && message.startsWith('Expected ')) return error;
  const tooLarge = /pixel limit|timeout/i.test(message);
  return new PreviewUnsupportedError(
    tooLarge
      ? 'The image is too large to preview'
      : `The image could not be decoded: ${message.split('\n')[0]}`,
    tooLarge ? 'too-large' : 'undecodable',
    { cause: error },
  );
}
