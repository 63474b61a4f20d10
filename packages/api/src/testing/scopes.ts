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
