import { AppError, errorBody, toTRPCError, type ErrorType } from '@roster/api';
import { TRPC_ERROR_CODES_BY_KEY } from '@trpc/server/rpc';
import { type Response } from 'express';

/** Appwrite's headers on every REST error: never cache an error. */
export const NO_CACHE = {
  'Cache-Control': 'no-cache, no-store, must-revalidate',
  Expires: '0',
  Pragma: 'no-cache',
};

/** Which API a refusal made before the adapter runs must look like. */
export type Adapter = 'trpc' | 'rest';

/**
 * A refusal by the HTTP edge (body limits, content types, origins), shaped like what the adapter
 * itself answers: Appwrite's `{ message, code, type, version }` under /v1, tRPC's error JSON
 * (the Appwrite type in `error.data.type`) under /trpc; the status is the type's.
 */
export function sendEdgeError(res: Response, adapter: Adapter, type: ErrorType, message?: string): void {
  const body = errorBody(type, message);
  // A body left unread is not read to keep the connection: it is closed after the answer.
  if (!res.req.complete) res.set('Connection', 'close');
  res.status(body.code);
  if (adapter === 'rest') {
    res.set(NO_CACHE).json(body);
    return;
  }
  const { code } = toTRPCError(new AppError(type, message));
  res.json({
    error: {
      message: body.message,
      code: TRPC_ERROR_CODES_BY_KEY[code],
      data: { code, httpStatus: body.code, type },
    },
  });
}
