import { open, type CountryResponse } from 'maxmind';

/** The country of an IP address: lower-case ISO 3166 alpha-2, or `--` when unknown. */
export type CountryResolver = (ip: string) => string;

export const UNKNOWN_COUNTRY = '--';

/** Without a GeoIP database every address is of an unknown country, as in Appwrite. */
export const noCountry: CountryResolver = () => UNKNOWN_COUNTRY;

/**
 * Reads countries from a MaxMind-format database (GeoLite2-Country, GeoIP2-City, DB-IP's
 * country lite, …) the operator downloads and names in `ROSTER_GEOIP_DATABASE`
 * (docs/configuration.md). The file is read once into memory; private and unlisted addresses,
 * and anything that is not an IP address, are unknown.
 */
export async function openCountryDatabase(path: string): Promise<CountryResolver> {
  const reader = await open<CountryResponse>(path, { watchForUpdates: false });
  return (ip) => {
    let record: CountryResponse | null;
    try {
      record = reader.get(ip.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, ''));
    } catch {
      return UNKNOWN_COUNTRY;
    }
    const code = record?.country?.iso_code ?? record?.registered_country?.iso_code;
    return code && /^[A-Za-z]{2}$/.test(code) ? code.toLowerCase() : UNKNOWN_COUNTRY;
  };
}
