import { describe, expect, it, vi } from 'vitest';
import { appErrorOf, TEST_WEBHOOKS, useApiHarness } from '../../testing/harness.ts';

const resolve = vi.fn((host: string) =>
  host === 'loopback.test'
    ? Promise.resolve([{ address: '127.0.0.1', family: 4 as const }])
    : host === 'public.test'
      ? Promise.resolve([{ address: '93.184.216.34', family: 4 as const }])
      : Promise.reject(new Error(`ENOTFOUND ${host}`)),
);
const api = useApiHarness({ webhooks: { policy: { allowPrivate: false, allowed: [] }, resolve } });

const equal = (attribute: string, values: unknown[]) =>
  JSON.stringify({ method: 'equal', attribute, values });

const settings = (overrides: Record<string, unknown> = {}) => ({
  webhookId: 'unique()',
  name: 'Team changes',
  url: 'https://public.test/hooks?x=a%20b',
  events: ['teams.*', 'teams.*.memberships.*.update.status'],
  ...overrides,
});

async function writer() {
  return api.caller(await api.keyHeaders(['webhooks.read', 'webhooks.write'])).call;
}

describe('webhooks (API keys with webhooks.read / webhooks.write)', () => {
  it('creates a webhook and shows its secret only in that answer', async () => {
    const call = await writer();
    const created = await call.webhooks.create(settings({ authUsername: 'u', authPassword: 'pw-123456' }));
    expect(created).toMatchObject({
      name: 'Team changes',
      url: 'https://public.test/hooks?x=a%20b',
      events: ['teams.*', 'teams.*.memberships.*.update.status'],
      tls: true,
      authUsername: 'u',
      authPassword: '',
      enabled: true,
      logs: '',
      attempts: 0,
    });
    expect(created.secret).toMatch(/^[0-9a-f]{128}$/);
    const got = await call.webhooks.get({ webhookId: created.$id });
    expect(got.secret).toBeUndefined();
    expect(got.authPassword).toBe('');
    const listed = await call.webhooks.list({ queries: [equal('$id', [created.$id])] });
    expect(listed.webhooks[0]?.secret).toBeUndefined();
    // At rest neither the secret nor the password is readable.
    const [stored] = await api.store.find('webhooks', { _id: created.$id });
    expect(JSON.stringify(stored)).not.toContain(created.secret);
    expect(JSON.stringify(stored)).not.toContain('pw-123456');
  });

  it('takes a chosen secret of 8 to 256 characters, 409 on a taken id, 404 on an unknown one', async () => {
    const call = await writer();
    const created = await call.webhooks.create(
      settings({ webhookId: 'hook-one', secret: 'whsec-test-key-0001' }),
    );
    expect(created.secret).toBe('whsec-test-key-0001');
    expect((await appErrorOf(call.webhooks.create(settings({ webhookId: 'hook-one' })))).type).toBe(
      'webhook_already_exists',
    );
    expect((await appErrorOf(call.webhooks.create(settings({ secret: 'short' })))).type).toBe(
      'general_argument_invalid',
    );
    expect((await appErrorOf(call.webhooks.get({ webhookId: 'nope' }))).type).toBe('webhook_not_found');
    expect((await appErrorOf(call.webhooks.delete({ webhookId: 'nope' }))).type).toBe('webhook_not_found');
  });

  it('validates events with Appwrite’s validator (≤100, structural)', async () => {
    const call = await writer();
    for (const events of [
      ['teams'],
      ['teams.*.update.status'],
      ['users.*.delete.mfa'],
      Array(101).fill('teams.*'),
    ]) {
      expect((await appErrorOf(call.webhooks.create(settings({ events })))).type).toBe(
        'general_argument_invalid',
      );
    }
  });

  it('replaces every setting on update, as Appwrite’s PUT, and enabling resets attempts', async () => {
    const call = await writer();
    const created = await call.webhooks.create(
      settings({ tls: false, authUsername: 'u', authPassword: 'p-123456', enabled: false }),
    );
    const updated = await call.webhooks.update({
      webhookId: created.$id,
      name: 'Renamed',
      url: 'https://public.test/other',
      events: ['users.*'],
    });
    expect(updated).toMatchObject({
      name: 'Renamed',
      url: 'https://public.test/other',
      events: ['users.*'],
      tls: true,
      authUsername: '',
      enabled: true,
      attempts: 0,
    });
    expect(updated.secret).toBeUndefined();
  });

  it('rotates the secret, showing the new one once', async () => {
    const call = await writer();
    const created = await call.webhooks.create(settings());
    const rotated = await call.webhooks.updateSecret({ webhookId: created.$id });
    expect(rotated.secret).toMatch(/^[0-9a-f]{128}$/);
    expect(rotated.secret).not.toBe(created.secret);
    const chosen = await call.webhooks.updateSecret({ webhookId: created.$id, secret: 'a-new-secret' });
    expect(chosen.secret).toBe('a-new-secret');
    expect((await call.webhooks.get({ webhookId: created.$id })).secret).toBeUndefined();
  });

  it('lists with queries on name, url and enabled', async () => {
    const call = await writer();
    const name = `Q${Date.now()}`;
    await call.webhooks.create(settings({ name, enabled: false }));
    await call.webhooks.create(settings({ name, url: 'https://public.test/b' }));
    const disabled = await call.webhooks.list({
      queries: [equal('name', [name]), equal('enabled', [false])],
    });
    expect(disabled.total).toBe(1);
    const byUrl = await call.webhooks.list({
      queries: [equal('name', [name]), equal('url', ['https://public.test/b'])],
    });
    expect(byUrl.webhooks.map((webhook) => webhook.url)).toEqual(['https://public.test/b']);
    // Appwrite answers an attribute outside the allow-list with 400 general_argument_invalid.
    expect((await appErrorOf(call.webhooks.list({ queries: [equal('secret', ['x'])] }))).type).toBe(
      'general_argument_invalid',
    );
  });

  it('deletes a webhook', async () => {
    const call = await writer();
    const created = await call.webhooks.create(settings());
    await call.webhooks.delete({ webhookId: created.$id });
    expect((await appErrorOf(call.webhooks.get({ webhookId: created.$id }))).type).toBe('webhook_not_found');
  });

  it('refuses the scopes it does not hold, and users and guests', async () => {
    const readOnly = api.caller(await api.keyHeaders(['webhooks.read'])).call;
    const other = api.caller(await api.keyHeaders(['teams.read', 'teams.write', 'users.write'])).call;
    const user = api.caller((await api.signUp()).headers).call;
    const guest = api.caller({}).call;
    expect((await appErrorOf(readOnly.webhooks.create(settings()))).type).toBe('general_unauthorized_scope');
    for (const call of [other, user, guest]) {
      expect((await appErrorOf(call.webhooks.list({}))).type).toBe('general_unauthorized_scope');
      expect((await appErrorOf(call.webhooks.create(settings()))).type).toBe('general_unauthorized_scope');
    }
    expect((await readOnly.webhooks.list({})).total).toBeGreaterThanOrEqual(0);
  });

  it('answers 503 to a replay when no replay queue is wired', async () => {
    const call = await writer();
    const created = await call.webhooks.create(settings());
    expect(
      (await appErrorOf(call.webhooks.replay({ webhookId: created.$id, since: new Date(0).toISOString() })))
        .type,
    ).toBe('general_service_unavailable');
  });
});

