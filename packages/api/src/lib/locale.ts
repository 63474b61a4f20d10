/**
 * A locale code from `X-Appwrite-Locale`, normalised to lower case with hyphens (`pt_BR` →
 * `pt-br`); anything that does not look like a language tag becomes `en`. The mail renderer
 * falls back to English for locales it does not know.
 */
export function normaliseLocale(value: string | undefined): string {
  const locale = value?.trim().toLowerCase().replace(/_/g, '-');
  return locale && /^[a-z]{2,3}(-[a-z0-9]{2,8})*$/.test(locale) ? locale : 'en';
}
