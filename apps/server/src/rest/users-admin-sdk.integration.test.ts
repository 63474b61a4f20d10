import { randomBytes } from 'node:crypto';
import { Account, AppwriteException, AuthenticatorType, Client, ID, Query, Users } from 'node-appwrite';
import { describe, expect, it } from 'vitest';
import { useTestServer } from '../testing/http-server.ts';
import { USERS_ADMIN_SDK_METHODS } from './users-admin-sdk-methods.ts';

/**
 * The Users API's administration routes (phone, labels, status, verification, logs, MFA) driven by
 * the official server SDK (node-appwrite, pinned) over HTTP, with every answer checked against
 * Appwrite's models of response format 1.9.5, and the events and activity-log entries each change
 * records. appwrite-sdk.integration.test.ts counts these methods (users-admin-sdk-methods.ts) as
 * covered here.
 */
const PROJECT = 'sdk-admin';
const API_KEY = 'sdk-admin-test-bootstrap-key-0123456789ab';
// `mail: true` also runs the worker, whose activity-log consumer writes the entries checked here.
const server = useTestServer({ ROSTER_API_KEY: API_KEY, ROSTER_PROJECT_ID: PROJECT }, { mail: true });

const calledMethods = new Set<string>();
{
  const prototype = Users.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
  for (const method of Object.getOwnPropertyNames(prototype).filter((name) => name !== 'constructor')) {
    const original = prototype[method]!;
    prototype[method] = function (this: unknown, ...args: unknown[]) {
      calledMethods.add(`users.${method}`);
      return original.apply(this, args);
    };
  }
}

const client = () => new Client().setEndpoint(`${server.url}/v1`).setProject(PROJECT);
const users = () => new Users(client().setKey(API_KEY));
const uniqueEmail = () => `${randomBytes(6).toString('hex')}@example.com`;
let phones = 0;
const uniquePhone = () => `+4420${String(Date.now() % 1_000_000).padStart(6, '0')}${phones++ % 10}`;

// The Users API's User model: the password's algorithm and options follow `name`, as in Appwrite's.
const USER_FIELDS = [
  '$id',
  '$createdAt',
  '$updatedAt',
  'name',
  'hash',
  'hashOptions',
  'registration',
  'status',
  'labels',
  'passwordUpdate',
  'email',
  'phone',
  'emailVerification',
  'phoneVerification',
  'mfa',
  'prefs',
  'targets',
  'accessedAt',
  'impersonator',
];
const TARGET_FIELDS = [
  '$id',
  '$createdAt',
  '$updatedAt',
  'name',
  'userId',
  'providerType',
  'identifier',
  'expired',
];
const LOG_FIELDS = [
  'event',
  'userId',
  'userEmail',
  'userName',
  'mode',
  'userType',
  'ip',
  'time',
  'osCode',
  'osName',
  'osVersion',
  'clientType',
  'clientCode',
  'clientName',
  'clientVersion',
  'clientEngine',
  'clientEngineVersion',
  'deviceName',
  'deviceBrand',
  'deviceModel',
  'countryCode',
  'countryName',
];
const DATE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/;

/** The 1.9.5 User model: every field, in order, with its type (no `null` anywhere). */
function expectUserModel(user: object) {
  expect(Object.keys(user)).toEqual(USER_FIELDS);
  const u = user as Record<string, unknown>;
  for (const field of ['$id', 'name', 'email', 'phone']) expect(typeof u[field]).toBe('string');
  for (const field of ['$createdAt', '$updatedAt', 'registration']) expect(u[field]).toMatch(DATE);
  for (const field of ['passwordUpdate', 'accessedAt'])
    expect(u[field]).toMatch(new RegExp(`${DATE.source}|^$`));
  for (const field of ['status', 'emailVerification', 'phoneVerification', 'mfa', 'impersonator']) {
    expect(typeof u[field]).toBe('boolean');
  }
  expect(u.hash).toBe('argon2');
  expect(u.hashOptions).toMatchObject({ type: 'argon2' });
  expect(Array.isArray(u.labels)).toBe(true);
  expect(u.prefs).toBeTypeOf('object');
  for (const target of u.targets as Record<string, unknown>[]) {
    expect(Object.keys(target)).toEqual(TARGET_FIELDS);
    expect(['email', 'sms']).toContain(target.providerType);
  }
}

async function expectSdkError(call: Promise<unknown>, type: string, code: number) {
  const error = await call.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error, `expected ${type}`).toBeInstanceOf(AppwriteException);
  expect({ type: (error as AppwriteException).type, code: (error as AppwriteException).code }).toEqual({
    type,
    code,
  });
}

