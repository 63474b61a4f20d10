import { startWorkers } from '@roster/jobs';
import { loadConfig } from './config.ts';
import { connectInfrastructure } from './infrastructure.ts';
import { createLogger } from './logger.ts';
import { runMain } from './run-main.ts';
import { handleShutdownSignals } from './shutdown.ts';

/** The job worker process: scales separately from the API; finishes running jobs on SIGTERM. */
await runMain(async () => {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL, 'roster-worker');
  const infrastructure = await connectInfrastructure(config, logger, 'worker');
  const workers = await startWorkers({
    connection: infrastructure.redis,
    logger,
    prefix: config.ROSTER_QUEUE_PREFIX,
  });

  handleShutdownSignals(logger, async () => {
    await workers.close();
    await infrastructure.close();
  });
});
