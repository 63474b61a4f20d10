import { createApp } from './app.ts';
import { loadConfig } from './config.ts';
import { connectInfrastructure } from './infrastructure.ts';
import { listen } from './listen.ts';
import { createLogger } from './logger.ts';
import { runMain } from './run-main.ts';
import { closeHttpServer, handleShutdownSignals } from './shutdown.ts';

/** The HTTP process: validates config, connects, serves /trpc, /v1, /docs and /health, drains on SIGTERM. */
await runMain(async () => {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL, 'roster-api');
  const infrastructure = await connectInfrastructure(config, logger, 'producer');
  const app = createApp({
    api: infrastructure.apiDeps,
    logger,
    trustProxy: config.ROSTER_TRUST_PROXY,
    demoDist: config.ROSTER_DEMO_DIST,
  });

  const server = await listen(app, config.PORT);
  logger.info({ port: config.PORT, url: config.ROSTER_PUBLIC_URL }, 'api listening');

  handleShutdownSignals(logger, async () => {
    await closeHttpServer(server, config.ROSTER_SHUTDOWN_TIMEOUT_MS);
    await infrastructure.close();
  });
});
