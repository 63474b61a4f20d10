import { randomBytes } from 'node:crypto';
import { type IncomingMessage, type Server } from 'node:http';
import { type Duplex } from 'node:stream';
import {
  clientAddressKey,
  membershipView,
  resolveRealtimeSession,
  sessionStillValid,
  sessionTokenOf,
  type ApiDeps,
  type HttpRequest,
  type RealtimeSession,
} from '@roster/api';
import { DELIVERY_EVENT_TEMPLATE, OWNER, type RosterEvent } from '@roster/db';
import { decodeRealtimeEvent, realtimeChannel, type Redis } from '@roster/jobs';
import { type Express } from 'express';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { z } from 'zod';
import { type Logger } from '../logger.ts';
import {
  channelsOf,
  connectionChannels,
  memberPayload,
  publicPayload,
  realtimeTimestamp,
  targetOf,
  type EventTarget,
} from './routing.ts';

/** The templates of ownership offers' events (docs/api.md#ownership-transfers). */
const OWNERSHIP_TRANSFER_EVENTS = 'teams.[teamId].ownershipTransfers.';

/** Where the realtime endpoint is served: the path Appwrite's SDKs derive from the REST endpoint. */
export const REALTIME_PATH = '/v1/realtime';

/** A team's join links are for its owners (their REST routes are owner-only), in realtime too. */
const JOIN_LINK_TEMPLATES = 'teams.[teamId].joinLinks.';

export interface RealtimeSettings {
  /** Largest inbound frame, in bytes (Appwrite's 64 000); a larger one closes the socket with 1009. */
  maxFrameBytes: number;
  /** New connections per client address per minute (Appwrite: 128). */
  connectsPerMinute: number;
  /** Messages per connection per minute (Appwrite: 32); over it, error 1013 and the socket stays open. */
  messagesPerMinute: number;
  /** A socket that sent nothing (not even a ping) for this long is closed; the SDKs ping every 20 s. */
  idleTimeoutMs: number;
  /** Open sockets this process accepts; beyond, 1013. */
  maxConnections: number;
}

export const DEFAULT_REALTIME_SETTINGS: RealtimeSettings = {
  maxFrameBytes: 64_000,
  connectsPerMinute: 128,
  messagesPerMinute: 32,
  idleTimeoutMs: 60_000,
  maxConnections: 10_000,
};

/** Close codes (docs/events.md#realtime). */
export const CLOSE = {
  normal: 1000,
  goingAway: 1001,
  policy: 1008,
  tryAgainLater: 1013,
} as const;

/** Error codes of `error` frames, Appwrite's. */
const ERROR = { format: 1003, policy: 1008, tooMany: 1013 } as const;

const MAX_SUBSCRIPTIONS = 64;
const MAX_CHANNELS = 64;
/** Reads of teams' members running at once. */
const READING = 4;
/** Event ids remembered to drop re-deliveries (the stream is at least once). */
const SEEN_EVENTS = 10_000;

const ZSubscribe = z
  .array(
    z.object({
      subscriptionId: z
        .string()
        .regex(/^[A-Za-z0-9._-]{1,64}$/)
        .optional(),
      channels: z.array(z.string().min(1).max(128)).min(1).max(MAX_CHANNELS),
      queries: z.array(z.string().max(4096)).max(100).optional(),
    }),
  )
  .min(1)
  .max(MAX_SUBSCRIPTIONS);
const ZUnsubscribe = z
  .array(z.object({ subscriptionId: z.string().min(1).max(64) }))
  .min(1)
  .max(MAX_SUBSCRIPTIONS);
const ZAuthentication = z.object({ session: z.string().min(1).max(2048) });

interface Subscription {
  /** The channels as the client named them (re-converted when the user changes). */
  requested: string[];
  channels: Set<string>;
}

interface Connection {
  id: string;
  socket: WebSocket;
  session: RealtimeSession | undefined;
  subscriptions: Map<string, Subscription>;
  lastSeen: number;
}

export interface RealtimeDeps {
  api: ApiDeps;
  /** The Express app of the same server: the client address and host are read as its `trust proxy` says. */
  app: Express;
  logger: Logger;
  settings?: Partial<RealtimeSettings>;
}

export interface Realtime {
  /** Fans one event out to this process's sockets (the Redis listener calls it; so may tests). */
  deliver(event: RosterEvent): Promise<void>;
  /** Listens on the Redis pub/sub channel of `prefix` with `subscriber`, a connection of its own. */
  listen(subscriber: Redis, prefix: string): Promise<void>;
  connections(): number;
  /** Closes every socket (1001, so clients reconnect elsewhere) and stops listening. */
  close(): Promise<void>;
}

