import { fileTypeFromBuffer } from 'file-type';

/*
 * A file's MIME type comes from its content, never from the client (as Appwrite's libmagic).
 * file-type knows the binary formats by their magic numbers; text formats have none, so SVG,
 * HTML, JSON, XML and plain text are recognised here, on the first `MIME_SNIFF_BYTES` bytes.
 */

/** How much of the start of a file the sniffing sees. */
export const MIME_SNIFF_BYTES = 1_048_576;

// Where file-type and libmagic (Appwrite's detector) name a format differently, libmagic's name:
// view's inline allow-list is written in its names (`audio/x-wav`, not `audio/wav`).
const LIBMAGIC_NAMES: Readonly<Record<string, string>> = {
  'audio/wav': 'audio/x-wav',
  'audio/aiff': 'audio/x-aiff',
  'video/vnd.avi': 'video/x-msvideo',
  'image/x-icon': 'image/vnd.microsoft.icon',
  'application/x-rar-compressed': 'application/x-rar',
  'application/rtf': 'text/rtf',
};

// What libmagic reports for an empty file.
const EMPTY = 'application/x-empty';
const UNKNOWN = 'application/octet-stream';

/** The MIME type of a file whose first bytes are `head` (at most `MIME_SNIFF_BYTES`) of `size`. */
export async function sniffMimeType(head: Buffer, size: number): Promise<string> {
  if (size === 0) return EMPTY;
  const detected = await fileTypeFromBuffer(head);
  // file-type calls anything starting with `<?xml` XML, SVG included: the text rules decide those.
  if (detected && detected.mime !== 'application/xml') return LIBMAGIC_NAMES[detected.mime] ?? detected.mime;
  const whole = head.length >= size;
  if (isText(head)) return textType(head.toString('utf8'), whole);
  return detected?.mime ?? UNKNOWN;
}

// libmagic's rule (checked with `file` 5.44): text is anything without control characters other
// than these, whatever its character set (UTF-8, ISO-8859, …).
const TEXT_CONTROLS = new Set([0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1b]);

function isText(head: Buffer): boolean {
  return !head.some((byte) => byte < 0x20 && !TEXT_CONTROLS.has(byte));
}

const SVG = /^(?:<\?xml[^>]*>\s*)?(?:<!--[\s\S]*?-->\s*|<!DOCTYPE[^>]*>\s*)*<svg[\s>]/i;
const HTML =
  /^(?:<!--[\s\S]*?-->\s*)*<(?:!DOCTYPE\s+html|html|head|body|title|script|style|table|h1|br|p|div|iframe|a)[\s>]/i;

function textType(text: string, whole: boolean): string {
  const start = text.replace(/^\uFEFF/, '').trimStart();
  if (SVG.test(start)) return 'image/svg+xml';
  if (HTML.test(start)) return 'text/html';
  // A JSON document is only recognised whole: a prefix proves nothing.
  if (whole && (start.startsWith('{') || start.startsWith('[')) && parsesAsJson(start))
    return 'application/json';
  if (start.startsWith('<?xml')) return 'text/xml';
  return 'text/plain';
}

function parsesAsJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
