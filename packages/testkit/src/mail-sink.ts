import { simpleParser, type AddressObject } from 'mailparser';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';

export interface CapturedMail {
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  headers: Map<string, unknown>;
  /** The raw RFC 5322 message as received. */
  raw: string;
  receivedAt: Date;
}

export interface SmtpFailure {
  /** SMTP reply code, e.g. 451 (transient) or 550 (permanent). */
  code: number;
  message: string;
}

export interface MailSink {
  /** `smtp://127.0.0.1:<port>`; plain SMTP, no auth. */
  readonly url: string;
  readonly port: number;
  readonly messages: readonly CapturedMail[];
  /** Resolves once at least `count` messages arrived (all of them), or rejects after `timeoutMs`. */
  waitForMessages(count: number, timeoutMs?: number): Promise<readonly CapturedMail[]>;
  /** Rejects every following message with this reply until cleared (for fault tests). */
  failWith(failure: SmtpFailure | null): void;
  /**
   * Holds the final reply to every following message for `ms` (null: answer at once). A message
   * whose client disconnects while held is discarded, like a server that had not committed it.
   */
  delayAcceptance(ms: number | null): void;
  /** Messages fully received and held by `delayAcceptance`, not yet accepted or discarded. */
  readonly held: number;
  /** SMTP sessions opened since start: how well a client reuses its connections. */
  readonly connections: number;
  clear(): void;
  stop(): Promise<void>;
}

function addresses(field: AddressObject | AddressObject[] | undefined): string[] {
  const list = Array.isArray(field) ? field : field ? [field] : [];
  return list.flatMap((entry) => entry.value.map((address) => address.address ?? '')).filter(Boolean);
}

export interface MailSinkOptions {
  port?: number;
  /**
   * false: keep only the envelope (`from`, `to`) and the raw message, and answer at once; `subject`,
   * `text`, `html` and `headers` stay empty. For benchmarks, where parsing every message in the
   * measuring process would take CPU from the processes being measured (a real MTA only queues).
   */
  parse?: boolean;
}

/** An in-process SMTP listener on loopback that parses and keeps every message it accepts. */
export async function startMailSink(options: MailSinkOptions = {}): Promise<MailSink> {
  const { parse = true } = options;
  const messages: CapturedMail[] = [];
  const waiters = new Set<() => void>();
  let failure: SmtpFailure | null = null;
  let acceptanceDelayMs: number | null = null;
  let held = 0;
  let connections = 0;
  const closedSessions = new Set<string>();

  const keep = (mail: CapturedMail) => {
    messages.push(mail);
    for (const wake of waiters) wake();
  };

  const serverOptions: SMTPServerOptions = {
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onConnect(_session, callback) {
      connections += 1;
      callback();
    },
    onClose(session) {
      closedSessions.add(session.id);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', callback);
      stream.on('end', () => {
        if (acceptanceDelayMs !== null) {
          held += 1;
          setTimeout(() => {
            held -= 1;
            if (closedSessions.has(session.id)) return;
            accept();
          }, acceptanceDelayMs);
          return;
        }
        accept();
      });
      function accept() {
        if (failure) {
          const error = Object.assign(new Error(failure.message), { responseCode: failure.code });
          callback(error);
          return;
        }
        const raw = Buffer.concat(chunks).toString();
        if (!parse) {
          const { mailFrom, rcptTo } = session.envelope;
          keep({
            from: mailFrom ? mailFrom.address : '',
            to: rcptTo.map((recipient) => recipient.address),
            subject: '',
            text: '',
            html: '',
            headers: new Map(),
            raw,
            receivedAt: new Date(),
          });
          callback();
          return;
        }
        simpleParser(raw)
          .then((parsed) => {
            keep({
              from: addresses(parsed.from)[0] ?? '',
              to: addresses(parsed.to),
              subject: parsed.subject ?? '',
              text: parsed.text ?? '',
              html: typeof parsed.html === 'string' ? parsed.html : '',
              headers: parsed.headers,
              raw,
              receivedAt: new Date(),
            });
            callback();
          })
          .catch(callback);
      }
    },
  };
  const server = new SMTPServer(serverOptions);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const address = server.server.address();
  if (!address || typeof address !== 'object') throw new Error('mail sink has no address');

  return {
    url: `smtp://127.0.0.1:${address.port}`,
    port: address.port,
    messages,
    waitForMessages(count, timeoutMs = 10_000) {
      if (messages.length >= count) return Promise.resolve(messages);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`expected ${count} messages, got ${messages.length} within ${timeoutMs} ms`));
        }, timeoutMs);
        function check() {
          if (messages.length < count) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(messages);
        }
        waiters.add(check);
      });
    },
    failWith(next) {
      failure = next;
    },
    delayAcceptance(ms) {
      acceptanceDelayMs = ms;
    },
    get held() {
      return held;
    },
    get connections() {
      return connections;
    },
    clear() {
      messages.length = 0;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
