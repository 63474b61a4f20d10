import { initTRPC, TRPCError } from '@trpc/server';
import { ZodError } from 'zod';
import { type Context } from './context.ts';
import { AppError, errorTypeOf, ERROR_TYPES, toTRPCError } from './errors.ts';

const t = initTRPC.context<Context>().create({
  // Never send stacks; clients get the Appwrite error type and, for bugs, a request id to quote.
  isDev: false,
  errorFormatter({ shape, error, ctx }) {
    const type = errorTypeOf(error);
    const isBug = type === 'general_unknown';
    return {
      ...shape,
      message: isBug ? ERROR_TYPES.general_unknown.message : shape.message,
      data: {
        code: shape.data.code,
        httpStatus: shape.data.httpStatus,
        path: shape.data.path,
        type,
        ...(isBug && ctx ? { requestId: ctx.requestId } : {}),
        ...(error.cause instanceof ZodError ? { issues: error.cause.issues } : {}),
      },
    };
  },
});

/** Turns a thrown AppError into the TRPCError whose code gives the right HTTP status. */
const errorConversion = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof AppError) {
    throw toTRPCError(result.error.cause);
  }
  return result;
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const publicProcedure = t.procedure.use(errorConversion);
export { TRPCError };
