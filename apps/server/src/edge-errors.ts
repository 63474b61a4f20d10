import { AppError, errorBody, refusalShape, type ErrorType } from '@roster/api';
import { type ErrorRequestHandler, type RequestHandler, type Response } from 'express';

/** Appwrite's headers on every REST error: never cache an error. */
export const NO_CACHE = {
  'Cache-Control': 'no-cache, no-store, must-revalidate',
  Expires: '0',
  Pragma: 'no-cache',
};

/** Which API an error answered outside the adapters must look like. */
export type Adapter = 'trpc' | 'rest';

/**
 * The one place an error is answered outside the adapters (body limits, content types, origins,
 * unknown routes, failures the adapters did not catch), shaped like what the adapter itself
 * answers: Appwrite's `{ message, code, type, version }` under /v1 and elsewhere, tRPC's error
 * JSON (the Appwrite type in `error.data.type`) under /trpc; the status is the type's.
 */
export function sendError(
  res: Response,
  adapter: Adapter,
  type: ErrorType,
  { message, requestId }: { message?: string; requestId?: string } = {},
): void {
  const body = errorBody(type, message, requestId);
  // A body left unread is not read to keep the connection: it is closed after the answer.
  if (!res.req.complete) res.set('Connection', 'close');
  res.status(body.code);
  if (adapter === 'rest') res.set(NO_CACHE).json(body);
  else res.json({ error: refusalShape(new AppError(type, message)) });
}

/** 404 `general_route_not_found`, naming the method and the path (under /v1 too). */
export const routeNotFound: RequestHandler = (req, res) => {
  sendError(res, 'rest', 'general_route_not_found', {
    message: `Route not found: ${req.method} ${req.baseUrl}${req.path}`,
  });
};

/** A failure nothing else answered: logged with its stack, answered 500 with the request id to quote. */
export const answerUnexpectedError: ErrorRequestHandler = (error: unknown, req, res, _next) => {
  const requestId = req.id as string;
  req.log.error({ err: error, requestId }, 'request failed');
  if (res.headersSent) return;
  sendError(res, 'rest', 'general_unknown', { requestId });
};
