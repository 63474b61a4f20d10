/**
 * `pnpm bench:preview`: image previews through `renderPreview` (@roster/storage), in this process,
 * as the files service will call it: previews per second, latency p50/p99 and peak RSS for
 *   1. a 4000×3000 JPEG → 400×300 WebP (a phone photo's thumbnail),
 *   2. a 1000×1000 PNG → 200×200 AVIF.
 * The sources are photo-like (gradients, shapes and grain), made by sharp before timing starts.
 * `--count` previews per case, `--concurrency` requests in flight (renderPreview itself runs one
 * per core at once; the rest wait).
 */
import { availableParallelism, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { renderPreview, ZPreviewParams, type PreviewFile } from '@roster/storage';
import sharp from 'sharp';
import { summary } from '../percentiles.ts';

const { values: args } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: {
    count: { type: 'string', default: '40' },
    concurrency: { type: 'string', default: String(availableParallelism() * 2) },
  },
});
const count = Number(args.count);
const concurrency = Number(args.concurrency);

const log = (line: string) => process.stdout.write(`${line}\n`);
const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

/** A photo-like picture: smooth gradients and shapes under fine grain (pure noise is no photo). */
function photo(width: number, height: number) {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <defs><linearGradient id="sky" x2="0" y2="1"><stop offset="0" stop-color="#4a7fc1"/><stop offset="1" stop-color="#f3d9a4"/></linearGradient></defs>
    <rect width="100%" height="100%" fill="url(#sky)"/>
    <circle cx="${width * 0.7}" cy="${height * 0.3}" r="${height * 0.12}" fill="#fff3c4"/>
    <path d="M0 ${height * 0.75} L${width * 0.3} ${height * 0.45} L${width * 0.55} ${height * 0.7} L${width * 0.8} ${height * 0.5} L${width} ${height * 0.72} V${height} H0Z" fill="#3d5a3a"/></svg>`;
  const grain = {
    width,
    height,
    channels: 3 as const,
    background: '#808080',
    noise: { type: 'gaussian' as const, mean: 128, sigma: 14 },
  };
  return sharp(Buffer.from(svg)).composite([{ input: { create: grain }, blend: 'overlay' }]);
}

let peakRss = process.memoryUsage().rss;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 20);

async function measure(name: string, source: Buffer, file: PreviewFile, query: Record<string, string>) {
  const params = ZPreviewParams.parse(query);
  await renderPreview(source, params, file); // warm-up: libvips' loaders and encoders
  const latencies: number[] = [];
  let next = 0;
  const rssBefore = process.memoryUsage().rss;
  peakRss = rssBefore;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        next++;
        const begin = performance.now();
        await renderPreview(source, params, file);
        latencies.push(performance.now() - begin);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const { p50, p99 } = summary(latencies);
  log(
    `${name}: ${(count / seconds).toFixed(2)} previews/s, p50 ${p50.toFixed(0)} ms, p99 ${p99.toFixed(0)} ms ` +
      `(${count} previews, ${concurrency} in flight, source ${(source.length / 1e6).toFixed(2)} MB), ` +
      `peak RSS ${mb(peakRss)} (${mb(rssBefore)} at its start)`,
  );
}

async function main() {
  log(
    `load average at start: ${loadavg()
      .map((value) => value.toFixed(2))
      .join(' ')}; ${availableParallelism()} cores`,
  );
  const jpeg = await photo(4000, 3000).jpeg({ quality: 90 }).toBuffer();
  const png = await photo(1000, 1000).png().toBuffer();
  await measure(
    '4000×3000 JPEG → 400×300 WebP',
    jpeg,
    { mimeType: 'image/jpeg', extension: 'jpg', sizeActual: jpeg.length },
    { width: '400', height: '300', output: 'webp' },
  );
  await measure(
    '1000×1000 PNG → 200×200 AVIF',
    png,
    { mimeType: 'image/png', extension: 'png', sizeActual: png.length },
    { width: '200', height: '200', output: 'avif' },
  );
  clearInterval(sampler);
  log(
    `load average at end: ${loadavg()
      .map((value) => value.toFixed(2))
      .join(' ')}`,
  );
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
