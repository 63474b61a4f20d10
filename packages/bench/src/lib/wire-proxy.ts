import { createServer, connect, type Server, type Socket } from 'node:net';

/** Commands the driver sends on its own (server monitoring, session cleanup), not for a request. */
const HOUSEKEEPING = new Set([
  'hello',
  'ismaster',
  'isMaster',
  'ping',
  'endSessions',
  'buildInfo',
  'saslStart',
]);

const OP_MSG = 2013;
const OP_QUERY = 2004;

export interface WireProxy {
  /** `mongodb://127.0.0.1:<port>/`: point a server's MONGODB_URI here instead of at the database. */
  readonly uri: string;
  /** Commands sent since start (housekeeping excluded), by command name. */
  commands(): Map<string, number>;
  /** Total commands since start (housekeeping excluded). */
  count(): number;
  close(): Promise<void>;
}

/**
 * A TCP proxy between one server under test and the database that counts the commands the
 * server sends (MongoDB wire protocol: every request is one OP_MSG, whose first body field names
 * the command). It sees every client alike (Mongoose, the bare driver, better-auth), costs one
 * extra loopback hop per round trip for every server equally, and needs no change to their code.
 */
export async function startWireProxy(
  targetUri: string,
  options: { byCollection?: boolean } = {},
): Promise<WireProxy> {
  const target = new URL(targetUri);
  const byName = new Map<string, number>();
  let total = 0;
  const sockets = new Set<Socket>();

  const record = (name: string) => {
    if (HOUSEKEEPING.has(name)) return;
    total += 1;
    byName.set(name, (byName.get(name) ?? 0) + 1);
  };

  const server: Server = createServer((client) => {
    const upstream = connect(Number(target.port), target.hostname);
    sockets.add(client).add(upstream);
    let pending: Buffer = Buffer.alloc(0);
    client.on('data', (chunk: Buffer) => {
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      // Walk the complete messages in the buffer; keep a partial one for the next chunk.
      while (pending.length >= 16) {
        const length = pending.readInt32LE(0);
        if (pending.length < length) break;
        const opCode = pending.readInt32LE(12);
        if (opCode === OP_MSG || opCode === OP_QUERY) {
          record(commandName(pending, opCode, options.byCollection));
        }
        pending = pending.subarray(length);
      }
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
  return {
    uri: `mongodb://127.0.0.1:${address.port}/`,
    commands: () => new Map(byName),
    count: () => total,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/**
 * The command of one message: OP_MSG is header(16) flags(4) then sections; the kind-0 section is
 * one BSON document whose first element's name is the command. OP_QUERY (legacy handshake) is
 * header(16) flags(4) collection-cstring skip(4) return(4) then the document. With
 * `withCollection`, a command whose value is a string (its collection) is named `find users`.
 */
export function commandName(message: Buffer, opCode: number, withCollection = false): string {
  let offset = 20;
  if (opCode === OP_QUERY) {
    offset = message.indexOf(0, offset) + 1 + 8;
  } else {
    // Skip kind-1 sections (document sequences) until the kind-0 body.
    while (offset < message.length && message[offset] === 1) offset += 1 + message.readInt32LE(offset + 1);
    offset += 1;
  }
  const nameStart = offset + 4 + 1; // document size, element type
  const nameEnd = message.indexOf(0, nameStart);
  if (nameEnd <= nameStart) return '?';
  const name = message.toString('utf8', nameStart, nameEnd);
  if (!withCollection || message[nameStart - 1] !== 0x02) return name;
  const length = message.readInt32LE(nameEnd + 1);
  return `${name} ${message.toString('utf8', nameEnd + 5, nameEnd + 4 + length)}`;
}
