const UNRESERVED = /^[A-Za-z0-9._~-]*$/;

/**
 * trpc-to-openapi reads path parameters from the raw, still percent-encoded path. Decodes the
 * segments that decode to plain unreserved characters (`%2E` → `.`), so over-encoded ids work;
 * anything else (an encoded `/`, spaces, non-ASCII) stays encoded and fails id validation.
 */
export function decodePathSegments(url: string): string {
  const queryStart = url.indexOf('?');
  const path = queryStart < 0 ? url : url.slice(0, queryStart);
  const query = queryStart < 0 ? '' : url.slice(queryStart);
  const segments = path.split('/').map((segment) => {
    try {
      const decoded = decodeURIComponent(segment);
      return UNRESERVED.test(decoded) ? decoded : segment;
    } catch {
      return segment;
    }
  });
  return segments.join('/') + query;
}
