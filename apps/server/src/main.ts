import { createApp } from './app.ts';
import { loadConfig } from './config.ts';
import { connectInfrastructure } from './infrastructure.ts';
import { listen } from './listen.ts';
import { createLogger } from './logger.ts';
import { startRealtime } from './realtime/start.ts';
import { runMain } from './run-main.ts';
import { closeHttpServer, handleShutdownSignals, trackHandlers } from './shutdown.ts';

/** The HTTP process: validates config, connects, serves /trpc, /v1 (and its realtime WebSocket), /docs and /health, drains on SIGTERM. */
await runMain(async () => {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL, 'roster-api', { format: config.LOG_FORMAT });
  const infrastructure = await connectInfrastructure(config, logger, 'producer');
  const app = createApp({
    api: infrastructure.apiDeps,
    logger,
    trustProxy: config.ROSTER_TRUST_PROXY,
    demoDist: config.ROSTER_DEMO_DIST,
  });

  const server = await listen(app, config.PORT);
  const handlers = trackHandlers(server);
  const realtime = startRealtime(server, { app, config, infrastructure, logger });
  logger.info({ port: config.PORT, url: config.ROSTER_PUBLIC_URL }, 'api listening');

  // Stop accepting, let requests finish (cut them at the timeout), wait for the handlers of cut
  // requests to stop using the database and Redis, and only then close those connections.
  // WebSockets first (close code 1001: the SDKs reconnect, to another process behind the balancer).
  handleShutdownSignals(logger, async () => {
    await realtime.close();
    await closeHttpServer(server, config.ROSTER_SHUTDOWN_TIMEOUT_MS);
    if (!(await handlers.idle(config.ROSTER_SHUTDOWN_TIMEOUT_MS))) {
      logger.warn({ handlers: handlers.active() }, 'closing connections under handlers still running');
    }
    await infrastructure.close();
  });
});
