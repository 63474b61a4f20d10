import { describe, expect, it, vi } from 'vitest';
import { checkWebhookUrl, isForbiddenAddress, WebhookUrlRefusedError, type Resolver } from './ssrf.ts';

const deny = { allowPrivate: false, allowed: [] };
const resolverTo =
  (...addresses: string[]): Resolver =>
  () =>
    Promise.resolve(addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })));

describe('isForbiddenAddress', () => {
  it.each([
    '127.0.0.1',
    '127.8.9.10',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '::',
    '::1',
    'fc00::1',
    'fd12:3456::1',
    'fe80::1',
    'ff02::1',
    '::ffff:127.0.0.1',
    '::ffff:10.0.0.1',
    '::ffff:a9fe:a9fe',
    '64:ff9b::a00:1',
    '2002:7f00:1::', // 6to4 of 127.0.0.1
    '2002:a9fe:a9fe::1', // 6to4 of the metadata address
    '64:ff9b:1::7f00:1', // local-use NAT64
    '2001:0:4136:e378:8000:63bf:3fff:fdd2', // Teredo
    '::ffff:0:7f00:1', // SIIT
  ])('refuses %s', (address) => {
    expect(isForbiddenAddress(address)).toBe(true);
  });

  it.each(['93.184.216.34', '8.8.8.8', '172.32.0.1', '100.128.0.1', '2606:4700::1111', '::ffff:8.8.8.8'])(
    'allows %s',
    (address) => {
      expect(isForbiddenAddress(address)).toBe(false);
    },
  );
});

describe('checkWebhookUrl', () => {
  it('refuses a literal private address without resolving it', async () => {
    const resolve = vi.fn(resolverTo('93.184.216.34'));
    await expect(checkWebhookUrl('http://10.0.0.5/hook', deny, resolve)).rejects.toBeInstanceOf(
      WebhookUrlRefusedError,
    );
    await expect(checkWebhookUrl('http://[::ffff:127.0.0.1]/hook', deny, resolve)).rejects.toThrow();
    await expect(checkWebhookUrl('http://2130706433/hook', deny, resolve)).rejects.toThrow();
    expect(resolve).not.toHaveBeenCalled();
  });

  it('refuses a name when any of its addresses is internal', async () => {
    await expect(
      checkWebhookUrl('https://hooks.example.com/x', deny, resolverTo('93.184.216.34', '127.0.0.1')),
    ).rejects.toThrow(/127\.0\.0\.1/);
  });

  it('returns the checked address for a public name', async () => {
    await expect(
      checkWebhookUrl('https://hooks.example.com/x', deny, resolverTo('93.184.216.34')),
    ).resolves.toEqual({ address: '93.184.216.34', family: 4 });
  });

  it('honours the operator allow-list by CIDR and by host, and allowPrivate', async () => {
    const cidr = { allowPrivate: false, allowed: ['127.0.0.1/32'] };
    await expect(checkWebhookUrl('http://127.0.0.1:9/x', cidr, resolverTo())).resolves.toMatchObject({
      address: '127.0.0.1',
    });
    await expect(checkWebhookUrl('http://127.0.0.2:9/x', cidr, resolverTo())).rejects.toThrow();
    const host = { allowPrivate: false, allowed: ['internal.test'] };
    await expect(
      checkWebhookUrl('http://internal.test/x', host, resolverTo('10.0.0.9')),
    ).resolves.toMatchObject({ address: '10.0.0.9' });
    await expect(
      checkWebhookUrl('http://10.0.0.9/x', { allowPrivate: true, allowed: [] }, resolverTo()),
    ).resolves.toMatchObject({ address: '10.0.0.9' });
  });

  it('refuses other schemes and credentials in the URL', async () => {
    await expect(checkWebhookUrl('ftp://example.com/x', deny, resolverTo('8.8.8.8'))).rejects.toThrow();
    await expect(checkWebhookUrl('file:///etc/passwd', deny, resolverTo('8.8.8.8'))).rejects.toThrow();
    await expect(checkWebhookUrl('https://u:p@example.com/x', deny, resolverTo('8.8.8.8'))).rejects.toThrow();
  });
});
