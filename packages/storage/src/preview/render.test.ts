import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { PreviewUnsupportedError } from './errors.ts';
import { ICON_SIZE } from './icons.ts';
import { ZPreviewParams } from './params.ts';
import { defaultPreviewOutput, renderPreview, type PreviewFile } from './render.ts';
import {
  animatedGif,
  BLUE,
  decode,
  GREEN,
  near,
  quadrants,
  RED,
  YELLOW,
  type Decoded,
  type Rgba,
} from './test-images.ts';

const params = (query: Record<string, string> = {}) => ZPreviewParams.parse(query);
const PNG: PreviewFile = { mimeType: 'image/png', extension: 'png', sizeActual: 1000 };
const TRANSPARENT: Rgba = [0, 0, 0, 0];

function expectColour(actual: Rgba, expected: Rgba, tolerance?: number) {
  expect(near(actual, expected, tolerance), `${actual.join(',')} ≈ ${expected.join(',')}`).toBe(true);
}

async function render(
  source: Buffer,
  query: Record<string, string>,
  file = PNG,
): Promise<Decoded & { mimeType: string }> {
  const { body, mimeType } = await renderPreview(source, params(query), file);
  return { ...(await decode(body)), mimeType };
}

// 400×200, each quadrant 200×100.
let wide: Buffer;
beforeAll(async () => {
  wide = await quadrants(400, 200);
});

describe('renderPreview: sizes and crops', { timeout: 30_000 }, () => {
  it('without parameters keeps the image and the file’s own format', async () => {
    const out = await render(wide, {});
    expect([out.format, out.mimeType, out.width, out.height]).toEqual(['png', 'image/png', 400, 200]);
    expectColour(out.pixel(0, 0), RED);
    expectColour(out.pixel(-1, -1), YELLOW);
  });

  it('a width alone or a height alone keeps the aspect ratio', async () => {
    const byWidth = await render(wide, { width: '100' });
    expect([byWidth.width, byWidth.height]).toEqual([100, 50]);
    const byHeight = await render(wide, { height: '50' });
    expect([byHeight.width, byHeight.height]).toEqual([100, 50]);
  });

  it('center covers then crops the middle to exactly width×height', async () => {
    const out = await render(wide, { width: '100', height: '100' });
    expect([out.width, out.height]).toEqual([100, 100]);
    // Scaled to 200×100, columns 50–150 kept: all four quadrants meet in the middle.
    expectColour(out.pixel(2, 2), RED);
    expectColour(out.pixel(-3, 2), GREEN);
    expectColour(out.pixel(2, -3), BLUE);
    expectColour(out.pixel(-3, -3), YELLOW);
  });

  it.each([
    ['top-left', [RED, RED, BLUE, BLUE]],
    ['left', [RED, RED, BLUE, BLUE]],
    ['bottom-left', [RED, RED, BLUE, BLUE]],
    ['top-right', [GREEN, GREEN, YELLOW, YELLOW]],
    ['right', [GREEN, GREEN, YELLOW, YELLOW]],
    ['BOTTOM-RIGHT', [GREEN, GREEN, YELLOW, YELLOW]],
  ] as const)('gravity %s crops at that side of a wide image', async (gravity, corners) => {
    const out = await render(wide, { width: '100', height: '100', gravity });
    expect([out.width, out.height]).toEqual([100, 100]);
    const [topLeft, topRight, bottomLeft, bottomRight] = corners;
    expectColour(out.pixel(2, 2), topLeft);
    expectColour(out.pixel(-3, 2), topRight);
    expectColour(out.pixel(2, -3), bottomLeft);
    expectColour(out.pixel(-3, -3), bottomRight);
  });

  it.each([
    ['top', [RED, GREEN, RED, GREEN]],
    ['bottom', [BLUE, YELLOW, BLUE, YELLOW]],
  ] as const)('gravity %s crops at that side of a tall crop', async (gravity, corners) => {
    // 400×200 → cover 200×100 → a 200×40 strip from the top or the bottom.
    const out = await render(wide, { width: '200', height: '40', gravity });
    expect([out.width, out.height]).toEqual([200, 40]);
    const [topLeft, topRight, bottomLeft, bottomRight] = corners;
    expectColour(out.pixel(2, 2), topLeft);
    expectColour(out.pixel(-3, 2), topRight);
    expectColour(out.pixel(2, -3), bottomLeft);
    expectColour(out.pixel(-3, -3), bottomRight);
  });
});

