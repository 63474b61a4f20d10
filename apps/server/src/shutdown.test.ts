import { once } from 'node:events';
import { createServer, request, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { closeHttpServer, trackHandlers } from './shutdown.ts';

function get(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ port, path, host: '127.0.0.1', agent: false }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('closeHttpServer', () => {
  let server: Server | undefined;
  afterEach(() => {
    server?.closeAllConnections();
  });

  async function listen(delayMs: number): Promise<number> {
    server = createServer((_req, res) => {
      setTimeout(() => res.end('done'), delayMs);
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return (server.address() as AddressInfo).port;
  }

  it('lets an in-flight request finish and refuses new connections', async () => {
    const port = await listen(300);
    const inFlight = get(port, '/slow');
    await new Promise((resolve) => setTimeout(resolve, 50));

    const closing = closeHttpServer(server!, 5000);
    await expect(get(port, '/late')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect(await inFlight).toEqual({ status: 200, body: 'done' });
    await closing;
  });

  it('cuts requests still running after the timeout', async () => {
    const port = await listen(10_000);
    const inFlight = get(port, '/stuck');
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    await closeHttpServer(server!, 200);
    expect(Date.now() - started).toBeLessThan(2000);
    await expect(inFlight).rejects.toMatchObject({ code: 'ECONNRESET' });
  });
});

describe('trackHandlers', () => {
  let server: Server | undefined;
  afterEach(() => {
    server?.closeAllConnections();
  });

  it('after a cut, idle() waits for the handler that is still running, then resolves true', async () => {
    const events: string[] = [];
    server = createServer((_req, res) => {
      setTimeout(() => {
        events.push('handler finished its work');
        res.end('late');
      }, 600);
    });
    const handlers = trackHandlers(server);
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const port = (server.address() as AddressInfo).port;
    const cut = get(port, '/slow').catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(handlers.active()).toBe(1);

    await closeHttpServer(server, 100);
    expect(await cut).toMatchObject({ code: 'ECONNRESET' });
    expect(events).toEqual([]);
    expect(await handlers.idle(5000)).toBe(true);
    expect(events).toEqual(['handler finished its work']);
    expect(handlers.active()).toBe(0);
  });

  it('counts a response ended synchronously, and idle() gives up after its timeout', async () => {
    server = createServer((req, res) => {
      if (req.url === '/now') res.end('now');
    });
    const handlers = trackHandlers(server);
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const port = (server.address() as AddressInfo).port;
    expect(await get(port, '/now')).toEqual({ status: 200, body: 'now' });
    expect(handlers.active()).toBe(0);
    void get(port, '/never').catch(() => {});
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await handlers.idle(100)).toBe(false);
  });
});
