import { send } from './http.ts';
import { type HttpRequestSpec } from './load.ts';
import { type ServerUnderTest } from './servers.ts';

export interface RoundTrips {
  /** Database commands per request. */
  perRequest: number;
  /** Per request, by command name (`find`, `aggregate`, `insert`…). */
  byCommand: Record<string, number>;
}

/**
 * Database round trips per request, exactly: `requests` are sent one at a time while the server is
 * otherwise idle, and the server's command-counting proxy is read before and after. (Counting
 * during a load run would include the commands of requests still in flight when it ends.)
 */
export async function countRoundTrips(
  server: ServerUnderTest,
  requests: readonly HttpRequestSpec[],
): Promise<RoundTrips> {
  await quiesce(server);
  const before = server.commands();
  for (const request of requests) {
    const { status, body } = await send(server.url, request);
    if (status < 200 || status >= 300)
      throw new Error(`${server.name} answered ${status} while counting round trips: ${body.slice(0, 300)}`);
  }
  await quiesce(server);
  const byCommand: Record<string, number> = {};
  let total = 0;
  for (const [name, count] of server.commands()) {
    const delta = count - (before.get(name) ?? 0);
    if (delta === 0) continue;
    byCommand[name] = delta / requests.length;
    total += delta;
  }
  return { perRequest: total / requests.length, byCommand };
}

/** Waits until the server has sent no command for 100 ms (fire-and-forget writes have landed). */
async function quiesce(server: ServerUnderTest): Promise<void> {
  let last = server.commandCount();
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const now = server.commandCount();
    if (now === last) return;
    last = now;
  }
}

export function describeCommands(byCommand: Record<string, number>): string {
  return Object.entries(byCommand)
    .sort((a, b) => b[1] - a[1])
    .map(([name, count]) => `${Number.isInteger(count) ? count : count.toFixed(2)} ${name}`)
    .join(' + ');
}
