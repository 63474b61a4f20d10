/**
 * `pnpm bench`: Roster against a bare Express + MongoDB-driver baseline (and a peer) on this
 * machine, on the same embedded database and Redis; prints the results table and writes
 * docs/benchmarks.md. See docs/benchmarks.md for the method.
 *
 *   --quick (or BENCH_QUICK=1)  smoke sizes, about two minutes; writes .results/ instead of docs/
 *   --only 2,5                  only these scenarios (writes .results/ unless --out is given)
 *   --profile                   CPU-profile Roster in scenarios 1–3 and 6 (list) even when their goals are met
 *   --no-profile                never profile
 *   --out <file>                where to write the Markdown report
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startEnvironment } from './lib/environment.ts';
import { describeMachine } from './lib/machine.ts';
import { markdownTable, renderMarkdown, type ResultRow } from './lib/report.ts';
import { singleFigureRow } from './lib/rows.ts';
import { SCENARIOS } from './scenarios/index.ts';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const benchRoot = fileURLToPath(new URL('../', import.meta.url));

const { values: args } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: {
    quick: { type: 'boolean', default: process.env.BENCH_QUICK === '1' },
    only: { type: 'string' },
    profile: { type: 'boolean', default: false },
    'no-profile': { type: 'boolean', default: false },
    out: { type: 'string' },
  },
});

const log = (line: string) => process.stdout.write(`${line}\n`);

async function main() {
  const only = args.only ? new Set(args.only.split(',').map((id) => Number(id.trim()))) : undefined;
  const selected = SCENARIOS.filter((scenario) => !only || only.has(scenario.id));
  if (selected.length === 0)
    throw new Error(`--only ${args.only ?? ''} names no scenario (1–${SCENARIOS.length})`);
  const partial = args.quick || only !== undefined;
  const out =
    args.out ??
    (partial ? join(benchRoot, '.results', 'benchmarks.md') : join(repoRoot, 'docs', 'benchmarks.md'));
  const profileDir = args['no-profile'] ? undefined : join(benchRoot, '.profiles');
  if (profileDir) await mkdir(profileDir, { recursive: true });

  const machine = describeMachine();
  const started = Date.now();
  log(
    `roster bench — ${machine.cpu}, ${machine.cores} cores, ${machine.ramGb} GB, Node ${machine.node}, load ${machine.loadAverage}`,
  );
  log(
    `${args.quick ? 'quick run' : 'full run'}; scenarios ${selected.map((scenario) => scenario.id).join(', ')}`,
  );
  const env = await startEnvironment();
  log(`database: ${env.mongoLabel}; Redis ${env.redisUrl}`);

  const rows: ResultRow[] = [];
  const notes: { title: string; body: string }[] = [];
  try {
    for (const scenario of selected) {
      const scenarioStart = Date.now();
      log(`\n[${scenario.id}] ${scenario.title}`);
      try {
        const result = await scenario.run({
          env,
          quick: args.quick,
          profileDir,
          alwaysProfile: args.profile,
          log,
        });
        rows.push(...result.rows);
        if (result.notes.length > 0)
          notes.push({
            title: `Scenario ${scenario.id}: ${scenario.title}`,
            body: result.notes.join('\n\n'),
          });
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        log(`  FAILED: ${message}`);
        rows.push({
          ...singleFigureRow(
            String(scenario.id),
            scenario.title,
            `failed: ${message.split('\n')[0] ?? ''}`,
            '',
          ),
          met: false,
        });
      }
      log(`  (${((Date.now() - scenarioStart) / 1000).toFixed(0)} s)`);
    }
  } finally {
    await env.close();
  }

  const command = `npx --yes pnpm@10.34.9 bench${
    process.argv.slice(2).length
      ? ` -- ${process.argv
          .slice(2)
          .filter((arg) => arg !== '--')
          .join(' ')}`
      : ''
  }`;
  log(`\n${markdownTable(rows)}\n`);
  const method = await readFile(join(benchRoot, 'src', 'report', 'method.md'), 'utf8');
  const analysis = await readFile(join(benchRoot, 'src', 'report', 'analysis.md'), 'utf8');
  const markdown = renderMarkdown({
    machine,
    database: env.mongoLabel,
    command,
    quick: args.quick,
    rows,
    sections: [{ title: 'Method', body: method }, { title: 'Analysis', body: analysis }, ...notes],
  });
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, markdown);
  log(`wrote ${relative(process.cwd(), out)} in ${((Date.now() - started) / 60000).toFixed(1)} min`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(
      `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
