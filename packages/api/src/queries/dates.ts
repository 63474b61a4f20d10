const DATE_PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * A datetime query value as a Date: ISO 8601 with optional time, fraction and offset
 * (`2020-10-15`, `2020-10-15 06:38`, `2020-10-15T06:38:00.000+00:00`). No offset means UTC, the
 * zone Appwrite stores and compares in. Undefined when the text is not such a date.
 */
export function parseDateValue(text: string): Date | undefined {
  const match = DATE_PATTERN.exec(text.trim());
  if (!match) return undefined;
  const [, year, month, day, hours = '00', minutes = '00', seconds = '00', fraction = '', zone = 'Z'] = match;
  const millis = `${fraction}000`.slice(0, 3);
  const date = new Date(
    `${year}-${month}-${day}T${hours}:${minutes}:${seconds}.${millis}${normalizeZone(zone)}`,
  );
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** `Z`, `+05`, `+0530` or `+05:30` → `Z` or `+05:30`. */
function normalizeZone(zone: string): string {
  if (zone.toUpperCase() === 'Z') return 'Z';
  const digits = zone.slice(1).replace(':', '');
  return `${zone[0]}${digits.slice(0, 2)}:${digits.slice(2, 4) || '00'}`;
}
