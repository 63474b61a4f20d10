import { pino, type Logger } from 'pino';

/** Structured JSON logs on stdout; secrets in headers are never written. */
export function createLogger(level: string, name: string): Logger {
  return pino({
    name,
    level,
    redact: {
      paths: [
        'req.headers.cookie',
        'req.headers["x-appwrite-key"]',
        'req.headers["x-appwrite-session"]',
        'req.headers["x-fallback-cookies"]',
        'req.headers.authorization',
        'res.headers["set-cookie"]',
      ],
      censor: '[redacted]',
    },
  });
}

/** Hides the password of a connection URL before it is logged or printed. */
export function redactUrl(value: string): string {
  return value.replace(/\/\/([^:/@]+):([^@/]+)@/, '//$1:***@');
}

export type { Logger };
