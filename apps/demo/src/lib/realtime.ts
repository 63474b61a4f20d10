/**
 * A small client of Roster's realtime endpoint (Appwrite's protocol, docs/events.md#realtime):
 * the page is on the API's origin, so the session cookie signs the socket in. It subscribes once
 * connected, pings every 20 s as Appwrite's SDKs do, and reconnects after a drop (1 s, then 5 s),
 * except when the server refused it for good (1008).
 */
export interface RealtimeEvent {
  events: string[];
  channels: string[];
  timestamp: string;
  payload: Record<string, unknown>;
  subscriptions: string[];
}

export interface RealtimeOptions {
  channels: string[];
  onEvent: (event: RealtimeEvent) => void;
  /** `true` once subscribed (after every reconnect: events sent meanwhile were missed), `false` when the socket drops. */
  onLive: (live: boolean) => void;
  project?: string;
  /** Defaults to this page's origin (the demo is served by the API, or by Vite's proxy in dev). */
  origin?: string;
}

const PING_MS = 20_000;
const POLICY_VIOLATION = 1008;

export function realtimeUrl(origin: string, project: string): string {
  return `${origin.replace(/^http/, 'ws')}/v1/realtime?project=${encodeURIComponent(project)}`;
}

/** Opens the socket; returns a function that closes it for good. */
export function openRealtime({
  channels,
  onEvent,
  onLive,
  project = (import.meta.env.VITE_ROSTER_PROJECT_ID as string | undefined) ?? 'default',
  origin = window.location.origin,
}: RealtimeOptions): () => void {
  let socket: WebSocket | undefined;
  let ping: ReturnType<typeof setInterval> | undefined;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let attempts = 0;
  let stopped = false;

  const connect = () => {
    const ws = new WebSocket(realtimeUrl(origin, project));
    socket = ws;
    ws.addEventListener('open', () => {
      attempts = 0;
      ping = setInterval(() => ws.send(JSON.stringify({ type: 'ping' })), PING_MS);
    });
    ws.addEventListener('message', (message) => {
      let frame: { type?: string; data?: unknown };
      try {
        frame = JSON.parse(String(message.data)) as typeof frame;
      } catch {
        return;
      }
      if (frame.type === 'connected') {
        ws.send(
          JSON.stringify({ type: 'subscribe', data: [{ subscriptionId: 'demo', channels, queries: [] }] }),
        );
      } else if (frame.type === 'response' && (frame.data as { to?: string }).to === 'subscribe') {
        onLive(true);
      } else if (frame.type === 'event') {
        onEvent(frame.data as RealtimeEvent);
      }
    });
    ws.addEventListener('close', (event) => {
      clearInterval(ping);
      onLive(false);
      if (stopped || event.code === POLICY_VIOLATION) return;
      attempts += 1;
      retry = setTimeout(connect, attempts < 5 ? 1000 : 5000);
    });
  };
  connect();

  return () => {
    stopped = true;
    clearTimeout(retry);
    clearInterval(ping);
    socket?.close(1000);
  };
}
