import { type HttpRequestSpec } from './load.ts';

/** A tRPC v11 query over HTTP GET (no transformer: the input is plain JSON in `?input=`). */
export function trpcQuery(path: string, input: unknown, headers: Record<string, string>): HttpRequestSpec {
  return { method: 'GET', path: `/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`, headers };
}

/** A tRPC v11 mutation over HTTP POST. */
export function trpcMutation(path: string, input: unknown, headers: Record<string, string>): HttpRequestSpec {
  return { method: 'POST', path: `/trpc/${path}`, headers, body: JSON.stringify(input) };
}
