import { expect } from 'vitest';
import { appErrorOf, type ApiHarness, type Caller } from './harness.ts';

type SignedUp = Awaited<ReturnType<ApiHarness['signUp']>>;

/**
 * A `users.*` procedure is refused (401 `general_unauthorized_scope`) to a signed-in user, a guest
 * and an API key holding only `otherScope`: `call` makes it as `caller`, about the user `ada`.
 */
export async function expectUsersScopeRequired(
  api: ApiHarness,
  otherScope: 'users.read' | 'users.write',
  call: (caller: Caller['call'], ada: SignedUp) => Promise<unknown>,
): Promise<SignedUp> {
  const ada = await api.signUp();
  const otherKey = await api.keyHeaders([otherScope]);
  for (const headers of [ada.headers, {}, otherKey]) {
    expect((await appErrorOf(call(api.caller(headers).call, ada))).type).toBe('general_unauthorized_scope');
  }
  return ada;
}

/**
 * An `account.*` procedure is refused to a guest and to an API key (401
 * `general_unauthorized_scope`) and to a blocked user (403 `user_blocked`, their session kept).
 */
export async function expectActiveUserRequired(
  api: ApiHarness,
  call: (caller: Caller['call']) => Promise<unknown>,
): Promise<void> {
  const key = await api.keyHeaders(['users.read', 'users.write']);
  for (const headers of [{}, key]) {
    expect(await appErrorOf(call(api.caller(headers).call))).toMatchObject({
      type: 'general_unauthorized_scope',
      status: 401,
    });
  }
  const blocked = await api.signUp({ password: 'a good password' });
  await api.store.update('users', { _id: blocked.user._id }, { status: false });
  expect(await appErrorOf(call(api.caller(blocked.headers).call))).toMatchObject({
    type: 'user_blocked',
    status: 403,
  });
}
