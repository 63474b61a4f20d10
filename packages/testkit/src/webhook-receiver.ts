import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { type AddressInfo } from 'node:net';

/** One request the receiver got, with what an Appwrite user's verification concluded. */
export interface ReceivedWebhook {
  path: string;
  headers: IncomingHttpHeaders;
  rawBody: string;
  /** The signature matched HMAC-SHA1(secret, URL + raw body), compared in constant time. */
  signatureValid: boolean;
  status: number;
}

export interface WebhookReceiver {
  /** `http://127.0.0.1:<port>`; add a path of your own. */
  readonly origin: string;
  readonly received: ReceivedWebhook[];
  /** The secret to verify with (returned once by webhook create or rotation). */
  setSecret(secret: string): void;
  /** Status codes answered in turn; once used up, `fallback` (default 200). */
  respondWith(statuses: number[], fallback?: number): void;
  /** Answers after this delay (to exceed a timeout). */
  delayMs(ms: number): void;
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedWebhook[]>;
  clear(): void;
  stop(): Promise<void>;
}

/**
 * A webhook receiver on 127.0.0.1, written the way an Appwrite user writes one: it recomputes
 * `X-Appwrite-Webhook-Signature` as base64(HMAC-SHA1(secret, URL + raw body)) over the URL it was
 * registered with and compares in constant time.
 */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  let secret = '';
  let statuses: number[] = [];
  let fallback = 200;
  let delay = 0;
  let origin = '';
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      const url = origin + (request.url ?? '/');
      const expected = createHmac('sha1', secret)
        .update(url + rawBody)
        .digest();
      const given = Buffer.from(String(request.headers['x-appwrite-webhook-signature'] ?? ''), 'base64');
      const signatureValid = given.length === expected.length && timingSafeEqual(given, expected);
      const status = statuses.shift() ?? fallback;
      const answer = () => {
        received.push({
          path: request.url ?? '/',
          headers: request.headers,
          rawBody,
          signatureValid,
          status,
        });
        response.writeHead(status, { 'Content-Type': 'text/plain' }).end(`answered ${status}`);
      };
      if (delay > 0) setTimeout(answer, delay);
      else answer();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    received,
    setSecret: (value) => void (secret = value),
    respondWith: (list, otherwise = 200) => {
      statuses = [...list];
      fallback = otherwise;
    },
    delayMs: (ms) => void (delay = ms),
    async waitFor(count, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        if (Date.now() > deadline)
          throw new Error(`expected ${count} webhook requests, got ${received.length}`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      return received;
    },
    clear: () => {
      received.length = 0;
      statuses = [];
      fallback = 200;
      delay = 0;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
