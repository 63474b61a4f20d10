import { createServer, type Server } from 'node:http';
import { type Duplex } from 'node:stream';
import { errorBody } from '@roster/api';
import { type Express } from 'express';

/**
 * Requests that Node's HTTP parser rejects before Express sees them (a URL and headers over
 * 16 KiB, malformed HTTP) still get an Appwrite error body instead of a bare status line.
 */
function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (!socket.writable || error.code === 'ECONNRESET') {
    socket.destroy();
    return;
  }
  const message =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? 'The request URL and headers are larger than 16 KiB.'
      : 'The request is not valid HTTP.';
  const body = JSON.stringify(errorBody('general_argument_invalid', message));
  socket.end(
    'HTTP/1.1 400 Bad Request\r\nContent-Type: application/json; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/** Serves `app` on `port` (0: a free one); resolves once listening. */
export async function listen(app: Express, port: number, host?: string): Promise<Server> {
  const server = createServer(app);
  server.on('clientError', answerClientError);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return server;
}
