import { TRPCError } from '@trpc/server';

/**
 * Appwrite error types Roster can return, with their HTTP status. Every failure a client sees
 * carries one of these `type`s (spec §12); the table grows with the features that need them.
 */
export const ERROR_TYPES = {
  general_unknown: { status: 500, message: 'Server Error' },
  general_argument_invalid: { status: 400, message: 'Invalid argument.' },
  general_route_not_found: { status: 404, message: 'The requested route was not found.' },
  general_service_unavailable: { status: 503, message: 'A required service is unavailable.' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorType = keyof typeof ERROR_TYPES;

/** A failure the client is meant to see, identified by its Appwrite error type. */
export class AppError extends Error {
  readonly type: ErrorType;
  readonly status: number;

  constructor(type: ErrorType, message?: string) {
    super(message ?? ERROR_TYPES[type].message);
    this.name = 'AppError';
    this.type = type;
    this.status = ERROR_TYPES[type].status;
  }
}

/** tRPC codes whose HTTP status equals ours, so both transports answer with the same status. */
const TRPC_CODE_BY_STATUS = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  412: 'PRECONDITION_FAILED',
  429: 'TOO_MANY_REQUESTS',
  500: 'INTERNAL_SERVER_ERROR',
  503: 'SERVICE_UNAVAILABLE',
} as const satisfies Record<number, TRPCError['code']>;

export function toTRPCError(error: AppError): TRPCError {
  const code =
    TRPC_CODE_BY_STATUS[error.status as keyof typeof TRPC_CODE_BY_STATUS] ?? 'INTERNAL_SERVER_ERROR';
  return new TRPCError({ code, message: error.message, cause: error });
}

/** The Appwrite error type for any error a procedure ended with. */
export function errorTypeOf(error: TRPCError): ErrorType {
  if (error.cause instanceof AppError) return error.cause.type;
  if (error.code === 'BAD_REQUEST' || error.code === 'PARSE_ERROR') return 'general_argument_invalid';
  if (error.code === 'NOT_FOUND') return 'general_route_not_found';
  return 'general_unknown';
}

/** The Appwrite server version whose behaviour Roster follows (spec §0); sent in error bodies. */
export const APPWRITE_VERSION = '1.9.6';

export interface ErrorBody {
  message: string;
  code: number;
  type: ErrorType;
  version: string;
  /** Only on 500s: quote it to find the logged error. */
  requestId?: string;
}

/** Appwrite's error body (spec §3.3), for responses produced outside tRPC. */
export function errorBody(type: ErrorType, message?: string, requestId?: string): ErrorBody {
  const { status } = ERROR_TYPES[type];
  return {
    message: message ?? ERROR_TYPES[type].message,
    code: status,
    type,
    version: APPWRITE_VERSION,
    ...(requestId ? { requestId } : {}),
  };
}
