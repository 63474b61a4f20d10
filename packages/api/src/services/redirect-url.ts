import { AppError } from '../errors.ts';

const SCHEMES = new Set(['http:', 'https:']);
const LOOPBACK = new Set(['127.0.0.1', '[::1]']);

/** Whether `host` is on the allow-list: exact, `*.example.com` (subdomains, not the apex) or `*`. */
export function isAllowedHost(host: string, allowed: readonly string[]): boolean {
  const name = LOOPBACK.has(host) ? 'localhost' : host.toLowerCase();
  return allowed.some((entry) => {
    const pattern = entry.trim().toLowerCase();
    if (pattern === '*') return true;
    if (pattern.includes('/') || pattern.includes(':')) return false;
    if (pattern.startsWith('*.')) return name.endsWith(pattern.slice(1)) && name.length > pattern.length - 1;
    return name === pattern;
  });
}

/**
 * Checks an invitation `url` like Appwrite's redirect validator (spec §6.3), with
 * `ROSTER_REDIRECT_HOSTS` in place of the project's registered platforms.
 */
export function assertRedirectUrl(value: string, allowed: readonly string[]): void {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new AppError('general_argument_invalid', 'Invalid `url` param: Invalid URI.');
  }
  if (!SCHEMES.has(url.protocol) || !url.hostname) {
    throw new AppError('general_argument_invalid', 'Invalid `url` param: Invalid URI.');
  }
  if (!isAllowedHost(url.hostname, allowed)) {
    throw new AppError(
      'general_argument_invalid',
      `Invalid \`url\` param: Invalid URI. Add the host (${url.hostname}) to ROSTER_REDIRECT_HOSTS`,
    );
  }
}
