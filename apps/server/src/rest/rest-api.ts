import { appRouter, errorBody, ERROR_TYPES, errorTypeOf, restSuccessStatus, type ApiDeps } from '@roster/api';
import express, { type Router } from 'express';
import { createOpenApiNodeHttpHandler } from 'trpc-to-openapi';
import { NO_CACHE } from '../edge-errors.ts';
import { contextOf, logProcedureBugs } from '../http-context.ts';
import { type Logger } from '../logger.ts';
import { boundedBody, MAX_BODY_BYTES } from '../request-body.ts';
import { sendAppwriteResponses } from './appwrite-response.ts';
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
    onError: logProcedureBugs(logger),
  });
  rest.use((req, res, next) => {
    req.url = decodePathSegments(req.url);
    const restore = sendAppwriteResponses(res);
    const passOn = (error?: unknown) => {
      restore();
      next(error);
    };
    handler(req, res, () => passOn()).catch(passOn);
  });

  rest.use((req, res) => {
    res
      .status(404)
      .set(NO_CACHE)
      .json(errorBody('general_route_not_found', `Route not found: ${req.method} ${req.baseUrl}${req.path}`));
  });
  return rest;
}
