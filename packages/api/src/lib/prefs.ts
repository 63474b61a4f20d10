/**
 * Preferences are stored as JSON text, not as a sub-document: Appwrite accepts any JSON object,
 * but MongoDB-compatible stores restrict keys (FerretDB rejects `.` in keys, keys starting with
 * `$`, and arrays of arrays). Text round-trips everything a client sends.
 */
export function serializePrefs(prefs: Record<string, unknown>): string {
  return JSON.stringify(prefs);
}

export function parsePrefs(stored: unknown): Record<string, unknown> {
  if (typeof stored !== 'string' || stored === '') return {};
  const parsed = JSON.parse(stored) as unknown;
  return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
    ? (parsed as Record<string, unknown>)
    : {};
}
