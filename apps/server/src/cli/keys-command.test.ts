import { describe, expect, it } from 'vitest';
import { parseCommand, UsageError } from './keys-command.ts';

const NOW = new Date('2026-06-01T00:00:00.000Z');
const parse = (...argv: string[]) => parseCommand(argv, NOW);
const failure = (...argv: string[]) => {
  try {
    parse(...argv);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error(`expected "${argv.join(' ')}" to be refused`);
};

describe('pnpm keys command line', () => {
  it('create: name, de-duplicated scopes, optional expiry', () => {
    expect(parse('create', '--name', ' ci ', '--scopes', 'teams.read, users.write,teams.read')).toEqual({
      kind: 'create',
      name: 'ci',
      scopes: ['teams.read', 'users.write'],
      expire: undefined,
    });
    expect(parse('create', '--name=ci', '--scopes=users.read', '--expire', '2027-01-31')).toMatchObject({
      expire: new Date('2027-01-31T00:00:00.000Z'),
    });
    expect(
      parse('create', '--name', 'ci', '--scopes', 'users.read', '--expire', '2026-06-01T12:00:00+02:00'),
    ).toMatchObject({
      expire: new Date('2026-06-01T10:00:00.000Z'),
    });
  });

  it('list, delete and help', () => {
    expect(parse('list')).toEqual({ kind: 'list' });
    expect(parse('delete', 'abc')).toEqual({ kind: 'delete', id: 'abc' });
    expect(parse('--help')).toEqual({ kind: 'help' });
    expect(parse('create', '-h')).toEqual({ kind: 'help' });
    expect(parse('help')).toEqual({ kind: 'help' });
  });

  it('refuses unknown scopes, naming every one and the valid ones', () => {
    expect(failure('create', '--name', 'x', '--scopes', 'teams.read,users.admin')).toBe(
      'unknown scope "users.admin" (valid: teams.read, teams.write, users.read, users.write, webhooks.read, webhooks.write, buckets.read, buckets.write)',
    );
    expect(failure('create', '--name', 'x', '--scopes', 'TEAMS.READ,account')).toMatch(
      /^unknown scopes "TEAMS.READ", "account" /,
    );
  });

  it('refuses missing or empty flags', () => {
    expect(failure('create', '--scopes', 'teams.read')).toBe('--name is required');
    expect(failure('create', '--name', '  ', '--scopes', 'teams.read')).toBe('--name is required');
    expect(failure('create', '--name', 'x'.repeat(129), '--scopes', 'teams.read')).toBe(
      '--name must be at most 128 characters',
    );
    expect(failure('create', '--name', 'x')).toBe('--scopes is required');
    expect(failure('create', '--name', 'x', '--scopes', ' , ')).toBe('--scopes needs at least one scope');
    expect(failure('create', '--name')).toMatch(/--name/);
  });

  it('refuses expiries that are not ISO dates or not in the future', () => {
    for (const value of ['tomorrow', '31/01/2027', '2027-13-45', '']) {
      expect(failure('create', '--name', 'x', '--scopes', 'teams.read', '--expire', value)).toMatch(
        /^--expire must be an ISO 8601 date/,
      );
    }
    for (const value of ['2001-01-01', NOW.toISOString()]) {
      expect(failure('create', '--name', 'x', '--scopes', 'teams.read', '--expire', value)).toBe(
        `--expire must be in the future (got "${value}")`,
      );
    }
  });

  it('refuses unknown commands, options and stray arguments', () => {
    expect(failure()).toBe('a command is required');
    expect(failure('rotate')).toBe('unknown command "rotate"');
    expect(failure('create', '--name', 'x', '--scopes', 'teams.read', '--color', 'red')).toMatch(
      /^Unknown option '--color'/,
    );
    expect(failure('create', 'extra', '--name', 'x', '--scopes', 'teams.read')).toMatch(
      /^create takes no arguments/,
    );
    expect(failure('list', 'all')).toBe('list takes no arguments');
    expect(failure('list', '--name', 'x')).toBe('list takes no arguments');
    expect(failure('delete')).toBe('delete takes exactly one key id (see pnpm keys list)');
    expect(failure('delete', 'a', 'b')).toBe('delete takes exactly one key id (see pnpm keys list)');
    expect(failure('delete', 'a', '--scopes', 'teams.read')).toBe('delete takes only an id (got --scopes)');
  });
});
