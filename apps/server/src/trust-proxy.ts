import { isIP } from 'node:net';
import { z } from 'zod';

/**
 * What Express's `trust proxy` gets: `false` (the socket's address is the client), a hop count
 * (the client is that many hops before this server), or the proxies' addresses.
 */
export type TrustProxy = false | number | string[];

/** Express's names for address ranges (proxy-addr). */
const RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

const TRUST_EVERYTHING =
  'must not be true: it trusts every hop, so any client could forge X-Forwarded-For and pick its ' +
  'own address; give the hop count of your proxies (e.g. 1) or their addresses (e.g. loopback or 10.0.0.0/8)';
const FORMAT =
  'must be false, a hop count (e.g. 1) or a comma-separated list of proxy addresses, CIDR ranges or ' +
  'loopback, linklocal, uniquelocal';

function isAddressOrRange(entry: string): boolean {
  if (RANGE_NAMES.has(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (!family || rest.length > 0) return false;
  if (prefix === undefined) return true;
  const bits = /^\d{1,3}$/.test(prefix) ? Number(prefix) : NaN;
  // A /0 range is "every address": the same as trusting everything.
  return bits >= 1 && bits <= (family === 4 ? 32 : 128);
}

/** `ROSTER_TRUST_PROXY`: unset or `false` trusts no proxy; `true` is refused (see TRUST_EVERYTHING). */
export const zTrustProxy = z
  .string()
  .default('false')
  .transform((value, ctx): TrustProxy => {
    const trimmed = value.trim();
    if (trimmed === 'false') return false;
    if (trimmed === 'true') {
      ctx.addIssue({ code: 'custom', message: TRUST_EVERYTHING });
      return z.NEVER;
    }
    if (/^\d+$/.test(trimmed)) return Number(trimmed) === 0 ? false : Number(trimmed);
    const entries = trimmed
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean);
    if (entries.length === 0 || !entries.every(isAddressOrRange)) {
      ctx.addIssue({ code: 'custom', message: FORMAT });
      return z.NEVER;
    }
    return entries;
  });
