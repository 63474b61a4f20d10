import { monitorEventLoopDelay } from 'node:perf_hooks';
import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { PreviewUnsupportedError } from './errors.ts';
import { ZPreviewParams } from './params.ts';
import { renderPreview, type PreviewFile } from './render.ts';
import { animatedGif, decode, quadrants } from './test-images.ts';

const params = (query: Record<string, string> = {}) => ZPreviewParams.parse(query);
const PNG: PreviewFile = { mimeType: 'image/png', extension: 'png', sizeActual: 1000 };
const GIF: PreviewFile = { mimeType: 'image/gif', extension: 'gif', sizeActual: 1000 };

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A valid PNG header declaring `width`×`height` RGB, followed by a few KB of zero rows. */
function pngDeclaring(width: number, height: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const rows = deflateSync(Buffer.alloc(width * 3 + 1).fill(0, 0));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', rows),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

async function rejection(rendering: Promise<unknown>): Promise<PreviewUnsupportedError> {
  const error = await rendering.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(PreviewUnsupportedError);
  return error as PreviewUnsupportedError;
}

describe('renderPreview against hostile input', { timeout: 60_000 }, () => {
  it('refuses a tiny PNG declaring 50,000×50,000 pixels before decoding it', async () => {
    const bomb = pngDeclaring(50_000, 50_000);
    expect(bomb.length).toBeLessThan(1000);
    const started = performance.now();
    const error = await rejection(renderPreview(bomb, params({ width: '100' }), PNG));
    expect(error.reason).toBe('too-large');
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('enforces the pixel limit given as an option, on the image and on libvips', async () => {
    const image = await quadrants(100, 100);
    expect((await rejection(renderPreview(image, params(), PNG, { maxInputPixels: 9_999 }))).reason).toBe(
      'too-large',
    );
    const out = await renderPreview(image, params(), PNG, { maxInputPixels: 10_000 });
    expect((await decode(out.body)).width).toBe(100);
  });

  it('refuses a preview whose derived size is huge (a width on a thin, tall image)', async () => {
    const thin = await sharp({ create: { width: 1, height: 4000, channels: 3, background: '#123' } })
      .png()
      .toBuffer();
    // 4000 wide keeps the ratio: 4000×16,000,000.
    const error = await rejection(renderPreview(thin, params({ width: '4000' }), PNG));
    expect(error.reason).toBe('too-large');
  });

  it('scales an image down to the effect limit before working on its raw pixels', async () => {
    const image = await quadrants(400, 200);
    const limits = { maxEffectPixels: 20_000 };
    const rotated = await decode((await renderPreview(image, params({ rotation: '90' }), PNG, limits)).body);
    expect([rotated.width, rotated.height]).toEqual([100, 200]);
    expect(rotated.pixel(2, 2)).toEqual([0, 0, 255, 255]);
    // Without effects the image keeps its size.
    const plain = await decode((await renderPreview(image, params(), PNG, limits)).body);
    expect([plain.width, plain.height]).toEqual([400, 200]);
  });

  it('previews a GIF of thousands of frames from its first frame only', async () => {
    const gif = await animatedGif(4, 4, 3000, 1);
    const started = performance.now();
    const { body } = await renderPreview(gif, params({ output: 'gif', width: '2' }), GIF);
    const out = await decode(body);
    expect([out.pages, out.width, out.height]).toEqual([1, 2, 2]);
    expect(performance.now() - started).toBeLessThan(20_000);
  });

  it('counts every frame of an animation against the pixel limit', async () => {
    const gif = await animatedGif(50, 50, 40);
    // 40 frames × 2,500 pixels = 100,000 > 50,000: the animation is refused …
    const error = await rejection(
      renderPreview(gif, params({ output: 'webp' }), GIF, { maxInputPixels: 50_000 }),
    );
    expect(error.reason).toBe('too-large');
    // … while its first frame alone fits.
    const first = await renderPreview(gif, params({ output: 'png' }), GIF, { maxInputPixels: 50_000 });
    expect((await decode(first.body)).pages).toBe(1);
  });

  it('refuses a truncated JPEG as undecodable', async () => {
    const jpeg = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#888' } })
      .jpeg()
      .toBuffer();
    for (const length of [jpeg.length / 2, 40]) {
      const cut = jpeg.subarray(0, Math.floor(length));
      const error = await rejection(
        renderPreview(cut, params(), { mimeType: 'image/jpeg', extension: 'jpg', sizeActual: cut.length }),
      );
      expect(error.reason).toBe('undecodable');
    }
  });

  it('never hands an SVG, TIFF or random bytes to libvips, whatever the MIME type says', async () => {
    const svg = Buffer.from(
      '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><image href="file:///etc/passwd"/></svg>',
    );
    const tiff = await sharp({ create: { width: 10, height: 10, channels: 3, background: '#fff' } })
      .tiff()
      .toBuffer();
    for (const bytes of [svg, tiff, Buffer.from('not an image at all')]) {
      const error = await rejection(renderPreview(bytes, params(), PNG));
      expect(error.reason).toBe('undecodable');
    }
    // Declared as SVG, it is not even read: the generic icon.
    const icon = await renderPreview(svg, params(), {
      mimeType: 'image/svg+xml',
      extension: 'svg',
      sizeActual: svg.length,
    });
    expect(icon.mimeType).toBe('image/png');
    expect((await decode(icon.body)).width).toBe(256);
  });

  it('lets a programming error through as it is (a 500), not as a 400', async () => {
    const error = await renderPreview(await quadrants(10, 10), params(), PNG, { timeoutSeconds: -1 }).then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(PreviewUnsupportedError);
    expect((error as Error).message).toMatch(/^Expected /);
  });

  it('keeps the event loop free while previews render', async () => {
    const photo = await sharp({
      create: {
        width: 2000,
        height: 1500,
        channels: 3,
        background: '#000',
        noise: { type: 'gaussian', mean: 128, sigma: 30 },
      },
    })
      .jpeg()
      .toBuffer();
    const file = { mimeType: 'image/jpeg', extension: 'jpg', sizeActual: photo.length };
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const started = performance.now();
    await renderPreview(photo, params({ output: 'png', rotation: '30', borderRadius: '200' }), file);
    const elapsed = performance.now() - started;
    delay.disable();
    // Had the render run on the loop, the loop would have waited about that long once.
    expect(delay.max / 1e6).toBeLessThan(elapsed / 3);
  });
});
