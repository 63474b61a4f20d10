import { type Server } from 'node:http';
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
