/**
 * The node-appwrite methods of the Users administration routes, driven by
 * users-admin-sdk.integration.test.ts (which checks it called each); the SDK coverage test of
 * appwrite-sdk.integration.test.ts counts them as covered there.
 */
export const USERS_ADMIN_SDK_METHODS = [
  'users.updatePhone',
  'users.updateLabels',
  'users.updateStatus',
  'users.updateEmailVerification',
  'users.updatePhoneVerification',
  'users.updateMFA',
  'users.listMFAFactors',
  'users.getMFARecoveryCodes',
  'users.createMFARecoveryCodes',
  'users.updateMFARecoveryCodes',
  'users.deleteMFAAuthenticator',
];
