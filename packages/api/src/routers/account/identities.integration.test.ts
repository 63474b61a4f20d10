import { describe, expect, it } from 'vitest';
import { appErrorOf, useApiHarness } from '../../testing/harness.ts';
import { expectActiveUserRequired } from '../../testing/scopes.ts';

const api = useApiHarness();

type SignedUp = Awaited<ReturnType<typeof api.signUp>>;

const link = async (owner: SignedUp, provider = 'oidc', providerEmail = '') =>
  (await api.repos.identities.create({
    user: owner.user,
    provider,
    providerUid: `${provider}-${owner.user._id}`,
    providerEmail,
    providerAccessToken: 'access-token',
  }))!;

describe('account.listIdentities', () => {
  it('is empty without identities; lists only the caller’s, with Appwrite’s model', async () => {
    const ada = await api.signUp();
    const account = api.caller(ada.headers).call.account;
    expect(await account.listIdentities({})).toEqual({ total: 0, identities: [] });
    const grace = await api.signUp();
    await link(grace);
    const mine = await link(ada, 'oidc', 'ada@idp.example');
    await link(ada, 'github');
    const listed = await account.listIdentities({});
    expect(listed.total).toBe(2);
    expect(listed.identities[0]).toEqual({
      $id: mine._id,
      $createdAt: mine.createdAt.toISOString().replace('Z', '+00:00'),
      $updatedAt: mine.updatedAt.toISOString().replace('Z', '+00:00'),
      userId: ada.user._id,
      provider: 'oidc',
      providerUid: `oidc-${ada.user._id}`,
      providerEmail: 'ada@idp.example',
      providerAccessToken: 'access-token',
      providerAccessTokenExpiry: '',
      providerRefreshToken: '',
    });
  });

  it('takes queries and total=false; a filter on another user finds nothing; unknown cursor is 400', async () => {
    const ada = await api.signUp();
    const grace = await api.signUp();
    await link(ada, 'oidc');
    await link(ada, 'github');
    await link(grace, 'github');
    const account = api.caller(ada.headers).call.account;
    const github = await account.listIdentities({
      queries: ['{"method":"equal","attribute":"provider","values":["github"]}'],
    });
    expect(github.identities.map((identity) => identity.userId)).toEqual([ada.user._id]);
    const ofGrace = await account.listIdentities({
      queries: [`{"method":"equal","attribute":"userId","values":["${grace.user._id}"]}`],
    });
    expect(ofGrace).toEqual({ total: 0, identities: [] });
    expect(
      (await account.listIdentities({ queries: ['{"method":"limit","values":[1]}'], total: false })).total,
    ).toBe(0);
    expect(
      await appErrorOf(
        account.listIdentities({ queries: ['{"method":"equal","attribute":"secret","values":["x"]}'] }),
      ),
    ).toMatchObject({ type: 'general_argument_invalid', status: 400 });
    expect(
      await appErrorOf(account.listIdentities({ queries: ['{"method":"cursorAfter","values":["nope"]}'] })),
    ).toMatchObject({
      type: 'general_cursor_not_found',
      message: "Identity 'nope' for the 'cursor' value not found.",
    });
  });

  it('is for signed-in, unblocked users only', async () => {
    await expectActiveUserRequired(api, (call) => call.account.listIdentities({}));
  });
});

describe('account.deleteIdentity', () => {
  it('deletes one of the caller’s own and records its event', async () => {
    const ada = await api.signUp();
    const identity = await link(ada);
    const account = api.caller(ada.headers).call.account;
    await account.deleteIdentity({ identityId: identity._id });
    expect((await account.listIdentities({})).total).toBe(0);
    const events = await api.repos.events.ofResource(`user/${ada.user._id}`);
    expect(events.at(-1)).toMatchObject({
      template: 'users.[userId].identities.[identityId].delete',
      params: { userId: ada.user._id, identityId: identity._id },
      payload: { $id: identity._id, provider: 'oidc' },
    });
    // The provider's tokens are secrets: not in the event.
    expect(JSON.stringify(events.at(-1))).not.toContain('access-token');
    expect(await appErrorOf(account.deleteIdentity({ identityId: identity._id }))).toMatchObject({
      type: 'user_identity_not_found',
      status: 404,
    });
  });

  it("another user's identity is 404 user_identity_not_found and stays", async () => {
    const ada = await api.signUp();
    const grace = await api.signUp();
    const graces = await link(grace);
    expect(
      await appErrorOf(api.caller(ada.headers).call.account.deleteIdentity({ identityId: graces._id })),
    ).toMatchObject({ type: 'user_identity_not_found', status: 404 });
    expect((await api.caller(grace.headers).call.account.listIdentities({})).total).toBe(1);
  });

  it('is for signed-in, unblocked users only', async () => {
    await expectActiveUserRequired(api, (call) => call.account.deleteIdentity({ identityId: 'any' }));
  });
});