describe('webhook URLs and the SSRF rule on create and update', () => {
  it.each([
    ['loopback', 'http://127.0.0.1:8080/hook'],
    ['a private address', 'http://10.1.2.3/hook'],
    ['CGNAT', 'http://100.64.1.1/hook'],
    ['link-local metadata', 'http://169.254.169.254/latest'],
    ['IPv6 loopback', 'http://[::1]/hook'],
    ['IPv4-mapped loopback', 'http://[::ffff:127.0.0.1]/hook'],
    ['a name resolving to loopback', 'http://loopback.test/hook'],
    ['a name that does not resolve', 'http://nowhere.test/hook'],
  ])('refuses %s', async (_label, url) => {
    const call = await writer();
    const outcome = await appErrorOf(call.webhooks.create(settings({ url })));
    expect(outcome.type).toBe('general_argument_invalid');
    expect(outcome.message).toMatch(/^Invalid `url` param/);
  });

  it('refuses an update to an internal URL and keeps the old one', async () => {
    const call = await writer();
    const created = await call.webhooks.create(settings());
    const outcome = await appErrorOf(
      call.webhooks.update({
        webhookId: created.$id,
        name: 'x',
        url: 'http://loopback.test/',
        events: ['teams.*'],
      }),
    );
    expect(outcome.type).toBe('general_argument_invalid');
    expect((await call.webhooks.get({ webhookId: created.$id })).url).toBe(
      'https://public.test/hooks?x=a%20b',
    );
  });

  it('refuses other schemes', async () => {
    const call = await writer();
    for (const url of ['ftp://public.test/x', 'file:///etc/passwd', 'javascript:alert(1)', 'not a url']) {
      expect((await appErrorOf(call.webhooks.create(settings({ url })))).type).toBe(
        'general_argument_invalid',
      );
    }
  });

  it('the test default allows only 127.0.0.1', () => {
    expect(TEST_WEBHOOKS.policy.allowed).toEqual(['127.0.0.1/32']);
  });
});
