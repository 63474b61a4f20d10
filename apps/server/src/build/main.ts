/** `pnpm --filter @roster/server build`: writes apps/server/dist for `pnpm start` (see bundle.ts). */
import { join } from 'node:path';
import { bundleServer, SERVER_DIR } from './bundle.ts';

const started = performance.now();
bundleServer(join(SERVER_DIR, 'dist')).then(
  ({ files }) => {
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    process.stdout.write(`bundled ${files.join(', ')} in ${seconds} s\n`);
  },
  (error: unknown) => {
    process.stderr.write(`build failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
