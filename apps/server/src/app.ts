import { randomUUID } from 'node:crypto';
import { type IncomingMessage } from 'node:http';
import { appRouter, hasValidApiKey, healthFor, type ApiDeps } from '@roster/api';
import { createExpressMiddleware } from '@trpc/server/adapters/express';
import express, { type Express } from 'express';
import { pinoHttp } from 'pino-http';
import qs from 'qs';
import { corsForOrigins, refuseUnknownOrigins } from './cors.ts';
import { demoStatic } from './demo-static.ts';
import { answerUnexpectedError, routeNotFound } from './edge-errors.ts';
import { createDocsPage } from './docs-page.ts';
import { contextOf, logProcedureBugs } from './http-context.ts';
import { httpSerializers, type Logger } from './logger.ts';
import { boundedBody, MAX_BODY_BYTES } from './request-body.ts';
import { privateWhenAuthenticated, securityHeaders } from './response-headers.ts';
import { createRestApi } from './rest/rest-api.ts';
import { type TrustProxy } from './trust-proxy.ts';

export interface AppDeps {
  api: ApiDeps;
  logger: Logger;
  /** Express `trust proxy` (`ROSTER_TRUST_PROXY`): a hop count or the proxies' addresses; never `true`. */
  trustProxy?: TrustProxy;
  /** The built demo (`apps/demo/dist`), served under `/` when set (`ROSTER_DEMO_DIST`). */
  demoDist?: string | undefined;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{8,128}$/;

/** Calls in one batched /trpc request: tRPC runs them concurrently. */
export const MAX_BATCH_SIZE = 10;

/** A caller-supplied `X-Request-Id` is kept when it looks like one; otherwise a new UUID. */
function requestIdOf(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
}

/** The HTTP application, without listening: tests and `main.ts` both build it from real deps. */
export function createApp({ api, logger, trustProxy = false, demoDist }: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', trustProxy);
  // PHP-style arrays as Appwrite's SDKs send them: `queries[0]=…&queries[1]=…` and `queries[]=…`.
  app.set('query parser', (query: string) => qs.parse(query, { arrayLimit: 100, depth: 2 }));

  app.use(
    pinoHttp({
      logger,
      serializers: httpSerializers,
      genReqId: (req, res) => {
        const id = requestIdOf(req);
        res.setHeader('X-Request-Id', id);
        return id;
      },
      customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : 'info'),
      autoLogging: { ignore: (req) => req.url === '/health' },
    }),
  );

  app.use(securityHeaders, privateWhenAuthenticated);

  app.get('/health', async (req, res) => {
    const report = await healthFor(api.health, await hasValidApiKey(api, contextOf(api, req, res).req));
    res.status(report.status === 'pass' ? 200 : 503).json(report);
  });

  const origins = { origins: api.config.corsOrigins ?? [], publicUrl: api.config.publicUrl };
  app.use(['/trpc', '/v1'], corsForOrigins(origins.origins));
  app.use('/trpc', refuseUnknownOrigins('trpc', origins));
  app.use('/v1', refuseUnknownOrigins('rest', origins));
  app.use('/v1', createRestApi(api, logger));
  app.use('/docs', createDocsPage());

  app.use(
    '/trpc',
    boundedBody('trpc'),
    createExpressMiddleware({
      router: appRouter,
      // boundedBody has read the body already; these hold should it ever not have.
      maxBodySize: MAX_BODY_BYTES,
      maxBatchSize: MAX_BATCH_SIZE,
      createContext: ({ req, res }) => contextOf(api, req, res),
      onError: logProcedureBugs(logger),
    }),
  );

  if (demoDist) app.use(demoStatic(demoDist));

  app.use(routeNotFound);
  app.use(answerUnexpectedError);

  return app;
}
