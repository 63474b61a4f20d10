/** Appwrite's date format: ISO 8601 with milliseconds and a numeric offset (`…T06:38:00.000+00:00`). */
export function toIso(date: Date | undefined | null): string {
  return date ? date.toISOString().replace('Z', '+00:00') : '';
}
