import { createContextInner, type ApiDeps, type Context } from '@roster/api';
import { type Request, type Response } from 'express';

/** The API context of one Express request; /trpc and /v1 both build it here, so they behave alike. */
export function contextOf(api: ApiDeps, req: Request, res: Response): Context {
  return createContextInner(api, {
    requestId: req.id as string,
    req: { headers: req.headers, ip: req.ip ?? '', hostname: req.hostname, secure: req.secure },
    res: {
      setHeader: (name, value) => res.setHeader(name, value),
      setCookie: (name, value, options) => res.cookie(name, value, options),
    },
  });
}
