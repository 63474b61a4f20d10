/**
 * The realtime side of the server's tests: a WebSocket client of `/v1/realtime` that records
 * every frame, and events published the way the worker publishes them (over Redis pub/sub).
 */
import { randomBytes } from 'node:crypto';
import { generateEvents, type RosterEvent } from '@roster/db';
import { createRealtimePublisher, createRedisConnection } from '@roster/jobs';
import { testServices } from '@roster/testkit/vitest';
import { WebSocket } from 'ws';
import { type TestServer } from './http-server.ts';

export interface Frame {
  type: string;
  data?: Record<string, unknown> & {
    code?: number;
    message?: string;
    subscriptions?: unknown;
    payload?: Record<string, unknown>;
  };
}

export interface RealtimeClient {
  socket: WebSocket;
  frames: Frame[];
  /** The first frame (already received or to come) matching `match`, after those already taken. */
  next(match: (frame: Frame) => boolean, timeoutMs?: number): Promise<Frame>;
  send(message: unknown): void;
  /** Sends a `subscribe` and waits for its response. */
  subscribe(channels: string[], subscriptionId?: string): Promise<Frame>;
  /** Event frames received so far. */
  events(): Frame[];
  /** Resolves with the close code once the server or the client closed the socket. */
  closed: Promise<{ code: number; reason: string }>;
  close(): void;
}

export async function connectRealtime(
  server: Pick<TestServer, 'url'>,
  { headers = {}, query = 'project=default' }: { headers?: Record<string, string>; query?: string } = {},
): Promise<RealtimeClient> {
  const socket = new WebSocket(`${server.url.replace(/^http/, 'ws')}/v1/realtime?${query}`, { headers });
  const frames: Frame[] = [];
  const waiters: (() => void)[] = [];
  const taken = new Set<Frame>();
  socket.on('message', (data) => {
    frames.push(JSON.parse((data as Buffer).toString('utf8')) as Frame);
    for (const wake of waiters.splice(0)) wake();
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.on('close', (code, reason) => {
      resolve({ code, reason: reason.toString() });
      for (const wake of waiters.splice(0)) wake();
    }),
  );
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });

  async function next(match: (frame: Frame) => boolean, timeoutMs = 5000): Promise<Frame> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = frames.find((frame) => !taken.has(frame) && match(frame));
      if (found) {
        taken.add(found);
        return found;
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching frame; got ${JSON.stringify(frames)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  const send = (message: unknown) => socket.send(JSON.stringify(message));
  return {
    socket,
    frames,
    next,
    send,
    async subscribe(channels, subscriptionId = randomBytes(6).toString('hex')) {
      send({ type: 'subscribe', data: [{ subscriptionId, channels, queries: [] }] });
      return next((frame) => frame.type === 'response' && frame.data?.to === 'subscribe');
    },
    events: () => frames.filter((frame) => frame.type === 'event'),
    closed,
    close: () => socket.close(),
  };
}

/** Waits `ms`: how long a test lets an event it expects NOT to arrive have to arrive. */
export const settle = (ms = 300) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A RosterEvent as the stream records it, for a change the test made through the API: the
 * template, its parameters and the REST model it returned.
 */
export function rosterEvent(
  template: string,
  params: Record<string, string>,
  payload: Record<string, unknown>,
  { actorId = '' }: { actorId?: string } = {},
): RosterEvent {
  const teamId = params.teamId;
  const userId = params.userId ?? (payload.userId as string | undefined);
  return {
    id: randomBytes(12).toString('hex'),
    template,
    params,
    names: generateEvents(template, params),
    payload,
    resource: teamId ? `team/${teamId}` : `user/${userId}`,
    sequence: Date.now(),
    ...(teamId ? { teamId } : {}),
    ...(userId ? { userId } : {}),
    actor: {
      type: actorId ? 'user' : 'keyProject',
      userId: actorId,
      userName: '',
      userEmail: '',
      ip: '127.0.0.1',
      userAgent: 'test',
    },
    createdAt: new Date(),
  };
}

/** Publishes events on the Redis channel of `prefix` as the worker's realtime consumer does. */
export async function publishEvents(prefix: string, events: RosterEvent[]): Promise<void> {
  const redis = createRedisConnection(testServices().redisUrl, 'worker');
  try {
    await createRealtimePublisher(redis, { prefix }).consume(events);
  } finally {
    redis.disconnect();
  }
}
