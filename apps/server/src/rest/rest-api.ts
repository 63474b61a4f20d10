import { appRouter, errorBody, ERROR_TYPES, errorTypeOf, restSuccessStatus, type ApiDeps } from '@roster/api';
import express, { type Router } from 'express';
import { createOpenApiNodeHttpHandler } from 'trpc-to-openapi';
import { NO_CACHE, routeNotFound } from '../edge-errors.ts';
import { contextOf, logProcedureBugs } from '../http-context.ts';
import { type Logger } from '../logger.ts';
import { boundedBody, MAX_BODY_BYTES } from '../request-body.ts';
import { decodePathSegments } from './decode-path.ts';
import { openApiDocument } from './openapi-document.ts';

export { MAX_BODY_BYTES };

/**
 * The Appwrite-compatible REST API, mounted at `/v1`: the same router and context as /trpc,
 * through trpc-to-openapi, with Appwrite's statuses (201, 204), error bodies and 404s.
 */
export function createRestApi(api: ApiDeps, logger: Logger): Router {
  const rest = express.Router();

  rest.get('/openapi.json', (_req, res) => {
    res.json(openApiDocument());
  });

  rest.use(boundedBody('rest'));

  const handler = createOpenApiNodeHttpHandler({
    router: appRouter,
    maxBodySize: MAX_BODY_BYTES,
    createContext: ({ req, res }) => contextOf(api, req as express.Request, res as express.Response),
    responseMeta: ({ paths, errors }) => {
      const [error] = errors;
      if (error) return { status: ERROR_TYPES[errorTypeOf(error)].status, headers: NO_CACHE };
      return { status: paths?.[0] ? restSuccessStatus(paths[0]) : 200 };
    },
    // Appwrite's body instead of the adapter's `{ ...shape, code: 'NOT_FOUND' }` (our patch of
    // trpc-to-openapi, patches/); the shape is our formatter's (packages/api/src/trpc.ts).
    formatErrorBody: ({ errorShape }) =>
      errorBody(errorShape.data.type, errorShape.message, errorShape.data.requestId),
    onError: logProcedureBugs(logger),
  });
  rest.use((req, res, next) => {
    req.url = decodePathSegments(req.url);
    handler(req, res, () => next()).catch(next);
  });

  rest.use(routeNotFound);
  return rest;
}
