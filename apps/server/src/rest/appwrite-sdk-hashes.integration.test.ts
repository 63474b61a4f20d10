import { randomBytes } from 'node:crypto';
import { Account, AppwriteException, Client, ID, PasswordHash, Users } from 'node-appwrite';
import { describe, expect, it } from 'vitest';
import { useTestServer } from '../testing/http-server.ts';

/**
 * node-appwrite's password-hash imports, unchanged, over HTTP against the real server: each imports
 * Appwrite's own e2e vector (a hash of `appwrite`), which then signs in with `account.createEmailPasswordSession`.
 */
const PROJECT = 'sdk-hashes';
const API_KEY = 'sdk-hashes-bootstrap-key-0123456789abcdef';
const server = useTestServer({ ROSTER_API_KEY: API_KEY, ROSTER_PROJECT_ID: PROJECT });

const client = () => new Client().setEndpoint(`${server.url}/v1`).setProject(PROJECT);
const users = () => new Users(client().setKey(API_KEY));
const uniqueEmail = () => `${randomBytes(6).toString('hex')}@example.com`;
const SIGNER_KEY = 'XyEKE9RcTDeLEsL/RjwPDBv/RqDl8fb3gpYEOQaPihbxf1ZAtSOHCjuAAa7Q3oHpCYhXSN9tizHgVOwn6krflQ==';

const IMPORTS: { method: string; create: (email: string) => ReturnType<Users['get']>; hash: string }[] = [
  {
    method: 'createMD5User',
    create: (email) =>
      users().createMD5User({ userId: ID.unique(), email, password: '144fa7eaa4904e8ee120651997f70dcc' }),
    hash: 'md5',
  },
  {
    method: 'createBcryptUser',
    create: (email) =>
      users().createBcryptUser({
        userId: ID.unique(),
        email,
        password: '$2a$15$xX/myGbFU.ZSKHSi6EHdBOySTdYm8QxBLXmOPHrYMwV0mHRBBSBOq',
        name: 'Bcrypt',
      }),
    hash: 'bcrypt',
  },
  {
    method: 'createArgon2User',
    create: (email) =>
      users().createArgon2User({
        userId: ID.unique(),
        email,
        password: '$argon2i$v=19$m=20,t=3,p=2$YXBwd3JpdGU$A/54i238ed09ZR4NwlACU5XnkjNBZU9QeOEuhjLiexI',
      }),
    hash: 'argon2',
  },
  {
    method: 'createSHAUser',
    create: (email) =>
      users().createSHAUser({
        userId: ID.unique(),
        email,
        password:
          '4243da0a694e8a2f727c8060fe0507c8fa01ca68146c76d2c190805b638c20c6bf6ba04e21f11ae138785d0bff63c416e6f87badbffad37f6dee50094cc38c70',
        passwordVersion: PasswordHash.Sha512,
      }),
    hash: 'sha',
  },
  {
    method: 'createScryptUser',
    create: (email) =>
      users().createScryptUser({
        userId: ID.unique(),
        email,
        password:
          '3fdef49701bc4cfaacd551fe017283513284b4731e6945c263246ef948d3cf63b5d269c31fd697246085111a428245e24a4ddc6b64c687bc60a8910dbafc1d5b',
        passwordSalt: 'appwrite',
        passwordCpu: 16384,
        passwordMemory: 13,
        passwordParallel: 2,
        passwordLength: 64,
      }),
    hash: 'scrypt',
  },
  {
    method: 'createPHPassUser',
    create: (email) =>
      users().createPHPassUser({
        userId: ID.unique(),
        email,
        password: '$P$Br387rwferoKN7uwHZqNMu98q3U8RO.',
      }),
    hash: 'phpass',
  },
  {
    method: 'createScryptModifiedUser',
    create: (email) =>
      users().createScryptModifiedUser({
        userId: ID.unique(),
        email,
        password: 'UlM7JiXRcQhzAGlaonpSqNSLIz475WMddOgLjej5De9vxTy48K6WtqlEzrRFeK4t0COfMhWCb8wuMHgxOFCHFQ==',
        passwordSalt: 'UxLMreBr6tYyjQ==',
        passwordSaltSeparator: 'Bw==',
        passwordSignerKey: SIGNER_KEY,
      }),
    hash: 'scryptMod',
  },
];

async function signInError(email: string, password: string) {
  const error = await new Account(client()).createEmailPasswordSession({ email, password }).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(AppwriteException);
  return { type: (error as AppwriteException).type, code: (error as AppwriteException).code };
}

describe('node-appwrite: users.create<Algorithm>User', () => {
  for (const { method, create, hash } of IMPORTS) {
    it(`users.${method}: imported, then "appwrite" signs in and the user is on argon2`, async () => {
      const email = uniqueEmail();
      const user = await create(email);
      expect(user).toMatchObject({ email, hash, status: true, emailVerification: false });
      expect(await signInError(email, 'not appwrite')).toEqual({
        type: 'user_invalid_credentials',
        code: 401,
      });
      const session = await new Account(client()).createEmailPasswordSession({ email, password: 'appwrite' });
      expect(session.userId).toBe(user.$id);
      expect(await users().get({ userId: user.$id })).toMatchObject({
        hash: 'argon2',
        hashOptions: { type: 'argon2' },
      });
    }, 60_000);
  }

  it('a malformed hash is 400 general_argument_invalid through the SDK', async () => {
    const error = await users()
      .createMD5User({ userId: ID.unique(), email: uniqueEmail(), password: 'definitely not md5' })
      .then(
        () => undefined,
        (thrown: unknown) => thrown,
      );
    expect(error).toBeInstanceOf(AppwriteException);
    expect((error as AppwriteException).type).toBe('general_argument_invalid');
    expect((error as AppwriteException).code).toBe(400);
    expect((error as AppwriteException).message).toMatch(/^Invalid `password` param: /);
  });
});
