import { type TRPCError } from '@trpc/server';
import { type AuthedContext, type Context } from '../context.ts';
import { AppError, errorTypeOf } from '../errors.ts';
import { clientAddressKey } from '../lib/client-address.ts';
import { sha256 } from '../lib/secrets.ts';
import { type RateLimitDecision, type RateLimiter } from '../services/rate-limit.ts';

/*
 * The rate limits of the procedures that send mail, create accounts or check a guessable secret
 * (docs/security.md). Keys use the client address (`req.ip` after `ROSTER_TRUST_PROXY`, IPv6 by /64)
 * and ids the server knows, never a client-controlled header such as `Host`. Every call counts,
 * each call of a batched /trpc request too, since each runs its own middleware chain.
 */

interface Check {
  limiter: RateLimiter;
  key: string;
}

interface Spent extends Check {
  decision: RateLimitDecision;
}

/** What a procedure's `next()` resolves to, as far as the limits care. */
type Outcome = { ok: true } | { ok: false; error: TRPCError };

const addressOf = (ctx: Context) => clientAddressKey(ctx.req.ip);

/** The decision the client should see: a refusal, else the limit closest to refusing (first on a tie). */
function bindingDecision(decisions: RateLimitDecision[]): RateLimitDecision | undefined {
  return decisions.reduce<RateLimitDecision | undefined>(
    (binding, decision) => (!binding || decision.remaining < binding.remaining ? decision : binding),
    undefined,
  );
}

/** Appwrite's `X-RateLimit-*` headers, and `Retry-After` on a refusal. */
function writeHeaders(ctx: Context, decision: RateLimitDecision | undefined): void {
  if (!decision) return;
  ctx.res.setHeader('X-RateLimit-Limit', String(decision.limit));
  ctx.res.setHeader('X-RateLimit-Remaining', String(decision.remaining));
  ctx.res.setHeader('X-RateLimit-Reset', String(decision.reset));
  if (!decision.allowed) {
    ctx.res.setHeader('Retry-After', String(Math.max(1, decision.reset - Math.floor(Date.now() / 1000))));
  }
}

/**
 * Counts one unit of every check, in order. A refusal gives back what the checks before it took
 * (a refused call costs nothing), writes the refusing limit's headers and throws 429.
 */
async function spend(ctx: Context, checks: Check[]): Promise<Spent[]> {
  const spent: Spent[] = [];
  for (const check of checks) {
    const decision = await check.limiter.consume(check.key);
    if (!decision.allowed) {
      await refund(spent);
      writeHeaders(ctx, decision);
      throw new AppError('general_rate_limit_exceeded');
    }
    spent.push({ ...check, decision });
  }
  writeHeaders(ctx, bindingDecision(spent.map(({ decision }) => decision)));
  return spent;
}

async function refund(spent: Spent[]): Promise<void> {
  await Promise.all(spent.map(({ limiter, key, decision }) => limiter.refund(key, decision)));
}

/**
 * `teams.createMembership`. Session callers: per caller, team and address (the hourly
 * `ROSTER_INVITE_RATE_LIMIT`), per address across callers, and per user per day across teams and
 * addresses. API keys are never limited (as in Appwrite) but see the headers of their own budget.
 */
export async function limitInvitations(ctx: AuthedContext & { team: { _id: string } }): Promise<void> {
  const limits = ctx.deps.rateLimits.invitations;
  const address = addressOf(ctx);
  const team = ctx.team._id;
  const { principal } = ctx;
  if (principal.kind === 'key') {
    const key = `key:${principal.keyId}:team:${team}:address:${address}`;
    writeHeaders(ctx, await limits.perCallerTeamAddress.peek(key));
    return;
  }
  // Only owners get here, so users; a guest would share one budget.
  const caller = principal.kind === 'user' ? `user:${principal.userId}` : 'guest';
  await spend(ctx, [
    { limiter: limits.perCallerTeamAddress, key: `${caller}:team:${team}:address:${address}` },
    { limiter: limits.perUserPerDay, key: caller },
    { limiter: limits.perAddress, key: `address:${address}` },
  ]);
}

