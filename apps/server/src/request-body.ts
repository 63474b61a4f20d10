import { type Request, type RequestHandler } from 'express';
import { sendError, type Adapter } from './edge-errors.ts';

/** Request bodies up to this size on both adapters; prefs alone may be 64 KiB. */
export const MAX_BODY_BYTES = 256 * 1024;

/**
 * JSON nested deeper than this is refused: the adapters serialise and walk bodies recursively,
 * and a body of 5,000 `[` fits in 10 KiB and overflows the stack (a 500 the fuzz suite found).
 */
export const MAX_JSON_DEPTH = 64;

export const BODY_ERRORS = {
  tooDeep: `The request body is nested deeper than ${MAX_JSON_DEPTH} levels.`,
  tooLarge: `The request body is larger than ${MAX_BODY_BYTES / 1024} KiB.`,
  notJson: 'The request body must be JSON (Content-Type: application/json).',
  invalidJson: 'The request body is not valid JSON.',
  encoding: 'The request body must be UTF-8 JSON.',
};

/** The media type and charset of a Content-Type header, lower-cased. */
function contentTypeOf(req: Request): { type: string; charset: string | undefined } {
  const [type = '', ...params] = (req.headers['content-type'] ?? '').toLowerCase().split(';');
  const charset = params
    .map((param) => param.trim().split('='))
    .find(([name]) => name === 'charset')?.[1]
    ?.replace(/^"|"$/g, '');
  return { type: type.trim(), charset };
}

/** Whether JSON `text` opens more than `max` arrays or objects at once (brackets in strings do not count). */
export function nestedDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (inString) {
      if (char === '\\') index++;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === '{' || char === '[') {
      if (++depth > max) return true;
    } else if (char === '}' || char === ']') depth--;
  }
  return false;
}

const hasBody = (req: Request) =>
  req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;

/**
 * Reads at most `limit` bytes: `undefined` once the body turns out larger, after which nothing
 * more is read (the stream is paused and left to be closed with the connection).
 */
function readAtMost(req: Request, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) {
        chunks.push(chunk);
        return;
      }
      cleanup();
      req.pause();
      resolve(undefined);
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.concat(chunks, size));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const onClose = () => {
      cleanup();
      reject(new Error('the client closed the request before its body ended'));
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });
}

/**
 * Bounded request bodies for one adapter, read before the adapter runs:
 * - a body over MAX_BODY_BYTES is refused as soon as that is known (from Content-Length, or when
 *   the count passes it), without reading the rest (sendError closes the connection);
 * - /trpc takes JSON only (not `multipart/form-data`, `text/plain` or a form: a cross-site form
 *   cannot reach a mutation), and gets the text, which tRPC parses once;
 * - /v1 gets the parsed JSON (what express.json gave it); other content types are left to the
 *   REST adapter, which refuses them where a body is expected.
 * Compressed bodies are refused (no inflation of small requests into big ones).
 */
export function boundedBody(adapter: Adapter): RequestHandler {
  return (req, res, next) => {
    const refuse = (message: string) => sendError(res, adapter, 'general_argument_invalid', { message });
    const { type, charset } = contentTypeOf(req);
    const isJson = type === 'application/json';
    if (adapter === 'trpc' && req.method !== 'GET' && req.method !== 'HEAD' && !isJson) {
      return refuse(BODY_ERRORS.notJson);
    }
    if (!hasBody(req)) return next();
    if (Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES) return refuse(BODY_ERRORS.tooLarge);
    const encoding = req.headers['content-encoding']?.toLowerCase() ?? 'identity';
    if (
      encoding !== 'identity' ||
      (isJson && charset !== undefined && charset !== 'utf-8' && charset !== 'utf8')
    ) {
      return refuse(BODY_ERRORS.encoding);
    }

    readAtMost(req, MAX_BODY_BYTES).then(
      (buffer) => {
        if (!buffer) return refuse(BODY_ERRORS.tooLarge);
        const text = buffer.toString('utf8');
        if (isJson && nestedDeeperThan(text, MAX_JSON_DEPTH)) return refuse(BODY_ERRORS.tooDeep);
        if (adapter === 'trpc') {
          req.body = text;
          return next();
        }
        if (!isJson) {
          req.body = undefined;
          return next();
        }
        // Like express.json (strict): an object or an array; an empty body is `{}`.
        const trimmed = text.trim();
        if (trimmed === '') {
          req.body = {};
          return next();
        }
        if (trimmed[0] !== '{' && trimmed[0] !== '[') return refuse(BODY_ERRORS.invalidJson);
        try {
          req.body = JSON.parse(trimmed) as unknown;
        } catch {
          return refuse(BODY_ERRORS.invalidJson);
        }
        next();
      },
      // The client went away mid-body: there is no one to answer.
      () => req.destroy(),
    );
  };
}
