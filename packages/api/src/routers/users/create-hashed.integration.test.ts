import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SHA_DIGESTS, SHA_VERSIONS } from '../../lib/password-hashes/imported-hash.ts';
import { appErrorOf, useApiHarness, type Caller } from '../../testing/harness.ts';
import { APPWRITE_VECTORS } from '../../testing/password-hash-vectors.ts';
import { expectUsersScopeRequired } from '../../testing/scopes.ts';

const api = useApiHarness();

const V = APPWRITE_VECTORS as Required<typeof APPWRITE_VECTORS>;
const BCRYPT_TIMEOUT = 60_000;

/** Each route's call with Appwrite's e2e vector, and the `hash`/`hashOptions` Appwrite answers with. */
const ROUTES = [
  {
    name: 'md5',
    call: (c: Caller['call'], base: Base) => c.users.createMD5User({ ...base, password: V.md5!.hash }),
    hash: 'md5',
    options: { type: 'md5' },
  },
  {
    name: 'bcrypt',
    call: (c: Caller['call'], base: Base) => c.users.createBcryptUser({ ...base, password: V.bcrypt!.hash }),
    hash: 'bcrypt',
    options: { type: 'bcrypt', cost: 8 },
  },
  {
    name: 'argon2',
    call: (c: Caller['call'], base: Base) => c.users.createArgon2User({ ...base, password: V.argon2!.hash }),
    hash: 'argon2',
    options: { type: 'argon2', memory_cost: 65536, time_cost: 4, threads: 3 },
  },
  {
    name: 'sha',
    call: (c: Caller['call'], base: Base) =>
      c.users.createSHAUser({ ...base, password: V.sha!.hash, passwordVersion: 'sha512' }),
    hash: 'sha',
    options: { version: 'sha512' },
  },
  {
    name: 'scrypt',
    call: (c: Caller['call'], base: Base) =>
      c.users.createScryptUser({
        ...base,
        password: V.scrypt!.hash,
        passwordSalt: 'appwrite',
        passwordCpu: 16384,
        passwordMemory: 13,
        passwordParallel: 2,
        passwordLength: 64,
      }),
    hash: 'scrypt',
    options: {
      type: 'scrypt',
      salt: 'appwrite',
      costCpu: 16384,
      costMemory: 13,
      costParallel: 2,
      length: 64,
    },
  },
  {
    name: 'phpass',
    call: (c: Caller['call'], base: Base) => c.users.createPHPassUser({ ...base, password: V.phpass!.hash }),
    hash: 'phpass',
    options: { type: 'phpass', iteration_count_log2: 8, portable_hashes: false },
  },
  {
    name: 'scrypt-modified',
    call: (c: Caller['call'], base: Base) =>
      c.users.createScryptModifiedUser({
        ...base,
        password: V.scryptMod!.hash,
        passwordSalt: 'UxLMreBr6tYyjQ==',
        passwordSaltSeparator: 'Bw==',
        passwordSignerKey:
          'XyEKE9RcTDeLEsL/RjwPDBv/RqDl8fb3gpYEOQaPihbxf1ZAtSOHCjuAAa7Q3oHpCYhXSN9tizHgVOwn6krflQ==',
      }),
    hash: 'scryptMod',
    options: {
      type: 'scryptMod',
      salt: 'UxLMreBr6tYyjQ==',
      saltSeparator: 'Bw==',
      signerKey: 'XyEKE9RcTDeLEsL/RjwPDBv/RqDl8fb3gpYEOQaPihbxf1ZAtSOHCjuAAa7Q3oHpCYhXSN9tizHgVOwn6krflQ==',
    },
  },
];
type Base = { userId: string; email: string; name?: string };

const signIn = (email: string, password: string) =>
  api.caller().call.account.createEmailPasswordSession({ email, password });

