/**
 * Every procedure × every kind of caller → allowed, or the exact Appwrite error type. Each cell
 * runs on a fresh team (owner, confirmed member, pending invitee) so destructive calls cannot
 * influence one another.
 */
import { deriveInvitationSecret } from '@roster/db';
import { deriveTokenSecret } from '@roster/jobs';
import { afterAll, describe, expect, it } from 'vitest';
import { type ErrorType } from './errors.ts';
import { encryptSecret } from './lib/encryption.ts';
import { generateTotpSecret } from './lib/totp.ts';
import { appRouter } from './root.ts';
import { APPWRITE_VECTORS } from './testing/password-hash-vectors.ts';
import { generateId } from '@roster/db';
import {
  describeAppError,
  TEST_CONFIG,
  TEST_WEBHOOKS,
  useApiHarness,
  type Caller,
} from './testing/harness.ts';

// Replays go to a queue that drops them: the matrix checks who may ask, not the delivery.
const api = useApiHarness({
  webhooks: { ...TEST_WEBHOOKS, queue: { add: async () => {}, close: async () => {} } },
});

const PRINCIPALS = [
  'guest',
  'outsider',
  'invitee',
  'member',
  'owner',
  'keyWithoutScope',
  'keyWithScope',
  // The member again, by a JWT of their session (X-Appwrite-JWT): the same rights unless a row says.
  'memberJwt',
  // A user with MFA on and a verified authenticator, whose session has one factor: only the `mfa`
  // routes answer it (docs/api.md#mfa); a row's default is `user_more_factors_required` where a
  // user has the scope.
  'mfaPending',
] as const;
type PrincipalName = (typeof PRINCIPALS)[number];
type Expected = 'ok' | ErrorType;

const PASSWORD = 'correct horse battery';

const vector = (name: string) => APPWRITE_VECTORS[name]!;
const HASHES = {
  argon2: vector('argon2').hash,
  bcrypt: vector('bcrypt').hash,
  md5: vector('md5').hash,
  phpass: vector('phpass').hash,
  sha: vector('sha').hash,
  scrypt: vector('scrypt').hash,
  scryptMod: vector('scryptMod').hash,
  signerKey: 'XyEKE9RcTDeLEsL/RjwPDBv/RqDl8fb3gpYEOQaPihbxf1ZAtSOHCjuAAa7Q3oHpCYhXSN9tizHgVOwn6krflQ==',
};

async function fixture() {
  const owner = await api.signUp();
  const member = await api.signUp();
  const invitee = await api.signUp();
  const outsider = await api.signUp();
  const allScopes = await api.keyHeaders([
    'teams.read',
    'teams.write',
    'users.read',
    'users.write',
    'webhooks.read',
    'webhooks.write',
    'buckets.read',
    'buckets.write',
  ]);
  const noScopes = await api.keyHeaders([]);
  const ownerCall = api.caller(owner.headers).call;
  const team = await ownerCall.teams.create({ teamId: 'unique()', name: 'Matrix' });
  await ownerCall.teams.createRole({ teamId: team.$id, roleId: 'matrix-role' });
  const memberMembership = await api.caller(allScopes).call.teams.createMembership({
    teamId: team.$id,
    userId: member.user._id,
    roles: ['developer'],
  });
  const invitation = await ownerCall.teams.createMembership({
    teamId: team.$id,
    userId: invitee.user._id,
    roles: ['developer'],
    url: 'http://localhost:5173/accept',
  });
  const stored = await api.repos.memberships.byId(invitation.$id);
  const secret = deriveInvitationSecret(
    TEST_CONFIG.secretKey,
    invitation.$id,
    stored!.delivery!.secretVersion,
  );
  const { jwt } = await api.caller(member.headers).call.account.createJWT();
  const mfaUser = await api.signUp();
  await api.repos.users.update(mfaUser.user._id, {
    mfa: true,
    totpVerified: true,
    totpSecret: encryptSecret(TEST_CONFIG.secretKey, generateTotpSecret()),
  });
  const headers: Record<PrincipalName, Record<string, string>> = {
    guest: {},
    outsider: outsider.headers,
    invitee: invitee.headers,
    member: member.headers,
    owner: owner.headers,
    keyWithoutScope: noScopes,
    keyWithScope: allScopes,
    memberJwt: { 'x-appwrite-jwt': jwt },
    mfaPending: mfaUser.headers,
  };
  const webhook = await api.caller(allScopes).call.webhooks.create({
    webhookId: 'unique()',
    name: 'Matrix',
    url: 'http://127.0.0.1:9/hook',
    events: ['teams.*'],
  });
  const bucket = await api
    .caller(allScopes)
    .call.storage.createBucket({ bucketId: 'unique()', name: 'Matrix' });
  const delivery = await api.repos.webhooks.recordDelivery({
    webhookId: webhook.$id,
    eventId: generateId(),
    events: ['teams.*'],
    body: '{}',
    userId: '',
    eventCreatedAt: new Date(),
    attempt: 1,
    ok: true,
    statusCode: 200,
    durationMs: 1,
    response: '',
    error: '',
    replayOf: '',
  });
  // The invitee's link to a provider: only they may delete it.
  const identity = await api.repos.identities.create({
    user: invitee.user,
    provider: 'oidc',
    providerUid: generateId(),
  });
  const created = await ownerCall.joinLinks.create({
    teamId: team.$id,
    roles: ['viewer'],
    url: 'http://localhost:5173/join',
  });
  const linkParams = new URL(created.url).searchParams;
  const joinLink = { linkId: linkParams.get('linkId')!, secret: linkParams.get('secret')! };
  return {
    joinLink,
    team,
    memberMembership,
    invitation,
    invitee,
    secret,
    headers,
    webhook,
    delivery,
    bucket,
    identity: identity!,
    member,
  };
}
type Fixture = Awaited<ReturnType<typeof fixture>>;

