import { generateId, type StoredToken, type StoredUser } from '@roster/db';
import { deriveTokenSecret, requestMail, type OutboxMailKind, type AccountTokenJob } from '@roster/jobs';
import { type Actor } from '../auth/actor.ts';
import { type ApiDeps } from '../deps.ts';
import { toTokenDto } from '../dto/token.ts';
import { AppError } from '../errors.ts';
import { recordEvent } from '../events/record.ts';
import { sha256 } from '../lib/secrets.ts';

/** Appwrite's lifetime of a verification and of a recovery token (`TOKEN_EXPIRATION_CONFIRM`, `…_RECOVERY`). */
export const MAILED_TOKEN_SECONDS = 3600;

type MailedKind = 'verification' | 'recovery';

/**
 * Writes a verification or recovery token of `user` (its `url` checked by the caller) and requests its email
 * (docs/mail.md#the-mail-outbox). The secret (256 hex characters, as Appwrite's) is derived from
 * `ROSTER_SECRET_KEY` and the token's id, so only its SHA-256 is stored and the mail worker
 * derives it again for the link; the job carries ids only. A Redis that is down does not fail
 * the call: the outbox sweeper queues the email. Earlier tokens stay valid (as Appwrite).
 */
export async function createAccountTokenMail(
  deps: Pick<ApiDeps, 'repos' | 'config' | 'mail'>,
  actor: Actor,
  input: { user: StoredUser; kind: MailedKind; url: string; mail: OutboxMailKind<AccountTokenJob> },
): Promise<{ token: StoredToken; secret: string }> {
  const { repos, config } = deps;
  const { user, kind } = input;
  const id = generateId();
  const secret = deriveTokenSecret(config.secretKey, id);
  const token = await recordEvent(
    repos,
    actor,
    {
      template: `users.[userId].${kind}.[tokenId].create`,
      params: { userId: user._id, tokenId: id },
      target: { collection: 'tokens', filter: { _id: id }, kind: 'write' },
    },
    () =>
      repos.tokens.create({
        id,
        user,
        kind,
        secretHash: sha256(secret),
        expire: new Date(Date.now() + MAILED_TOKEN_SECONDS * 1000),
        url: input.url,
        locale: actor.locale,
      }),
    (created) => ({ payload: toTokenDto(created) }),
  );
  const enqueue = deps.mail ? deps.mail.add.bind(deps.mail) : () => Promise.resolve();
  await requestMail({ mailOutbox: repos.mailOutbox, enqueue }, input.mail, { userId: user._id, tokenId: id });
  return { token, secret };
}

/**
 * Uses up the unexpired `kind` token of `user` whose secret is `secret` (single use: exactly one
 * of concurrent callers gets it), recording `users.[userId].<kind>.[tokenId].update`. A wrong,
 * used, expired or other-kind secret is 401 `user_invalid_token`. The caller applies the token's
 * effect after this resolves, so a secret can never take effect twice (a failure in between
 * costs the user a new email, never a second use).
 */
export async function useMailedToken(
  deps: Pick<ApiDeps, 'repos'>,
  actor: Actor,
  input: { user: StoredUser; kind: MailedKind; secret: string },
): Promise<StoredToken> {
  const { repos } = deps;
  const { user, kind } = input;
  const token = await repos.tokens.valid(user, sha256(input.secret), { kind });
  if (!token) throw new AppError('user_invalid_token');
  return recordEvent(
    repos,
    actor,
    {
      template: `users.[userId].${kind}.[tokenId].update`,
      params: { userId: user._id, tokenId: token._id },
      target: { collection: 'tokens', filter: { _id: token._id }, kind: 'delete' },
      payload: toTokenDto(token),
    },
    async () => {
      if (!(await repos.tokens.use(token))) throw new AppError('user_invalid_token');
      return token;
    },
    (used) => ({ payload: toTokenDto(used) }),
  );
}