/** The activity-log entry of each of the user's events whose template is in `templates`, once written. */
async function auditedLabels(userId: string, templates: readonly string[]): Promise<string[]> {
  const events = (await server.repos.events.ofResource(`user/${userId}`)).filter((e) =>
    templates.includes(e.template),
  );
  const deadline = Date.now() + 15_000;
  const labels: string[] = [];
  for (const event of events) {
    let entry = await server.repos.activityLogs.byId(event.id);
    while (!entry && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      entry = await server.repos.activityLogs.byId(event.id);
    }
    expect(entry, `the log entry of ${event.template}`).not.toBeNull();
    expect(entry).toMatchObject({ resource: `user/${userId}` });
    labels.push(`${event.template} → ${entry!.event} by ${entry!.userType}`);
  }
  return labels;
}

describe('node-appwrite Users: administration', () => {
  it('updatePhone, updateLabels, updateEmailVerification, updatePhoneVerification: the User model, events, log entries', async () => {
    const created = await users().create({
      userId: ID.unique(),
      email: uniqueEmail(),
      password: 'a good password',
    });
    const phone = uniquePhone();
    const withPhone = await users().updatePhone({ userId: created.$id, number: phone });
    expectUserModel(withPhone);
    expect(withPhone).toMatchObject({ phone, phoneVerification: false });
    expect(withPhone.targets.map((t) => [t.providerType, t.identifier])).toEqual([
      ['email', created.email],
      ['sms', phone],
    ]);
    await expectSdkError(
      users().updatePhone({ userId: created.$id, number: phone }),
      'user_target_already_exists',
      409,
    );
    await expectSdkError(
      users().updatePhone({ userId: created.$id, number: '0049' }),
      'general_argument_invalid',
      400,
    );

    const labelled = await users().updateLabels({ userId: created.$id, labels: ['vip', 'vip', 'pro'] });
    expectUserModel(labelled);
    expect(labelled.labels).toEqual(['vip', 'pro']);
    await expectSdkError(
      users().updateLabels({ userId: created.$id, labels: ['invalid-label'] }),
      'general_argument_invalid',
      400,
    );

    const emailVerified = await users().updateEmailVerification({
      userId: created.$id,
      emailVerification: true,
    });
    expectUserModel(emailVerified);
    expect(emailVerified.emailVerification).toBe(true);
    const phoneVerified = await users().updatePhoneVerification({
      userId: created.$id,
      phoneVerification: true,
    });
    expect(phoneVerified).toMatchObject({ emailVerification: true, phoneVerification: true });
    expect(await users().get({ userId: created.$id })).toEqual(phoneVerified);
    await expectSdkError(
      users().updatePhoneVerification({ userId: 'nobody', phoneVerification: true }),
      'user_not_found',
      404,
    );

    const cleared = await users().updatePhone({ userId: created.$id, number: '' });
    expect(cleared).toMatchObject({ phone: '', phoneVerification: false });
    expect(cleared.targets).toHaveLength(1);

    expect(
      await auditedLabels(created.$id, [
        'users.[userId].update.phone',
        'users.[userId].update.labels',
        'users.[userId].update.verification',
      ]),
    ).toEqual([
      'users.[userId].update.phone → user.update by keyProject',
      'users.[userId].update.labels → user.update by keyProject',
      'users.[userId].update.verification → verification.update by keyProject',
      'users.[userId].update.verification → verification.update by keyProject',
      'users.[userId].update.phone → user.update by keyProject',
    ]);
  });

  it('updateStatus: a blocked user’s session and JWT are refused at once (403 user_blocked); unblocked they work again', async () => {
    const created = await users().create({
      userId: ID.unique(),
      email: uniqueEmail(),
      password: 'a good password',
    });
    const session = await users().createSession({ userId: created.$id });
    const bySession = new Account(client().setSession(session.secret));
    const { jwt } = await bySession.createJWT();
    const byJwt = new Account(client().setJWT(jwt));
    const { jwt: unbound } = await users().createJWT({ userId: created.$id });
    const byUnboundJwt = new Account(client().setJWT(unbound));
    for (const account of [bySession, byJwt, byUnboundJwt])
      expect((await account.get()).$id).toBe(created.$id);

    const blocked = await users().updateStatus({ userId: created.$id, status: false });
    expectUserModel(blocked);
    expect(blocked.status).toBe(false);
    for (const account of [bySession, byJwt, byUnboundJwt]) {
      await expectSdkError(account.get(), 'user_blocked', 403);
      await expectSdkError(account.listSessions(), 'user_blocked', 403);
    }
    expect((await users().updateStatus({ userId: created.$id, status: true })).status).toBe(true);
    for (const account of [bySession, byJwt, byUnboundJwt]) expect((await account.get()).status).toBe(true);
    expect(await auditedLabels(created.$id, ['users.[userId].update.status'])).toEqual([
      'users.[userId].update.status → user.update by keyProject',
      'users.[userId].update.status → user.update by keyProject',
    ]);
  });

  it('listLogs: Appwrite’s LogList of Log models, what the user did', async () => {
    const email = uniqueEmail();
    const created = await users().create({ userId: ID.unique(), email, password: 'a good password' });
    const session = await users().createSession({ userId: created.$id });
    await new Account(client().setSession(session.secret)).updateName({ name: 'Logged' });
    const deadline = Date.now() + 15_000;
    let logs = await users().listLogs({ userId: created.$id });
    while (logs.total < 1 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      logs = await users().listLogs({ userId: created.$id });
    }
    expect(Object.keys(logs)).toEqual(['total', 'logs']);
    expect(logs.total).toBe(1);
    expect(Object.keys(logs.logs[0]!)).toEqual(LOG_FIELDS);
    expect(logs.logs[0]).toMatchObject({
      event: 'user.update',
      userId: created.$id,
      userEmail: email,
      userType: 'user',
    });
    expect(logs.logs[0]!.time).toMatch(DATE);
    expect(await users().listLogs({ userId: created.$id, queries: [Query.offset(1)], total: false })).toEqual(
      {
        total: 0,
        logs: [],
      },
    );
    await expectSdkError(users().listLogs({ userId: 'nobody' }), 'user_not_found', 404);
  });

  it('MFA: updateMfa, listMfaFactors, create/get/update recovery codes, deleteMfaAuthenticator', async () => {
    const created = await users().create({
      userId: ID.unique(),
      email: uniqueEmail(),
      password: 'a good password',
    });
    const session = await users().createSession({ userId: created.$id });
    const account = new Account(client().setSession(session.secret));
    const { secret } = await account.createMFAAuthenticator({ type: AuthenticatorType.Totp });
    expect(secret).toMatch(/^[A-Z2-7]{103}$/);

    const on = await users().updateMfa({ userId: created.$id, mfa: true });
    expectUserModel(on);
    expect(on.mfa).toBe(true);
    expect((await users().updateMFA({ userId: created.$id, mfa: false })).mfa).toBe(false);

    const factors = await users().listMfaFactors({ userId: created.$id });
    expect(factors).toEqual({ totp: false, phone: false, email: false, recoveryCode: false });
    await expectSdkError(
      users().getMfaRecoveryCodes({ userId: created.$id }),
      'user_recovery_codes_not_found',
      404,
    );
    const first = await users().createMfaRecoveryCodes({ userId: created.$id });
    expect(Object.keys(first)).toEqual(['recoveryCodes']);
    expect(first.recoveryCodes).toHaveLength(6);
    await expectSdkError(
      users().createMFARecoveryCodes({ userId: created.$id }),
      'user_recovery_codes_already_exists',
      409,
    );
    expect(await users().getMfaRecoveryCodes({ userId: created.$id })).toEqual(first);
    expect(await users().getMFARecoveryCodes({ userId: created.$id })).toEqual(first);
    const second = await users().updateMfaRecoveryCodes({ userId: created.$id });
    expect(second.recoveryCodes).toHaveLength(6);
    expect(second.recoveryCodes).not.toEqual(first.recoveryCodes);
    expect((await users().updateMFARecoveryCodes({ userId: created.$id })).recoveryCodes).toHaveLength(6);
    expect(await users().listMFAFactors({ userId: created.$id })).toMatchObject({ recoveryCode: true });

    // The unverified authenticator the account created; the key removes it without a challenge.
    expect(
      await users().deleteMfaAuthenticator({ userId: created.$id, type: AuthenticatorType.Totp }),
    ).toEqual({
      message: '',
    });
    await expectSdkError(
      users().deleteMFAAuthenticator({ userId: created.$id, type: AuthenticatorType.Totp }),
      'user_authenticator_not_found',
      404,
    );
    await expectSdkError(users().listMfaFactors({ userId: 'nobody' }), 'user_not_found', 404);
    const audited = await auditedLabels(created.$id, ['users.[userId].update.mfa']);
    // The account's authenticator (the user), then the key's MFA on and off, three sets of codes, the removal.
    expect(audited).toEqual([
      'users.[userId].update.mfa → user.update by user',
      ...Array<string>(6).fill('users.[userId].update.mfa → user.update by keyProject'),
    ]);
  });
});

describe('coverage', () => {
  it('every Users administration method was called', () => {
    expect(USERS_ADMIN_SDK_METHODS.filter((method) => !calledMethods.has(method))).toEqual([]);
  });
});
