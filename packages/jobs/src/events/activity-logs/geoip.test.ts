import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { countryDatabase } from '../../testing/mmdb.ts';
import { noCountry, openCountryDatabase } from './geoip.ts';

const dir = mkdtempSync(join(tmpdir(), 'roster-geoip-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('country from the IP address', () => {
  it('without a GeoIP database every address is `--`', () => {
    expect(noCountry('203.0.113.7')).toBe('--');
  });

  it('with a MaxMind database: the lower-case ISO code, `--` where the database says nothing', async () => {
    const path = join(dir, 'country.mmdb');
    writeFileSync(path, countryDatabase({ '203.0.113.0/24': 'DE', '198.51.100.0/25': 'FR' }));
    const country = await openCountryDatabase(path);
    expect(country('203.0.113.7')).toBe('de');
    expect(country('198.51.100.1')).toBe('fr');
    // Outside the listed networks, loopback, an IPv6 address in an IPv4 database, not an address.
    expect(country('198.51.100.200')).toBe('--');
    expect(country('127.0.0.1')).toBe('--');
    expect(country('2001:db8::1')).toBe('--');
    expect(country('not an ip')).toBe('--');
    // An IPv4 client seen on a dual-stack socket.
    expect(country('::ffff:203.0.113.9')).toBe('de');
  });

  it('a file that is not a MaxMind database is refused when opened', async () => {
    const path = join(dir, 'broken.mmdb');
    writeFileSync(path, 'not a database');
    await expect(openCountryDatabase(path)).rejects.toThrow();
  });
});
