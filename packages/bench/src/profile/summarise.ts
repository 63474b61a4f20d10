/** V8's `.cpuprofile` (what `node --cpu-prof` writes), the parts a summary needs. */
export interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    children?: number[];
  }[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  /** Sampled time excluding idle, in ms. */
  busyMs: number;
  /** Self time by category, largest first; `share` of busy time (0–1). */
  categories: { name: string; ms: number; share: number }[];
  /** Self time by package (or Roster folder), largest first. */
  packages: { name: string; ms: number; share: number }[];
  /** The functions with the most self time. */
  functions: { name: string; where: string; ms: number; share: number }[];
}

/** Where a package's time counts, for "database, serialization, validation, framework". */
const CATEGORY_OF_PACKAGE: Record<string, string> = {
  mongodb: 'database driver',
  bson: 'database driver',
  mongoose: 'database driver (Mongoose)',
  kareem: 'database driver (Mongoose)',
  mpath: 'database driver (Mongoose)',
  mquery: 'database driver (Mongoose)',
  zod: 'validation (zod)',
  '@trpc/server': 'framework (tRPC)',
  'trpc-to-openapi': 'framework (REST adapter)',
  express: 'framework (Express)',
  router: 'framework (Express)',
  'body-parser': 'framework (Express)',
  'path-to-regexp': 'framework (Express)',
  qs: 'framework (Express)',
  pino: 'logging',
  'pino-http': 'logging',
  'pino-std-serializers': 'logging',
  'sonic-boom': 'logging',
  'thread-stream': 'logging',
  ioredis: 'Redis client',
  bullmq: 'Redis client',
  'rate-limiter-flexible': 'Redis client',
  tsx: 'TypeScript loader (tsx)',
  esbuild: 'TypeScript loader (tsx)',
};

/** The npm package (or Roster workspace folder, or Node area) a script URL belongs to. */
export function packageOf(url: string, functionName: string): string {
  if (url === '') {
    if (functionName === '(garbage collector)') return '(garbage collector)';
    if (functionName === '(idle)' || functionName === '(program)' || functionName === '(root)')
      return functionName;
    if (/^(stringify|parse)$/.test(functionName)) return 'JSON';
    return '(V8 builtins)';
  }
  const nodeModules = url.lastIndexOf('/node_modules/');
  if (nodeModules >= 0) {
    const rest = url.slice(nodeModules + '/node_modules/'.length).split('/');
    return rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1] ?? ''}` : (rest[0] ?? url);
  }
  const workspace = /\/(packages|apps)\/([^/]+)\//.exec(url);
  if (workspace) return `roster ${workspace[1] === 'apps' ? 'apps/' : ''}${workspace[2] ?? ''}`;
  if (url.startsWith('node:')) {
    const module = url.slice(5).split('/')[1] ?? url.slice(5);
    return `node:${/^(_http|http|net|stream|_stream|internal\/streams)/.test(module) ? 'http/net/streams' : module}`;
  }
  return url;
}

export function categoryOf(pkg: string): string {
  if (pkg in CATEGORY_OF_PACKAGE) return CATEGORY_OF_PACKAGE[pkg] ?? pkg;
  if (pkg === 'JSON') return 'serialization (JSON)';
  if (pkg === '(garbage collector)') return 'garbage collection';
  if (pkg === '(program)' || pkg === '(V8 builtins)') return 'V8 / native';
  if (pkg.startsWith('node:')) return 'Node.js core (HTTP, sockets, crypto)';
  if (pkg.startsWith('roster')) return `Roster code (${pkg.slice('roster '.length)})`;
  return 'other packages';
}

/** Self time per category, package and function; idle time is left out of every share. */
export function summariseProfile(profile: CpuProfile, topFunctions = 12): ProfileSummary {
  const selfUs = new Map<number, number>();
  profile.samples.forEach((nodeId, index) => {
    selfUs.set(nodeId, (selfUs.get(nodeId) ?? 0) + (profile.timeDeltas[index] ?? 0));
  });
  const byCategory = new Map<string, number>();
  const byPackage = new Map<string, number>();
  const byFunction = new Map<string, { where: string; us: number }>();
  let busyUs = 0;
  for (const node of profile.nodes) {
    const us = selfUs.get(node.id) ?? 0;
    const { functionName, url, lineNumber } = node.callFrame;
    if (us === 0 || functionName === '(idle)') continue;
    busyUs += us;
    const pkg = packageOf(url, functionName);
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + us);
    const category = categoryOf(pkg);
    byCategory.set(category, (byCategory.get(category) ?? 0) + us);
    const name = functionName || '(anonymous)';
    const where = url ? `${pkg} ${url.split('/').pop() ?? ''}:${lineNumber + 1}` : pkg;
    const key = `${name}@${where}`;
    const entry = byFunction.get(key) ?? { where, us: 0 };
    entry.us += us;
    byFunction.set(key, entry);
  }
  const ranked = (map: Map<string, number>) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .map(([name, us]) => ({ name, ms: us / 1000, share: busyUs ? us / busyUs : 0 }));
  return {
    busyMs: busyUs / 1000,
    categories: ranked(byCategory),
    packages: ranked(byPackage),
    functions: [...byFunction]
      .sort((a, b) => b[1].us - a[1].us)
      .slice(0, topFunctions)
      .map(([key, { where, us }]) => ({
        name: key.slice(0, key.indexOf('@')),
        where,
        ms: us / 1000,
        share: busyUs ? us / busyUs : 0,
      })),
  };
}

/** The summary as Markdown: categories, top packages and top functions. */
export function profileMarkdown(summary: ProfileSummary, packages = 10): string {
  const percent = (share: number) => `${(share * 100).toFixed(1)} %`;
  return [
    `Busy (non-idle) CPU time sampled: ${summary.busyMs.toFixed(0)} ms. Self time by category:`,
    '',
    '| Category | Share |',
    '| --- | ---: |',
    ...summary.categories.map((entry) => `| ${entry.name} | ${percent(entry.share)} |`),
    '',
    `Top packages: ${summary.packages
      .slice(0, packages)
      .map((entry) => `${entry.name} ${percent(entry.share)}`)
      .join(', ')}.`,
    '',
    'Top functions by self time:',
    '',
    '| Function | Where | Share |',
    '| --- | --- | ---: |',
    ...summary.functions.map(
      (entry) => `| \`${entry.name}\` | ${entry.where.replaceAll('|', '\\|')} | ${percent(entry.share)} |`,
    ),
  ].join('\n');
}
