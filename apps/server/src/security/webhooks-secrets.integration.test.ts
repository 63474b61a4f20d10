import { randomBytes } from 'node:crypto';
import { generateEvents } from '@roster/db';
import { createWebhookConsumer } from '@roster/jobs';
import { startWebhookReceiver, type WebhookReceiver } from '@roster/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rest, trpcGet } from '../testing/http-client.ts';
import { useTestServer } from '../testing/http-server.ts';

/**
 * A webhook's signing secret and Basic-auth password are credentials that must be sent, so they
 * cannot be hashed (issue 14). Attacks: reading them back through the API (get, list, update,
 * tRPC), from a database dump, or from the logs of the API and the webhook worker at `trace`.
 */
const lines: string[] = [];
const capture = { write: (line: string) => void lines.push(line) };
const API_KEY = `bootstrap-${randomBytes(24).toString('hex')}`;
const server = useTestServer(
  { ROSTER_API_KEY: API_KEY, ROSTER_WEBHOOK_ALLOWED_HOSTS: '127.0.0.1/32' },
  { logTo: capture, webhooks: { worker: true } },
);
const key = { 'x-appwrite-key': API_KEY };
const PASSWORD = `pw-${randomBytes(12).toString('hex')}`;

let receiver: WebhookReceiver;
beforeAll(async () => {
  receiver = await startWebhookReceiver();
});
afterAll(() => receiver.stop());

describe('webhook secrets', () => {
  it('are shown once, never read back, sealed at rest and never logged', async () => {
    const teamId = `T${randomBytes(4).toString('hex')}`;
    const created = await rest(
      server.url,
      'POST',
      '/webhooks',
      {
        webhookId: 'unique()',
        name: 'secrets',
        url: `${receiver.origin}/hook`,
        events: [`teams.${teamId}`],
        authUsername: 'ops',
        authPassword: PASSWORD,
      },
      key,
    );
    expect(created.status).toBe(201);
    const webhook = (await created.json()) as { $id: string; secret: string; authPassword: string };
    expect(webhook.secret).toMatch(/^[0-9a-f]{128}$/);
    expect(webhook.authPassword).toBe('');
    const secrets = [webhook.secret, PASSWORD, Buffer.from(`ops:${PASSWORD}`).toString('base64')];

    const answers = [
      await (await rest(server.url, 'GET', `/webhooks/${webhook.$id}`, undefined, key)).text(),
      await (await rest(server.url, 'GET', '/webhooks', undefined, key)).text(),
      await (
        await rest(
          server.url,
          'PUT',
          `/webhooks/${webhook.$id}`,
          {
            name: 'secrets',
            url: `${receiver.origin}/hook`,
            events: [`teams.${teamId}`],
            authUsername: 'ops',
            authPassword: PASSWORD,
          },
          key,
        )
      ).text(),
      await (await trpcGet(server.url, 'webhooks.get', { webhookId: webhook.$id }, key)).text(),
    ];
    for (const answer of answers) {
      for (const secret of secrets) expect(answer).not.toContain(secret);
    }

    // A database dump holds neither.
    const dump = JSON.stringify(await server.store.find('webhooks', { _id: webhook.$id }));
    for (const secret of secrets) expect(dump).not.toContain(secret);

    // A delivery uses both, and the logs (API and worker at trace) still hold neither.
    receiver.setSecret(webhook.secret);
    await createWebhookConsumer({
      repos: server.repos,
      queue: server.infrastructure.apiDeps.webhooks!.queue!,
    }).consume([
      {
        id: `ev${randomBytes(6).toString('hex')}`,
        template: 'teams.[teamId].update',
        params: { teamId },
        names: generateEvents('teams.[teamId].update', { teamId }),
        payload: { $id: teamId, name: 'x' },
        resource: `team/${teamId}`,
        sequence: 1,
        actor: { type: 'system', userId: '', userName: '', userEmail: '', ip: '', userAgent: '' },
        createdAt: new Date(),
      },
    ]);
    const [got] = await receiver.waitFor(1);
    expect(got!.signatureValid).toBe(true);
    expect(got!.headers.authorization).toBe(`Basic ${secrets[2]}`);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(lines.some((line) => line.includes('webhook delivered'))).toBe(true);
    const logs = lines.join('\n');
    for (const secret of secrets) expect(logs).not.toContain(secret);

    // Rotation shows the new secret once; the old one no longer signs.
    const rotated = (await (
      await rest(server.url, 'PATCH', `/webhooks/${webhook.$id}/secret`, {}, key)
    ).json()) as { secret: string };
    expect(rotated.secret).not.toBe(webhook.secret);
    const after = await (await rest(server.url, 'GET', `/webhooks/${webhook.$id}`, undefined, key)).text();
    expect(after).not.toContain(rotated.secret);
    expect(lines.join('\n')).not.toContain(rotated.secret);
  });
});
