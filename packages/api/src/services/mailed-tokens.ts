import { generateId, type StoredToken, type StoredUser } from '@roster/db';
import {
  emailOtpCode,
  emailOtpKind,
  magicUrlKind,
  magicUrlSecret,
  requestMail,
  type MailKind,
} from '@roster/jobs';
import { type Actor } from '../auth/actor.ts';
import { type ApiDeps } from '../deps.ts';
import { toTokenDto } from '../dto/token.ts';
import { AppError } from '../errors.ts';
import { recordEvent } from '../events/record.ts';
import { generatePhrase } from '../lib/phrase.ts';
import { sha256 } from '../lib/secrets.ts';
import { assertRedirectUrl } from './redirect-url.ts';
import { createUser } from './users.ts';

/** The two mailed sign-ins (Appwrite's token types 5 and 9). */
const MAILED = {
  'magic-url': {
    lifetimeSeconds: 3600,
    secret: magicUrlSecret,
    kind: magicUrlKind,
  },
  email: {
    lifetimeSeconds: 900,
    secret: emailOtpCode,
    kind: emailOtpKind,
  },
} as const;

export interface MailedTokenInput {
  kind: keyof typeof MAILED;
  userId: string;
  email: string;
  /** The magic link's base (`magic-url` only); checked against `ROSTER_REDIRECT_HOSTS`. */
  url?: string | undefined;
  phrase: boolean;
}

/**
 * `POST /v1/account/tokens/magic-url` and `POST /v1/account/tokens/email`:
 * the user with this email address, created (passwordless, unverified) when there is none, gets a
 * single-use token and an email with its secret. The secret is derived from `ROSTER_SECRET_KEY`
 * and the token's id (`@roster/jobs` mail/sign-in-secrets.ts): only its SHA-256 is stored and the
 * mail worker derives it again, so it is never in the database, Redis or a log. A new email code
 * replaces the user's earlier codes (guesses always face one code). A blocked user gets the same
 * answer and no email. The exchange is `POST /v1/account/sessions/token` (services/tokens.ts).
 */
export async function createMailedToken(
  deps: Pick<ApiDeps, 'repos' | 'config' | 'mail'>,
  actor: Actor,
  input: MailedTokenInput,
): Promise<StoredToken> {
  const { repos, config } = deps;
  const mailed = MAILED[input.kind];
  let url: string | undefined;
  if (input.kind === 'magic-url') {
    // Appwrite's default is its console's page; Roster's is the public URL, when configured.
    url = input.url ?? config.publicUrl;
    if (url === undefined) {
      throw new AppError('general_argument_invalid', 'Invalid `url` param: Value must be a valid URL');
    }
    assertRedirectUrl(url, config.redirectHosts);
  }
  const phrase = input.phrase ? generatePhrase() : '';
  const user = await findOrCreateUser(deps, actor, input);

  const id = generateId();
  const token = await recordEvent(
    repos,
    actor,
    {
      template: 'users.[userId].tokens.[tokenId].create',
      params: { userId: user._id, tokenId: id },
      target: { collection: 'tokens', filter: { userId: user._id }, kind: 'write' },
    },
    () =>
      repos.tokens.create({
        id,
        user,
        kind: input.kind,
        secretHash: sha256(mailed.secret(config.secretKey, id)),
        expire: new Date(Date.now() + mailed.lifetimeSeconds * 1000),
        phrase,
        ...(url === undefined ? {} : { url }),
        locale: actor.locale,
        userAgent: actor.userAgent.slice(0, 512),
      }),
    (created) => ({ payload: toTokenDto(created) }),
  );
  if (input.kind === 'email') await repos.tokens.deleteOthersOfKind(user, 'email', token._id);
  // A blocked user could not use it (the exchange answers 403): no email, the same response.
  if (user.status) {
    const mail = deps.mail;
    await requestMail(
      {
        mailOutbox: repos.mailOutbox,
        enqueue: <Key>(kind: MailKind<Key>, key: Key) =>
          mail ? mail.add(kind, key) : Promise.reject(new Error('no mail queue')),
      },
      mailed.kind,
      { userId: user._id, tokenId: token._id, projectId: config.projectId },
    );
  }
  return token;
}

/**
 * The account of `email`, whatever its case (unlike Appwrite's magic URL, which matches the
 * address as given), else a new one with the id asked for. The `userId` of a request for a known
 * address is ignored, as in Appwrite. Two first requests for one address at once end with one
 * account: the loser of the unique index reads the winner's.
 */
async function findOrCreateUser(
  { repos }: Pick<ApiDeps, 'repos'>,
  actor: Actor,
  input: { userId: string; email: string },
): Promise<StoredUser> {
  const existing = await repos.users.byEmail(input.email);
  if (existing) return existing;
  try {
    return await createUser(repos, { userId: input.userId, email: input.email }, actor);
  } catch (error) {
    if (!(error instanceof AppError) || error.type !== 'user_already_exists') throw error;
    const raced = await repos.users.byEmail(input.email);
    if (raced) return raced;
    throw error; // the id belongs to another account
  }
}