describe('renderPreview: effects', { timeout: 30_000 }, () => {
  it('opacity scales the alpha channel', async () => {
    const out = await render(wide, { opacity: '0.5' });
    expect(out.hasAlpha).toBe(true);
    expectColour(out.pixel(10, 10), [255, 0, 0, 128], 2);
  });

  it('background flattens transparency onto the colour', async () => {
    const out = await render(wide, { opacity: '0', background: '0af' });
    expectColour(out.pixel(10, 10), [0, 170, 255, 255], 1);
    const half = await render(wide, { opacity: '0.5', background: 'ffffff' });
    expectColour(half.pixel(10, 10), [255, 128, 128, 255], 2);
  });

  it('a border grows the canvas by its width on each side, in its colour', async () => {
    const out = await render(wide, { width: '100', borderWidth: '10', borderColor: '00FF00' });
    expect([out.width, out.height]).toEqual([120, 70]);
    expectColour(out.pixel(0, 0), GREEN, 1);
    expectColour(out.pixel(9, 35), GREEN, 1);
    expectColour(out.pixel(12, 12), RED);
    expectColour(out.pixel(-12, -12), YELLOW);
  });

  it('a border radius makes the corners transparent and keeps the middle', async () => {
    const out = await render(wide, { width: '100', height: '100', borderRadius: '40' });
    expect(out.hasAlpha).toBe(true);
    for (const [x, y] of [
      [0, 0],
      [-1, 0],
      [0, -1],
      [-1, -1],
    ] as const)
      expect(out.pixel(x, y)[3]).toBe(0);
    expectColour(out.pixel(45, 45), RED);
    expectColour(out.pixel(40, 2), RED);
  });

  it('rotation turns clockwise; negative angles count from 360', async () => {
    const quarter = await render(wide, { rotation: '90' });
    expect([quarter.width, quarter.height]).toEqual([200, 400]);
    expectColour(quarter.pixel(2, 2), BLUE);
    expectColour(quarter.pixel(-3, 2), RED);
    const back = await render(wide, { rotation: '-90' });
    expect([back.width, back.height]).toEqual([200, 400]);
    expectColour(back.pixel(2, 2), GREEN);
    const full = await render(wide, { rotation: '360' });
    expect([full.width, full.height]).toEqual([400, 200]);
    expectColour(full.pixel(2, 2), RED);
  });

  it('an oblique rotation grows the canvas with transparent corners', async () => {
    const out = await render(wide, { width: '100', height: '100', rotation: '45' });
    expect(out.width).toBeGreaterThanOrEqual(141);
    expect(out.pixel(0, 0)).toEqual(TRANSPARENT);
    expect(out.pixel(Math.floor(out.width / 2), Math.floor(out.height / 2))[3]).toBe(255);
  });

  it('combines them in Appwrite’s order: the border is rotated with the image', async () => {
    const out = await render(wide, {
      width: '100',
      height: '50',
      borderWidth: '5',
      borderColor: '000',
      rotation: '180',
    });
    expect([out.width, out.height]).toEqual([110, 60]);
    expectColour(out.pixel(0, 0), [0, 0, 0, 255], 1);
    // After 180°, the source's bottom-right (yellow) is at the top-left inside the border.
    expectColour(out.pixel(8, 8), YELLOW);
  });
});

