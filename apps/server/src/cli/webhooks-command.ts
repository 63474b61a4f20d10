import { isValidEventPattern, MAX_WEBHOOK_EVENTS } from '@roster/db';
import { parseArguments, UsageError } from './keys-command.ts';

/** `pnpm keys webhooks …` (docs/events.md#managing-webhooks). */
export const WEBHOOKS_USAGE = `Usage:
  pnpm keys webhooks create --name <name> --url <url> --events <pattern,...> [--id <id>]
                            [--secret <8-256 chars>] [--tls true|false] [--disabled]
                            [--auth-username <user> --auth-password <password>]
  pnpm keys webhooks list
  pnpm keys webhooks get <id>
  pnpm keys webhooks update <id> --name <name> --url <url> --events <pattern,...>
                            [--tls true|false] [--disabled] [--auth-username <u> --auth-password <p>]
      (a full replace, as Appwrite's PUT: omitted options take their defaults)
  pnpm keys webhooks enable <id>     (also resets the failure count)
  pnpm keys webhooks disable <id>
  pnpm keys webhooks rotate <id> [--secret <8-256 chars>]
  pnpm keys webhooks delete <id>

Needs MONGODB_URI and ROSTER_SECRET_KEY (it seals the signing secret and the password);
ROSTER_WEBHOOK_ALLOW_PRIVATE and ROSTER_WEBHOOK_ALLOWED_HOSTS as for the server.`;

export interface WebhookSettingsFlags {
  name: string;
  url: string;
  events: string[];
  tls: boolean | undefined;
  enabled: boolean;
  authUsername: string | undefined;
  authPassword: string | undefined;
}

export type WebhookCommand =
  | ({ kind: 'create'; id: string; secret: string | undefined } & WebhookSettingsFlags)
  | { kind: 'list' }
  | { kind: 'get' | 'enable' | 'disable' | 'delete'; id: string }
  | ({ kind: 'update'; id: string } & WebhookSettingsFlags)
  | { kind: 'rotate'; id: string; secret: string | undefined }
  | { kind: 'help' };

function parseEvents(value: string | undefined): string[] {
  if (value === undefined) throw new UsageError('--events is required');
  const events = [...new Set(value.split(',').map((event) => event.trim()))].filter(Boolean);
  if (events.length === 0) throw new UsageError('--events needs at least one event pattern');
  if (events.length > MAX_WEBHOOK_EVENTS)
    throw new UsageError(`--events takes at most ${MAX_WEBHOOK_EVENTS} patterns`);
  const invalid = events.filter((event) => !isValidEventPattern(event));
  if (invalid.length > 0)
    throw new UsageError(`invalid event pattern ${invalid.map((e) => `"${e}"`).join(', ')}`);
  return events;
}

function parseSecret(value: string | undefined): string | undefined {
  if (value !== undefined && (value.length < 8 || value.length > 256)) {
    throw new UsageError('--secret must be 8 to 256 characters');
  }
  return value;
}

function parseTls(value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  if (value !== 'true' && value !== 'false') throw new UsageError('--tls must be true or false');
  return value === 'true';
}

/** Parses the arguments after `webhooks`. */
export function parseWebhookCommand(argv: string[]): WebhookCommand {
  const { values, positionals } = parseArguments(argv, {
    id: { type: 'string' },
    name: { type: 'string' },
    url: { type: 'string' },
    events: { type: 'string' },
    secret: { type: 'string' },
    tls: { type: 'string' },
    disabled: { type: 'boolean' },
    'auth-username': { type: 'string' },
    'auth-password': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  const [command, ...rest] = positionals;
  if (values.help || command === 'help' || command === undefined) return { kind: 'help' };
  const settings = (): WebhookSettingsFlags => {
    const name = values.name?.trim();
    if (!name) throw new UsageError('--name is required');
    if ([...name].length > 128) throw new UsageError('--name must be at most 128 characters');
    if (!values.url) throw new UsageError('--url is required');
    return {
      name,
      url: values.url,
      events: parseEvents(values.events),
      tls: parseTls(values.tls),
      enabled: !values.disabled,
      authUsername: values['auth-username'],
      authPassword: values['auth-password'],
    };
  };
  const oneId = () => {
    const [id, ...extra] = rest;
    if (!id || extra.length > 0) throw new UsageError(`${command} takes exactly one webhook id`);
    return id;
  };
  switch (command) {
    case 'create':
      if (rest.length > 0) throw new UsageError('create takes no arguments besides its flags');
      return {
        kind: 'create',
        id: values.id ?? 'unique()',
        secret: parseSecret(values.secret),
        ...settings(),
      };
    case 'list':
      if (rest.length > 0) throw new UsageError('list takes no arguments');
      return { kind: 'list' };
    case 'update':
      return { kind: 'update', id: oneId(), ...settings() };
    case 'rotate':
      return { kind: 'rotate', id: oneId(), secret: parseSecret(values.secret) };
    case 'get':
    case 'enable':
    case 'disable':
    case 'delete':
      return { kind: command, id: oneId() };
    default:
      throw new UsageError(`unknown webhooks command "${command}"`);
  }
}
