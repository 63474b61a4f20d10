/**
 * `pnpm bench:mail-send`: the mail worker's SMTP send path alone, in this process, to an SMTP
 * listener in another one: CPU and socket writes per email for the two ways of handing an email to
 * nodemailer. `stream`: `sendMail({ html, text, … })`, nodemailer builds the MIME with a stream
 * pipeline per part (the worker before 2026-12-02); `raw`: `buildMimeMessage` then
 * `sendMail({ envelope, raw })` (the worker now). Rounds alternate so both see the same load.
 */
import { fork } from 'node:child_process';
import net from 'node:net';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildMimeMessage, createMailTransport, MAIL_TEMPLATES, renderEmail } from '@roster/jobs';

const { values: args } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: { count: { type: 'string', default: '2000' }, rounds: { type: 'string', default: '3' } },
});
const count = Number(args.count);

const child = fork(fileURLToPath(new URL('./smtp-sink-process.ts', import.meta.url)), {
  execArgv: process.execArgv,
  stdio: ['ignore', 'pipe', 'ignore', 'ipc'],
});
const url = await new Promise<string>((resolve) => {
  child.stdout?.on('data', (chunk: Buffer) => {
    const line = /smtp:\/\/\S+/.exec(chunk.toString())?.[0];
    if (line) resolve(line);
  });
});
const transport = createMailTransport(url);

let socketWrites = 0;
const prototype = net.Socket.prototype as unknown as { write: (...rest: unknown[]) => boolean };
const write = prototype.write;
prototype.write = function (this: net.Socket, ...rest: unknown[]) {
  socketWrites += 1;
  return write.apply(this, rest);
};

function email(index: number) {
  const rendered = renderEmail(MAIL_TEMPLATES.invitation, {
    locale: 'de',
    variables: {
      project: 'Roster',
      owner: 'Zoë Owner',
      user: `Jürgen ${index}`,
      team: 'Équipe',
      redirect: `https://app.example.com/accept?membershipId=m${index}&userId=u${index}&secret=${'ab'.repeat(32)}&teamId=t1`,
    },
  });
  return {
    from: 'Roster <noreply@roster.test>',
    to: { name: `Jürgen ${index}`, address: `u${index}@example.com` },
    subject: rendered.subject,
    html: rendered.html,
    text: rendered.text,
    messageId: `<invite.m${index}.v1@roster.test>`,
    headers: { 'Content-Language': rendered.locale },
  };
}

const send = {
  stream: (index: number) => transport.sendMail(email(index)),
  raw: (index: number) => {
    const { envelope, raw } = buildMimeMessage(email(index));
    return transport.sendMail({ envelope, raw });
  },
};

/** `count` emails, 50 at a time (the worker's concurrency): CPU ms and socket writes per email. */
async function measure(mode: keyof typeof send) {
  socketWrites = 0;
  const started = process.cpuUsage();
  for (let first = 0; first < count; first += 50) {
    await Promise.all(Array.from({ length: Math.min(50, count - first) }, (_, i) => send[mode](first + i)));
  }
  const used = process.cpuUsage(started);
  return { cpuMs: (used.user + used.system) / 1000 / count, writes: socketWrites / count };
}

await measure('stream');
await measure('raw');
const load = () =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');
process.stdout.write(
  `bench:mail-send — ${count} invitation emails per round, 50 at a time, load average ${load()}\n`,
);
for (let round = 1; round <= Number(args.rounds); round += 1) {
  for (const mode of ['stream', 'raw'] as const) {
    const { cpuMs, writes } = await measure(mode);
    process.stdout.write(
      `  round ${round} ${mode.padEnd(6)} CPU ${cpuMs.toFixed(3)} ms per email, ${writes.toFixed(1)} socket writes per email\n`,
    );
  }
}
process.stdout.write(`load average ${load()}\n`);
transport.close();
child.kill();
process.exit(0);