describe('renderPreview: output formats', { timeout: 60_000 }, () => {
  it.each([
    ['jpg', 'jpeg', 'image/jpeg'],
    ['jpeg', 'jpeg', 'image/jpeg'],
    ['png', 'png', 'image/png'],
    ['webp', 'webp', 'image/webp'],
    ['avif', 'heif', 'image/avif'],
    ['gif', 'gif', 'image/gif'],
  ] as const)('output=%s is %s, served as %s', async (output, format, mimeType) => {
    const out = await render(wide, { output, width: '100' });
    expect([out.format, out.mimeType, out.width, out.height]).toEqual([format, mimeType, 100, 50]);
    expectColour(out.pixel(10, 10), RED, 40);
    expectColour(out.pixel(-10, -10), YELLOW, 40);
  });

  it('quality trades size for fidelity', async () => {
    const photo = await sharp({
      create: {
        width: 300,
        height: 300,
        channels: 3,
        background: '#000',
        noise: { type: 'gaussian', mean: 128, sigma: 40 },
      },
    })
      .png()
      .toBuffer();
    const sizes = async (output: string) => {
      const low = await renderPreview(photo, params({ output, quality: '10' }), PNG);
      const high = await renderPreview(photo, params({ output, quality: '95' }), PNG);
      return [low.body.length, high.body.length];
    };
    for (const output of ['jpg', 'webp']) {
      const [low, high] = await sizes(output);
      expect(low, output).toBeLessThan(high! * 0.7);
    }
    // PNG: quality 10 = zlib level 8, quality 95 = level 0 (stored).
    const [level9, level0] = await sizes('png');
    expect(level9).toBeLessThan(level0! * 0.95);
  });

  it('JPEG output flattens transparency onto white', async () => {
    const out = await render(wide, { output: 'jpg', opacity: '0' });
    expect(out.hasAlpha).toBe(false);
    expectColour(out.pixel(10, 10), [255, 255, 255, 255], 3);
  });

  it('output=heic is refused: the prebuilt libvips cannot encode HEVC', async () => {
    const rendering = renderPreview(wide, params({ output: 'heic' }), PNG);
    await expect(rendering).rejects.toBeInstanceOf(PreviewUnsupportedError);
    await expect(rendering).rejects.toMatchObject({ reason: 'output-unsupported', message: /heic/ });
  });

  it('decodes a HEIF file holding AV1 pictures (HEVC ones need a codec the build lacks)', async () => {
    const heif = await sharp(wide).heif({ compression: 'av1', quality: 90 }).toBuffer();
    const out = await render(
      heif,
      { width: '100', output: 'png' },
      { mimeType: 'image/heic', extension: 'heic', sizeActual: heif.length },
    );
    expect([out.format, out.width, out.height]).toEqual(['png', 100, 50]);
    expectColour(out.pixel(10, 10), RED, 40);
  });

  it('the default output follows the extension, then the MIME type, else jpg', async () => {
    const of = (mimeType: string, extension: string) =>
      defaultPreviewOutput({ mimeType, extension, sizeActual: 1 }, false);
    expect(of('image/png', 'PNG')).toBe('png');
    expect(of('image/png', 'webp')).toBe('webp');
    expect(of('image/jpeg', 'jfif')).toBe('jpg');
    expect(of('image/png', '')).toBe('png');
    expect(of('image/webp', '')).toBe('webp');
    expect(of('image/jpeg', '')).toBe('jpg');
    expect(of('application/octet-stream', '')).toBe('jpg');
    // heic cannot be encoded here (see above), so it falls back to jpg.
    expect(of('image/jpeg', 'heic')).toBe('jpg');
    expect(defaultPreviewOutput({ mimeType: 'video/mp4', extension: 'webp', sizeActual: 1 }, true)).toBe(
      'png',
    );
    const out = await render(wide, {}, { mimeType: 'image/png', extension: 'jfif', sizeActual: 1 });
    expect([out.format, out.mimeType]).toEqual(['jpeg', 'image/jpeg']);
  });
});