/** The owner's pending offer of ownership to the fixture's member; its id. */
async function offered(fx: Fixture): Promise<string> {
  const transfer = await api
    .caller(fx.headers.owner)
    .call.teams.createOwnershipTransfer({ teamId: fx.team.$id, membershipId: fx.memberMembership.$id });
  return transfer.$id;
}

interface Row {
  procedure: string;
  call: (fx: Fixture, caller: Caller['call']) => Promise<unknown>;
  /** `memberJwt` is the member's outcome unless given; `mfaPending` see PRINCIPALS. */
  expected: Record<Exclude<PrincipalName, 'memberJwt' | 'mfaPending'>, Expected> & {
    memberJwt?: Expected;
    mfaPending?: Expected;
  };
}

const scope = 'general_unauthorized_scope';
const SCOPE_FOR_NON_KEYS = {
  guest: scope,
  outsider: scope,
  invitee: scope,
  member: scope,
  owner: scope,
} as const;
/** Users service: API keys with the users scopes only. */
const KEY_ONLY = { ...SCOPE_FOR_NON_KEYS, keyWithoutScope: scope, keyWithScope: 'ok' } as const;
/** Team reads: confirmed members and keys. */
const MEMBERS = {
  guest: scope,
  outsider: 'team_not_found',
  invitee: 'team_not_found',
  member: 'ok',
  owner: 'ok',
  keyWithoutScope: scope,
  keyWithScope: 'ok',
} as const;
/** Team writes: owners and keys; plain members are told they may not. */
const OWNERS = { ...MEMBERS, member: 'user_unauthorized' } as const;
/** The signed-in user's own account. */
const SIGNED_IN = {
  guest: scope,
  outsider: 'ok',
  invitee: 'ok',
  member: 'ok',
  owner: 'ok',
  keyWithoutScope: scope,
  keyWithScope: scope,
} as const;
/** Signed-in users whose address is not verified (every user of the fixture). */
const UNVERIFIED = {
  outsider: 'user_email_not_verified',
  invitee: 'user_email_not_verified',
  member: 'user_email_not_verified',
  owner: 'user_email_not_verified',
} as const;
/** The `mfaProtected` routes: signed-in users without a challenge in the last 30 minutes. */
const RECENT_CHALLENGE = {
  outsider: 'user_challenge_required',
  invitee: 'user_challenge_required',
  member: 'user_challenge_required',
  owner: 'user_challenge_required',
} as const;
/** Sign-up and sign-in: guests only; keys lack the `public` scope. */
const GUESTS = {
  guest: 'ok',
  outsider: 'user_session_already_exists',
  invitee: 'user_session_already_exists',
  member: 'user_session_already_exists',
  owner: 'user_session_already_exists',
  keyWithoutScope: scope,
  keyWithScope: scope,
} as const;

/** Public requests that a signed-in user may make too (the mailed sign-ins); keys lack the scope. */
const GUESTS_OR_USERS = {
  guest: 'ok',
  outsider: 'ok',
  invitee: 'ok',
  member: 'ok',
  owner: 'ok',
  keyWithoutScope: scope,
  keyWithScope: scope,
} as const;

const email = () => `${generateId()}@example.com`;
let phones = 0;
const phone = () => `+4917${String(10_000_000 + phones++)}`;

/** A fresh sign-in token of the invitee, made by the key (`users.createToken`). */
/** Guests and users alike (Appwrite's `public` scope); keys lack it. */
const ANYONE = {
  guest: 'ok',
  outsider: 'ok',
  invitee: 'ok',
  member: 'ok',
  owner: 'ok',
  keyWithoutScope: scope,
  keyWithScope: scope,
} as const;
const MAIL_URL = 'https://app.example.com/confirm';

/** A fresh user's emailed verification or recovery secret (as the email's link carries it). */
async function mailedSecretFor(kind: 'verification' | 'recovery') {
  const { user, headers } = await api.signUp();
  const token =
    kind === 'verification'
      ? await api.caller(headers).call.account.createVerification({ url: MAIL_URL })
      : await api.caller().call.account.createRecovery({ email: user.email!, url: MAIL_URL });
  return { userId: user._id, secret: deriveTokenSecret(api.deps.config.secretKey, token.$id) };
}

async function tokenFor(fx: Fixture) {
  const token = await api
    .caller(fx.headers.keyWithScope)
    .call.users.createToken({ userId: fx.invitee.user._id });
  return { userId: fx.invitee.user._id, secret: token.secret };
}

