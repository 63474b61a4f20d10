import sharp from 'sharp';

/** Test images made by sharp at run time (no binary fixtures in git). */

export type Rgba = [number, number, number, number];
export const RED: Rgba = [255, 0, 0, 255];
export const GREEN: Rgba = [0, 255, 0, 255];
export const BLUE: Rgba = [0, 0, 255, 255];
export const YELLOW: Rgba = [255, 255, 0, 255];

/** A `width`×`height` image whose quadrants are red (top-left), green, blue, yellow (bottom-right). */
export function quadrants(width: number, height: number, format: 'png' | 'jpeg' = 'png'): Promise<Buffer> {
  const hw = width / 2;
  const hh = height / 2;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" shape-rendering="crispEdges">
    <rect width="${hw}" height="${hh}" fill="#f00"/><rect x="${hw}" width="${hw}" height="${hh}" fill="#0f0"/>
    <rect y="${hh}" width="${hw}" height="${hh}" fill="#00f"/><rect x="${hw}" y="${hh}" width="${hw}" height="${hh}" fill="#ff0"/></svg>`;
  const image = sharp(Buffer.from(svg));
  return format === 'png' ? image.png().toBuffer() : image.jpeg({ quality: 95 }).toBuffer();
}

/** An animated GIF of `frames` solid frames; frame f is rgb(f·step, 0, 255 − f·step). */
export function animatedGif(width: number, height: number, frames: number, step = 50): Promise<Buffer> {
  const pixels = Buffer.alloc(width * height * frames * 4);
  for (let frame = 0; frame < frames; frame++)
    for (let i = 0; i < width * height; i++) {
      const offset = (frame * width * height + i) * 4;
      pixels.set([(frame * step) % 256, 0, 255 - ((frame * step) % 256), 255], offset);
    }
  return sharp(pixels, { raw: { width, height: height * frames, channels: 4, pageHeight: height } })
    .gif({ delay: Array.from({ length: frames }, () => 100), loop: 0 })
    .toBuffer();
}

export interface Decoded {
  format: string;
  width: number;
  /** One frame's height. */
  height: number;
  pages: number;
  hasAlpha: boolean;
  /** RGBA of the pixel at (x, y) of `frame` (negative x/y count from the right/bottom). */
  pixel(x: number, y: number, frame?: number): Rgba;
}

/** Decodes an output with sharp, every frame. */
export async function decode(body: Buffer): Promise<Decoded> {
  const metadata = await sharp(body, { animated: true }).metadata();
  const { data, info } = await sharp(body, { animated: true })
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const height = metadata.pageHeight ?? info.height;
  return {
    format: metadata.format ?? '',
    width: info.width,
    height,
    pages: metadata.pages ?? 1,
    hasAlpha: metadata.hasAlpha ?? false,
    pixel(x, y, frame = 0) {
      const column = x < 0 ? info.width + x : x;
      const row = frame * height + (y < 0 ? height + y : y);
      const offset = (row * info.width + column) * 4;
      return [...data.subarray(offset, offset + 4)] as Rgba;
    },
  };
}

/** Expects colours to match within `tolerance` per channel (lossy formats, resampled edges). */
export function near(actual: Rgba, expected: Rgba, tolerance = 24): boolean {
  return actual.every((value, i) => Math.abs(value - (expected[i] ?? 0)) <= tolerance);
}
