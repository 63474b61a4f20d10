import { describe, expect, it } from 'vitest';
import { clientAddressKey } from './client-address.ts';

/** Security review finding 4: each IPv6 /128 must not get a budget of its own. */
describe('clientAddressKey', () => {
  it('keeps IPv4 addresses as they are', () => {
    expect(clientAddressKey('203.0.113.7')).toBe('203.0.113.7');
    expect(clientAddressKey('127.0.0.1')).toBe('127.0.0.1');
  });

  it('groups IPv6 addresses by /64, however they are written', () => {
    const key = '2001:db8:aa:1::/64';
    for (const address of [
      '2001:db8:aa:1::1',
      '2001:DB8:AA:1:ffff:ffff:ffff:fffe',
      '2001:0db8:00aa:0001:0000:0000:0000:0009',
      '2001:db8:aa:1:1:2:3.4.5.6',
      '2001:db8:aa:1::5%eth0',
    ]) {
      expect(clientAddressKey(address), address).toBe(key);
    }
    expect(clientAddressKey('2001:db8:aa:2::1')).toBe('2001:db8:aa:2::/64');
    expect(clientAddressKey('::1')).toBe('0:0:0:0::/64');
    expect(clientAddressKey('2001:db8::')).toBe('2001:db8:0:0::/64');
  });

  it('treats IPv4-mapped IPv6 addresses as the IPv4 address', () => {
    expect(clientAddressKey('::ffff:203.0.113.77')).toBe('203.0.113.77');
    expect(clientAddressKey('::ffff:cb00:714d')).toBe('203.0.113.77');
    expect(clientAddressKey('0:0:0:0:0:ffff:7f00:1')).toBe('127.0.0.1');
  });

  it('keys what is not an address apart from every address', () => {
    expect(clientAddressKey('')).toBe('unknown');
    expect(clientAddressKey('not an address')).toBe('other:not an address');
  });
});
