import { type Repositories, type UserTie } from '@roster/db';
import { toIdentityDto, type IdentityDto } from '../dto/identity.ts';
import { AppError } from '../errors.ts';
import { byId, recordEvent, type EventSource } from '../events/record.ts';
import { allOf, compileFilters, listSchema, parseQueries, searchFilter, sortKeys } from '../queries/index.ts';
import { fetchPage, loadCursor, pageRequest, type ListInput } from './list-page.ts';

/** What identity lists may query (Appwrite's Identities validator). */
const IDENTITY_QUERIES = listSchema({
  userId: { type: 'string', field: 'userId' },
  provider: { type: 'string', field: 'provider' },
  providerUid: { type: 'string', field: 'providerUid' },
  providerEmail: { type: 'string', field: 'providerEmail' },
  providerAccessTokenExpiry: { type: 'datetime', field: 'providerAccessTokenExpiry', nullable: true },
});

/**
 * GET /v1/account/identities: the signed-in user's links to sign-in providers, with queries. The
 * scope is the user's (as Appwrite adds `userInternalId == me`): no filter reaches another's.
 */
export async function listOwnIdentities(
  repos: Repositories,
  user: UserTie,
  input: Omit<ListInput, 'search'>,
): Promise<{ total: number; identities: IdentityDto[] }> {
  const parsed = parseQueries(input.queries ?? [], IDENTITY_QUERIES);
  const identities = repos.identities.of(user);
  const cursor = await loadCursor(parsed.cursor, 'Identity', identities);
  const keys = sortKeys(parsed.orders, IDENTITY_QUERIES);
  const page = await fetchPage(
    identities,
    pageRequest(parsed, input, {}, { filter: compileFilters(parsed.filters), keys, cursor }),
  );
  return { total: page.total, identities: page.items.map(toIdentityDto) };
}

/**
 * DELETE /v1/account/identities/{identityId}: only one of the caller's own; another user's (or
 * none) is 404 `user_identity_not_found`, so ids of others' identities cannot be probed. Sessions
 * opened through the identity stay, as in Appwrite.
 */
export async function deleteOwnIdentity(
  repos: Repositories,
  by: EventSource,
  user: UserTie,
  identityId: string,
): Promise<void> {
  const identity = await repos.identities.ofUserById(user, identityId);
  if (!identity) throw new AppError('user_identity_not_found');
  // No event payload holds a secret (docs/events.md): the provider's tokens stay out of it.
  const payload = { ...toIdentityDto(identity), providerAccessToken: '', providerRefreshToken: '' };
  const deleted = await recordEvent(
    repos,
    by,
    {
      template: 'users.[userId].identities.[identityId].delete',
      params: { userId: user._id, identityId },
      target: byId('identities', identityId, 'delete'),
      payload,
    },
    () => repos.identities.deleteOf(user, identityId),
    (done) => (done ? { payload } : null),
  );
  if (!deleted) throw new AppError('user_identity_not_found');
}

/**
 * GET /v1/users/identities (API keys with `users.read`): every user's identities, with queries;
 * `search` matches the words of the id, user id, provider, provider user id and email.
 */
export async function listAllIdentities(
  repos: Repositories,
  input: ListInput,
): Promise<{ total: number; identities: IdentityDto[] }> {
  const parsed = parseQueries(input.queries ?? [], IDENTITY_QUERIES);
  const identities = repos.identities.all();
  const filter = allOf(input.search ? searchFilter(input.search) : {}, compileFilters(parsed.filters));
  const cursor = await loadCursor(parsed.cursor, 'Identity', identities);
  const keys = sortKeys(parsed.orders, IDENTITY_QUERIES);
  const page = await fetchPage(identities, pageRequest(parsed, input, {}, { filter, keys, cursor }));
  return { total: page.total, identities: page.items.map(toIdentityDto) };
}

/**
 * DELETE /v1/users/identities/{identityId} (API keys with `users.write`): any user's identity;
 * 404 `user_identity_not_found` when there is none. Sessions stay, as in Appwrite.
 */
export async function deleteAnyIdentity(
  repos: Repositories,
  by: EventSource,
  identityId: string,
): Promise<void> {
  const identity = await repos.identities.byId(identityId);
  if (!identity) throw new AppError('user_identity_not_found');
  const payload = { ...toIdentityDto(identity), providerAccessToken: '', providerRefreshToken: '' };
  const deleted = await recordEvent(
    repos,
    by,
    {
      template: 'users.[userId].identities.[identityId].delete',
      params: { userId: identity.userId, identityId },
      target: byId('identities', identityId, 'delete'),
      payload,
    },
    () => repos.identities.deleteById(identityId),
    (done) => (done ? { payload } : null),
  );
  if (!deleted) throw new AppError('user_identity_not_found');
}
