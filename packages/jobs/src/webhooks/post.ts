import http from 'node:http';
import https from 'node:https';
import { type LookupFunction } from 'node:net';
import {
  bareHostname,
  checkWebhookUrl,
  type NetworkPolicy,
  type ResolvedAddress,
  type Resolver,
} from './ssrf.ts';

/** Opens the request; injectable so tests can prove a refused URL was never connected to. */
export type Connector = (
  url: URL,
  options: https.RequestOptions,
  onResponse: (response: http.IncomingMessage) => void,
) => http.ClientRequest;

export const nodeConnector: Connector = (url, options, onResponse) =>
  (url.protocol === 'https:' ? https : http).request(url, options, onResponse);

export interface PostOptions {
  url: string;
  body: string;
  headers: Record<string, string>;
  /** Verify the server's certificate (https only). */
  tls: boolean;
  timeoutMs: number;
  /** Bytes of the response body kept (and read: the rest is discarded unread). */
  excerptBytes: number;
  policy: NetworkPolicy;
  resolve: Resolver;
  connect?: Connector;
}

export interface PostResult {
  /** 0 when no response arrived. */
  statusCode: number;
  excerpt: string;
  /** Why no usable response arrived (refused, timeout, connection error). */
  error: string;
  /** The SSRF rule refused the URL: nothing was connected to. */
  refused: boolean;
  durationMs: number;
}

/** A `lookup` that answers with the address already checked, whatever DNS says now. */
function pinnedLookup(pinned: ResolvedAddress): LookupFunction {
  return ((_hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    if (options?.all) callback(null, [{ address: pinned.address, family: pinned.family }]);
    else callback(null, pinned.address, pinned.family);
  }) as LookupFunction;
}

/**
 * POSTs a delivery (docs/events.md#webhooks): checks the URL with the SSRF rule on the resolved
 * address, connects to exactly that address, follows no redirect (a 3xx is the answer, as in
 * Appwrite), gives up after `timeoutMs` in total and keeps the first `excerptBytes` of the body.
 */
export async function postWebhook(options: PostOptions): Promise<PostResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  let pinned: ResolvedAddress;
  try {
    pinned = await checkWebhookUrl(options.url, options.policy, options.resolve);
  } catch (error) {
    return {
      statusCode: 0,
      excerpt: '',
      error: (error as Error).message,
      refused: true,
      durationMs: elapsed(),
    };
  }
  const url = new URL(options.url);
  const connect = options.connect ?? nodeConnector;
  return new Promise<PostResult>((resolve) => {
    let settled = false;
    const finish = (result: Omit<PostResult, 'durationMs' | 'refused'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...result, refused: false, durationMs: elapsed() });
    };
    const request = connect(
      url,
      {
        method: 'POST',
        headers: { ...options.headers, 'Content-Length': String(Buffer.byteLength(options.body)) },
        lookup: pinnedLookup(pinned),
        agent: false,
        rejectUnauthorized: options.tls,
        ...(url.protocol === 'https:' ? { servername: bareHostname(url) } : {}),
      },
      (response) => {
        const chunks: Buffer[] = [];
        let kept = 0;
        const done = () =>
          finish({
            statusCode: response.statusCode ?? 0,
            excerpt: Buffer.concat(chunks).toString('utf8'),
            error: '',
          });
        response.on('data', (chunk: Buffer) => {
          if (kept < options.excerptBytes) {
            const part = chunk.subarray(0, options.excerptBytes - kept);
            chunks.push(part);
            kept += part.length;
          }
          if (kept >= options.excerptBytes) {
            done();
            response.destroy();
          }
        });
        response.on('end', done);
        response.on('error', done);
        response.on('close', done);
      },
    );
    const timer = setTimeout(() => {
      finish({ statusCode: 0, excerpt: '', error: `Timed out after ${options.timeoutMs} ms` });
      request.destroy();
    }, options.timeoutMs);
    request.on('error', (error) => finish({ statusCode: 0, excerpt: '', error: error.message }));
    // A Buffer body makes Node write the header block as latin1 (a string body would make it UTF-8).
    request.end(Buffer.from(options.body, 'utf8'));
  });
}
