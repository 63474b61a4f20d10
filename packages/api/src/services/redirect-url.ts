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

/** Hosts of the machine itself: plain http and any port are fine there (development). */
const LOCAL_HOSTS = new Set(['localhost', ...LOOPBACK]);

const invalid = (reason = '') =>
  new AppError('general_argument_invalid', `Invalid \`url\` param: Invalid URI.${reason}`);

/**
 * Whether the authority of `value` as written has userinfo. WHATWG parsing drops an empty one
 * (`https://@host/`), so the text is read: the authority ends at the first `/`, `\\`, `?` or `#`.
 */
function hasUserinfo(value: string): boolean {
  const afterScheme = value.replace(/^[a-z][a-z\d+.-]*:/i, '').replace(/^[/\\]*/, '');
  return /^[^/\\?#]*@/.test(afterScheme);
}

/** Whether `host:port` is named by an allow-list entry with that port (`app.example.com:8443`). */
function isAllowedPort(host: string, port: string, allowed: readonly string[]): boolean {
  return allowed.some((entry) => {
    const match = /^([^:/]+):(\d{1,5})$/.exec(entry.trim());
    return match !== null && match[2] === port && isAllowedHost(host, [match[1]!]);
  });
}

/**
 * Checks an invitation `url` like Appwrite's redirect validator
 * (docs/appwrite-compatibility.md#redirect-urls), with
 * `ROSTER_REDIRECT_HOSTS` in place of the project's registered platforms. The link carries the
 * invitation secret, a credential, so Roster is stricter (issue 12, review finding 7):
 * - no userinfo (`https://accounts.google.com@app.example.com/` reads like another site);
 * - `https:` only, except on localhost, 127.0.0.1 and [::1];
 * - the scheme's default port, unless an allow-list entry names the port (`app.example.com:8443`);
 *   any port on those local hosts.
 */
export function assertRedirectUrl(value: string, allowed: readonly string[]): void {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalid();
  }
  if (!SCHEMES.has(url.protocol) || !url.hostname) throw invalid();
  if (url.username || url.password || hasUserinfo(value)) {
    throw invalid(' The URL may not contain a user name or password');
  }
  const local = LOCAL_HOSTS.has(url.hostname);
  if (url.protocol !== 'https:' && !local) throw invalid(' Use https (http is allowed only for localhost)');
  if (url.port && !local) {
    if (!isAllowedPort(url.hostname, url.port, allowed)) {
      throw invalid(` Add the host and port (${url.hostname}:${url.port}) to ROSTER_REDIRECT_HOSTS`);
    }
  } else if (!isAllowedHost(url.hostname, allowed)) {
    throw invalid(` Add the host (${url.hostname}) to ROSTER_REDIRECT_HOSTS`);
  }
}
