import { createContextInner, errorTypeOf, type ApiDeps, type Context } from '@roster/api';
import { type TRPCError } from '@trpc/server';
import { type Request, type Response } from 'express';
import { type Logger } from './logger.ts';
import { markPrivate } from './response-headers.ts';

/** The API context of one Express request; /trpc and /v1 both build it here, so they behave alike. */
export function contextOf(api: ApiDeps, req: Request, res: Response): Context {
  return createContextInner(api, {
    requestId: req.id as string,
    req: { headers: req.headers, ip: req.ip ?? '', hostname: req.hostname, secure: req.secure },
    res: {
      setHeader: (name, value) => res.setHeader(name, value),
      setCookie: (name, value, options) => {
        // An answer that sets a session is the caller's alone.
        markPrivate(res);
        res.cookie(name, value, options);
      },
    },
  });
}

/** Both adapters' `onError`: bugs (no Appwrite type) are logged with the request id; client errors are not. */
export function logProcedureBugs(logger: Logger) {
  return ({
    error,
    path,
    ctx,
  }: {
    error: TRPCError;
    path?: string | undefined;
    ctx?: Context | undefined;
  }) => {
    if (errorTypeOf(error) !== 'general_unknown') return;
    logger.error({ err: error.cause ?? error, path, requestId: ctx?.requestId }, 'procedure failed');
  };
}
