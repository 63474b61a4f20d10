import { randomBytes } from 'node:crypto';
import { generateEvents, type RosterEvent } from '@roster/db';
import { createWebhookConsumer, nodeConnector, type Connector, type Resolver } from '@roster/jobs';
import { startWebhookReceiver, type WebhookReceiver } from '@roster/testkit';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { rest } from '../testing/http-client.ts';
import { useTestServer } from '../testing/http-server.ts';

/**
 * Server-side request forgery through webhooks (issue 14): a key holder points a webhook at the
 * server's own networks (loopback, private, link-local metadata, CGNAT…), directly or through a
 * name that resolves there, at creation or by changing DNS afterwards (rebinding). Refused on
 * create and update, and re-checked on the resolved address before every delivery, which then
 * connects to that checked address. The resolver and the connector are injected: a refusal is
 * proven by the connector never being called, and nothing here connects beyond 127.0.0.1.
 */
const API_KEY = `bootstrap-${randomBytes(24).toString('hex')}`;
/** What names resolve to; `rebind.test` changes between create and delivery. */
const dns = new Map<string, string>([
  ['loopback.test', '127.0.0.1'],
  ['metadata.test', '169.254.169.254'],
  ['private.test', '10.1.2.3'],
  ['rebind.test', '93.184.216.34'],
]);
const lookups: string[] = [];
const resolve: Resolver = (host) => {
  lookups.push(host);
  const address = dns.get(host);
  return address ? Promise.resolve([{ address, family: 4 }]) : Promise.reject(new Error(`ENOTFOUND ${host}`));
};
const connections: string[] = [];
const connect: Connector = (url, options, onResponse) => {
  connections.push(url.host);
  if (!['127.0.0.1', 'localhost'].includes(url.hostname) && !String(url.host).startsWith('receiver.test')) {
    throw new Error(`test bug: would connect to ${url.host}`);
  }
  return nodeConnector(url, options, onResponse);
};
// Only the receiver's own name is allowed past the rule (by host), not 127.0.0.1 itself.
const server = useTestServer(
  { ROSTER_API_KEY: API_KEY, ROSTER_WEBHOOK_ALLOWED_HOSTS: 'receiver.test' },
  { webhooks: { resolve, worker: true, connect } },
);
const key = { 'x-appwrite-key': API_KEY };

let receiver: WebhookReceiver;
beforeAll(async () => {
  receiver = await startWebhookReceiver();
  dns.set('receiver.test', '127.0.0.1');
});
afterAll(async () => {
  await receiver.stop();
});
beforeEach(() => {
  connections.length = 0;
  lookups.length = 0;
  receiver.clear();
});

const create = (url: string, extra: Record<string, unknown> = {}) =>
  rest(
    server.url,
    'POST',
    '/webhooks',
    { webhookId: 'unique()', name: 'ssrf', url, events: ['teams.*'], ...extra },
    key,
  );

function teamEvent(teamId: string): RosterEvent {
  return {
    id: `ev${randomBytes(8).toString('hex')}`,
    template: 'teams.[teamId].update',
    params: { teamId },
    names: generateEvents('teams.[teamId].update', { teamId }),
    payload: { $id: teamId, name: 'x' },
    resource: `team/${teamId}`,
    sequence: 1,
    actor: { type: 'system', userId: '', userName: '', userEmail: '', ip: '', userAgent: '' },
    createdAt: new Date(),
  };
}