const newId = () => randomBytes(10).toString('hex');

function send(socket: WebSocket, message: unknown): void {
  if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
}

function sendError(socket: WebSocket, code: number, message: string): void {
  send(socket, { type: 'error', data: { code, message } });
}

/** Sends the error frame, then closes with the same code: the SDK stops reconnecting on 1008. */
function refuse(socket: WebSocket, code: number, message: string): void {
  sendError(socket, code, message);
  socket.close(code, message.slice(0, 120));
}

/** The request as Express sees it behind the configured proxies: client address, host, https. */
function httpView(app: Express, req: IncomingMessage): HttpRequest {
  const view = Object.create(app.request, {
    headers: { value: req.headers },
    socket: { value: req.socket },
    connection: { value: req.socket },
    url: { value: req.url },
    method: { value: req.method },
  }) as { ip?: string; hostname?: string; secure?: boolean };
  return {
    headers: req.headers,
    ip: view.ip ?? req.socket.remoteAddress ?? '',
    hostname: view.hostname ?? '',
    secure: view.secure ?? false,
  };
}

/** The same origins the HTTP API lets call it with credentials (cors.ts): configured ones, the public URL, this host. */
function originAllowed(origin: string | undefined, req: IncomingMessage, api: ApiDeps): boolean {
  if (origin === undefined) return true;
  const { corsOrigins = [], publicUrl } = api.config;
  if (corsOrigins.includes(origin)) return true;
  try {
    if (publicUrl && new URL(publicUrl).origin === origin) return true;
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

/**
 * Appwrite's realtime protocol on `/v1/realtime` of `server` (docs/events.md#realtime). Who
 * receives an event is decided when it is delivered, from the database: a team or membership
 * event reaches the confirmed members of the team at that moment, an account event the sockets
 * signed in as that user with a session that still holds.
 */
export function attachRealtime(server: Server, deps: RealtimeDeps): Realtime {
  const { api, app, logger } = deps;
  const settings = { ...DEFAULT_REALTIME_SETTINGS, ...deps.settings };
  const wss = new WebSocketServer({ noServer: true, maxPayload: settings.maxFrameBytes });
  const connections = new Map<string, Connection>();
  const connectLimiter = new RateLimiterMemory({ points: settings.connectsPerMinute, duration: 60 });
  const messageLimiter = new RateLimiterMemory({ points: settings.messagesPerMinute, duration: 60 });
  const seen = new Set<string>();
  /** Per resource, the delivery in progress: events of one resource go out in the order they came. */
  const chains = new Map<string, Promise<void>>();
  let subscriber: Redis | undefined;
  let closing = false;

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://realtime.invalid');
    if (url.pathname !== REALTIME_PATH || closing) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      open(ws, req, url).catch((error: unknown) => {
        logger.error({ err: error }, 'realtime connect failed');
        refuse(ws, 1011, 'Error: Server Error');
      });
    });
  };
  server.on('upgrade', onUpgrade);

  const idleTimer = setInterval(
    () => {
      const cutoff = Date.now() - settings.idleTimeoutMs;
      for (const connection of connections.values()) {
        if (connection.lastSeen < cutoff) connection.socket.close(CLOSE.normal, 'Idle timeout');
      }
    },
    Math.min(settings.idleTimeoutMs / 2, 10_000),
  );
  idleTimer.unref();

  async function open(socket: WebSocket, req: IncomingMessage, url: URL): Promise<void> {
    const http = httpView(app, req);
    // Refusals and limits come before any database work.
    if (!originAllowed(req.headers.origin, req, api)) {
      return refuse(
        socket,
        ERROR.policy,
        `Invalid Origin. Add ${req.headers.origin} to ROSTER_CORS_ORIGINS to let its pages use realtime.`,
      );
    }
    const project = url.searchParams.get('project') ?? req.headers['x-appwrite-project'];
    if (project !== api.config.projectId) {
      return refuse(socket, ERROR.policy, 'Missing or unknown project ID');
    }
    try {
      // By client, not by address: one IPv6 /64 is one client, as for every other limit.
      await connectLimiter.consume(clientAddressKey(http.ip || 'unknown'));
    } catch {
      return refuse(socket, ERROR.tooMany, 'Too many requests');
    }
    if (connections.size >= settings.maxConnections) {
      return refuse(socket, ERROR.tooMany, 'Too many connections');
    }

    const connection: Connection = {
      id: newId(),
      socket,
      session: undefined,
      subscriptions: new Map(),
      lastSeen: Date.now(),
    };
    // Messages that arrive while the session is being resolved wait for it, in order.
    let ready: Promise<void> = Promise.resolve();
    socket.on('message', (data, isBinary) => {
      connection.lastSeen = Date.now();
      ready = ready
        .then(() => onMessage(connection, data, isBinary))
        .catch((error: unknown) => {
          logger.error({ err: error }, 'realtime message failed');
          sendError(socket, 500, 'Error: Server Error');
        });
    });
    socket.on('close', () => connections.delete(connection.id));
    socket.on('error', () => socket.terminate());
    connections.set(connection.id, connection);

    let release: () => void = () => {};
    ready = new Promise((resolve) => (release = resolve));
    try {
      // Cookie, `X-Fallback-Cookies` or `X-Appwrite-Session`, read as the HTTP API reads them.
      connection.session = await resolveRealtimeSession(api, sessionTokenOf(http, api.config.projectId));

      // Legacy URL mode: `?channels[]=…` opens with one subscription.
      const urlChannels = url.searchParams.getAll('channels[]').filter((c) => c && c.length <= 128);
      const subscriptionIds: string[] = [];
      if (urlChannels.length > 0) {
        const id = newId();
        const requested = urlChannels.slice(0, MAX_CHANNELS);
        connection.subscriptions.set(id, {
          requested,
          channels: new Set(connectionChannels(requested, connection.session?.userId)),
        });
        subscriptionIds.push(id);
      }
      send(socket, {
        type: 'connected',
        data: {
          channels: [...new Set([...connection.subscriptions.values()].flatMap((s) => [...s.channels]))],
          subscriptions: subscriptionIds,
          user: connection.session?.account ?? null,
        },
      });
    } finally {
      release();
    }
  }

  function rebind(connection: Connection): void {
    for (const subscription of connection.subscriptions.values()) {
      subscription.channels = new Set(connectionChannels(subscription.requested, connection.session?.userId));
    }
  }

  async function onMessage(connection: Connection, data: RawData, isBinary: boolean): Promise<void> {
    const { socket } = connection;
    if (socket.readyState !== WebSocket.OPEN) return;
    try {
      await messageLimiter.consume(connection.id);
    } catch {
      return sendError(socket, ERROR.tooMany, 'Too many messages.');
    }
    let message: { type?: unknown; data?: unknown };
    try {
      if (isBinary) throw new Error('binary');
      const text = (
        Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data)
      ).toString('utf8');
      message = JSON.parse(text) as typeof message;
      if (typeof message !== 'object' || message === null || (!message.type && !message.data)) {
        throw new Error('shape');
      }
    } catch {
      return sendError(socket, ERROR.format, 'Message format is not valid.');
    }

    switch (message.type) {
      case 'ping':
        return send(socket, { type: 'pong' });
      case 'authentication': {
        const parsed = ZAuthentication.safeParse(message.data);
        if (!parsed.success)
          return sendError(socket, ERROR.format, 'Payload is not valid. Session is required');
        const session = await resolveRealtimeSession(api, parsed.data.session);
        if (!session) return sendError(socket, ERROR.format, 'Session is not valid.');
        // Project and subscriptions are kept; `account` channels now name the new user.
        connection.session = session;
        rebind(connection);
        return send(socket, {
          type: 'response',
          data: { to: 'authentication', success: true, user: session.account },
        });
      }
      case 'subscribe': {
        const parsed = ZSubscribe.safeParse(message.data);
        if (!parsed.success) return sendError(socket, ERROR.format, 'Payload is not valid.');
        if (parsed.data.some((entry) => (entry.queries ?? []).length > 0)) {
          return sendError(
            socket,
            ERROR.format,
            'Invalid query: Roster does not filter realtime events by query.',
          );
        }
        const fresh = parsed.data.filter(
          (entry) => !entry.subscriptionId || !connection.subscriptions.has(entry.subscriptionId),
        ).length;
        if (connection.subscriptions.size + fresh > MAX_SUBSCRIPTIONS) {
          return sendError(
            socket,
            ERROR.format,
            `At most ${MAX_SUBSCRIPTIONS} subscriptions per connection.`,
          );
        }
        const answered = parsed.data.map((entry) => {
          const id = entry.subscriptionId ?? newId();
          const channels = new Set(connectionChannels(entry.channels, connection.session?.userId));
          connection.subscriptions.set(id, { requested: entry.channels, channels });
          return { subscriptionId: id, channels: [...channels], queries: [] as string[] };
        });
        return send(socket, {
          type: 'response',
          data: { to: 'subscribe', success: true, subscriptions: answered },
        });
      }
      case 'unsubscribe': {
        const parsed = ZUnsubscribe.safeParse(message.data);
        if (!parsed.success) return sendError(socket, ERROR.format, 'Payload is not valid.');
        const answered = parsed.data.map(({ subscriptionId }) => ({
          subscriptionId,
          removed: connection.subscriptions.delete(subscriptionId),
        }));
        return send(socket, {
          type: 'response',
          data: { to: 'unsubscribe', success: true, subscriptions: answered },
        });
      }
      default:
        return sendError(socket, ERROR.format, 'Message type is not valid.');
    }
  }

  /**
   * Whom an event may reach, decided now. Team and membership events: the team's confirmed
   * members (its owners, for an invitation email's delivery) at this moment (one query per event, none per socket), so a removed member stops
   * receiving with the event that removes them, which they do receive (Appwrite's issue #13768,
   * fixed here); a team's deletion reaches whoever deleted it (its memberships are gone by then).
   * Account events: sockets of that user (their sessions were re-checked just before).
   */
  async function mayReceive(
    event: RosterEvent,
    target: EventTarget,
  ): Promise<{ allowed: (c: Connection) => boolean; owner: (c: Connection) => boolean }> {
    const nobody = () => false;
    switch (target.kind) {
      case 'team':
      case 'membership': {
        const members = await readMembers(target.teamId);
        // An invitation email's progress is for owners only, as its REST route.
        // An ownership offer, for the team's owners and its recipient, as its REST route.
        const recipient = event.template.startsWith(OWNERSHIP_TRANSFER_EVENTS)
          ? (event.payload.toUserId as string | undefined)
          : undefined;
        const readers =
          event.template === DELIVERY_EVENT_TEMPLATE ||
          event.template.startsWith(JOIN_LINK_TEMPLATES) ||
          recipient !== undefined
            ? members.filter((member) => member.roles.includes(OWNER) || member.userId === recipient)
            : members;
        const epochs = new Map(readers.map((member) => [member.userId, member.userEpoch]));
        const removed =
          target.kind === 'membership' && target.action === 'delete'
            ? (event.payload.userId as string | undefined)
            : undefined;
        const deleter =
          target.kind === 'team' && target.action === 'delete' && event.actor.type === 'user'
            ? event.actor.userId
            : undefined;
        const owners = new Set(members.filter((m) => m.roles.includes(OWNER)).map((m) => m.userId));
        return {
          allowed: ({ session }) => {
            if (!session) return false;
            if (epochs.has(session.userId)) return epochs.get(session.userId) === session.userEpoch;
            return session.userId === removed || session.userId === deleter;
          },
          owner: ({ session }) =>
            !!session && owners.has(session.userId) && epochs.get(session.userId) === session.userEpoch,
        };
      }
      case 'account':
        return { allowed: ({ session }) => session?.userId === target.userId, owner: nobody };
      case 'other':
        return { allowed: nobody, owner: nobody };
    }
  }

  /** The membership fields members do not see of each other (docs/events.md#membership-privacy). */
  const hiddenFromMembers = membershipView(api.config.membershipPrivacy, {
    seesAll: false,
    userId: '',
  }).hidden;

  /**
   * Before an account event goes out, the sockets of its user check that their session still
   * signs them in (a sign-out elsewhere, a blocked or deleted user): those whose session is gone
   * become guests and receive nothing more, whatever they subscribed to.
   */
  async function recheckSessions(userId: string): Promise<void> {
    const own = [...connections.values()].filter((c) => c.session?.userId === userId);
    await Promise.all(
      own.map(async (connection) => {
        const still = await sessionStillValid(api, { secretHash: connection.session!.secretHash, userId });
        if (still) return;
        connection.session = undefined;
        rebind(connection);
      }),
    );
  }

  const nothing = () => {};

  /**
   * Decides who receives `event` (the database reads) and returns the sending, to run in order.
   * Several events are prepared at once, so one slow read does not hold up the events behind
   * it; the frames still go out in the order the events came.
   */
  async function prepare(event: RosterEvent): Promise<() => void> {
    const target = targetOf(event);
    const channels = channelsOf(target);
    if (channels.length === 0 || connections.size === 0) return nothing;
    if (target.kind === 'account') await recheckSessions(target.userId);
    const channelSet = new Set(channels);
    // Only sockets subscribed to one of the channels cost anything further.
    const listening: [Connection, string[]][] = [];
    for (const connection of connections.values()) {
      const ids: string[] = [];
      for (const [id, subscription] of connection.subscriptions) {
        for (const channel of subscription.channels) {
          if (channelSet.has(channel)) {
            ids.push(id);
            break;
          }
        }
      }
      if (ids.length > 0 && connection.session) listening.push([connection, ids]);
    }
    if (listening.length === 0) return nothing;
    const { allowed, owner } = await mayReceive(event, target);
    // Built once (twice for a membership: as owners and as members see it); only the subscription
    // ids (the last field) differ per socket.
    const headOf = (payload: Record<string, unknown>) =>
      JSON.stringify({
        type: 'event',
        data: {
          events: event.names,
          channels,
          timestamp: realtimeTimestamp(event.createdAt),
          payload,
          subscriptions: [] as string[],
        },
      }).slice(0, -'[]}}'.length);
    const payload = publicPayload(event.payload);
    const head = headOf(payload);
    const privateFields = target.kind === 'membership' && event.template !== DELIVERY_EVENT_TEMPLATE;
    const memberHead =
      privateFields && hiddenFromMembers.size > 0 ? headOf(memberPayload(payload, hiddenFromMembers)) : head;
    const now = Date.now();
    // An expired session hears nothing, though no event marks its expiry.
    const receivers = listening
      .filter(([connection]) => connection.session!.expire.getTime() > now && allowed(connection))
      .map(([connection, ids]) => [connection, ids, owner(connection) ? head : memberHead] as const);
    return () => {
      for (const [connection, ids, start] of receivers) {
        if (connection.socket.readyState !== WebSocket.OPEN) continue;
        connection.socket.send(`${start}${JSON.stringify(ids)}}}`);
      }
    };
  }

  let reading = 0;
  const waiting: (() => void)[] = [];
  /** Reads of a team's members that wait for a slot: events of that team arriving meanwhile share them. */
  const queuedReads = new Map<string, Promise<Awaited<ReturnType<typeof readNow>>>>();
  const readNow = (teamId: string) => api.repos.memberships.confirmedMembersOf(teamId);

  /**
   * The team's confirmed members, read after the event arrived (so after its change was
   * committed). At most READING reads run at once; a read still waiting for its turn serves every
   * event of the team that arrives before it starts, which is as fresh as a read of its own. So a
   * burst of events costs the database what it can take, never a stale answer.
   */
  function readMembers(teamId: string): Promise<Awaited<ReturnType<typeof readNow>>> {
    const queued = queuedReads.get(teamId);
    if (queued) return queued;
    let start: () => void = () => {};
    const turn = new Promise<void>((resolve) => (start = resolve));
    const read = turn.then(async () => {
      // Started: an event arriving from now on needs a read of its own.
      queuedReads.delete(teamId);
      try {
        return await readNow(teamId);
      } finally {
        reading -= 1;
        waiting.shift()?.();
      }
    });
    const begin = () => {
      reading += 1;
      start();
    };
    if (reading < READING) begin();
    else waiting.push(begin);
    queuedReads.set(teamId, read);
    return read;
  }

  function deliver(event: RosterEvent): Promise<void> {
    if (seen.has(event.id)) return Promise.resolve();
    seen.add(event.id);
    if (seen.size > SEEN_EVENTS) seen.delete(seen.values().next().value!);
    const prepared = prepare(event).catch((error: unknown) => {
      logger.error({ err: error, eventId: event.id }, 'realtime fan-out failed');
      return nothing;
    });
    const previous = chains.get(event.resource) ?? Promise.resolve();
    const next = previous.then(() => prepared).then((send) => send());
    chains.set(event.resource, next);
    void next.then(() => {
      if (chains.get(event.resource) === next) chains.delete(event.resource);
    });
    return next;
  }

  return {
    deliver,
    async listen(redis, prefix) {
      subscriber = redis;
      const channel = realtimeChannel(prefix);
      redis.on('message', (from: string, message: string) => {
        if (from !== channel) return;
        const event = decodeRealtimeEvent(message);
        if (event) void deliver(event);
        else logger.warn({ channel }, 'realtime: ignored a message that is not an event');
      });
      await redis.subscribe(channel);
    },
    connections: () => connections.size,
    async close() {
      closing = true;
      clearInterval(idleTimer);
      server.off('upgrade', onUpgrade);
      const closed = [...connections.values()].map(
        ({ socket }) =>
          new Promise<void>((resolve) => {
            if (socket.readyState === WebSocket.CLOSED) return resolve();
            socket.once('close', () => resolve());
            socket.close(CLOSE.goingAway, 'Server shutting down');
            setTimeout(() => {
              socket.terminate();
              resolve();
            }, 1000).unref();
          }),
      );
      await Promise.all(closed);
      if (subscriber) {
        subscriber.removeAllListeners('message');
        await subscriber.unsubscribe().catch(() => {});
      }
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
