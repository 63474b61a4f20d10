import { z } from 'zod';

/** Team and user preferences: any JSON object (docs/appwrite-compatibility.md#models). */
export const ZPreferences = z.record(z.string(), z.unknown()).meta({ id: 'Preferences' });
