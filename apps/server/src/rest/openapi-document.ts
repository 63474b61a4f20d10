import { createOpenApiDocument, type OpenAPIObject } from '@roster/api';

let document: OpenAPIObject | undefined;

/** Built once, on first request: the router does not change while the process runs. */
export function openApiDocument(): OpenAPIObject {
  document ??= createOpenApiDocument();
  return document;
}