describe('users.create<Algorithm>User (password-hash imports)', () => {
  for (const route of ROUTES) {
    it(
      `${route.name}: imports Appwrite's vector; "appwrite" signs in once and the hash becomes argon2id`,
      async () => {
        const key = await api.keyHeaders(['users.write', 'users.read']);
        const { call } = api.caller(key);
        const email = `${route.name}@Example.com`;
        const user = await route.call(call, { userId: 'unique()', email, name: route.name });
        expect(user).toMatchObject({ email, name: route.name, hash: route.hash, hashOptions: route.options });
        expect(user.passwordUpdate).not.toBe('');

        expect((await appErrorOf(signIn(email, 'appwritf'))).type).toBe('user_invalid_credentials');
        const imported = await api.repos.users.byId(user.$id);
        expect(imported).toMatchObject({ hash: route.hash });

        expect((await signIn(email.toLowerCase(), 'appwrite')).userId).toBe(user.$id);
        const rehashed = await api.repos.users.byId(user.$id);
        expect(rehashed?.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
        expect(rehashed).not.toHaveProperty('hash');
        expect(rehashed).not.toHaveProperty('hashOptions');
        // The password did not change: only how it is stored.
        expect(rehashed?.passwordUpdate).toEqual(imported?.passwordUpdate);
        expect(await call.users.get({ userId: user.$id })).toMatchObject({
          hash: 'argon2',
          hashOptions: { type: 'argon2', memory_cost: 19456, time_cost: 2, threads: 1 },
        });
        // The argon2id hash verifies the same password, and only that.
        expect((await signIn(email, 'appwrite')).userId).toBe(user.$id);
        expect((await appErrorOf(signIn(email, 'appwritf'))).type).toBe('user_invalid_credentials');
      },
      BCRYPT_TIMEOUT,
    );
  }

  it('sha: every version Appwrite lists, any case; sha256 when none is given', async () => {
    const { call } = api.caller(await api.keyHeaders(['users.write']));
    for (const version of SHA_VERSIONS) {
      const hash = createHash(SHA_DIGESTS[version]).update('a sha password').digest('hex');
      const email = `${version.replace('/', '-')}@example.com`;
      const user = await call.users.createSHAUser({
        userId: 'unique()',
        email,
        password: hash,
        passwordVersion: version.toUpperCase(),
      });
      expect(user.hashOptions).toEqual({ version });
      expect((await signIn(email, 'a sha password')).userId).toBe(user.$id);
    }
    const sha256 = createHash('sha256').update('default version').digest('hex');
    const user = await call.users.createSHAUser({
      userId: 'unique()',
      email: 'd@example.com',
      password: sha256,
    });
    expect(user.hashOptions).toEqual({ version: 'sha256' });
    expect((await signIn('d@example.com', 'default version')).userId).toBe(user.$id);
  });

  it('400 general_argument_invalid for a malformed hash or options, naming the parameter', async () => {
    const { call } = api.caller(await api.keyHeaders(['users.write']));
    const base = { userId: 'unique()', email: 'bad@example.com' };
    const scrypt = {
      ...base,
      password: V.scrypt!.hash,
      passwordSalt: 'appwrite',
      passwordCpu: 16384,
      passwordMemory: 13,
      passwordParallel: 2,
      passwordLength: 64,
    };
    const cases: [() => Promise<unknown>, string][] = [
      [() => call.users.createMD5User({ ...base, password: 'not-a-hash' }), 'password'],
      [() => call.users.createMD5User({ ...base, password: '144FA7EAA4904E8EE120651997F70DCC' }), 'password'],
      [() => call.users.createMD5User({ ...base, password: 'short' }), 'password'],
      [() => call.users.createBcryptUser({ ...base, password: '$2a$31$' + 'a'.repeat(53) }), 'password'],
      [() => call.users.createArgon2User({ ...base, password: V.bcrypt!.hash }), 'password'],
      [() => call.users.createPHPassUser({ ...base, password: '$S$' + 'a'.repeat(52) }), 'password'],
      [() => call.users.createSHAUser({ ...base, password: V.sha!.hash }), 'password'],
      [
        () => call.users.createSHAUser({ ...base, password: V.sha!.hash, passwordVersion: 'md5' }),
        'passwordVersion',
      ],
      [() => call.users.createScryptUser({ ...scrypt, passwordCpu: 1000 }), 'passwordCpu'],
      [() => call.users.createScryptUser({ ...scrypt, passwordCpu: 1.5 }), 'passwordCpu'],
      [() => call.users.createScryptUser({ ...scrypt, passwordMemory: 100_000 }), 'passwordMemory'],
      [() => call.users.createScryptUser({ ...scrypt, passwordParallel: 0 }), 'passwordParallel'],
      [() => call.users.createScryptUser({ ...scrypt, passwordLength: 32 }), 'password'],
      [() => call.users.createScryptUser({ ...scrypt, passwordSalt: '' }), 'passwordSalt'],
      [
        () =>
          call.users.createScryptModifiedUser({
            ...base,
            password: V.scryptMod!.hash,
            passwordSalt: 'UxLMreBr6tYyjQ==',
            passwordSaltSeparator: 'B w=',
            passwordSignerKey: 'XyEK',
          }),
        'passwordSaltSeparator',
      ],
      [() => call.users.createMD5User({ ...base, email: 'not an email', password: V.md5!.hash }), 'email'],
    ];
    for (const [attempt, param] of cases) {
      const error = await appErrorOf(attempt());
      expect(error.type).toBe('general_argument_invalid');
      expect(error.status).toBe(400);
      expect(error.message).toMatch(new RegExp(`^Invalid \`${param}\` param: `));
    }
    expect(await api.repos.users.byEmail('bad@example.com')).toBeNull();
    expect(
      (await appErrorOf(call.users.createScryptUser({ ...base, password: V.scrypt!.hash }))).message,
    ).toBe('Param "passwordSalt" is not optional.');
  });

  it('409 user_already_exists for a taken id or email', async () => {
    const { call } = api.caller(await api.keyHeaders(['users.write']));
    await call.users.createMD5User({
      userId: 'md5-taken',
      email: 'taken@example.com',
      password: V.md5!.hash,
    });
    for (const input of [
      { userId: 'md5-taken', email: 'other@example.com' },
      { userId: 'unique()', email: 'TAKEN@example.com' },
    ]) {
      expect((await appErrorOf(call.users.createMD5User({ ...input, password: V.md5!.hash }))).type).toBe(
        'user_already_exists',
      );
    }
  });

  it('the old imported password changes the password; Roster argon2id replaces the imported hash', async () => {
    const { call } = api.caller(await api.keyHeaders(['users.write']));
    const user = await call.users.createMD5User({
      userId: 'unique()',
      email: 'c@example.com',
      password: V.md5!.hash,
    });
    const { session, token } = await api.openSession(user.$id);
    expect(session).toBeTruthy();
    const own = api.caller({ 'x-appwrite-session': token }).call;
    expect(
      (await appErrorOf(own.account.updatePassword({ password: 'a new password', oldPassword: 'wrong one' })))
        .type,
    ).toBe('user_invalid_credentials');
    await own.account.updatePassword({ password: 'a new password', oldPassword: 'appwrite' });
    const stored = await api.repos.users.byId(user.$id);
    expect(stored?.passwordHash).toMatch(/^\$argon2id\$/);
    expect(stored).not.toHaveProperty('hash');
    expect((await appErrorOf(signIn('c@example.com', 'appwrite'))).type).toBe('user_invalid_credentials');
    expect((await signIn('c@example.com', 'a new password')).userId).toBe(user.$id);
  });

  it("a key's password change drops the imported algorithm too", async () => {
    const { call } = api.caller(await api.keyHeaders(['users.write']));
    const user = await call.users.createSHAUser({
      userId: 'unique()',
      email: 'k@example.com',
      password: V.sha!.hash,
      passwordVersion: 'sha512',
    });
    const updated = await call.users.updatePassword({ userId: user.$id, password: 'set by the key' });
    expect(updated).toMatchObject({ hash: 'argon2', hashOptions: { type: 'argon2' } });
    expect((await signIn('k@example.com', 'set by the key')).userId).toBe(user.$id);
  });

  it('concurrent first sign-ins of an imported user all succeed; one argon2id hash is stored', async () => {
    const { call } = api.caller(await api.keyHeaders(['users.write']));
    const user = await call.users.createMD5User({
      userId: 'unique()',
      email: 'r@example.com',
      password: V.md5!.hash,
    });
    const sessions = await Promise.all(Array.from({ length: 4 }, () => signIn('r@example.com', 'appwrite')));
    expect(sessions.map((s) => s.userId)).toEqual(Array(4).fill(user.$id));
    const stored = await api.repos.users.byId(user.$id);
    expect(await api.repos.sessions.activeOf(stored!)).toHaveLength(4);
    expect(stored?.passwordHash).toMatch(/^\$argon2id\$/);
    expect(stored).not.toHaveProperty('hash');
  });

  it('needs users.write', async () => {
    await expectUsersScopeRequired(api, 'users.read', (c) =>
      c.users.createMD5User({ userId: 'unique()', email: 'scope@example.com', password: V.md5!.hash }),
    );
  });
});
