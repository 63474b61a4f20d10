import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { isBuiltin } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';

/** apps/server, whose node_modules the bundle loads its packages from. */
export const SERVER_DIR = fileURLToPath(new URL('../../', import.meta.url));

/** The production entry points, bundled to `<outdir>/<name>.js`. */
const ENTRY_POINTS = { main: 'src/main.ts', worker: 'src/worker.ts', 'cli/keys': 'src/cli/keys.ts' };

/**
 * Workspace packages (`@roster/*`, TypeScript sources) go into the bundle; every other package
 * stays outside and is loaded from node_modules at run time (native modules, BullMQ's Lua files
 * and pino's worker threads could not be bundled anyway).
 */
const workspaceOnly: Plugin = {
  name: 'bundle-workspace-packages-only',
  setup(builder) {
    builder.onResolve({ filter: /^[^./]/ }, (args) =>
      args.path.startsWith('@roster/') ? undefined : { path: args.path, external: true },
    );
  },
};

/** `@scope/name/sub` → `@scope/name`, `name/sub` → `name`. */
function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

/** Node's lookup: node_modules/<name> in the folder or one above it. */
function resolvableFrom(dir: string, name: string): boolean {
  for (let current = dir; ; current = dirname(current)) {
    if (existsSync(join(current, 'node_modules', name, 'package.json'))) return true;
    if (dirname(current) === current) return false;
  }
}

export interface BundleOptions {
  /** The package whose entry points these are; its node_modules serve the bundle at run time. */
  packageDir: string;
  /** Output name (without `.js`) → entry file, relative to `packageDir`. */
  entryPoints: Record<string, string>;
  /** Emptied first; must be inside `packageDir` for the packages to resolve. */
  outdir: string;
}

/**
 * Bundles entry points with the workspace packages they import into plain JavaScript that runs
 * on `node` without tsx.
 */
export async function bundle(options: BundleOptions): Promise<{ outdir: string; files: string[] }> {
  const { packageDir, entryPoints, outdir } = options;
  await rm(outdir, { recursive: true, force: true });
  const result = await build({
    absWorkingDir: packageDir,
    entryPoints,
    outdir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20.19',
    sourcemap: 'linked',
    plugins: [workspaceOnly],
    metafile: true,
    logLevel: 'warning',
  });
  const outputs = Object.values(result.metafile.outputs);
  const imported = new Set(
    outputs.flatMap((output) => output.imports.filter((entry) => entry.external).map((entry) => entry.path)),
  );
  // With pnpm a package sees only its own dependencies (a workspace package's are not enough):
  // fail here rather than when the process starts.
  const missing = [...new Set([...imported].filter((path) => !isBuiltin(path)).map(packageName))].filter(
    (name) => !resolvableFrom(packageDir, name),
  );
  if (missing.length > 0) {
    await rm(outdir, { recursive: true, force: true });
    throw new Error(
      `the bundle imports ${missing.join(', ')}, which ${packageDir} cannot resolve: add ${
        missing.length === 1 ? 'it' : 'them'
      } to its package.json's dependencies (catalog: versions) and run pnpm install`,
    );
  }
  return { outdir, files: Object.keys(result.metafile.outputs).filter((file) => file.endsWith('.js')) };
}

/**
 * The production build: the API, the worker and the keys CLI, so production runs on `node`: it
 * starts in half the time and with about 40 MB less memory than under tsx (docs/benchmarks.md).
 */
export function bundleServer(outdir: string) {
  return bundle({ packageDir: SERVER_DIR, entryPoints: ENTRY_POINTS, outdir });
}
