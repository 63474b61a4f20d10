import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { type ResultRow } from '../lib/report.ts';
import { singleFigureRow } from '../lib/rows.ts';
import { type Scenario } from './context.ts';

const mailBench = fileURLToPath(new URL('../mail/main.ts', import.meta.url));

/**
 * Invitation emails end to end through one worker process to a local SMTP listener: this runs
 * the existing mail benchmark (src/mail, `pnpm bench:mail`) as a child process and reads its
 * figures. It feeds invitations directly (the membership written and enqueued as
 * `createMembership` does): through the API, FerretDB's scans cap the feed below 50/s.
 */
export const invitationEmails: Scenario = {
  id: 4,
  title: 'invitation emails through the worker to SMTP',
  async run({ quick, log, profileDir, alwaysProfile }) {
    const args = quick
      ? ['--feed', 'direct', '--count', '200', '--rate', '50', '--seconds', '4']
      : ['--feed', 'direct', '--count', '1000', '--rate', '50', '--seconds', '15'];
    log(`  pnpm bench:mail ${args.join(' ')}`);
    const output = await runMailBench(args, log);
    const rate = Number(/steady rate (\d+) emails\/s/.exec(output)?.[1] ?? NaN);
    const latency = /p50 (\d+) ms, p90 (\d+) ms, p99 (\d+) ms/.exec(output);
    const p50 = Number(latency?.[1] ?? NaN);
    const p99 = Number(latency?.[3] ?? NaN);
    const rows: ResultRow[] = [];
    const row = (name: string, measured: string, goal: string, met: boolean): ResultRow => ({
      ...singleFigureRow('4', name, measured, goal),
      met,
    });
    rows.push(
      Number.isFinite(rate)
        ? row(
            'emails/s through one worker (queue drained)',
            `${rate} emails/s`,
            '≥ 200 emails/s per worker',
            rate >= 200,
          )
        : singleFigureRow(
            '4',
            'emails/s through one worker',
            'not measured (see notes)',
            '≥ 200 emails/s per worker',
          ),
      Number.isFinite(p99)
        ? row(
            'invitation → SMTP acceptance at 50/s',
            `p50 ${p50} ms, p99 ${p99.toLocaleString('en-US')} ms`,
            'p99 < 500 ms at 50/s',
            p99 < 500,
          )
        : singleFigureRow(
            '4',
            'invitation → SMTP at 50/s',
            'not measured (see notes)',
            'p99 < 500 ms at 50/s',
          ),
    );
    const notes = [
      `Command: \`npx --yes pnpm@10.34.9 bench:mail -- ${args.join(' ')}\`. Its output:\n\n\`\`\`text\n${output.trim()}\n\`\`\``,
    ];
    if (profileDir && (rows.some((entry) => entry.met === false) || alwaysProfile)) {
      notes.push(await profileWorker(quick, log));
    }
    return { rows, notes };
  },
};

/**
 * Drains a backlog once more with the worker under `--cpu-prof` (bench:mail --profile) and
 * returns its summary; profiling slows the worker, so these figures never enter the table.
 */
async function profileWorker(quick: boolean, log: (line: string) => void): Promise<string> {
  const args = [
    '--feed',
    'direct',
    '--count',
    quick ? '300' : '1000',
    '--rate',
    '10',
    '--seconds',
    '1',
    '--profile',
  ];
  log(`  profiling the worker: pnpm bench:mail ${args.join(' ')}`);
  const output = await runMailBench(args, () => {});
  const start = output.indexOf('worker CPU profile');
  const end = output.indexOf('\nlatency at', start);
  if (start < 0) return 'The worker wrote no CPU profile.';
  const [heading = '', ...summary] = output
    .slice(start, end < 0 ? undefined : end)
    .trim()
    .split('\n');
  return `### Where the worker's CPU time goes: a backlog of invitation emails\n\nCommand: \`npx --yes pnpm@10.34.9 bench:mail -- ${args.join(' ')}\`; ${heading.replace('worker CPU profile (throughput phase): ', 'profile: `')}\` (open it in Chrome DevTools → Performance).\n\n${summary.join('\n')}`;
}

async function runMailBench(args: string[], log: (line: string) => void): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', mailBench, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, MONGODB_URI: '' },
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    for (const line of chunk.toString().split('\n')) if (line.trim()) log(`    ${line.trim()}`);
  });
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`bench:mail exited with ${code}: ${output.slice(-500)}`);
  return output;
}
