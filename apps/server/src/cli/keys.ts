/**
 * `pnpm keys`: creates, lists and deletes server API keys
 * (docs/appwrite-compatibility.md#principals-and-authentication). A new key is printed once; only its SHA-256
 * is stored. Exit code 0 on success, 1 on any error.
 */
import { createApiKey, deleteApiKey, listApiKeys } from '@roster/api';
import { createRepositories, syncIndexes, type Connection, type Repositories } from '@roster/db';
import { ConfigError, loadDatabaseConfig, loadWebhookCliConfig } from '../config.ts';
import { connectDatabaseOrFail, StartupError } from '../infrastructure.ts';
import { parseCommand, UsageError, USAGE, type Command } from './keys-command.ts';
import { runWebhookCommand } from './webhooks.ts';
import { parseWebhookCommand, WEBHOOKS_USAGE, type WebhookCommand } from './webhooks-command.ts';

const print = (text: string): void => {
  process.stdout.write(`${text}\n`);
};
const describeExpire = (expire: Date | null | undefined, now = new Date()) =>
  !expire ? 'never' : `${expire.toISOString()}${expire <= now ? ' (expired)' : ''}`;

/** One line for what the operator can fix; the stack of anything else, which is a bug. */
function describeFailure(error: unknown): string {
  if (error instanceof UsageError || error instanceof ConfigError || error instanceof StartupError) {
    return error.message;
  }
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

async function run(command: Exclude<Command, { kind: 'help' }>, repos: Repositories): Promise<void> {
  switch (command.kind) {
    case 'create': {
      const { apiKey, key } = await createApiKey(repos, command);
      print(`Created API key "${apiKey.name}" (id ${apiKey._id})`);
      print(`  scopes:  ${apiKey.scopes.join(', ')}`);
      print(`  expires: ${describeExpire(apiKey.expire)}`);
      print('Key (shown only this once; send it as X-Appwrite-Key):');
      print(key);
      return;
    }
    case 'list': {
      const keys = await listApiKeys(repos);
      if (keys.length === 0) return print('No API keys.');
      const rows = [
        ['ID', 'NAME', 'SCOPES', 'EXPIRES'],
        ...keys.map((key) => [key._id, key.name, key.scopes.join(','), describeExpire(key.expire)]),
      ];
      const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
      for (const row of rows)
        print(
          row
            .map((cell, column) => cell.padEnd(widths[column]!))
            .join('  ')
            .trimEnd(),
        );
      return;
    }
    case 'delete':
      if (!(await deleteApiKey(repos, command.id)))
        throw new UsageError(`no API key with id "${command.id}"`);
      print(`Deleted API key ${command.id}`);
  }
}

/** `pnpm keys webhooks …`: needs the server secret too, to seal signing secrets and passwords. */
async function webhooksMain(argv: string[]): Promise<number> {
  let command: WebhookCommand;
  try {
    command = parseWebhookCommand(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`error: ${error.message}\n\n${WEBHOOKS_USAGE}\n`);
    return 1;
  }
  if (command.kind === 'help') {
    print(WEBHOOKS_USAGE);
    return 0;
  }
  let connection: Connection;
  let config: ReturnType<typeof loadWebhookCliConfig>;
  try {
    config = loadWebhookCliConfig();
    connection = await connectDatabaseOrFail(config.MONGODB_URI);
  } catch (error) {
    process.stderr.write(`error: ${describeFailure(error)}\n`);
    return 1;
  }
  try {
    await syncIndexes(connection);
    await runWebhookCommand(command, {
      repos: createRepositories(connection),
      config: { secretKey: config.ROSTER_SECRET_KEY },
      webhooks: {
        policy: {
          allowPrivate: config.ROSTER_WEBHOOK_ALLOW_PRIVATE,
          allowed: config.ROSTER_WEBHOOK_ALLOWED_HOSTS,
        },
      },
    });
    return 0;
  } catch (error) {
    process.stderr.write(`error: ${describeFailure(error)}\n`);
    return 1;
  } finally {
    await connection.close();
  }
}

async function main(argv: string[]): Promise<number> {
  if (argv[0] === 'webhooks') return webhooksMain(argv.slice(1));
  let command: Command;
  try {
    command = parseCommand(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`error: ${error.message}\n\n${USAGE}\n`);
    return 1;
  }
  if (command.kind === 'help') {
    print(USAGE);
    return 0;
  }

  let connection: Connection;
  try {
    connection = await connectDatabaseOrFail(loadDatabaseConfig().MONGODB_URI);
  } catch (error) {
    process.stderr.write(`error: ${describeFailure(error)}\n`);
    return 1;
  }
  try {
    // The unique index on the key's hash must exist before the first key is written.
    await syncIndexes(connection);
    await run(command, createRepositories(connection));
    return 0;
  } catch (error) {
    process.stderr.write(`error: ${describeFailure(error)}\n`);
    return 1;
  } finally {
    await connection.close();
  }
}

process.exitCode = await main(process.argv.slice(2));
