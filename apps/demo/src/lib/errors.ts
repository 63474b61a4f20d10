import { TRPCClientError } from '@trpc/client';
import type { ApiErrorType } from './api-types.ts';

/**
 * The sentence shown for each error type the API can return. Exhaustive on purpose: when the API
 * adds a type, the demo stops compiling until it has words for it. Raw server messages are never
 * shown; they are written for developers.
 */
const SENTENCES: Record<ApiErrorType, string> = {
  general_unknown: 'Something went wrong on the server. Please try again in a moment.',
  general_argument_invalid: 'Some of the values you entered are not valid.',
  general_bad_request: 'This address is linked to another account’s sign-in. Use another address.',
  user_oauth2_bad_request:
    'This sign-in could not be completed (it was used already, has expired or began in another browser). Please start again.',
  user_oauth2_unauthorized: 'The sign-in provider refused the request. Please try again.',
  user_oauth2_provider_error: 'The sign-in provider reported an error. Please try again in a moment.',
  user_missing_id: 'The sign-in provider did not say who you are. Please try another way to sign in.',
  project_provider_disabled: 'This sign-in provider is not enabled on the server.',
  project_provider_unsupported: 'This sign-in provider is not supported.',
  project_invalid_success_url: 'The page to return to after sign-in is not allowed (ROSTER_REDIRECT_HOSTS).',
  project_invalid_failure_url:
    'The page to return to after a failed sign-in is not allowed (ROSTER_REDIRECT_HOSTS).',
  general_route_not_found: 'The server does not know this action. Is the demo talking to the right API?',
  general_service_unavailable: 'A service the server needs is down. Please try again in a moment.',
  general_unknown_origin:
    'The server does not accept requests from this page’s address (ROSTER_CORS_ORIGINS). Open the demo from the server’s own address.',
  general_unauthorized_scope: 'Please sign in to continue.',
  general_cursor_not_found: 'The list changed while you were paging. Start again from the first page.',
  general_query_invalid: 'This search could not be understood.',
  database_query_order_null: 'This list cannot be paged in that order.',
  general_rate_limit_exceeded:
    'You sent too many invitations in a short time. Please wait a while and try again.',
  project_not_found: 'The server is configured for a different project.',
  document_invalid_structure: 'The preferences must be a JSON object of at most 64 kB.',
  team_not_found: 'This team does not exist, or you are not a member of it.',
  webhook_not_found: 'This webhook does not exist.',
  webhook_already_exists: 'A webhook with this ID already exists.',
  webhook_delivery_not_found: 'This webhook delivery does not exist.',
  team_already_exists: 'A team with this ID already exists.',
  team_invite_not_found: 'This invitation or membership no longer exists.',
  team_role_not_found: 'This role no longer exists in this team.',
  team_role_already_exists: 'A role with this name already exists in this team or in the project.',
  team_invalid_secret:
    'This invitation link is not valid. It may have been replaced by a newer invitation: ask the team owner to invite you again.',
  team_membership_mismatch:
    'This invitation link does not belong to that team. Check that you copied the whole link.',
  team_invite_mismatch:
    'This invitation is for another account. Sign out, then open the link again to accept it.',
  team_invite_expired: 'This invitation has expired. Ask the team owner to invite you again.',
  membership_not_found: 'This invitation no longer exists. It may have been withdrawn by the team owner.',
  membership_already_confirmed: 'This invitation has already been accepted.',
  join_link_not_found: 'This join link does not exist. Ask the team for a new link.',
  join_link_invalid_secret:
    'This join link is not valid (it may have been copied incompletely). Ask the team for a new link.',
  join_link_revoked: 'This join link has been revoked. Ask the team for a new link.',
  join_link_expired: 'This join link has expired. Ask the team for a new link.',
  join_link_exhausted:
    'This join link has been used as many times as it allows. Ask the team for a new link.',
  join_link_domain_mismatch: 'This join link is only for email addresses of another domain.',
  join_link_email_unverified:
    'This join link is only for verified email addresses of its domain. Verify your email address first.',
  join_link_already_member: 'You are already a member of this team.',
  membership_deletion_prohibited:
    'You are the last owner of this team, so you cannot leave it. Make another member an owner first, or delete the team.',
  team_member_limit_reached:
    'This team has reached its member limit (members and pending invitations). Remove someone or revoke an invitation first.',
  team_ownership_transfer_not_found: 'This ownership offer no longer exists.',
  team_ownership_transfer_already_pending:
    'This team already has a pending ownership offer. Cancel it before making another.',
  team_ownership_transfer_invalid: 'Ownership can only be offered to a confirmed member who is not an owner.',
  team_ownership_transfer_not_pending:
    'This ownership offer is no longer open (it was accepted, declined, cancelled or has expired).',
  membership_downgrade_prohibited:
    'A team needs at least one owner. Make another member an owner before removing the owner role here.',
  project_key_expired: 'The API key used by the server has expired.',
  user_unauthorized: 'Only the team owners can do this.',
  user_not_found: 'This user no longer exists.',
  user_already_exists: 'An account with this email address already exists. Sign in instead.',
  user_email_already_exists: 'An account with this email address already exists. Sign in instead.',
  user_phone_already_exists: 'An account with this phone number already exists.',
  user_target_already_exists: 'This is already your address, or another account’s.',
  user_identity_not_found: 'This sign-in link no longer exists.',
  user_invalid_credentials: 'The email address or password is not right.',
  user_invalid_token: 'This sign-in link or code is not valid any more. Ask for a new one.',
  user_email_not_found: 'Your account has no email address to verify.',
  user_email_already_verified: 'Your email address is already verified.',
  user_session_not_found: 'Your session has ended. Please sign in again.',
  user_session_already_exists: 'You are already signed in. Sign out first to use another account.',
  user_blocked: 'This account has been blocked.',
  user_jwt_invalid: 'Your sign-in token has expired or is not valid. Please sign in again.',
  user_jwt_and_cookie_set: 'You are signed in twice (a session and a token). Sign out and sign in again.',
  user_password_mismatch: 'The passwords do not match.',
  general_smtp_disabled: 'This server cannot send emails yet. Use your authenticator app or a recovery code.',
  general_phone_disabled:
    'This server cannot send text messages. Use your authenticator app or a recovery code.',
  user_more_factors_required: 'Please confirm your sign-in with your authenticator app or a recovery code.',
  user_challenge_required: 'Please confirm with your authenticator app first (again after 30 minutes).',
  user_authenticator_not_found: 'You have not set up an authenticator app.',
  user_authenticator_already_verified: 'Your authenticator app is already set up.',
  user_recovery_codes_not_found: 'You have no recovery codes left. Create new ones.',
  user_recovery_codes_already_exists: 'You already have recovery codes. Renew them to see new ones.',
  user_email_not_verified: 'Your email address is not verified yet.',
  general_idempotency_key_reused: 'This request was already sent with other details. Please start again.',
  general_idempotency_key_in_progress: 'This request is still being processed. Please wait a moment.',
  storage_bucket_not_found: 'This storage bucket does not exist.',
  storage_bucket_already_exists: 'A storage bucket with this ID exists already.',
  storage_file_not_found: 'This file does not exist, or you may not see it.',
  storage_file_already_exists: 'A file with this ID exists already.',
  storage_file_empty: 'Choose a file to upload.',
  storage_file_type_unsupported: 'Files of this type are not accepted here.',
  storage_invalid_file_size: 'This file is too large for this bucket.',
  storage_invalid_file: 'This file was refused. Please check it and try again.',
  storage_invalid_content_range: 'The upload was interrupted. Please upload the file again.',
  storage_invalid_appwrite_id: 'The upload was interrupted. Please upload the file again.',
  storage_invalid_range: 'This part of the file does not exist.',
  storage_bucket_transformations_disabled: 'Previews are turned off for this bucket.',
  storage_device_not_found: 'The file store is not available.',
  storage_file_not_public: 'This file is not public.',
};

