import { spawn } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { connect } from 'node:net';
import { type Log, stderrLog } from './log.ts';
import { stopProcess, tail } from './process.ts';

export interface MailCatcherHandle {
  /** Where the app sends mail: `smtp://127.0.0.1:<smtpPort>`. */
  readonly smtpUrl: string;
  /** The web inbox. */
  readonly webUrl: string;
  stop(): Promise<void>;
}

export async function isPortOpen(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Starts MailDev (SMTP catcher with a web inbox) for `pnpm dev`; mails persist in `mailDir`. */
export async function startMailCatcher(options: {
  smtpPort: number;
  webPort: number;
  mailDir: string;
  log?: Log;
}): Promise<MailCatcherHandle> {
  const { smtpPort, webPort, mailDir, log = stderrLog } = options;
  await mkdir(mailDir, { recursive: true });
  const cli = createRequire(import.meta.url).resolve('maildev/bin/maildev');
  const args = [
    cli,
    '--ip',
    '127.0.0.1',
    '--smtp',
    String(smtpPort),
    '--web',
    String(webPort),
    '--mail-directory',
    mailDir,
    '--silent',
  ];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const output = tail();
  child.stdout.on('data', output.push);
  child.stderr.on('data', output.push);

  const deadline = Date.now() + 15_000;
  while (!((await isPortOpen(smtpPort)) && (await isPortOpen(webPort)))) {
    if (child.exitCode !== null) throw new Error(`MailDev exited during start-up:\n${output.text()}`);
    if (Date.now() > deadline)
      throw new Error(`MailDev did not open its ports within 15 s:\n${output.text()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  log(`mail catcher: SMTP on ${smtpPort}, inbox on http://localhost:${webPort}`);
  return {
    smtpUrl: `smtp://127.0.0.1:${smtpPort}`,
    webUrl: `http://localhost:${webPort}`,
    stop: () => stopProcess(child),
  };
}
