import { beforeAll, describe, expect, it } from 'vitest';
import { appErrorOf, useApiHarness } from '../../testing/harness.ts';

const api = useApiHarness({ rateLimits: { magicUrlTokensPerHour: 3, emailTokensPerHour: 2 } });
const url = 'https://app.example.com/magic';
let counter = 0;

// The limiter's Redis connection opens in the harness's beforeAll; until it is ready the counts
// are kept in memory (services/rate-limit.ts), which would split this file's first window.
beforeAll(() => new Promise((resolve) => setTimeout(resolve, 1000)));
const freshEmail = () => `limited-${Date.now()}-${counter++}@example.com`;

describe('the mailed sign-ins are limited per address asked for and per client address', () => {
  it('magic URL: 60 an hour by default (3 here) per email, whatever the client address or case', async () => {
    const email = freshEmail();
    for (let index = 0; index < 3; index++) {
      const caller = api.caller({}, { ip: `10.2.${index}.1` });
      await caller.call.account.createMagicURLToken({
        userId: 'unique()',
        email: index ? email.toUpperCase() : email,
        url,
      });
      expect(caller.response.headers.get('x-ratelimit-remaining')).toBe(String(2 - index));
    }
    const refused = api.caller({}, { ip: '10.2.9.1' });
    expect(
      await appErrorOf(refused.call.account.createMagicURLToken({ userId: 'unique()', email, url })),
    ).toMatchObject({ type: 'general_rate_limit_exceeded', status: 429 });
    expect(refused.response.headers.get('retry-after')).toMatch(/^\d+$/);
    // Another address is still served.
    await api
      .caller({}, { ip: '10.2.9.1' })
      .call.account.createMagicURLToken({ userId: 'unique()', email: freshEmail(), url });
  });

  it('account creation flood: one client address creates at most the limit of accounts an hour', async () => {
    const ip = '10.3.0.1';
    const created: string[] = [];
    for (let index = 0; index < 3; index++) {
      const email = freshEmail();
      await api.caller({}, { ip }).call.account.createMagicURLToken({ userId: 'unique()', email, url });
      created.push(email);
    }
    const extra = freshEmail();
    expect(
      (
        await appErrorOf(
          api.caller({}, { ip }).call.account.createMagicURLToken({ userId: 'unique()', email: extra, url }),
        )
      ).type,
    ).toBe('general_rate_limit_exceeded');
    expect(await api.repos.users.byEmail(extra)).toBeNull();
    // IPv6 addresses of one /64 share the budget.
    const v6 = (suffix: string) => api.caller({}, { ip: `2001:db8:1:2::${suffix}` });
    await v6('1').call.account.createEmailToken({ userId: 'unique()', email: freshEmail() });
    await v6('2').call.account.createEmailToken({ userId: 'unique()', email: freshEmail() });
    expect(
      (await appErrorOf(v6('3').call.account.createEmailToken({ userId: 'unique()', email: freshEmail() })))
        .type,
    ).toBe('general_rate_limit_exceeded');
  });

  it('email codes: 10 an hour by default (2 here) per email', async () => {
    const email = freshEmail();
    await api.caller({}, { ip: '10.4.0.1' }).call.account.createEmailToken({ userId: 'unique()', email });
    await api.caller({}, { ip: '10.4.0.2' }).call.account.createEmailToken({ userId: 'unique()', email });
    expect(
      (
        await appErrorOf(
          api.caller({}, { ip: '10.4.0.3' }).call.account.createEmailToken({ userId: 'unique()', email }),
        )
      ).type,
    ).toBe('general_rate_limit_exceeded');
    // The magic URL of the same address has its own budget, as in Appwrite.
    await api
      .caller({}, { ip: '10.4.0.4' })
      .call.account.createMagicURLToken({ userId: 'unique()', email, url });
  });
});
