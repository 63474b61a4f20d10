import { describe, expect, it } from 'vitest';
import { parseUserAgent } from './user-agent.ts';

const CHROME_WINDOWS =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';
const SAFARI_IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1';

describe('User-Agent → the client fields of Appwrite’s Log', { timeout: 30_000 }, () => {
  it('a desktop browser: Matomo’s codes and names, as Appwrite shows them', () => {
    expect(parseUserAgent(CHROME_WINDOWS)).toEqual({
      osCode: 'WIN',
      osName: 'Windows',
      osVersion: '10',
      clientType: 'browser',
      clientCode: 'CH',
      clientName: 'Chrome',
      clientVersion: '120.0.0.0',
      clientEngine: 'Blink',
      clientEngineVersion: '120.0.0.0',
      deviceName: 'desktop',
      deviceBrand: '',
      deviceModel: '',
    });
  });

  it('a phone: the device brand and model', () => {
    expect(parseUserAgent(SAFARI_IPHONE)).toMatchObject({
      osCode: 'IOS',
      osName: 'iOS',
      osVersion: '17.1',
      clientType: 'browser',
      clientCode: 'MF',
      clientName: 'Mobile Safari',
      clientEngine: 'WebKit',
      deviceName: 'smartphone',
      deviceBrand: 'Apple',
      deviceModel: 'iPhone',
    });
  });

  it('a library: its name and version, no OS or device', () => {
    expect(parseUserAgent('curl/8.4.0')).toMatchObject({
      clientType: 'library',
      clientName: 'curl',
      clientVersion: '8.4.0',
      osName: '',
      deviceName: '',
    });
  });

  it('an empty User-Agent is UNKNOWN, as in Appwrite: every field empty', () => {
    const fields = parseUserAgent('');
    expect(Object.values(fields).every((value) => value === '')).toBe(true);
    expect(Object.keys(fields)).toHaveLength(12);
  });

  it('an absurdly long User-Agent is parsed in bounded time', () => {
    const started = performance.now();
    parseUserAgent(`${CHROME_WINDOWS} ${'a(b;c) '.repeat(20_000)}`);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('a repeated User-Agent gives the same fields again, a copy each time (the cache is not shared)', () => {
    const first = parseUserAgent(SAFARI_IPHONE);
    first.osName = 'changed by a caller';
    const again = parseUserAgent(SAFARI_IPHONE);
    expect(again).toMatchObject({ osName: 'iOS', deviceModel: 'iPhone' });
  });
});
