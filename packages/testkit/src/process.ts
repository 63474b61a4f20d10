import { type ChildProcess } from 'node:child_process';

/** Sends SIGTERM, then SIGKILL after `graceMs`; resolves once the process has exited. */
export async function stopProcess(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** Keeps the last `limit` characters a stream printed, to explain a failed start. */
export function tail(limit = 4000): { push: (chunk: Buffer | string) => void; text: () => string } {
  let buffer = '';
  return {
    push: (chunk) => {
      buffer = (buffer + chunk.toString()).slice(-limit);
    },
    text: () => buffer.trim(),
  };
}
