import { appErrorOf, useApiHarness } from '@roster/api/testing';
import { describe, expect, it } from 'vitest';

/**
 * Password-hash imports: a stored hash is checked by anyone who tries to sign in with its email,
 * so one whose parameters ask for minutes of CPU or gigabytes of memory would let any guest tie up
 * the password workers; and the options of some algorithms are secrets (Firebase's signer key).
 */
const api = useApiHarness();
const SIGNER_KEY = 'XyEKE9RcTDeLEsL/RjwPDBv/RqDl8fb3gpYEOQaPihbxf1ZAtSOHCjuAAa7Q3oHpCYhXSN9tizHgVOwn6krflQ==';

describe('attack: password-hash imports', () => {
  it('hashes whose verification would cost too much are refused at import (400), never stored', async () => {
    const { call } = api.caller(await api.keyHeaders(['users.write']));
    const base = { userId: 'unique()', email: 'costly@example.com' };
    const attempts: [string, () => Promise<unknown>][] = [
      [
        'bcrypt cost 31',
        () => call.users.createBcryptUser({ ...base, password: `$2b$31$${'a'.repeat(53)}` }),
      ],
      [
        'argon2 with 4 GiB',
        () =>
          call.users.createArgon2User({
            ...base,
            password:
              '$argon2id$v=19$m=4194304,t=3,p=2$YXBwd3JpdGU$A/54i238ed09ZR4NwlACU5XnkjNBZU9QeOEuhjLiexI',
          }),
      ],
      [
        'phpass 2^30 rounds',
        () => call.users.createPHPassUser({ ...base, password: '$P$Sr387rwferoKN7uwHZqNMu98q3U8RO.' }),
      ],
      [
        'scrypt N=2^20, r=8 (1 GiB)',
        () =>
          call.users.createScryptUser({
            ...base,
            password: 'ab'.repeat(64),
            passwordSalt: 'salt',
            passwordCpu: 2 ** 20,
            passwordMemory: 8,
            passwordParallel: 1,
            passwordLength: 64,
          }),
      ],
      [
        'scrypt p=1000',
        () =>
          call.users.createScryptUser({
            ...base,
            password: 'ab'.repeat(64),
            passwordSalt: 'salt',
            passwordCpu: 16384,
            passwordMemory: 8,
            passwordParallel: 1000,
            passwordLength: 64,
          }),
      ],
    ];
    for (const [name, attempt] of attempts) {
      expect((await appErrorOf(attempt())).type, name).toBe('general_argument_invalid');
    }
    expect(await api.repos.users.byEmail('costly@example.com')).toBeNull();
  });

  it("the signer key and the hash reach only API keys: not the user's own Account API", async () => {
    const { call } = api.caller(await api.keyHeaders(['users.write', 'users.read']));
    const hash = 'UlM7JiXRcQhzAGlaonpSqNSLIz475WMddOgLjej5De9vxTy48K6WtqlEzrRFeK4t0COfMhWCb8wuMHgxOFCHFQ==';
    const user = await call.users.createScryptModifiedUser({
      userId: 'unique()',
      email: 'firebase@example.com',
      password: hash,
      passwordSalt: 'UxLMreBr6tYyjQ==',
      passwordSaltSeparator: 'Bw==',
      passwordSignerKey: SIGNER_KEY,
    });
    expect(JSON.stringify(await call.users.get({ userId: user.$id }))).toContain(SIGNER_KEY);
    const { token } = await api.openSession(user.$id);
    const account = await api.caller({ 'x-appwrite-session': token }).call.account.get();
    const seen = JSON.stringify(account);
    expect(seen).not.toContain(SIGNER_KEY);
    expect(seen).not.toContain(hash);
    expect(account).not.toHaveProperty('hashOptions');
    expect(account).not.toHaveProperty('hash');
  });
});
