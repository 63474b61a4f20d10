export interface AcceptLinkParams {
  membershipId: string;
  userId: string;
  secret: string;
  teamId: string;
  teamName: string;
}

/** Appwrite's order (docs/appwrite-compatibility.md#the-accept-link). */
const PARAM_ORDER = ['membershipId', 'userId', 'secret', 'teamId', 'teamName'] as const;

/** PHP `urlencode` (RFC 1738 form encoding): only `A-Za-z0-9-_.` stay, space becomes `+`. */
function formEncode(value: string): string {
  return encodeURIComponent(value)
    .replace(/[!'()*~]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}

/** `application/x-www-form-urlencoded` decoding of one query component (`+` is a space). */
function formDecode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return value;
  }
}

/**
 * The accept link of docs/appwrite-compatibility.md#the-accept-link: the invitation's parameters merged into
 * the query of the `url` given at invite time (a same-named parameter is overwritten in place, new ones are
 * appended), the query rebuilt with form encoding as PHP's `http_build_query` does; scheme, user info, host,
 * port, path and fragment are kept.
 */
export function buildAcceptLink(url: string, params: AcceptLinkParams): string {
  return mergeQuery(
    url,
    PARAM_ORDER.map((key) => [key, params[key]]),
  );
}

/**
 * `url` with `params` merged into its query, in their order, as the accept link is built (a
 * same-named parameter is overwritten in place, new ones are appended; form encoding).
 */
export function mergeQuery(url: string, params: readonly (readonly [string, string])[]): string {
  const target = new URL(url);
  const query = new Map<string, string>();
  for (const pair of target.search.replace(/^\?/, '').split('&')) {
    if (!pair) continue;
    const separator = pair.indexOf('=');
    const key = formDecode(separator === -1 ? pair : pair.slice(0, separator));
    query.set(key, separator === -1 ? '' : formDecode(pair.slice(separator + 1)));
  }
  for (const [key, value] of params) query.set(key, value);
  target.search = [...query].map(([key, value]) => `${formEncode(key)}=${formEncode(value)}`).join('&');
  return target.toString();
}
