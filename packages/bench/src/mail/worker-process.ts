import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { stopProcess } from '@roster/testkit';
import { ensureBundles } from '../lib/bundles.ts';

const serverDir = fileURLToPath(new URL('../../../../apps/server/', import.meta.url));

export interface WorkerProcess {
  child: ChildProcess;
  /** `durationMs` of every `invitation email sent` log line so far. */
  jobDurations(): number[];
  stop(): Promise<void>;
}

/**
 * Starts the production worker (the build of apps/server/src/worker.ts) and waits for "worker ready".
 * With `profileDir`, the worker writes a `.cpuprofile` there when it stops.
 */
export async function startWorkerProcess(
  env: Record<string, string>,
  options: { profileDir?: string } = {},
): Promise<WorkerProcess> {
  const profile = options.profileDir ? ['--cpu-prof', '--cpu-prof-dir', options.profileDir] : [];
  const { worker } = (await ensureBundles()).roster;
  const child = spawn(process.execPath, [...worker.flags, ...profile, worker.script], {
    cwd: serverDir,
    env: { PATH: process.env.PATH, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const durations: number[] = [];
  let pending = '';
  let ready = false;
  let errors = '';
  child.stdout.on('data', (chunk: Buffer) => {
    pending += chunk.toString();
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      if (line.includes('"worker ready"')) ready = true;
      if (line.includes('"invitation email sent"')) {
        const duration = /"durationMs":(\d+)/.exec(line)?.[1];
        if (duration) durations.push(Number(duration));
      }
      if (line.includes('"level":50')) errors += `${line}\n`;
    }
  });
  child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const deadline = Date.now() + 60_000;
  while (!ready) {
    if (child.exitCode !== null) throw new Error(`the worker exited during start-up:\n${errors}`);
    if (Date.now() > deadline) throw new Error(`the worker did not start within 60 s:\n${errors}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { child, jobDurations: () => durations, stop: () => stopProcess(child, 15_000) };
}
