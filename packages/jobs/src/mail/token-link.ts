/** PHP `urlencode` (RFC 1738 form encoding): only `A-Za-z0-9-_.` stay, space becomes `+`. */
function formEncode(value: string): string {
  return encodeURIComponent(value)
    .replace(/[!'()*~]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}

function formDecode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return value;
  }
}

/** Appwrite's timestamp in links: `2026-01-01T12:00:00.000+00:00`. */
export function linkTimestamp(date: Date): string {
  return date.toISOString().replace(/Z$/, '+00:00');
}

/**
 * The link of a verification or recovery email: `userId`, `secret` and
 * `expire` merged into the query of the `url` the client gave (a same-named parameter is
 * overwritten in place, the others kept), rebuilt with form encoding as PHP's `http_build_query`.
 */
export function buildTokenLink(
  url: string,
  params: { userId: string; secret: string; expire: Date },
): string {
  const target = new URL(url);
  const query = new Map<string, string>();
  for (const pair of target.search.replace(/^\?/, '').split('&')) {
    if (!pair) continue;
    const separator = pair.indexOf('=');
    const key = formDecode(separator === -1 ? pair : pair.slice(0, separator));
    query.set(key, separator === -1 ? '' : formDecode(pair.slice(separator + 1)));
  }
  query.set('userId', params.userId);
  query.set('secret', params.secret);
  query.set('expire', linkTimestamp(params.expire));
  target.search = [...query].map(([key, value]) => `${formEncode(key)}=${formEncode(value)}`).join('&');
  return target.toString();
}
