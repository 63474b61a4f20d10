/**
 * `pnpm keys webhooks …`: webhook management from the command line, through the same services
 * (and the same SSRF rule) as the API. A signing secret is printed once, by create and rotate.
 */
import {
  AppError,
  createWebhook,
  deleteWebhook,
  getWebhook,
  listWebhooks,
  rotateWebhookSecret,
  setWebhookEnabled,
  updateWebhook,
  type WebhookContext,
} from '@roster/api';
import { type WebhookDto } from '@roster/api';
import { UsageError } from './keys-command.ts';
import { WEBHOOKS_USAGE, type WebhookCommand } from './webhooks-command.ts';

const print = (text: string): void => {
  process.stdout.write(`${text}\n`);
};

function describe(webhook: WebhookDto): void {
  print(`Webhook "${webhook.name}" (id ${webhook.$id})`);
  print(`  url:      ${webhook.url}`);
  print(`  events:   ${webhook.events.join(', ')}`);
  print(`  enabled:  ${webhook.enabled}`);
  print(`  tls:      ${webhook.tls}`);
  print(
    `  auth:     ${webhook.authUsername ? `${webhook.authUsername} (password set or empty, never shown)` : 'none'}`,
  );
  print(`  attempts: ${webhook.attempts}`);
  if (webhook.logs) print(`  last failure:\n${webhook.logs.replace(/^/gm, '    ')}`);
}

function printSecret(secret: string | undefined): void {
  print('Signing secret (shown only this once; receivers verify X-Appwrite-Webhook-Signature with it):');
  print(secret ?? '');
}

/** Runs one webhook command; AppErrors (not found, taken id, refused URL) become usage errors. */
export async function runWebhookCommand(command: WebhookCommand, ctx: WebhookContext): Promise<void> {
  try {
    await run(command, ctx);
  } catch (error) {
    if (error instanceof AppError) throw new UsageError(`${error.type}: ${error.message}`);
    throw error;
  }
}

async function run(command: WebhookCommand, ctx: WebhookContext): Promise<void> {
  switch (command.kind) {
    case 'help':
      return print(WEBHOOKS_USAGE);
    case 'create': {
      const { kind: _kind, id, ...input } = command;
      const created = await createWebhook(ctx, { ...input, webhookId: id });
      describe(created);
      return printSecret(created.secret);
    }
    case 'list': {
      const { webhooks } = await listWebhooks(ctx, { queries: ['{"method":"limit","values":[5000]}'] });
      if (webhooks.length === 0) return print('No webhooks.');
      for (const webhook of webhooks) {
        print(
          `${webhook.$id}  ${webhook.enabled ? 'enabled ' : 'disabled'}  ${webhook.name}  ${webhook.url}  ${webhook.events.join(',')}`,
        );
      }
      return;
    }
    case 'get':
      return describe(await getWebhook(ctx, command.id));
    case 'update': {
      const { kind: _kind, id, ...input } = command;
      return describe(await updateWebhook(ctx, { ...input, webhookId: id }));
    }
    case 'enable':
    case 'disable':
      return describe(await setWebhookEnabled(ctx, command.id, command.kind === 'enable'));
    case 'rotate': {
      const rotated = await rotateWebhookSecret(ctx, command.id, command.secret);
      print(`Rotated the signing secret of webhook ${rotated.$id}`);
      return printSecret(rotated.secret);
    }
    case 'delete':
      await deleteWebhook(ctx, command.id);
      return print(`Deleted webhook ${command.id}`);
  }
}