const ROWS: Row[] = [
  {
    procedure: 'teams.create',
    call: (_fx, c) => c.teams.create({ teamId: 'unique()', name: 'New' }),
    expected: { ...SIGNED_IN, keyWithScope: 'ok', outsider: 'ok' },
  },
  {
    procedure: 'teams.list',
    call: (_fx, c) => c.teams.list({}),
    expected: { ...SIGNED_IN, keyWithScope: 'ok' },
  },
  { procedure: 'teams.get', call: (fx, c) => c.teams.get({ teamId: fx.team.$id }), expected: MEMBERS },
  {
    procedure: 'teams.updateName',
    call: (fx, c) => c.teams.updateName({ teamId: fx.team.$id, name: 'Renamed' }),
    expected: OWNERS,
  },
  { procedure: 'teams.delete', call: (fx, c) => c.teams.delete({ teamId: fx.team.$id }), expected: OWNERS },
  {
    procedure: 'teams.getPrefs',
    call: (fx, c) => c.teams.getPrefs({ teamId: fx.team.$id }),
    expected: MEMBERS,
  },
  {
    procedure: 'teams.updatePrefs',
    call: (fx, c) => c.teams.updatePrefs({ teamId: fx.team.$id, prefs: { a: 1 } }),
    expected: OWNERS,
  },
  {
    procedure: 'teams.listMemberships',
    call: (fx, c) => c.teams.listMemberships({ teamId: fx.team.$id }),
    expected: MEMBERS,
  },
  {
    procedure: 'teams.createMembership',
    call: (fx, c) =>
      c.teams.createMembership({
        teamId: fx.team.$id,
        email: email(),
        roles: [],
        url: 'http://localhost/accept',
      }),
    expected: OWNERS,
  },
  {
    procedure: 'teams.createMemberships',
    call: (fx, c) =>
      c.teams.createMemberships({
        teamId: fx.team.$id,
        rows: [{ email: email(), roles: [] }],
        url: 'http://localhost/accept',
      }),
    expected: OWNERS,
  },
  {
    procedure: 'teams.createMembershipLink',
    call: (fx, c) =>
      c.teams.createMembershipLink({
        teamId: fx.team.$id,
        email: email(),
        roles: [],
        url: 'http://localhost/accept',
      }),
    // The accept link is for keys only: an owner's session is refused too.
    expected: { ...OWNERS, owner: scope },
  },
  {
    procedure: 'teams.getMembership',
    call: (fx, c) => c.teams.getMembership({ teamId: fx.team.$id, membershipId: fx.memberMembership.$id }),
    expected: MEMBERS,
  },
  {
    procedure: 'teams.updateMembership',
    call: (fx, c) =>
      c.teams.updateMembership({
        teamId: fx.team.$id,
        membershipId: fx.memberMembership.$id,
        roles: ['lead'],
      }),
    expected: OWNERS,
  },
  // Ownership transfers: the owner offers to the member (the fixture's own membership ids).
  {
    procedure: 'teams.createOwnershipTransfer',
    call: (fx, c) =>
      c.teams.createOwnershipTransfer({ teamId: fx.team.$id, membershipId: fx.memberMembership.$id }),
    // Keys have no ownership to give; the member is not an owner.
    expected: { ...OWNERS, keyWithScope: 'user_unauthorized' },
  },
  {
    procedure: 'teams.listOwnershipTransfers',
    call: (fx, c) => c.teams.listOwnershipTransfers({ teamId: fx.team.$id }),
    expected: MEMBERS,
  },
  {
    procedure: 'teams.acceptOwnershipTransfer',
    call: async (fx, c) =>
      c.teams.acceptOwnershipTransfer({ teamId: fx.team.$id, transferId: await offered(fx) }),
    // Only the recipient; owners and keys see the offer but may not accept it.
    expected: { ...MEMBERS, owner: 'user_unauthorized', keyWithScope: 'user_unauthorized' },
  },
  {
    procedure: 'teams.declineOwnershipTransfer',
    call: async (fx, c) =>
      c.teams.declineOwnershipTransfer({ teamId: fx.team.$id, transferId: await offered(fx) }),
    expected: { ...MEMBERS, owner: 'user_unauthorized', keyWithScope: 'user_unauthorized' },
  },
  {
    procedure: 'teams.deleteOwnershipTransfer',
    call: async (fx, c) =>
      c.teams.deleteOwnershipTransfer({ teamId: fx.team.$id, transferId: await offered(fx) }),
    // The offering owner or a key; the recipient declines instead.
    expected: { ...OWNERS },
  },
  {
    procedure: 'teams.getMembershipDelivery',
    call: (fx, c) => c.teams.getMembershipDelivery({ teamId: fx.team.$id, membershipId: fx.invitation.$id }),
    expected: OWNERS,
  },
  {
    procedure: 'teams.updateMembershipStatus',
    call: (fx, c) =>
      c.teams.updateMembershipStatus({
        teamId: fx.team.$id,
        membershipId: fx.invitation.$id,
        userId: fx.invitee.user._id,
        secret: fx.secret,
      }),
    expected: {
      guest: 'ok',
      outsider: 'team_invite_mismatch',
      invitee: 'ok',
      member: 'team_invite_mismatch',
      owner: 'team_invite_mismatch',
      keyWithoutScope: scope,
      keyWithScope: scope,
    },
  },
  {
    procedure: 'teams.previewMembership',
    call: (fx, c) =>
      c.teams.previewMembership({ teamId: fx.team.$id, membershipId: fx.invitation.$id, secret: fx.secret }),
    // Public: the secret is the authority (a Roster extension); keys have no `public` scope.
    expected: {
      guest: 'ok',
      outsider: 'ok',
      invitee: 'ok',
      member: 'ok',
      owner: 'ok',
      keyWithoutScope: scope,
      keyWithScope: scope,
    },
  },
  {
    procedure: 'teams.updateMembershipStatusWithPassword',
    call: (fx, c) =>
      c.teams.updateMembershipStatusWithPassword({
        teamId: fx.team.$id,
        membershipId: fx.invitation.$id,
        userId: fx.invitee.user._id,
        secret: fx.secret,
        password: PASSWORD,
      }),
    expected: {
      guest: 'ok',
      outsider: 'team_invite_mismatch',
      invitee: 'ok',
      member: 'team_invite_mismatch',
      owner: 'team_invite_mismatch',
      keyWithoutScope: scope,
      keyWithScope: scope,
    },
  },
  {
    procedure: 'teams.listInvitations',
    call: (fx, c) => c.teams.listInvitations({ teamId: fx.team.$id }),
    // Owners and keys (a Roster extension, like the delivery route).
    expected: OWNERS,
  },
  {
    procedure: 'teams.deleteMembership',
    call: (fx, c) => c.teams.deleteMembership({ teamId: fx.team.$id, membershipId: fx.memberMembership.$id }),
    // The member may leave; strangers cannot see the team at all.
    expected: { ...OWNERS, member: 'ok' },
  },
  {
    procedure: 'teams.listLogs',
    call: (fx, c) => c.teams.listLogs({ teamId: fx.team.$id }),
    // Owners and keys (a Roster extension); members are told they may not.
    expected: OWNERS,
  },
  // Roster's roles and permissions (docs/api.md#roles-and-permissions).
  {
    procedure: 'teams.listRoles',
    call: (fx, c) => c.teams.listRoles({ teamId: fx.team.$id }),
    expected: MEMBERS,
  },
  {
    procedure: 'teams.createRole',
    call: (fx, c) => c.teams.createRole({ teamId: fx.team.$id, roleId: `r${generateId()}` }),
    expected: OWNERS,
  },
  {
    procedure: 'teams.updateRole',
    call: (fx, c) => c.teams.updateRole({ teamId: fx.team.$id, roleId: 'matrix-role', description: 'x' }),
    expected: OWNERS,
  },
  {
    procedure: 'teams.deleteRole',
    call: (fx, c) => c.teams.deleteRole({ teamId: fx.team.$id, roleId: 'matrix-role' }),
    expected: OWNERS,
  },
  {
    procedure: 'teams.checkPermission',
    // A key asks on behalf of a user; members ask for themselves.
    call: async (fx, c) => {
      try {
        return await c.teams.checkPermission({ teamId: fx.team.$id, permission: 'invoices.read' });
      } catch (error) {
        if ((error as { cause?: { type?: string } }).cause?.type !== 'general_argument_invalid') throw error;
        return c.teams.checkPermission({
          teamId: fx.team.$id,
          permission: 'invoices.read',
          userId: fx.member.user._id,
        });
      }
    },
    expected: MEMBERS,
  },
  {
    procedure: 'users.create',
    call: (_fx, c) => c.users.create({ userId: 'unique()', email: email() }),
    expected: KEY_ONLY,
  },
  { procedure: 'users.list', call: (_fx, c) => c.users.list({}), expected: KEY_ONLY },
  // Password-hash imports: key only, as users.create (md5 and sha are cheap; the others hash alike).
  {
    procedure: 'users.createArgon2User',
    call: (_fx, c) =>
      c.users.createArgon2User({ userId: 'unique()', email: email(), password: HASHES.argon2 }),
    expected: KEY_ONLY,
  },
  {
    procedure: 'users.createBcryptUser',
    call: (_fx, c) =>
      c.users.createBcryptUser({ userId: 'unique()', email: email(), password: HASHES.bcrypt }),
    expected: KEY_ONLY,
  },
  {
    procedure: 'users.createMD5User',
    call: (_fx, c) => c.users.createMD5User({ userId: 'unique()', email: email(), password: HASHES.md5 }),
    expected: KEY_ONLY,
  },
  {
    procedure: 'users.createPHPassUser',
    call: (_fx, c) =>
      c.users.createPHPassUser({ userId: 'unique()', email: email(), password: HASHES.phpass }),
    expected: KEY_ONLY,
  },
  {
    procedure: 'users.createSHAUser',
    call: (_fx, c) =>
      c.users.createSHAUser({
        userId: 'unique()',
        email: email(),
        password: HASHES.sha,
        passwordVersion: 'sha512',
      }),
    expected: KEY_ONLY,
  },
  {
    procedure: 'users.createScryptUser',
    call: (_fx, c) =>
      c.users.createScryptUser({
        userId: 'unique()',
        email: email(),
        password: HASHES.scrypt,
        passwordSalt: 'appwrite',
        passwordCpu: 16384,
        passwordMemory: 13,
        passwordParallel: 2,
        passwordLength: 64,
      }),
    expected: KEY_ONLY,
  },
  {
    procedure: 'users.createScryptModifiedUser',
    call: (_fx, c) =>
      c.users.createScryptModifiedUser({
        userId: 'unique()',
        email: email(),
        password: HASHES.scryptMod,
        passwordSalt: 'UxLMreBr6tYyjQ==',
        passwordSaltSeparator: 'Bw==',
        passwordSignerKey: HASHES.signerKey,
      }),
    expected: KEY_ONLY,
  },
  {
    procedure: 'users.get',
    call: (fx, c) => c.users.get({ userId: fx.invitee.user._id }),
    expected: KEY_ONLY,
  },
  {
    procedure: 'users.delete',
    call: (fx, c) => c.users.delete({ userId: fx.invitee.user._id }),
    expected: KEY_ONLY,
  },
  {
    procedure: 'users.updateName',
    call: (fx, c) => c.users.updateName({ userId: fx.invitee.user._id, name: 'Renamed' }),
    expected: KEY_ONLY,
  },
  {
    procedure: 'users.updateEmail',
    call: (fx, c) => c.users.updateEmail({ userId: fx.invitee.user._id, email: email() }),
    expected: KEY_ONLY,
  },
  {
    procedure: 'users.updatePassword',
    call: (fx, c) => c.users.updatePassword({ userId: fx.invitee.user._id, password: PASSWORD }),
    expected: KEY_ONLY,
  },
  {
    procedure: 'users.getPrefs',
    call: (fx, c) => c.users.getPrefs({ userId: fx.invitee.user._id }),
    expected: KEY_ONLY,
  },
  {
    procedure: 'users.updatePrefs',
    call: (fx, c) => c.users.updatePrefs({ userId: fx.invitee.user._id, prefs: { a: 1 } }),
    expected: KEY_ONLY,
  },
  {
    procedure: 'users.listMemberships',
    call: (fx, c) => c.users.listMemberships({ userId: fx.invitee.user._id }),
    expected: KEY_ONLY,
  },
  {
    procedure: 'users.createSession',
    call: (fx, c) => c.users.createSession({ userId: fx.invitee.user._id }),
    expected: KEY_ONLY,
  },
  {
    procedure: 'users.createToken',
    call: (fx, c) => c.users.createToken({ userId: fx.invitee.user._id }),
    expected: KEY_ONLY,
  },
  {
    procedure: 'users.createJWT',
    call: (fx, c) => c.users.createJWT({ userId: fx.member.user._id, sessionId: 'recent', teams: true }),
    expected: KEY_ONLY,
  },
  {
    procedure: 'users.listSessions',
    call: (fx, c) => c.users.listSessions({ userId: fx.invitee.user._id }),
    expected: KEY_ONLY,
  },
  {
    procedure: 'users.deleteSession',
    call: (fx, c) =>
      c.users.deleteSession({ userId: fx.invitee.user._id, sessionId: fx.invitee.session._id }),
    expected: KEY_ONLY,
  },
  {
    procedure: 'users.deleteSessions',
    call: (fx, c) => c.users.deleteSessions({ userId: fx.invitee.user._id }),
    expected: KEY_ONLY,
  },
  {
    procedure: 'users.listLogs',
    call: (fx, c) => c.users.listLogs({ userId: fx.invitee.user._id }),
    expected: KEY_ONLY,
  },
  {
    procedure: 'users.updatePhone',
    call: (fx, c) => c.users.updatePhone({ userId: fx.invitee.user._id, number: phone() }),
    expected: KEY_ONLY,
  },
  {
    procedure: 'users.updateLabels',
    call: (fx, c) => c.users.updateLabels({ userId: fx.invitee.user._id, labels: ['vip'] }),
    expected: KEY_ONLY,
  },
  {
    procedure: 'users.updateStatus',
    call: (fx, c) => c.users.updateStatus({ userId: fx.invitee.user._id, status: false }),
    expected: KEY_ONLY,
  },
  {
    procedure: 'users.updateEmailVerification',
    call: (fx, c) =>
      c.users.updateEmailVerification({ userId: fx.invitee.user._id, emailVerification: true }),
    expected: KEY_ONLY,
  },
  {
    procedure: 'users.updatePhoneVerification',
    call: (fx, c) =>
      c.users.updatePhoneVerification({ userId: fx.invitee.user._id, phoneVerification: true }),
    expected: KEY_ONLY,
  },
  {
    procedure: 'users.updateMFA',
    call: (fx, c) => c.users.updateMFA({ userId: fx.invitee.user._id, mfa: true }),
    expected: KEY_ONLY,
  },
  {
    procedure: 'users.listMFAFactors',
    call: (fx, c) => c.users.listMFAFactors({ userId: fx.invitee.user._id }),
    expected: KEY_ONLY,
  },
  {
    procedure: 'users.createMFARecoveryCodes',
    call: (fx, c) => c.users.createMFARecoveryCodes({ userId: fx.invitee.user._id }),
    expected: KEY_ONLY,
  },
  {
    procedure: 'users.getMFARecoveryCodes',
    call: async (fx, c) => {
      await api
        .caller(fx.headers.keyWithScope)
        .call.users.createMFARecoveryCodes({ userId: fx.invitee.user._id });
      return c.users.getMFARecoveryCodes({ userId: fx.invitee.user._id });
    },
    expected: KEY_ONLY,
  },
  {
    procedure: 'users.updateMFARecoveryCodes',
    call: async (fx, c) => {
      await api
        .caller(fx.headers.keyWithScope)
        .call.users.createMFARecoveryCodes({ userId: fx.invitee.user._id });
      return c.users.updateMFARecoveryCodes({ userId: fx.invitee.user._id });
    },
    expected: KEY_ONLY,
  },
  {
    procedure: 'users.deleteMFAAuthenticator',
    call: async (fx, c) => {
      await api.repos.users.update(fx.invitee.user._id, {
        totpSecret: encryptSecret(TEST_CONFIG.secretKey, generateTotpSecret()),
        totpVerified: true,
      });
      return c.users.deleteMFAAuthenticator({ userId: fx.invitee.user._id, type: 'totp' });
    },
    expected: KEY_ONLY,
  },
  {
    procedure: 'account.create',
    call: (_fx, c) => c.account.create({ userId: 'unique()', email: email(), password: PASSWORD }),
    expected: GUESTS,
  },
  {
    procedure: 'account.createEmailPasswordSession',
    call: async (_fx, c) => {
      const { user } = await api.signUp({ password: PASSWORD });
      return c.account.createEmailPasswordSession({ email: user.email!, password: PASSWORD });
    },
    expected: GUESTS,
  },
  {
    procedure: 'account.createSession',
    call: async (fx, c) => c.account.createSession(await tokenFor(fx)),
    expected: GUESTS,
  },
  {
    procedure: 'account.updateMagicURLSession',
    call: async (fx, c) => c.account.updateMagicURLSession(await tokenFor(fx)),
    expected: GUESTS,
  },
  // Mailed sign-ins: guests or users (Appwrite's `sessions.write`, which both hold); not keys.
  {
    procedure: 'account.createMagicURLToken',
    call: (_fx, c) =>
      c.account.createMagicURLToken({ userId: 'unique()', email: email(), url: 'https://app.example.com/m' }),
    expected: GUESTS_OR_USERS,
  },
  {
    procedure: 'account.createMagicURLSession',
    call: (_fx, c) =>
      c.account.createMagicURLSession({
        userId: 'unique()',
        email: email(),
        url: 'https://app.example.com/m',
      }),
    expected: GUESTS_OR_USERS,
  },
  {
    procedure: 'account.createEmailToken',
    call: (_fx, c) => c.account.createEmailToken({ userId: 'unique()', email: email() }),
    expected: GUESTS_OR_USERS,
  },
  { procedure: 'account.get', call: (_fx, c) => c.account.get(), expected: SIGNED_IN },
  {
    procedure: 'account.createEmailVerification',
    call: (_fx, c) => c.account.createEmailVerification({ url: MAIL_URL }),
    expected: SIGNED_IN,
  },
  {
    procedure: 'account.createVerification',
    call: (_fx, c) => c.account.createVerification({ url: MAIL_URL }),
    expected: SIGNED_IN,
  },
  {
    procedure: 'account.updateEmailVerification',
    call: async (_fx, c) => c.account.updateEmailVerification(await mailedSecretFor('verification')),
    expected: ANYONE,
  },
  {
    procedure: 'account.updateVerification',
    call: async (_fx, c) => c.account.updateVerification(await mailedSecretFor('verification')),
    expected: ANYONE,
  },
  {
    procedure: 'account.createRecovery',
    call: async (_fx, c) =>
      c.account.createRecovery({ email: (await api.signUp()).user.email!, url: MAIL_URL }),
    expected: ANYONE,
  },
  {
    procedure: 'account.updateRecovery',
    call: async (_fx, c) =>
      c.account.updateRecovery({ ...(await mailedSecretFor('recovery')), password: 'a new password' }),
    expected: ANYONE,
  },
  {
    procedure: 'account.createJWT',
    call: (_fx, c) => c.account.createJWT({ teams: true }),
    // A JWT has no current session to bind a new JWT to (Appwrite: 404).
    expected: { ...SIGNED_IN, memberJwt: 'user_session_not_found' },
  },
  {
    procedure: 'account.getJWKS',
    call: (_fx, c) => c.account.getJWKS(),
    // Public keys: anyone, without credentials.
    expected: { ...SIGNED_IN, guest: 'ok', keyWithoutScope: 'ok', keyWithScope: 'ok', mfaPending: 'ok' },
  },
  {
    procedure: 'account.updatePassword',
    call: (_fx, c) => c.account.updatePassword({ password: PASSWORD, oldPassword: PASSWORD }),
    expected: SIGNED_IN,
  },
  { procedure: 'account.listSessions', call: (_fx, c) => c.account.listSessions(), expected: SIGNED_IN },
  {
    procedure: 'account.deleteSession',
    call: (_fx, c) => c.account.deleteSession({ sessionId: 'current' }),
    // A JWT caller has no current session (Appwrite: 404). Signing out needs no second factor.
    expected: { ...SIGNED_IN, memberJwt: 'user_session_not_found', mfaPending: 'ok' },
  },
  {
    procedure: 'account.updateMFA',
    call: (_fx, c) => c.account.updateMFA({ mfa: false }),
    expected: SIGNED_IN,
  },
  {
    procedure: 'account.listMFAFactors',
    call: (_fx, c) => c.account.listMFAFactors(),
    expected: { ...SIGNED_IN, mfaPending: 'ok' },
  },
  {
    procedure: 'account.createMFAAuthenticator',
    call: (_fx, c) => c.account.createMFAAuthenticator({ type: 'totp' }),
    expected: SIGNED_IN,
  },
  {
    procedure: 'account.updateMFAAuthenticator',
    call: (_fx, c) => c.account.updateMFAAuthenticator({ type: 'totp', otp: '000000' }),
    expected: {
      ...SIGNED_IN,
      outsider: 'user_authenticator_not_found',
      invitee: 'user_authenticator_not_found',
      member: 'user_authenticator_not_found',
      owner: 'user_authenticator_not_found',
    },
  },
  {
    procedure: 'account.deleteMFAAuthenticator',
    call: (_fx, c) => c.account.deleteMFAAuthenticator({ type: 'totp' }),
    expected: { ...SIGNED_IN, ...RECENT_CHALLENGE },
  },
  {
    procedure: 'account.createMFARecoveryCodes',
    call: (_fx, c) => c.account.createMFARecoveryCodes(),
    expected: SIGNED_IN,
  },
  {
    procedure: 'account.getMFARecoveryCodes',
    call: (_fx, c) => c.account.getMFARecoveryCodes(),
    expected: { ...SIGNED_IN, ...RECENT_CHALLENGE },
  },
  {
    procedure: 'account.updateMFARecoveryCodes',
    call: (_fx, c) => c.account.updateMFARecoveryCodes(),
    expected: { ...SIGNED_IN, ...RECENT_CHALLENGE },
  },
  {
    procedure: 'account.createMFAChallenge',
    call: (_fx, c) => c.account.createMFAChallenge({ factor: 'totp' }),
    expected: { ...SIGNED_IN, mfaPending: 'ok' },
  },
  {
    procedure: 'account.updateMFAChallenge',
    call: (_fx, c) => c.account.updateMFAChallenge({ challengeId: 'unknown', otp: '000000' }),
    expected: {
      ...SIGNED_IN,
      outsider: 'user_invalid_token',
      invitee: 'user_invalid_token',
      member: 'user_invalid_token',
      owner: 'user_invalid_token',
      mfaPending: 'user_invalid_token',
    },
  },
  {
    procedure: 'account.createChallenge',
    call: (_fx, c) => c.account.createChallenge({ factor: 'totp' }),
    expected: { ...SIGNED_IN, mfaPending: 'ok' },
  },
  {
    procedure: 'account.updateChallenge',
    call: (_fx, c) => c.account.updateChallenge({ challengeId: 'unknown', otp: '000000' }),
    expected: {
      ...SIGNED_IN,
      outsider: 'user_invalid_token',
      invitee: 'user_invalid_token',
      member: 'user_invalid_token',
      owner: 'user_invalid_token',
      mfaPending: 'user_invalid_token',
    },
  },
  { procedure: 'account.deleteSessions', call: (_fx, c) => c.account.deleteSessions(), expected: SIGNED_IN },
  // Storage buckets: API keys only, as Appwrite (docs/storage.md#buckets).
  { procedure: 'storage.listBuckets', call: (_fx, c) => c.storage.listBuckets({}), expected: KEY_ONLY },
  {
    procedure: 'storage.createBucket',
    call: (_fx, c) => c.storage.createBucket({ bucketId: 'unique()', name: 'B' }),
    expected: KEY_ONLY,
  },
  {
    procedure: 'storage.getBucket',
    call: (fx, c) => c.storage.getBucket({ bucketId: fx.bucket.$id }),
    expected: KEY_ONLY,
  },
  {
    procedure: 'storage.updateBucket',
    call: (fx, c) => c.storage.updateBucket({ bucketId: fx.bucket.$id, name: 'B2' }),
    expected: KEY_ONLY,
  },
  {
    procedure: 'storage.deleteBucket',
    call: (fx, c) => c.storage.deleteBucket({ bucketId: fx.bucket.$id }),
    expected: KEY_ONLY,
  },
  { procedure: 'webhooks.list', call: (_fx, c) => c.webhooks.list({}), expected: KEY_ONLY },
  {
    procedure: 'webhooks.create',
    call: (_fx, c) =>
      c.webhooks.create({
        webhookId: 'unique()',
        name: 'W',
        url: 'http://127.0.0.1:9/',
        events: ['teams.*'],
      }),
    expected: KEY_ONLY,
  },
  {
    procedure: 'webhooks.get',
    call: (fx, c) => c.webhooks.get({ webhookId: fx.webhook.$id }),
    expected: KEY_ONLY,
  },
  {
    procedure: 'webhooks.update',
    call: (fx, c) =>
      c.webhooks.update({
        webhookId: fx.webhook.$id,
        name: 'W2',
        url: 'http://127.0.0.1:9/',
        events: ['users.*'],
      }),
    expected: KEY_ONLY,
  },
  {
    procedure: 'webhooks.delete',
    call: (fx, c) => c.webhooks.delete({ webhookId: fx.webhook.$id }),
    expected: KEY_ONLY,
  },
  {
    procedure: 'webhooks.updateSecret',
    call: (fx, c) => c.webhooks.updateSecret({ webhookId: fx.webhook.$id }),
    expected: KEY_ONLY,
  },
  {
    procedure: 'webhooks.listDeliveries',
    call: (fx, c) => c.webhooks.listDeliveries({ webhookId: fx.webhook.$id }),
    expected: KEY_ONLY,
  },
  {
    procedure: 'webhooks.replayDelivery',
    call: (fx, c) => c.webhooks.replayDelivery({ webhookId: fx.webhook.$id, deliveryId: fx.delivery._id }),
    expected: KEY_ONLY,
  },
  {
    procedure: 'webhooks.replay',
    call: (fx, c) => c.webhooks.replay({ webhookId: fx.webhook.$id, since: new Date(0).toISOString() }),
    expected: KEY_ONLY,
  },
  // The inbox (a Roster extension) needs a verified address; the fixture's users have none.
  {
    procedure: 'account.listInvitations',
    call: (_fx, c) => c.account.listInvitations(),
    expected: { ...SIGNED_IN, ...UNVERIFIED },
  },
  {
    procedure: 'account.acceptInvitation',
    call: (fx, c) => c.account.acceptInvitation({ membershipId: fx.invitation.$id }),
    expected: { ...SIGNED_IN, ...UNVERIFIED },
  },
  {
    procedure: 'account.declineInvitation',
    call: (fx, c) => c.account.declineInvitation({ membershipId: fx.invitation.$id }),
    expected: { ...SIGNED_IN, ...UNVERIFIED },
  },
  { procedure: 'account.listLogs', call: (_fx, c) => c.account.listLogs({}), expected: SIGNED_IN },
  {
    procedure: 'account.updateName',
    call: (_fx, c) => c.account.updateName({ name: 'Renamed' }),
    expected: SIGNED_IN,
  },
  {
    // The fixture's users have no password: the given one becomes theirs.
    procedure: 'account.updateEmail',
    call: (_fx, c) => c.account.updateEmail({ email: email(), password: PASSWORD }),
    expected: SIGNED_IN,
  },
  {
    procedure: 'account.updatePhone',
    call: (_fx, c) => c.account.updatePhone({ phone: phone(), password: PASSWORD }),
    expected: SIGNED_IN,
  },
  { procedure: 'account.getPrefs', call: (_fx, c) => c.account.getPrefs(), expected: SIGNED_IN },
  {
    procedure: 'account.updatePrefs',
    call: (_fx, c) => c.account.updatePrefs({ prefs: { a: 1 } }),
    expected: SIGNED_IN,
  },
  { procedure: 'account.updateStatus', call: (_fx, c) => c.account.updateStatus(), expected: SIGNED_IN },
  {
    procedure: 'account.listIdentities',
    call: (_fx, c) => c.account.listIdentities({}),
    expected: SIGNED_IN,
  },
  {
    procedure: 'account.deleteIdentity',
    call: (fx, c) => c.account.deleteIdentity({ identityId: fx.identity._id }),
    expected: {
      ...SIGNED_IN,
      outsider: 'user_identity_not_found',
      member: 'user_identity_not_found',
      owner: 'user_identity_not_found',
    },
  },
  {
    procedure: 'users.listIdentities',
    call: (_fx, c) => c.users.listIdentities({}),
    expected: KEY_ONLY,
  },
  {
    procedure: 'users.deleteIdentity',
    call: (fx, c) => c.users.deleteIdentity({ identityId: fx.identity._id }),
    expected: KEY_ONLY,
  },
  {
    // No provider is configured in the harness: who may ask is what the row checks.
    procedure: 'account.createOAuth2Session',
    call: (_fx, c) => c.account.createOAuth2Session({ provider: 'oidc' }),
    expected: {
      ...ANYONE,
      guest: 'project_provider_disabled',
      outsider: 'project_provider_disabled',
      invitee: 'project_provider_disabled',
      member: 'project_provider_disabled',
      owner: 'project_provider_disabled',
    },
  },
  {
    procedure: 'account.createOAuth2Token',
    call: (_fx, c) => c.account.createOAuth2Token({ provider: 'oidc' }),
    expected: {
      ...ANYONE,
      guest: 'project_provider_disabled',
      outsider: 'project_provider_disabled',
      invitee: 'project_provider_disabled',
      member: 'project_provider_disabled',
      owner: 'project_provider_disabled',
    },
  },
  {
    // An unknown state: no flow to complete, whoever calls.
    procedure: 'account.oauth2Callback',
    call: (_fx, c) =>
      c.account.oauth2Callback({
        provider: 'oidc',
        projectId: TEST_CONFIG.projectId,
        state: 'unknown',
        code: 'x',
      }),
    expected: {
      ...ANYONE,
      guest: 'user_oauth2_bad_request',
      outsider: 'user_oauth2_bad_request',
      invitee: 'user_oauth2_bad_request',
      member: 'user_oauth2_bad_request',
      owner: 'user_oauth2_bad_request',
    },
  },
  {
    procedure: 'account.listOAuth2Providers',
    call: (_fx, c) => c.account.listOAuth2Providers(),
    expected: ANYONE,
  },
  {
    procedure: 'joinLinks.create',
    call: (fx, c) =>
      c.joinLinks.create({ teamId: fx.team.$id, roles: ['viewer'], url: 'http://localhost:5173/join' }),
    expected: OWNERS,
  },
  {
    procedure: 'joinLinks.list',
    call: (fx, c) => c.joinLinks.list({ teamId: fx.team.$id }),
    expected: OWNERS,
  },
  {
    procedure: 'joinLinks.revoke',
    call: (fx, c) => c.joinLinks.revoke({ teamId: fx.team.$id, linkId: fx.joinLink.linkId }),
    expected: OWNERS,
  },
  {
    // Signed-in users; members are told they are members (and use nothing); keys cannot join.
    procedure: 'joinLinks.join',
    call: (fx, c) => c.joinLinks.join(fx.joinLink),
    expected: {
      ...SIGNED_IN,
      member: 'join_link_already_member',
      owner: 'join_link_already_member',
    },
  },
  {
    // Whoever holds the secret, before signing in.
    procedure: 'joinLinks.preview',
    call: (fx, c) => c.joinLinks.preview(fx.joinLink),
    expected: ANYONE,
  },
];

