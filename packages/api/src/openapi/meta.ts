import { type OpenApiMeta, type OpenApiMethod } from 'trpc-to-openapi';

/**
 * Where a procedure lives in the REST API (under `/v1`). The tag is the path's first segment;
 * `public` routes (sign-up, sign-in, accepting an invitation) need no key or session.
 */
export function rest(
  method: OpenApiMethod,
  path: `/${string}`,
  summary: string,
  { public: isPublic = false } = {},
): OpenApiMeta {
  const tag = path.split('/')[1] ?? '';
  return { openapi: { method, path, summary, tags: [tag], protect: !isPublic } };
}
