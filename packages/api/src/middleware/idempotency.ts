import { z } from 'zod';
import { type AuthedContext } from '../context.ts';
import { AppError } from '../errors.ts';
import { header } from '../http.ts';
import { runIdempotently } from '../services/idempotency.ts';

/** Stripe's bound; printable ASCII, so it can travel in a header. */
export const zIdempotencyKey = () =>
  z
    .string()
    .min(1)
    .max(255)
    .regex(/^[\x21-\x7e]+$/, 'Idempotency-Key must be 1 to 255 printable ASCII characters without spaces')
    .describe(
      'Roster: an idempotency key (the `Idempotency-Key` header on REST): a repeat within 24 hours returns the first result.',
    );

const INPUT_FIELD = 'idempotencyKey';

/** Thrown through `runIdempotently` so a failed call stores nothing. */
class FailedCall extends Error {}

/**
 * The `Idempotency-Key` of invitation-creating procedures (docs/invitations.md#idempotency-keys):
 * the REST header, else the tRPC input field `idempotencyKey`. Runs before the rate limits, so a
 * replayed repeat costs nothing; a call without a key runs as before.
 */
export async function idempotentCall<R extends { ok: true; data: unknown } | { ok: false }>(opts: {
  ctx: AuthedContext;
  path: string;
  getRawInput: () => Promise<unknown>;
  next: () => Promise<R>;
}): Promise<R> {
  const { ctx, path, next } = opts;
  const raw = await opts.getRawInput();
  const { [INPUT_FIELD]: field, ...body } = (raw && typeof raw === 'object' ? raw : {}) as Record<
    string,
    unknown
  >;
  const given = header(ctx.req, 'idempotency-key') ?? field;
  if (given === undefined) return next();
  const parsed = zIdempotencyKey().safeParse(given);
  if (!parsed.success) {
    throw new AppError(
      'general_argument_invalid',
      'Invalid `Idempotency-Key`: 1 to 255 printable ASCII characters',
    );
  }
  const { principal } = ctx;
  if (principal.kind === 'guest') return next();
  const scope = principal.kind === 'key' ? `key:${principal.keyId}` : `user:${principal.userId}`;
  let first: R | undefined;
  try {
    const { value, replayed } = await runIdempotently(
      ctx.deps.repos,
      { scope, route: path, key: parsed.data, body },
      async () => {
        first = await next();
        if (!first.ok) throw new FailedCall();
        return first.data;
      },
    );
    if (!replayed && first) return first;
    ctx.res.setHeader('Idempotent-Replayed', 'true');
    // tRPC needs only `ok` and `data` from a middleware that answers without calling `next`.
    return { ok: true, data: value, marker: 'middlewareMarker' } as unknown as R;
  } catch (error) {
    if (error instanceof FailedCall && first) return first;
    throw error;
  }
}
