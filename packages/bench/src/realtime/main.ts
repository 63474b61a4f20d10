/**
 * `pnpm bench:realtime`: fan-out latency of /v1/realtime with `--clients` sockets connected to one
 * API process (Roster's production build), on the real database (embedded FerretDB unless
 * MONGODB_URI is set) and Redis.
 *
 * A team gets `--clients` confirmed members, each with a session of their own; every member opens
 * one socket (cookie auth) subscribed to `teams` and `memberships`. Then `--events` team events
 * are published at `--rate` per second on the Redis channel, as the worker's realtime consumer
 * publishes them. Latency = a socket's receipt of the frame − the publish, on this process's
 * clock; per event, the last socket's receipt is the fan-out time. Each event costs the server
 * one query for the team's members (its receivers are decided at delivery time).
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { generateEvents, type RosterEvent } from '@roster/db';
import { createRealtimePublisher, createRedisConnection } from '@roster/jobs';
import { WebSocket } from 'ws';
import { ensureBundles } from '../lib/bundles.ts';
import { databaseUri, startEnvironment } from '../lib/environment.ts';
import { startServerProcess } from '../lib/server-process.ts';
import { summary } from '../percentiles.ts';

const { values: args } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: {
    clients: { type: 'string', default: '1000' },
    // Distinct members (each with a session); the sockets are spread over them. Fewer members seed
    // faster on a loaded machine; each event still costs one read of the team's members.
    members: { type: 'string' },
    events: { type: 'string', default: '100' },
    rate: { type: 'string', default: '5' },
  },
});
const clients = Number(args.clients);
const members = Math.min(clients, Number(args.members ?? args.clients));
const eventCount = Number(args.events);
const rate = Number(args.rate);
const API_KEY = `bench-realtime-${randomBytes(16).toString('hex')}`;
const KEY = { 'x-appwrite-key': API_KEY, 'content-type': 'application/json' };

const log = (line: string) => process.stdout.write(`${line}\n`);
const ms = (value: number) => `${value.toFixed(1)} ms`;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

async function call<T>(url: string, procedure: string, input: unknown): Promise<T> {
  const response = await fetch(`${url}/trpc/${procedure}`, {
    method: 'POST',
    headers: KEY,
    body: JSON.stringify(input),
  });
  if (!response.ok) throw new Error(`${procedure}: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { result: { data: T } }).result.data;
}

/** Runs `task` over `items`, `width` at a time. */
async function inBatches<T, R>(items: T[], width: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += width) {
    results.push(...(await Promise.all(items.slice(i, i + width).map(task))));
  }
  return results;
}

