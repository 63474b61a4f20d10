import { pino, type DestinationStream, type Logger } from 'pino';

/** Structured JSON logs on stdout (or `destination`); secrets in headers are never written. */
export function createLogger(level: string, name: string, destination?: DestinationStream): Logger {
  const options = {
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
  };
  return destination ? pino(options, destination) : pino(options);
}

/** Hides the password of a connection URL before it is logged or printed. */
export function redactUrl(value: string): string {
  return value.replace(/\/\/([^:/@]+):([^@/]+)@/, '//$1:***@');
}

export type { DestinationStream, Logger };
