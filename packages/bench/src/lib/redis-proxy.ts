import { connect, createServer, type Server, type Socket } from 'node:net';

export interface RedisProxy {
  /** `redis://127.0.0.1:<port>`: point a process's REDIS_URL here instead of at Redis. */
  readonly url: string;
  /** Commands sent since start, by name (`EVALSHA`, `BZPOPMIN`, …). */
  commands(): Map<string, number>;
  /** Total commands since start. */
  count(): number;
  close(): Promise<void>;
}

const CR = 13;

/**
 * Splits complete RESP requests off the front of `buffer`: a client sends each command as an array
 * of bulk strings (`*<n>\r\n$<len>\r\n<arg>\r\n…`), or inline (one line). Returns the names of the
 * complete commands and the offset of the first byte not yet consumed.
 */
export function parseRespRequests(buffer: Buffer): { names: string[]; consumed: number } {
  const names: string[] = [];
  let offset = 0;
  const line = (from: number): number => {
    const end = buffer.indexOf(CR, from);
    return end < 0 || end + 1 >= buffer.length ? -1 : end;
  };
  while (offset < buffer.length) {
    const start = offset;
    if (buffer[offset] !== 0x2a /* '*' */) {
      const end = line(offset);
      if (end < 0) break;
      names.push(buffer.toString('latin1', offset, end).split(' ')[0]!.toUpperCase());
      offset = end + 2;
      continue;
    }
    const headerEnd = line(offset);
    if (headerEnd < 0) break;
    const parts = Number(buffer.toString('latin1', offset + 1, headerEnd));
    let cursor = headerEnd + 2;
    let name = '';
    let complete = true;
    for (let index = 0; index < parts; index += 1) {
      const lengthEnd = cursor < buffer.length ? line(cursor) : -1;
      if (lengthEnd < 0) {
        complete = false;
        break;
      }
      const length = Number(buffer.toString('latin1', cursor + 1, lengthEnd));
      const dataStart = lengthEnd + 2;
      if (dataStart + length + 2 > buffer.length) {
        complete = false;
        break;
      }
      if (index === 0) name = buffer.toString('latin1', dataStart, dataStart + length).toUpperCase();
      cursor = dataStart + length + 2;
    }
    if (!complete) {
      offset = start;
      break;
    }
    names.push(name);
    offset = cursor;
  }
  return { names, consumed: offset };
}

/**
 * A TCP proxy between one process and Redis that counts the commands it sends, as wire-proxy.ts
 * does for the database: the bench's Redis may be shared, so Redis's own counters cannot tell
 * the worker's commands from anyone else's.
 */
export async function startRedisProxy(targetUrl: string): Promise<RedisProxy> {
  const target = new URL(targetUrl);
  const byName = new Map<string, number>();
  let total = 0;
  const sockets = new Set<Socket>();

  const server: Server = createServer((client) => {
    const upstream = connect(Number(target.port || 6379), target.hostname);
    sockets.add(client).add(upstream);
    let pending: Buffer = Buffer.alloc(0);
    client.on('data', (chunk: Buffer) => {
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      const { names, consumed } = parseRespRequests(pending);
      for (const name of names) {
        total += 1;
        byName.set(name, (byName.get(name) ?? 0) + 1);
      }
      pending = pending.subarray(consumed);
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => client.write(chunk));
    const close = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', close).on('error', close);
    upstream.on('close', close).on('error', close);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('proxy has no port');
  const url = new URL(targetUrl);
  url.hostname = '127.0.0.1';
  url.port = String(address.port);
  return {
    url: url.toString().replace(/\/$/, ''),
    commands: () => new Map(byName),
    count: () => total,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