describe('renderPreview: EXIF orientation and animation', { timeout: 30_000 }, () => {
  it('applies the EXIF orientation of a JPEG before cropping', async () => {
    // Orientation 6: the stored pixels are shown turned 90° clockwise.
    const stored = await sharp(await quadrants(400, 200, 'jpeg'))
      .withMetadata({ orientation: 6 })
      .jpeg()
      .toBuffer();
    const jpeg = { mimeType: 'image/jpeg', extension: 'jpg', sizeActual: stored.length };
    const out = await render(stored, {}, jpeg);
    expect([out.format, out.width, out.height]).toEqual(['jpeg', 200, 400]);
    expectColour(out.pixel(5, 5), BLUE, 40);
    expectColour(out.pixel(-5, 5), RED, 40);
    const cropped = await render(stored, { width: '100', height: '100', gravity: 'top' }, jpeg);
    expectColour(cropped.pixel(5, 5), BLUE, 40);
    expectColour(cropped.pixel(-5, -5), RED, 40);
  });

  it('keeps every frame and delay of an animated GIF for gif and webp output', async () => {
    const gif = await animatedGif(40, 30, 5);
    const file = { mimeType: 'image/gif', extension: 'gif', sizeActual: gif.length };
    for (const output of ['gif', 'webp']) {
      const { body } = await renderPreview(gif, params({ output, width: '20' }), file);
      const out = await decode(body);
      expect([out.format, out.width, out.height, out.pages], output).toEqual([output, 20, 15, 5]);
      expect((await sharp(body).metadata()).delay).toEqual([100, 100, 100, 100, 100]);
      for (let frame = 0; frame < 5; frame++)
        expectColour(out.pixel(10, 7, frame), [frame * 50, 0, 255 - frame * 50, 255], 12);
    }
  });

  it('applies effects to each frame of an animation', async () => {
    const gif = await animatedGif(40, 30, 3);
    const { body } = await renderPreview(
      gif,
      params({ output: 'gif', rotation: '90', borderWidth: '2', borderColor: 'ff0' }),
      {
        mimeType: 'image/gif',
        extension: 'gif',
        sizeActual: gif.length,
      },
    );
    const out = await decode(body);
    expect([out.width, out.height, out.pages]).toEqual([34, 44, 3]);
    for (let frame = 0; frame < 3; frame++) {
      expectColour(out.pixel(0, 0, frame), YELLOW, 12);
      expectColour(out.pixel(17, 22, frame), [frame * 50, 0, 255 - frame * 50, 255], 12);
    }
  });

  it('previews an animation as its first frame for other outputs', async () => {
    const gif = await animatedGif(40, 30, 4);
    const out = await render(
      gif,
      { output: 'png' },
      { mimeType: 'image/gif', extension: 'gif', sizeActual: gif.length },
    );
    expect([out.format, out.width, out.height, out.pages]).toEqual(['png', 40, 30, 1]);
    expectColour(out.pixel(5, 5), [0, 0, 255, 255], 12);
  });
});

describe('renderPreview: icons for files that are not previewable images', { timeout: 30_000 }, () => {
  const ECEFF1: Rgba = [0xec, 0xef, 0xf1, 255];

  it.each([
    ['video/mp4', 1000],
    ['application/pdf', 1000],
    ['image/svg+xml', 1000],
    ['image/avif', 1000],
    ['', 0],
    ['image/png', 20_000_001],
  ])('%s of %i bytes gets a PNG icon on eceff1, without reading the bytes', async (mimeType, sizeActual) => {
    const { body, mimeType: served } = await renderPreview(undefined, params(), {
      mimeType,
      extension: 'x',
      sizeActual,
    });
    const out = await decode(body);
    expect([out.format, served, out.width, out.height]).toEqual(['png', 'image/png', ICON_SIZE, ICON_SIZE]);
    expectColour(out.pixel(0, 0), ECEFF1, 0);
    // Something is drawn on it: the red channel is not uniform.
    const [red] = (await sharp(body).stats()).channels;
    expect(red!.min).toBeLessThan(red!.max);
  });

  it('draws a different icon for videos, other files and images too large', async () => {
    const icon = async (mimeType: string, sizeActual = 10) =>
      (await renderPreview(undefined, params(), { mimeType, extension: '', sizeActual })).body;
    const [video, none, image] = await Promise.all([
      icon('video/webm'),
      icon('text/plain'),
      icon('image/jpeg', 30_000_000),
    ]);
    expect(video.equals(none)).toBe(false);
    expect(image.equals(none)).toBe(false);
    expect(image.equals(video)).toBe(false);
  });

  it('takes the size limit as an option', async () => {
    const limited = await renderPreview(wide, params(), { ...PNG, sizeActual: 1001 }, { sizeLimit: 1000 });
    expect((await decode(limited.body)).width).toBe(ICON_SIZE);
    const allowed = await renderPreview(wide, params(), { ...PNG, sizeActual: 1000 }, { sizeLimit: 1000 });
    expect((await decode(allowed.body)).width).toBe(400);
  });

  it('transforms icons like images: size, background, output', async () => {
    const { body, mimeType } = await renderPreview(
      undefined,
      params({ width: '64', background: 'ff0000', output: 'webp' }),
      {
        mimeType: 'video/mp4',
        extension: 'mp4',
        sizeActual: 10,
      },
    );
    const out = await decode(body);
    expect([out.format, mimeType, out.width, out.height]).toEqual(['webp', 'image/webp', 64, 64]);
    expectColour(out.pixel(0, 0), RED, 8);
  });
});