/**
 * `teams.createMemberships` (bulk): each row is one invitation of `limitInvitations`' budgets,
 * counted in order; rows past a limit are refused (the caller reports them `rate_limited`) while
 * the call goes on. Returns how many of the first `rows` may proceed. A dry run counts nothing and
 * says how many would. API keys are never limited.
 */
export async function limitInvitationRows(
  ctx: AuthedContext & { team: { _id: string } },
  rows: number,
  dryRun: boolean,
): Promise<number> {
  const limits = ctx.deps.rateLimits.invitations;
  const address = addressOf(ctx);
  const team = ctx.team._id;
  const { principal } = ctx;
  if (principal.kind === 'key') {
    const key = `key:${principal.keyId}:team:${team}:address:${address}`;
    writeHeaders(ctx, await limits.perCallerTeamAddress.peek(key));
    return rows;
  }
  const caller = principal.kind === 'user' ? `user:${principal.userId}` : 'guest';
  const checks: Check[] = [
    { limiter: limits.perCallerTeamAddress, key: `${caller}:team:${team}:address:${address}` },
    { limiter: limits.perUserPerDay, key: caller },
    { limiter: limits.perAddress, key: `address:${address}` },
  ];
  if (dryRun) {
    const left = await Promise.all(checks.map(({ limiter, key }) => limiter.available(key)));
    return Math.min(rows, ...left);
  }
  let allowed = 0;
  let last: RateLimitDecision | undefined;
  while (allowed < rows) {
    const spent: Spent[] = [];
    let refused: RateLimitDecision | undefined;
    for (const check of checks) {
      const decision = await check.limiter.consume(check.key);
      if (!decision.allowed) {
        refused = decision;
        break;
      }
      spent.push({ ...check, decision });
    }
    if (refused) {
      await refund(spent);
      last = refused;
      break;
    }
    last = bindingDecision(spent.map(({ decision }) => decision));
    allowed++;
  }
  writeHeaders(ctx, last);
  return allowed;
}

/**
 * `webhooks.replay` and `webhooks.replayDelivery`: per webhook, whoever calls (API keys too), so
 * that replays cannot flood a receiver or the queue (docs/security.md).
 */
export async function limitWebhookReplays(ctx: Context, webhookId: string): Promise<void> {
  await spend(ctx, [{ limiter: ctx.deps.rateLimits.webhookReplay, key: `webhook:${webhookId}` }]);
}

/** `account.createJWT`: per user, as Appwrite (`url:{url},userId:{userId}`). */
export async function limitJwts(ctx: Context & { user: { userId: string } }): Promise<void> {
  await spend(ctx, [{ limiter: ctx.deps.rateLimits.jwt, key: `user:${ctx.user.userId}` }]);
}

/** `account.createMfaChallenge`: per user, as Appwrite (`url:{url},userId:{userId}`, 10 per hour). */
export async function limitMfaChallenges(ctx: Context & { user: { userId: string } }): Promise<void> {
  await spend(ctx, [{ limiter: ctx.deps.rateLimits.mfaChallenge, key: `user:${ctx.user.userId}` }]);
}

/**
 * `account.updateMfaChallenge` and `account.updateMfaAuthenticator`: a six-digit code is a guessable
 * secret, so wrong codes are throttled as failed sign-ins are (per user, per address, and the
 * back-off per user and address); a success clears the user's count.
 */
export function throttleMfaCodes<R extends Outcome>(
  ctx: Context & { user: { userId: string } },
  run: () => Promise<R>,
): Promise<R> {
  return throttlePasswordGuesses(ctx, `mfa-user:${ctx.user.userId}`, run, 'user_invalid_token');
}

/**
 * `account.createMagicURLToken` and `account.createEmailToken`: emails per address asked for
 * (hashed, so no address is kept in Redis) and per client address, as Appwrite's
 * `url:{url},email:{param-email}` and `url:{url},ip:{ip}`. Each call may create an account and
 * sends an email, so every call counts, whatever its outcome.
 */
