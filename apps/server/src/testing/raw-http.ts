import { request, type IncomingHttpHeaders } from 'node:http';

/** What a raw request got back: status, headers (lower-cased names) and the parsed JSON body. */
export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: unknown;
}

/**
 * One HTTP request through `node:http`, so the test controls every header, `Host` included (fetch
 * does not let a caller set it). Only loopback servers: `baseUrl` is a test server's `url`.
 */
export function rawRequest(
  baseUrl: string,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: unknown },
): Promise<RawResponse> {
  const url = new URL(options.path, baseUrl);
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: options.method ?? (payload === undefined ? 'GET' : 'POST'),
        headers: {
          ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
          ...options.headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown = text;
          try {
            body = text ? JSON.parse(text) : undefined;
          } catch {
            // not JSON: keep the text
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** The Appwrite error type of a single tRPC or REST error response, if any. */
export function errorTypeOf(response: RawResponse): string | undefined {
  const body = response.body as
    | { error?: { data?: { type?: string } }; type?: string }
    | Array<{ error?: { data?: { type?: string } } }>
    | undefined;
  if (!body || Array.isArray(body)) return undefined;
  return body.error?.data?.type ?? body.type;
}

/** A tRPC mutation: `POST /trpc/<procedure>` with `input` as the JSON body. */
export function trpcMutation(
  baseUrl: string,
  procedure: string,
  input: unknown,
  headers: Record<string, string> = {},
): Promise<RawResponse> {
  return rawRequest(baseUrl, { path: `/trpc/${procedure}`, body: input, headers });
}

/** One batched tRPC request running `procedure` once per input: `POST /trpc/p,p,…?batch=1`. */
export async function trpcBatch(
  baseUrl: string,
  procedure: string,
  inputs: readonly unknown[],
  headers: Record<string, string> = {},
): Promise<{ response: RawResponse; types: (string | undefined)[] }> {
  const body = Object.fromEntries(inputs.map((input, index) => [String(index), input]));
  const response = await rawRequest(baseUrl, {
    path: `/trpc/${inputs.map(() => procedure).join(',')}?batch=1`,
    body,
    headers,
  });
  const items = response.body as Array<{ error?: { data?: { type?: string } } }>;
  if (!Array.isArray(items)) throw new Error(`not a batch answer: ${JSON.stringify(response.body)}`);
  return { response, types: items.map((item) => item.error?.data?.type) };
}
