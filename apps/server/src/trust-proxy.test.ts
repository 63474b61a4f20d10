import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';

const base = { MONGODB_URI: 'mongodb://127.0.0.1:27017/roster', ROSTER_SECRET_KEY: 's'.repeat(32) };
const trustProxy = (value?: string) =>
  loadConfig(value === undefined ? base : { ...base, ROSTER_TRUST_PROXY: value }).ROSTER_TRUST_PROXY;

/** Security review finding 11: `trust proxy` is a hop count or an address list, never "trust every hop". */
describe('ROSTER_TRUST_PROXY', () => {
  it('trusts no proxy when unset, empty, false or 0', () => {
    expect(trustProxy()).toBe(false);
    expect(trustProxy('')).toBe(false);
    expect(trustProxy('false')).toBe(false);
    expect(trustProxy('0')).toBe(false);
  });

  it('takes a hop count', () => {
    expect(trustProxy('1')).toBe(1);
    expect(trustProxy(' 2 ')).toBe(2);
  });

  it('takes a list of addresses, CIDR ranges and Express range names', () => {
    expect(trustProxy('loopback')).toEqual(['loopback']);
    expect(trustProxy('loopback, 10.0.0.0/8 ,192.168.1.10,fd00::/8,::1,uniquelocal,linklocal')).toEqual([
      'loopback',
      '10.0.0.0/8',
      '192.168.1.10',
      'fd00::/8',
      '::1',
      'uniquelocal',
      'linklocal',
    ]);
  });

  it('refuses true, saying what to use instead', () => {
    expect(() => trustProxy('true')).toThrow(
      /^Invalid configuration: ROSTER_TRUST_PROXY must not be true: it trusts every hop, so any client could forge X-Forwarded-For .*hop count of your proxies \(e\.g\. 1\) or their addresses \(e\.g\. loopback or 10\.0\.0\.0\/8\)/,
    );
  });

  it('refuses ranges that cover every address, and anything that is not an address', () => {
    for (const value of [
      '0.0.0.0/0',
      '::/0',
      '10.0.0.0/33',
      'fd00::/129',
      'proxy.internal',
      '10.0.0.0/8/1',
      'yes',
      '-1',
      ',',
    ]) {
      expect(() => trustProxy(value), value).toThrow(/ROSTER_TRUST_PROXY must be false, a hop count/);
    }
  });
});