export async function limitMailedTokens(
  ctx: Context,
  kind: 'magicUrl' | 'email',
  email: string,
): Promise<void> {
  const limits = ctx.deps.rateLimits.mailedTokens[kind];

  await spend(ctx, [
    { limiter: limits.perEmail, key: `email:${sha256(email.trim().toLowerCase())}` },
    { limiter: limits.perAddress, key: `address:${addressOf(ctx)}` },
  ]);
}

/**
 * `account.createVerification`: emails per user and `url` (Appwrite's `url:{url},userId:{userId}`,
 * 10 an hour). The `url` is hashed into the key, not stored.
 */
export async function limitVerificationEmails(ctx: Context & { user: { userId: string } }, url: string) {
  await spend(ctx, [
    { limiter: ctx.deps.rateLimits.accountEmail, key: `verify:${ctx.user.userId}:${sha256(url)}` },
  ]);
}

/**
 * `account.createRecovery`: emails per address and `url`, and per client address and `url`
 * (Appwrite's two keys, 10 an hour each). The address is hashed: no email addresses in Redis.
 */
export async function limitRecoveryEmails(ctx: Context, email: string, url: string) {
  const { accountEmail } = ctx.deps.rateLimits;
  const target = sha256(url);
  await spend(ctx, [
    { limiter: accountEmail, key: `recover:${sha256(email.trim().toLowerCase())}:${target}` },
    { limiter: accountEmail, key: `recover-address:${addressOf(ctx)}:${target}` },
  ]);
}

/**
 * `account.updateVerification` and `account.updateRecovery`: every attempt per user (Appwrite's
 * `url:{url},userId:{param-userId}`, 10 an hour), so a secret cannot be guessed at volume.
 */
export async function limitSecretChecks(ctx: Context, purpose: 'verification' | 'recovery', userId: string) {
  await spend(ctx, [{ limiter: ctx.deps.rateLimits.accountSecret, key: `${purpose}:${userId}` }]);
}

/** `account.create`: sign-ups per client address. */
export async function limitSignUps(ctx: Context): Promise<void> {
  await spend(ctx, [{ limiter: ctx.deps.rateLimits.signUp, key: `address:${addressOf(ctx)}` }]);
}

/** `account.updatePassword`: per user (old-password guessing with a stolen session) and per address. */
export async function limitPasswordChanges(ctx: Context & { user: { userId: string } }): Promise<void> {
  const { passwordChange } = ctx.deps.rateLimits;
  await spend(ctx, [
    { limiter: passwordChange, key: `user:${ctx.user.userId}` },
    { limiter: passwordChange, key: `address:${addressOf(ctx)}` },
  ]);
}

/**
 * `teams.updateMembershipStatus`: failed accepts per address (secret guessing). The unit is taken
 * before the attempt, so concurrent guesses cannot all slip through, and given back on success.
 */
export async function limitAccepts<R extends Outcome>(ctx: Context, run: () => Promise<R>): Promise<R> {
  const spent = await spend(ctx, [{ limiter: ctx.deps.rateLimits.accept, key: `address:${addressOf(ctx)}` }]);
  const result = await run();
  if (result.ok) await refund(spent);
  return result;
}

/** What a wrong guess of a join link answers; other refusals needed the right secret. */
const JOIN_LINK_GUESSES = new Set(['join_link_not_found', 'join_link_invalid_secret']);

/**
 * `joinLinks.join` and `joinLinks.preview`: wrong guesses of a link's id or secret per address
 * (the budget of failed accepts, `acceptFailuresPerAddress`, counted apart). The unit is taken
 * before the attempt, so concurrent guesses cannot all slip through, and given back unless the
 * call failed as a guess does: a used-up or revoked link, or a join by a member, is no guess.
 */
