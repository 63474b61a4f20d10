import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { countryDatabase } from '@roster/jobs/testing/mmdb';
import { afterAll, describe, expect, it } from 'vitest';
import { countryResolver } from './activity-logs.ts';
import { ConfigError } from './config.ts';

const dir = mkdtempSync(join(tmpdir(), 'roster-geoip-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ROSTER_GEOIP_DATABASE', () => {
  it('unset: every country is `--`', async () => {
    expect((await countryResolver({}))('203.0.113.1')).toBe('--');
  });

  it('a MaxMind database: countries from it', async () => {
    const path = join(dir, 'ok.mmdb');
    writeFileSync(path, countryDatabase({ '203.0.113.0/24': 'NL' }));
    expect((await countryResolver({ ROSTER_GEOIP_DATABASE: path }))('203.0.113.1')).toBe('nl');
  });

  it('a missing or broken file stops start-up with the variable named', async () => {
    await expect(countryResolver({ ROSTER_GEOIP_DATABASE: join(dir, 'missing.mmdb') })).rejects.toThrow(
      ConfigError,
    );
    const broken = join(dir, 'broken.mmdb');
    writeFileSync(broken, 'nope');
    await expect(countryResolver({ ROSTER_GEOIP_DATABASE: broken })).rejects.toThrow(/ROSTER_GEOIP_DATABASE/);
  });
});
