import { type AuthedContext } from '../context.ts';
import { AppError } from '../errors.ts';

/**
 * Appwrite's abuse limit on invitations (spec §13): one budget per API host and client IP, shared
 * by every team (the key names the route template, not the team). The `X-RateLimit-*` headers go
 * on every call; API keys see them but never spend from the budget nor get a 429.
 */
export async function applyInvitationRateLimit(ctx: AuthedContext): Promise<void> {
  const limiter = ctx.deps.invitationRateLimiter;
  const key = `url:${ctx.req.hostname}/v1/teams/:teamId/memberships,ip:${ctx.req.ip}`;
  const decision = ctx.principal.kind === 'key' ? await limiter.peek(key) : await limiter.consume(key);
  ctx.res.setHeader('X-RateLimit-Limit', String(decision.limit));
  ctx.res.setHeader('X-RateLimit-Remaining', String(decision.remaining));
  ctx.res.setHeader('X-RateLimit-Reset', String(decision.reset));
  if (!decision.allowed) throw new AppError('general_rate_limit_exceeded');
}