describe('authorization matrix', () => {
  const outcomes: string[] = [];

  it('has a row for every procedure of the router', () => {
    const procedures = Object.keys(appRouter._def.procedures).filter((name) => !name.startsWith('health.'));
    expect(ROWS.map((row) => row.procedure).sort()).toEqual(procedures.sort());
  });

  afterAll(() => {
    console.log(
      `authorization matrix: ${ROWS.length} procedures × ${PRINCIPALS.length} callers = ${outcomes.length} cells`,
    );
  });

  it.each(ROWS)('$procedure', async (row) => {
    // Each cell has its own fixture, so the seven callers run at once.
    const cells = await Promise.all(
      PRINCIPALS.map(async (principal) => {
        const fx = await fixture();
        const { call } = api.caller(fx.headers[principal]);
        let outcome: Expected = 'ok';
        try {
          await row.call(fx, call);
        } catch (error) {
          outcome = describeAppError(error).type;
        }
        return [principal, outcome] as const;
      }),
    );
    const actual = Object.fromEntries(cells);
    outcomes.push(...cells.map(([principal, outcome]) => `${row.procedure}:${principal}:${outcome}`));
    const mfaPending = row.expected.outsider === scope ? scope : 'user_more_factors_required';
    expect(actual).toEqual({ memberJwt: row.expected.member, mfaPending, ...row.expected });
  });
});
