import { spawn, type ChildProcess } from 'node:child_process';
import { stopProcess } from '@roster/testkit';
import { readCpuMs } from './cpu.ts';
import { readMemory, type MemoryReading } from './rss.ts';

export interface ServerProcess {
  readonly name: string;
  readonly url: string;
  readonly pid: number;
  memory(): MemoryReading;
  /** CPU time used so far, ms. */
  cpuMs(): number;
  stop(): Promise<void>;
}

export interface StartOptions {
  name: string;
  /** The bundled entry file, run on plain `node`. */
  script: string;
  cwd: string;
  port: number;
  env: Record<string, string>;
  /** Extra Node flags, e.g. `--cpu-prof`. */
  nodeFlags?: string[];
  /** A path that answers (any status) once the server is ready. */
  readyPath?: string;
}

/** Starts an HTTP server as its own process and waits until it answers. */
export async function startServerProcess(options: StartOptions): Promise<ServerProcess> {
  const child: ChildProcess = spawn(process.execPath, [...(options.nodeFlags ?? []), options.script], {
    cwd: options.cwd,
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let recent = '';
  const output = {
    push: (chunk: Buffer) => {
      recent = (recent + chunk.toString()).slice(-4000);
    },
    text: () => recent.trim(),
  };
  // Always drain the pipes: a full pipe would block a server that logs.
  child.stdout?.on('data', output.push);
  child.stderr?.on('data', output.push);
  const url = `http://127.0.0.1:${options.port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`${options.name} exited during start-up (code ${child.exitCode}):\n${output.text()}`);
    }
    if (Date.now() > deadline) {
      await stopProcess(child);
      throw new Error(`${options.name} did not answer within 60 s:\n${output.text()}`);
    }
    try {
      await fetch(`${url}${options.readyPath ?? '/'}`, { signal: AbortSignal.timeout(2000) });
      break;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  const pid = child.pid ?? 0;
  return {
    name: options.name,
    url,
    pid,
    memory: () => readMemory(pid),
    cpuMs: () => readCpuMs(pid),
    stop: () => stopProcess(child, 15_000),
  };
}
