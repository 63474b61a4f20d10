import { parseArgs, type ParseArgsConfig } from 'node:util';
import { SCOPES, type Scope } from '@roster/db';

/** The command line of `pnpm keys` (cli/keys.ts), parsed and checked before anything connects. */
export const USAGE = `Usage:
  pnpm keys create --name <name> --scopes <scope,...> [--expire <ISO 8601 date>]
  pnpm keys list
  pnpm keys delete <id>
  pnpm keys webhooks <create|list|get|update|enable|disable|rotate|delete> (pnpm keys webhooks help)

Scopes: ${SCOPES.join(', ')}
The database is MONGODB_URI (while pnpm dev runs, the "Database" URI it prints).`;

/** A mistake in the command line: reported with the usage text. */
export class UsageError extends Error {}

/** Node's strict argument parser, its refusals turned into UsageErrors. */
export function parseArguments<const T extends NonNullable<ParseArgsConfig['options']>>(
  argv: string[],
  options: T,
) {
  try {
    return parseArgs<{ args: string[]; allowPositionals: true; strict: true; options: T }>({
      args: argv,
      allowPositionals: true,
      strict: true,
      options,
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

export type Command =
  | { kind: 'create'; name: string; scopes: Scope[]; expire: Date | undefined }
  | { kind: 'list' }
  | { kind: 'delete'; id: string }
  | { kind: 'help' };

function parseScopes(value: string | undefined): Scope[] {
  if (value === undefined) throw new UsageError('--scopes is required');
  const names = [...new Set(value.split(',').map((scope) => scope.trim()))].filter(Boolean);
  if (names.length === 0) throw new UsageError('--scopes needs at least one scope');
  const unknown = names.filter((scope) => !(SCOPES as readonly string[]).includes(scope));
  if (unknown.length > 0) {
    throw new UsageError(
      `unknown scope${unknown.length > 1 ? 's' : ''} ${unknown.map((scope) => `"${scope}"`).join(', ')} (valid: ${SCOPES.join(', ')})`,
    );
  }
  return names as Scope[];
}

function parseExpire(value: string | undefined, now: Date): Date | undefined {
  if (value === undefined) return undefined;
  const date = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(date.getTime())) {
    throw new UsageError(`--expire must be an ISO 8601 date such as 2027-01-31T12:00:00Z (got "${value}")`);
  }
  if (date <= now) throw new UsageError(`--expire must be in the future (got "${value}")`);
  return date;
}

export function parseCommand(argv: string[], now = new Date()): Command {
  const { values, positionals } = parseArguments(argv, {
    name: { type: 'string' },
    scopes: { type: 'string' },
    expire: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  const [command, ...rest] = positionals;
  if (values.help || command === 'help') return { kind: 'help' };
  const createOnly = (['name', 'scopes', 'expire'] as const).filter((flag) => values[flag] !== undefined);

  switch (command) {
    case 'create': {
      if (rest.length > 0)
        throw new UsageError(`create takes no arguments besides its flags (got "${rest.join(' ')}")`);
      const name = values.name?.trim();
      if (!name) throw new UsageError('--name is required');
      if (name.length > 128) throw new UsageError('--name must be at most 128 characters');
      return {
        kind: 'create',
        name,
        scopes: parseScopes(values.scopes),
        expire: parseExpire(values.expire, now),
      };
    }
    case 'list':
      if (rest.length > 0 || createOnly.length > 0) throw new UsageError('list takes no arguments');
      return { kind: 'list' };
    case 'delete': {
      if (createOnly.length > 0) throw new UsageError(`delete takes only an id (got --${createOnly[0]})`);
      const [id, ...extra] = rest;
      if (!id || extra.length > 0)
        throw new UsageError('delete takes exactly one key id (see pnpm keys list)');
      return { kind: 'delete', id };
    }
    case undefined:
      throw new UsageError('a command is required');
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}
