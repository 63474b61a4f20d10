import { type Repositories } from '@roster/db';
import {
  createActivityLogConsumer,
  noCountry,
  openCountryDatabase,
  type CountryResolver,
  type EventConsumer,
} from '@roster/jobs';
import { ConfigError, type Config } from './config.ts';

/**
 * The country lookup of `ROSTER_GEOIP_DATABASE` (docs/configuration.md), opened once at start-up:
 * a missing or unreadable file stops the worker rather than logging `--` for every address.
 */
export async function countryResolver(
  config: Pick<Config, 'ROSTER_GEOIP_DATABASE'>,
): Promise<CountryResolver> {
  const path = config.ROSTER_GEOIP_DATABASE;
  if (!path) return noCountry;
  try {
    return await openCountryDatabase(path);
  } catch (error) {
    throw new ConfigError(
      `ROSTER_GEOIP_DATABASE: cannot read a MaxMind database at ${path} (${(error as Error).message})`,
      { cause: error },
    );
  }
}

/** The activity log consumer of the worker's event dispatch (docs/events.md#activity-logs). */
export async function activityLogConsumer(
  config: Pick<Config, 'ROSTER_GEOIP_DATABASE'>,
  repos: Repositories,
): Promise<EventConsumer> {
  return createActivityLogConsumer({
    activityLogs: repos.activityLogs,
    country: await countryResolver(config),
  });
}
