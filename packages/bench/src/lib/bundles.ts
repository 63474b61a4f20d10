import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundle, bundleServer, SERVER_DIR } from '@roster/server/build';

const benchDir = fileURLToPath(new URL('../../', import.meta.url));

/** A process as a package script starts it: `node <flags> <script>`. */
export interface NodeCommand {
  flags: string[];
  /** Absolute path of the `.js` to run. */
  script: string;
}

export interface Bundles {
  /** Roster's production build and its `pnpm start` / `pnpm start:worker` commands. */
  roster: { api: NodeCommand; worker: NodeCommand };
  /** The bare Express server and better-auth, bundled the same way into packages/bench/dist. */
  baseline: NodeCommand;
  peer: NodeCommand;
}

/** Reads `node [flags] dist/x.js` from apps/server's package.json, so the bench runs exactly that. */
async function serverScript(name: 'start' | 'start:worker'): Promise<NodeCommand> {
  const { scripts } = JSON.parse(await readFile(join(SERVER_DIR, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  const words = (scripts[name] ?? '').split(/\s+/);
  const file = words.at(-1) ?? '';
  if (words[0] !== 'node' || !file.endsWith('.js')) {
    throw new Error(`apps/server's "${name}" script is not "node [flags] <file>.js": ${scripts[name]}`);
  }
  return { flags: words.slice(1, -1), script: join(SERVER_DIR, file) };
}

let built: Promise<Bundles> | undefined;

/**
 * Every server the bench starts runs as plain JavaScript on `node`, as Roster runs in production
 * (`pnpm build && pnpm start`): none pays for tsx's loader thread or its compile time. The
 * baseline and better-auth get the same flags as Roster. Built once per run.
 */
export function ensureBundles(): Promise<Bundles> {
  built ??= (async () => {
    await bundleServer(join(SERVER_DIR, 'dist'));
    const peersDir = join(benchDir, 'dist');
    await bundle({
      packageDir: benchDir,
      entryPoints: { baseline: 'src/baseline/server.ts', peer: 'src/peer/server.ts' },
      outdir: peersDir,
    });
    const api = await serverScript('start');
    return {
      roster: { api, worker: await serverScript('start:worker') },
      baseline: { flags: api.flags, script: join(peersDir, 'baseline.js') },
      peer: { flags: api.flags, script: join(peersDir, 'peer.js') },
    };
  })();
  return built;
}
