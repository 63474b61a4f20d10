import { mergeQuery } from './accept-link.ts';

/** Appwrite's timestamp in links: `2026-01-01T12:00:00.000+00:00`. */
export function linkTimestamp(date: Date): string {
  return date.toISOString().replace(/Z$/, '+00:00');
}

/**
 * The link of a verification or recovery email: `userId`, `secret` and `expire` merged into the
 * query of the `url` the client gave, as the accept link is built (`mergeQuery`).
 */
export function buildTokenLink(
  url: string,
  params: { userId: string; secret: string; expire: Date },
): string {
  return mergeQuery(url, [
    ['userId', params.userId],
    ['secret', params.secret],
    ['expire', linkTimestamp(params.expire)],
  ]);
}
