/** The API's limit on a team's preferences (Appwrite measures PHP's JSON encoding; close enough). */
export const PREFS_MAX_BYTES = 65_535;

export type PrefsParse = { ok: true; prefs: Record<string, unknown> } | { ok: false; problem: string };

/** Checks the preferences editor's text: a JSON object, not a list or a value, within the size limit. */
export function parsePrefs(text: string): PrefsParse {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, problem: `This is not valid JSON: ${(error as Error).message}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, problem: 'Preferences must be a JSON object, like {"theme": "dark"}.' };
  }
  if (new TextEncoder().encode(JSON.stringify(value)).length > PREFS_MAX_BYTES) {
    return { ok: false, problem: 'Preferences must be at most 64 kB.' };
  }
  return { ok: true, prefs: value as Record<string, unknown> };
}

export const formatPrefs = (prefs: Record<string, unknown>) => JSON.stringify(prefs, null, 2);
