import { createHash, randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { MIME_SNIFF_BYTES, sniffMimeType } from './mime-sniff.ts';

const bytes = (...parts: (string | number[] | Buffer)[]) =>
  Buffer.concat(
    parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'latin1') : Buffer.from(part))),
  );
const le32 = (value: number) => {
  const buffer = Buffer.alloc(4);
  buffer.writeUInt32LE(value);
  return buffer;
};

/** Fixed noise (random bytes could start with some format's magic number, once in a while). */
const noise = (length: number) =>
  Buffer.concat(
    Array.from({ length: Math.ceil(length / 32) }, (_, index) =>
      createHash('sha256').update(`noise ${index}`).digest(),
    ),
  ).subarray(0, length);

// A 1×1 PNG.
const png = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
const jpeg = bytes(
  [0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10],
  'JFIF\0',
  [1, 1, 0, 0, 1, 0, 1, 0, 0],
  randomBytes(64),
);
const gif = bytes('GIF89a', [1, 0, 1, 0, 0x80, 0, 0], randomBytes(32));
const webp = bytes('RIFF', le32(64), 'WEBPVP8 ', le32(52), randomBytes(52));
const wav = bytes(
  'RIFF',
  le32(36),
  'WAVEfmt ',
  le32(16),
  [1, 0, 1, 0, 0x44, 0xac, 0, 0, 0x88, 0x58, 1, 0, 2, 0, 16, 0],
);
const be32 = (value: number) => {
  const buffer = Buffer.alloc(4);
  buffer.writeUInt32BE(value);
  return buffer;
};
const avi = bytes('RIFF', le32(200), 'AVI LIST', le32(100), 'hdrlavih', le32(56), Buffer.alloc(120));
const aiff = bytes('FORM', be32(100), 'AIFFCOMM', be32(18), Buffer.alloc(100));
const pdf = bytes('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n');
const mp4 = bytes([0, 0, 0, 0x18], 'ftypisom', [0, 0, 2, 0], 'isomiso2', [0, 0, 0, 8], 'free');
const mp3 = bytes('ID3', [4, 0, 0, 0, 0, 0, 0], [0xff, 0xfb, 0x90, 0x64], randomBytes(64));
const bmp = bytes(
  'BM',
  le32(70),
  [0, 0, 0, 0],
  le32(54),
  le32(40),
  le32(1),
  le32(1),
  [1, 0, 24, 0],
  randomBytes(24),
);
const zip = bytes(
  'PK\x03\x04',
  [20, 0, 0, 0, 0, 0, 0, 0, 0, 0],
  le32(0),
  le32(5),
  le32(5),
  [5, 0, 0, 0],
  'a.txt',
  'hello',
);
/** A ZIP of stored (uncompressed) entries, as far as local file headers go: what sniffing reads. */
const zipOf = (entries: Record<string, string>) =>
  Buffer.concat(
    Object.entries(entries).map(([name, content]) =>
      bytes(
        'PK\x03\x04',
        [20, 0, 0, 0, 0, 0, 0, 0, 0, 0],
        le32(0),
        le32(content.length),
        le32(content.length),
        [name.length, 0, 0, 0],
        name,
        content,
      ),
    ),
  );
const docx = zipOf({
  '[Content_Types].xml':
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
  'word/document.xml': '<?xml version="1.0"?><w:document/>',
});
const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"><rect width="1" height="1"/></svg>';

const cases: [string, Buffer, string][] = [
  ['PNG', png, 'image/png'],
  ['JPEG', jpeg, 'image/jpeg'],
  ['GIF', gif, 'image/gif'],
  ['WebP', webp, 'image/webp'],
  ['BMP', bmp, 'image/bmp'],
  ['PDF', pdf, 'application/pdf'],
  // libmagic's names where file-type's differ (checked against `file --mime-type` 5.44).
  ['WAV', wav, 'audio/x-wav'],
  ['AVI', avi, 'video/x-msvideo'],
  ['AIFF', aiff, 'audio/x-aiff'],
  ['RTF', bytes('{\\rtf1\\ansi hello}'), 'text/rtf'],
  ['MP4', mp4, 'video/mp4'],
  ['MP3', mp3, 'audio/mpeg'],
  ['ZIP', zip, 'application/zip'],
  ['DOCX', docx, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
  ['gzip', gzipSync('hello'), 'application/gzip'],
  ['SVG', Buffer.from(svg), 'image/svg+xml'],
  [
    'SVG with an XML declaration, a comment and a doctype',
    Buffer.from(
      `<?xml version="1.0" encoding="UTF-8"?>\n<!-- drawn by hand -->\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n${svg}`,
    ),
    'image/svg+xml',
  ],
  ['HTML with a doctype', Buffer.from('<!DOCTYPE html>\n<html><body>hi</body></html>'), 'text/html'],
  ['an HTML fragment', Buffer.from('\n  <div class="x">hi</div>'), 'text/html'],
  ['a JSON object', Buffer.from('{"name": "Ada", "tags": ["a", "b"]}'), 'application/json'],
  ['a JSON array after a byte-order mark', Buffer.from('\uFEFF [1, 2, 3]\n'), 'application/json'],
  ['text that only starts like JSON', Buffer.from('{ not json }'), 'text/plain'],
  ['XML', Buffer.from('<?xml version="1.0"?>\n<note><to>Ada</to></note>'), 'text/xml'],
  ['UTF-8 text', Buffer.from('Grüße, 世界 ✓\nsecond line\ttabbed\n'), 'text/plain'],
  ['Latin-1 text (text for libmagic too)', Buffer.from('caf\xe9 cr\xe8me', 'latin1'), 'text/plain'],
  ['text with BEL, VT, ESC and DEL', Buffer.from('a\x07b\x0bc\x1bd\x7fe'), 'text/plain'],
  ['text with a control character', Buffer.from('abc\x01def'), 'application/octet-stream'],
  ['text with NUL bytes', Buffer.from('abc\0def'), 'application/octet-stream'],
  ['binary noise', noise(4096), 'application/octet-stream'],
];

describe('sniffMimeType', () => {
  it.each(cases.map(([name, content, expected]) => [name, expected, content] as const))(
    '%s → %s',
    async (_name, expected, content) => {
      expect(await sniffMimeType(content, content.length)).toBe(expected);
    },
  );

  it('calls an empty file what libmagic calls it', async () => {
    expect(await sniffMimeType(Buffer.alloc(0), 0)).toBe('application/x-empty');
  });

  it('judges a long text by its head, even when the head ends inside a character', async () => {
    const text = Buffer.from('€'.repeat(MIME_SNIFF_BYTES)); // 3 bytes each: the head cuts one
    expect(await sniffMimeType(text.subarray(0, MIME_SNIFF_BYTES), text.length)).toBe('text/plain');
  });

  it('does not call a long text JSON from its head alone', async () => {
    const head = Buffer.from(`[${'1,'.repeat(MIME_SNIFF_BYTES)}`).subarray(0, MIME_SNIFF_BYTES);
    expect(await sniffMimeType(head, MIME_SNIFF_BYTES * 3)).toBe('text/plain');
  });
});
