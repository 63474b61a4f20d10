import { describe, expect, it } from 'vitest';
import { appErrorOf, useApiHarness } from '../../testing/harness.ts';

const api = useApiHarness({ rateLimits: { jwtsPerMinute: 2 } });

describe('account.createJWT rate limit', () => {
  it('counts per user, as Appwrite (120 a minute by default); API keys are not limited', async () => {
    const ada = await api.signUp();
    const caller = api.caller(ada.headers);
    await caller.call.account.createJWT();
    await caller.call.account.createJWT();
    expect(caller.response.headers.get('x-ratelimit-remaining')).toBe('0');
    const refused = await appErrorOf(caller.call.account.createJWT());
    expect(refused).toMatchObject({ type: 'general_rate_limit_exceeded', status: 429 });
    expect(caller.response.headers.get('retry-after')).toMatch(/^\d+$/);

    // Another session of the same user shares the count; another user does not.
    const again = await api.openSession(ada.user._id);
    expect(
      (await appErrorOf(api.caller({ 'x-appwrite-session': again.token }).call.account.createJWT())).type,
    ).toBe('general_rate_limit_exceeded');
    const grace = await api.signUp();
    expect((await api.caller(grace.headers).call.account.createJWT()).jwt).toBeTruthy();
    const key = await api.keyHeaders(['users.write']);
    for (let index = 0; index < 3; index++) {
      expect((await api.caller(key).call.users.createJWT({ userId: ada.user._id })).jwt).toBeTruthy();
    }
  });
});