export async function limitJoinLinkGuesses<R extends Outcome>(
  ctx: Context,
  run: () => Promise<R>,
): Promise<R> {
  const spent = await spend(ctx, [
    { limiter: ctx.deps.rateLimits.accept, key: `join-link-address:${addressOf(ctx)}` },
  ]);
  const result = await run();
  if (result.ok || !JOIN_LINK_GUESSES.has(errorTypeOf(result.error))) await refund(spent);
  return result;
}

/**
 * `account.createEmailPasswordSession`, the login protection of rate-limiter-flexible's docs:
 * failed sign-ins per account (Appwrite's 10 per email and hour, cleared by a success) and per
 * address, and a back-off on consecutive failures of one account from one address. Units are
 * taken before the password is checked (so concurrent guesses cannot all slip through); a
 * success, or a failure that was not a wrong password, gives the address's back.
 */
export function throttleSignIn<R extends Outcome>(
  ctx: Context,
  email: string,
  run: () => Promise<R>,
): Promise<R> {
  // Hashed: the key names the account without putting addresses in Redis.
  return throttlePasswordGuesses(ctx, `account:${sha256(email.trim().toLowerCase())}`, run);
}

/**
 * `account.createSession` (a token → a session): the same limits as a sign-in, per user (a token
 * of four hex characters is guessable) and per address; a wrong or expired token is the failure
 * that counts.
 */
export function throttleTokenSignIn<R extends Outcome>(
  ctx: Context,
  userId: string,
  run: () => Promise<R>,
): Promise<R> {
  return throttlePasswordGuesses(ctx, `token-user:${userId}`, run, 'user_invalid_token');
}

/**
 * `account.updateEmail` and `account.updatePhone`: their password check is a sign-in's (a stolen
 * session must not become a password oracle), so it is throttled as one: failures per user,
 * per address (the budget sign-ins spend too) and the back-off per user and address.
 */
export function throttlePasswordProof<R extends Outcome>(
  ctx: Context & { user: { userId: string } },
  run: () => Promise<R>,
): Promise<R> {
  return throttlePasswordGuesses(ctx, `user:${ctx.user.userId}`, run);
}

/** The sign-in throttle (see `throttleSignIn`) for the account `account` names. */
async function throttlePasswordGuesses<R extends Outcome>(
  ctx: Context,
  account: string,
  run: () => Promise<R>,
  failure: 'user_invalid_credentials' | 'user_invalid_token' = 'user_invalid_credentials',
): Promise<R> {
  const { signIn } = ctx.deps.rateLimits;
  const address = `address:${addressOf(ctx)}`;
  const pair = `${account}:${address}`;

  const wait = await signIn.backoff.blockedFor(pair);
  if (wait > 0) {
    const reset = Math.floor(Date.now() / 1000) + wait;
    writeHeaders(ctx, { allowed: false, limit: signIn.backoff.after, remaining: 0, reset });
    throw new AppError('general_rate_limit_exceeded');
  }
  const spent = await spend(ctx, [
    { limiter: signIn.perAccount, key: account },
    { limiter: signIn.perAddress, key: address },
  ]);

  const result = await run();
  if (result.ok) {
    const [accountSpent, addressSpent] = spent as [Spent, Spent];
    await Promise.all([
      accountSpent.limiter.reset(accountSpent.key, accountSpent.decision),
      refund([addressSpent]),
      signIn.backoff.succeeded(pair),
    ]);
  } else if (errorTypeOf(result.error) === failure) {
    await signIn.backoff.failed(pair);
  } else {
    await refund(spent);
  }
  return result;
}

/**
 * The OAuth2 routes (the redirect to the provider, its callback): per client address, Appwrite's
 * 50 an hour (`ROSTER_OAUTH2_LIMIT`); each callback may create an account.
 */
export async function limitOAuth2(ctx: Context, step: 'start' | 'callback'): Promise<void> {
  await spend(ctx, [{ limiter: ctx.deps.rateLimits.oauth2, key: `${step}:${addressOf(ctx)}` }]);
}