async function main() {
  const environment = await startEnvironment();
  const bundles = await ensureBundles();
  const port = await freePort();
  const prefix = `{roster-bench-rt-${randomBytes(3).toString('hex')}}`;
  const api = await startServerProcess({
    name: 'roster-api',
    script: bundles.roster.api.script,
    nodeFlags: bundles.roster.api.flags,
    cwd: process.cwd(),
    port,
    readyPath: '/health',
    env: {
      PORT: String(port),
      MONGODB_URI: databaseUri(environment.mongoUri, `roster_bench_rt_${randomBytes(3).toString('hex')}`),
      REDIS_URL: environment.redisUrl,
      ROSTER_SECRET_KEY: randomBytes(32).toString('hex'),
      ROSTER_API_KEY: API_KEY,
      ROSTER_QUEUE_PREFIX: prefix,
      ROSTER_REALTIME_CONNECT_LIMIT: String(clients * 2),
      ROSTER_REALTIME_MAX_CONNECTIONS: String(clients * 2),
      LOG_LEVEL: 'warn',
    },
  });
  const sockets: WebSocket[] = [];
  const publisherRedis = createRedisConnection(environment.redisUrl, 'worker');
  try {
    log(`seeding a team of ${members} members with a session each…`);
    const team = await call<Record<string, unknown> & { $id: string }>(api.url, 'teams.create', {
      teamId: 'unique()',
      name: 'Realtime bench',
    });
    const tokens = await inBatches(
      Array.from({ length: members }, (_, i) => i),
      25,
      async (i) => {
        if (i > 0 && i % 100 === 0) log(`  ${i} members`);
        const user = await call<{ $id: string }>(api.url, 'users.create', {
          userId: 'unique()',
          email: `rt-${i}-${randomBytes(3).toString('hex')}@bench.test`,
        });
        await call(api.url, 'teams.createMembership', {
          teamId: team.$id,
          userId: user.$id,
          roles: ['member'],
        });
        return (await call<{ secret: string }>(api.url, 'users.createSession', { userId: user.$id })).secret;
      },
    );

    log(`connecting ${clients} sockets…`);
    const sentAt = new Map<string, number>();
    const latencies: number[] = [];
    const lastByEvent = new Map<string, number>();
    const received = new Map<string, number>();
    const socketTokens = Array.from({ length: clients }, (_, i) => tokens[i % tokens.length]!);
    await inBatches(socketTokens, 50, async (token) => {
      const socket = new WebSocket(`${api.url.replace('http', 'ws')}/v1/realtime?project=default`, {
        headers: { cookie: `a_session_default=${token}` },
      });
      sockets.push(socket);
      await new Promise<void>((resolve, reject) => {
        socket.on('message', (data) => {
          const now = performance.now();
          const text = (data as Buffer).toString('utf8');
          // Only the event id is read from an event frame: parsing 1,000 frames per event would
          // load this process, which shares the machine with the server.
          const at = text.indexOf('"eventId":"');
          if (at >= 0) {
            const id = text.slice(at + 11, text.indexOf('"', at + 11));
            const start = sentAt.get(id);
            if (start === undefined) return;
            latencies.push(now - start);
            lastByEvent.set(id, now - start);
            received.set(id, (received.get(id) ?? 0) + 1);
            return;
          }
          const frame = JSON.parse(text) as { type: string };
          if (frame.type === 'connected') {
            socket.send(
              JSON.stringify({ type: 'subscribe', data: [{ channels: ['teams', 'memberships'] }] }),
            );
          } else if (frame.type === 'response') {
            resolve();
          }
        });
        socket.on('error', reject);
      });
    });

    log(`publishing ${eventCount} team events at ${rate}/s…`);
    const publisher = createRealtimePublisher(publisherRedis, { prefix });
    for (let i = 0; i < eventCount; i += 1) {
      const params = { teamId: team.$id };
      const id = randomBytes(12).toString('hex');
      const event: RosterEvent = {
        id,
        template: 'teams.[teamId].update',
        params,
        names: generateEvents('teams.[teamId].update', params),
        // The event id in the payload lets each socket find the publish time.
        payload: { ...team, name: `Realtime bench ${i}`, eventId: id },
        resource: `team/${team.$id}`,
        sequence: i,
        teamId: team.$id,
        actor: {
          type: 'keyProject',
          userId: '',
          userName: '',
          userEmail: '',
          ip: '127.0.0.1',
          userAgent: 'bench',
        },
        createdAt: new Date(),
      };
      sentAt.set(id, performance.now());
      await publisher.consume([event]);
      await new Promise((resolve) => setTimeout(resolve, 1000 / rate));
    }
    await new Promise((resolve) => setTimeout(resolve, 10_000));

    const delivered = [...received.values()];
    const complete = delivered.filter((count) => count === clients).length;
    const all = summary(latencies);
    const last = summary([...lastByEvent.values()]);
    log('');
    log(
      `realtime fan-out, ${clients} sockets of ${members} members, ${eventCount} events at ${rate}/s (one API process):`,
    );
    log(
      `  deliveries: ${latencies.length} of ${clients * eventCount}; events reaching every socket: ${complete}`,
    );
    log(`  per socket  p50 ${ms(all.p50)}  p90 ${ms(all.p90)}  p99 ${ms(all.p99)}  max ${ms(all.max)}`);
    log(`  last socket p50 ${ms(last.p50)}  p90 ${ms(last.p90)}  p99 ${ms(last.p99)}  max ${ms(last.max)}`);
  } finally {
    for (const socket of sockets) socket.terminate();
    publisherRedis.disconnect();
    await api.stop();
    await environment.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
