import { appRouter, errorBody, ERROR_TYPES, errorTypeOf, restSuccessStatus, type ApiDeps } from '@roster/api';
import express, { type ErrorRequestHandler, type Router } from 'express';
import { createOpenApiNodeHttpHandler } from 'trpc-to-openapi';
import { contextOf, logProcedureBugs } from '../http-context.ts';
import { type Logger } from '../logger.ts';
import { sendAppwriteResponses } from './appwrite-response.ts';
import { decodePathSegments } from './decode-path.ts';
import { openApiDocument } from './openapi-document.ts';

/** JSON bodies up to this size; prefs alone may be 64 KiB. */
export const MAX_BODY_BYTES = 256 * 1024;

const NO_CACHE = { 'Cache-Control': 'no-cache, no-store, must-revalidate', Expires: '0', Pragma: 'no-cache' };

/**
 * The Appwrite-compatible REST API, mounted at `/v1`: the same router and context as /trpc,
 * through trpc-to-openapi, with Appwrite's statuses (201, 204), error bodies and 404s.
 */
export function createRestApi(api: ApiDeps, logger: Logger): Router {
  const rest = express.Router();

  rest.get('/openapi.json', (_req, res) => {
    res.json(openApiDocument());
  });

  rest.use(express.json({ limit: MAX_BODY_BYTES }));

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

  const bodyErrors: ErrorRequestHandler = (error: unknown, _req, res, next) => {
    const parserError = bodyParserErrorMessage(error);
    if (!parserError || res.headersSent) return next(error);
    res.status(400).set(NO_CACHE).json(errorBody('general_argument_invalid', parserError));
  };
  rest.use(bodyErrors);
  return rest;
}

/** express.json's failures (malformed JSON, too large, bad charset) as a client-facing sentence. */
function bodyParserErrorMessage(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('type' in error)) return undefined;
  switch (error.type) {
    case 'entity.parse.failed':
      return 'The request body is not valid JSON.';
    case 'entity.too.large':
      return `The request body is larger than ${MAX_BODY_BYTES / 1024} KiB.`;
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return 'The request body must be UTF-8 JSON.';
    default:
      return undefined;
  }
}