/** For invalid arguments, which field was wrong (the API names it: ``Invalid `email` param``). */
const FIELD_SENTENCES: Record<string, string> = {
  email: 'Enter a valid email address.',
  password: 'The password must be between 8 and 256 characters long.',
  // Every password is 8 to 256 characters, so one outside that range cannot be the current one.
  oldPassword: 'The current password is not right.',
  name: 'Enter a name of 1 to 128 characters.',
  roles:
    'Roles may use letters, digits, period, hyphen and underscore, must start with a letter or digit, and are at most 81 characters (36 when creating a team).',
  url: 'The invitation link address is not allowed by the server (ROSTER_REDIRECT_HOSTS).',
  prefs: 'The preferences must be a JSON object of at most 64 kB.',
  search: 'The search must be 1 to 256 characters.',
  secret: 'This invitation link is incomplete. Check that you copied the whole link.',
  userId: 'This invitation link is incomplete. Check that you copied the whole link.',
  membershipId: 'This invitation link is incomplete. Check that you copied the whole link.',
  teamId: 'This invitation link is incomplete. Check that you copied the whole link.',
};

const NETWORK_SENTENCE = 'The server could not be reached. Check your connection and try again.';

const isKnownType = (type: string): type is ApiErrorType => Object.hasOwn(SENTENCES, type);

/** The Appwrite error type of a failed call, or undefined when the request never got an answer. */
export function errorTypeOf(error: unknown): ApiErrorType | undefined {
  if (!(error instanceof TRPCClientError)) return undefined;
  const data: unknown = error.data;
  if (typeof data !== 'object' || data === null || !('type' in data)) return undefined;
  const { type } = data;
  return typeof type === 'string' && isKnownType(type) ? type : undefined;
}

/** Whether the server answered with a tRPC error (of a type this demo may not know yet). */
function answered(error: unknown): boolean {
  return error instanceof TRPCClientError && typeof error.data === 'object' && error.data !== null;
}

/** The parameter an invalid-argument error names, if any. */
function invalidParam(error: unknown): string | undefined {
  if (!(error instanceof Error)) return undefined;
  return (
    /Invalid `(\w+)` param/.exec(error.message)?.[1] ??
    /Param "(\w+)" is not optional/.exec(error.message)?.[1]
  );
}

export type ErrorSentences = Partial<Record<ApiErrorType, string>>;

/**
 * A human sentence for any failure, chosen from the error type (and, for invalid arguments, the
 * field). `overrides` lets a screen say it better where the context is known.
 */
export function describeError(error: unknown, overrides: ErrorSentences = {}): string {
  const type = errorTypeOf(error);
  if (!type) return answered(error) ? SENTENCES.general_unknown : NETWORK_SENTENCE;
  const override = overrides[type];
  if (override) return override;
  if (type === 'general_argument_invalid') {
    const param = invalidParam(error);
    if (param && FIELD_SENTENCES[param]) return FIELD_SENTENCES[param];
  }
  return SENTENCES[type];
}

/** Client errors (4xx) will not get better by retrying; network failures and 5xx may. */
export function isRetryable(error: unknown): boolean {
  const type = errorTypeOf(error);
  return type === undefined || type === 'general_unknown' || type === 'general_service_unavailable';
}
