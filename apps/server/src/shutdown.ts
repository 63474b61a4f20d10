import { type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { TimeoutError, withTimeout } from '@roster/jobs';
import { type Logger } from './logger.ts';

/**
 * Stops accepting connections and resolves once in-flight requests have finished. Idle keep-alive
 * connections close at once; after `timeoutMs`, whatever is still open is cut.
 */
export async function closeHttpServer(server: Server, timeoutMs: number): Promise<void> {
  const closed = new Promise<void>((resolve, reject) =>
    server.close((error) => (error ? reject(error) : resolve())),
  );
  server.closeIdleConnections();
  const timer = setTimeout(() => server.closeAllConnections(), timeoutMs);
  try {
    await closed;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Runs `shutdown` once on the first SIGTERM or SIGINT, then exits 0 (1 if it failed). A second
 * signal while shutting down exits at once.
 */
export function handleShutdownSignals(logger: Logger, shutdown: () => Promise<void>): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'shutting down');
    shutdown().then(
      () => {
        logger.info('shutdown complete');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}

/**
 * Counts requests whose handler has not answered yet. Cutting a connection at the shutdown
 * timeout does not stop its handler, which may still be talking to the database: shutdown waits
 * for `idle()` before closing the connections underneath it. A handler counts as done when it
 * ends its response, even if the client is gone by then.
 */
export function trackHandlers(server: Server): {
  active(): number;
  idle(timeoutMs: number): Promise<boolean>;
} {
  let active = 0;
  const waiters = new Set<() => void>();
  // Before the app's own listener, which may answer synchronously.
  server.prependListener('request', (_req: IncomingMessage, res: ServerResponse) => {
    active += 1;
    const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
    let done = false;
    res.end = ((...args: unknown[]) => {
      if (!done) {
        done = true;
        active -= 1;
        if (active === 0) for (const wake of waiters) wake();
      }
      return end(...args);
    }) as ServerResponse['end'];
  });
  return {
    active: () => active,
    async idle(timeoutMs) {
      if (active === 0) return true;
      let wake = () => {};
      const woken = new Promise<void>((resolve) => {
        wake = resolve;
        waiters.add(wake);
      });
      try {
        await withTimeout(woken, timeoutMs);
        return true;
      } catch (error) {
        if (error instanceof TimeoutError) return false;
        throw error;
      } finally {
        waiters.delete(wake);
      }
    },
  };
}
