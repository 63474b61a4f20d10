import { z } from 'zod';

/** Team and user preferences: any JSON object (spec §4.3). */
export const ZPreferences = z.record(z.string(), z.unknown()).meta({ id: 'Preferences' });
