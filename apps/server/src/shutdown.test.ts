import { once } from 'node:events';
import { createServer, request, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { closeHttpServer } from './shutdown.ts';

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
