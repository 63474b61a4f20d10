import { pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino';

const REDACTED = '[redacted]';

/**
 * Header names that carry a credential, in requests or responses, whatever their case: cookies
 * and `Set-Cookie`, `Authorization` and `Proxy-Authorization`, `X-Appwrite-Key`, `-Session`,
 * `-JWT`, `X-Fallback-Cookies`, and any other key, token, secret or signature header. A name is
 * matched by what it says rather than listed, so a header added later is covered too.
 */
const CREDENTIAL_HEADER = /cookie|authori[sz]ation|key|secret|session|token|jwt|passw|credential|signature/i;

/** Query parameters whose values are logged; every other value (tRPC's `input`, `secret=`, `token=`, `code=`, `queries`) is not. */
const LOGGED_QUERY_PARAMS = new Set(['batch']);

/** A copy of `headers` with the value of every credential-bearing header replaced. */
export function redactHeaders(headers: unknown): Record<string, unknown> {
  if (typeof headers !== 'object' || headers === null) return {};
  return Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [name, CREDENTIAL_HEADER.test(name) ? REDACTED : value]),
  );
}

/** The URL with its path and parameter names, and the values of parameters that cannot carry a secret. */
export function redactQuery(url: unknown): string {
  if (typeof url !== 'string') return '';
  const start = url.indexOf('?');
  if (start === -1) return url;
  const params = url
    .slice(start + 1)
    .split('&')
    .map((param) => {
      const equals = param.indexOf('=');
      if (equals === -1) return param === '' ? '' : REDACTED;
      const name = param.slice(0, equals);
      if (!/^[\w.%[\]-]{1,64}$/.test(name)) return REDACTED;
      return LOGGED_QUERY_PARAMS.has(name) ? param : `${name}=${REDACTED}`;
    });
  return `${url.slice(0, start)}?${params.join('&')}`;
}

interface SerializedRequest {
  id?: unknown;
  method?: unknown;
  url?: unknown;
  headers?: unknown;
  remoteAddress?: unknown;
  remotePort?: unknown;
}

/**
 * What pino-http logs of a request and its response: no credential header, no query value
 * (and no `query`/`params` copies of them), and never a body.
 */
export const httpSerializers = {
  req: (req: SerializedRequest) => ({
    id: req.id,
    method: req.method,
    url: redactQuery(req.url),
    headers: redactHeaders(req.headers),
    remoteAddress: req.remoteAddress,
    remotePort: req.remotePort,
  }),
  res: (res: { statusCode?: unknown; headers?: unknown }) => ({
    statusCode: res.statusCode,
    headers: redactHeaders(res.headers),
  }),
};

/** `json` in production (one object a line, for a log collector); `pretty` for people (`pnpm dev`). */
export type LogFormat = 'json' | 'pretty';

/** One line a request (method, URL, status, time) instead of its headers; errors keep their stack. */
const PRETTY = {
  translateTime: 'SYS:HH:MM:ss.l',
  ignore: 'pid,hostname,req,res,responseTime',
  messageFormat: '{msg}{if req.method} {req.method} {req.url} {res.statusCode} {responseTime} ms{end}',
};

/**
 * Logs on stdout (or `destination`), JSON lines unless `format` is `pretty`, which renders them
 * through pino-pretty in a worker thread; credentials are never written either way.
 */
export function createLogger(
  level: string,
  name: string,
  { format = 'json', destination }: { format?: LogFormat; destination?: DestinationStream } = {},
): Logger {
  const options: LoggerOptions = {
    name,
    level,
    serializers: httpSerializers,
    // Second line of defence for structured fields logged by hand.
    redact: {
      paths: [
        'password',
        '*.password',
        'secret',
        '*.secret',
        '*.oldPassword',
        'authPassword',
        '*.authPassword',
      ],
      censor: REDACTED,
    },
  };
  if (destination) return pino(options, destination);
  if (format === 'pretty') return pino({ ...options, transport: { target: 'pino-pretty', options: PRETTY } });
  return pino(options);
}

/** Hides the credentials of a connection URL (`//user:pass@`, `//:pass@`, `//token@`) before it is logged or printed. */
export function redactUrl(value: string): string {
  return value.replace(/\/\/([^/@\s]*)@/, (_, userinfo: string) => {
    const colon = userinfo.indexOf(':');
    return colon > 0 ? `//${userinfo.slice(0, colon)}:***@` : '//***@';
  });
}

export type { DestinationStream, Logger };