describe('webhook SSRF: refused on create and update', () => {
  it.each([
    ['loopback', 'http://127.0.0.1:6379/'],
    ['loopback, another address', 'http://127.8.8.8/'],
    ['IPv6 loopback', 'http://[::1]:3000/'],
    ['IPv4-mapped loopback', 'http://[::ffff:7f00:1]/'],
    ['6to4 loopback', 'http://[2002:7f00:1::]/'],
    ['local-use NAT64 loopback', 'http://[64:ff9b:1::7f00:1]/'],
    ['Teredo', 'http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/'],
    ['SIIT loopback', 'http://[::ffff:0:7f00:1]/'],
    ['decimal loopback', 'http://2130706433/'],
    ['private 10/8', 'http://10.0.0.1/'],
    ['private 172.16/12', 'http://172.20.1.1/'],
    ['private 192.168/16', 'http://192.168.0.10/'],
    ['unique local IPv6', 'http://[fd00::1]/'],
    ['link-local metadata', 'http://169.254.169.254/latest/meta-data/'],
    ['CGNAT', 'http://100.100.100.200/'],
    ['unspecified', 'http://0.0.0.0:3000/'],
    ['a name resolving to loopback', 'http://loopback.test/'],
    ['a name resolving to metadata', 'http://metadata.test/'],
    ['a name resolving to a private address', 'https://private.test/hook'],
  ])('%s', async (_label, url) => {
    const response = await create(url);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ type: 'general_argument_invalid' });
    expect(connections).toEqual([]);
  });

  it('refuses an update that points an existing webhook inside', async () => {
    // Subscribed to a team no event names: the later delivery tests must not reach it.
    const created = (await (await create('http://rebind.test/hook', { events: ['teams.none'] })).json()) as {
      $id: string;
    };
    const response = await rest(
      server.url,
      'PUT',
      `/webhooks/${created.$id}`,
      { name: 'x', url: 'http://loopback.test/', events: ['teams.*'] },
      key,
    );
    expect(response.status).toBe(400);
    expect(connections).toEqual([]);
  });
});

describe('webhook SSRF: re-checked on the resolved address at delivery', () => {
  it('a name that resolved to a public address at creation and to loopback at delivery is never connected to', async () => {
    const teamId = `T${randomBytes(4).toString('hex')}`;
    const response = await create('http://rebind.test/hook', { events: [`teams.${teamId}`] });
    expect(response.status).toBe(201);
    const { $id } = (await response.json()) as { $id: string };
    dns.set('rebind.test', '127.0.0.1');
    try {
      await dispatchThroughServerQueue(teamEvent(teamId));
      const deliveries = await waitForDeliveries($id, 1);
      expect(deliveries[0]).toMatchObject({ success: false, statusCode: 0 });
      expect(deliveries[0]!.error).toMatch(/resolves to 127\.0\.0\.1/);
      expect(lookups).toContain('rebind.test');
      expect(connections).toEqual([]);
    } finally {
      dns.set('rebind.test', '93.184.216.34');
    }
  });

  it('an allowed host is delivered to, on the address that was checked', async () => {
    const teamId = `T${randomBytes(4).toString('hex')}`;
    const port = new URL(receiver.origin).port;
    const response = await create(`http://receiver.test:${port}/hook`, { events: [`teams.${teamId}`] });
    expect(response.status).toBe(201);
    const { $id, secret } = (await response.json()) as { $id: string; secret: string };
    receiver.setSecret(secret);
    await dispatchThroughServerQueue(teamEvent(teamId));
    const [got] = await receiver.waitFor(1);
    expect(got!.headers.host).toBe(`receiver.test:${port}`);
    expect(connections).toEqual([`receiver.test:${port}`]);
    expect((await waitForDeliveries($id, 1))[0]).toMatchObject({ success: true, statusCode: 200 });
  });

  it('a redirect to an internal address is not followed', async () => {
    const teamId = `T${randomBytes(4).toString('hex')}`;
    const port = new URL(receiver.origin).port;
    const { $id, secret } = (await (
      await create(`http://receiver.test:${port}/hook`, { events: [`teams.${teamId}`] })
    ).json()) as { $id: string; secret: string };
    receiver.setSecret(secret);
    receiver.respondWith([302]);
    await dispatchThroughServerQueue(teamEvent(teamId));
    await receiver.waitFor(1);
    await waitForDeliveries($id, 1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(connections).toHaveLength(1);
    expect(receiver.received).toHaveLength(1);
  });
});

/** Hands one event to the webhooks consumer, as the dispatcher does, on the server's queue. */
async function dispatchThroughServerQueue(event: RosterEvent) {
  await createWebhookConsumer({
    repos: server.repos,
    queue: server.infrastructure.apiDeps.webhooks!.queue!,
  }).consume([event]);
}

async function waitForDeliveries(webhookId: string, count: number) {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const response = await rest(server.url, 'GET', `/webhooks/${webhookId}/deliveries`, undefined, key);
    const body = (await response.json()) as {
      deliveries: { success: boolean; statusCode: number; error: string }[];
    };
    if (body.deliveries.length >= count) return body.deliveries;
    if (Date.now() > deadline) throw new Error(`expected ${count} deliveries of ${webhookId}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
