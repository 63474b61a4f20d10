import { ConfigError } from './config.ts';
import { StartupError } from './infrastructure.ts';

/**
 * Runs a process entry point. Configuration and connection problems end start-up with one clear
 * line on stderr and exit code 1; anything else is a bug and keeps its stack.
 */
export async function runMain(start: () => Promise<void>): Promise<void> {
  try {
    await start();
  } catch (error) {
    if (error instanceof ConfigError || error instanceof StartupError) {
      process.stderr.write(`${error.message}\n`);
    } else {
      process.stderr.write(
        `start-up failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
    }
    process.exit(1);
  }
}
