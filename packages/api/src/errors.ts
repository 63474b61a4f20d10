import { TRPCError } from '@trpc/server';
import { z } from 'zod';

/**
 * Appwrite error types Roster can return, with their HTTP status. Every failure a client sees
 * carries one of these `type`s (docs/appwrite-compatibility.md#error-body); the table grows with the features
 * that need them.
 */
export const ERROR_TYPES = {
  general_unknown: { status: 500, message: 'Server Error' },
  general_argument_invalid: {
    status: 400,
    message:
      'The request contains one or more invalid arguments. Please refer to the endpoint documentation.',
  },
  general_bad_request: {
    status: 400,
    message: 'There was an error processing your request. Please check the inputs and try again.',
  },
  general_route_not_found: { status: 404, message: 'The requested route was not found.' },
  general_service_unavailable: { status: 503, message: 'A required service is unavailable.' },
  general_smtp_disabled: {
    status: 503,
    message:
      'SMTP is disabled on your Appwrite instance. You can learn more about setting up SMTP in our docs.',
  },
  general_phone_disabled: {
    status: 503,
    message:
      'Phone provider is not configured. Please check the _APP_SMS_PROVIDER environment variable of your Appwrite server.',
  },
  // Appwrite's answer to a state-changing request from a page whose Origin is not a registered platform.
  general_unknown_origin: {
    status: 403,
    message:
      'The request originated from an unknown origin. If you trust this domain, please list it as a trusted platform in the Appwrite console.',
  },
  general_unauthorized_scope: {
    status: 401,
    message:
      'The current user or API key does not have the required scopes to access the requested resource.',
  },
  general_cursor_not_found: {
    status: 400,
    message: 'The cursor is invalid. This can happen if the item represented by the cursor has been deleted.',
  },
  general_query_invalid: {
    status: 400,
    message: "The query's syntax is invalid. Please check the query and try again.",
  },
  database_query_order_null: {
    status: 400,
    message:
      'The order attribute/column had a null value. Cursor pagination requires all documents/rows order attribute/column values are non-null.',
  },
  general_rate_limit_exceeded: {
    status: 429,
    message: 'Rate limit for the current endpoint has been exceeded. Please try again after some time.',
  },
  // Roster's own (docs/invitations.md#idempotency-keys): an `Idempotency-Key` reused with another body
  // (400, as Stripe), or a repeat that waited in vain for the first call's result (409, as Stripe).
  general_idempotency_key_reused: {
    status: 400,
    message:
      'The Idempotency-Key was already used with a different request. Use a new key for a different request.',
  },
  general_idempotency_key_in_progress: {
    status: 409,
    message: 'A request with the same Idempotency-Key is still being processed. Please retry later.',
  },
  project_not_found: {
    status: 404,
    message:
      'Project with the requested ID could not be found. Please check the value of the X-Appwrite-Project header.',
  },
  document_invalid_structure: {
    status: 400,
    message:
      'The document structure is invalid. Please ensure the attributes match the collection definition.',
  },
  team_not_found: { status: 404, message: 'Team with the requested ID could not be found.' },
  team_already_exists: {
    status: 409,
    message: 'Team with requested ID already exists. Please choose a different ID and try again.',
  },
  team_invite_not_found: { status: 404, message: 'The requested team invitation could not be found.' },
  // Roster's team roles (docs/api.md#roles-and-permissions).
  team_role_not_found: {
    status: 404,
    message: 'Role with the requested ID could not be found in this team.',
  },
  team_role_already_exists: {
    status: 409,
    message: 'A role with the requested ID already exists in this team or in the project role catalog.',
  },
  team_invalid_secret: {
    status: 401,
    message: 'The team invitation secret is invalid. Please request a new invitation and try again.',
  },
  team_membership_mismatch: { status: 404, message: 'The membership ID does not belong to the team ID.' },
  team_invite_mismatch: { status: 401, message: 'The invite does not belong to the current user.' },
  team_invite_expired: {
    status: 401,
    message: 'The team invitation has expired. Please request a new invitation.',
  },
  membership_not_found: { status: 404, message: 'Membership with the requested ID could not be found.' },
  // Join links (Roster's own, docs/api.md#join-links). A link that can no longer be used is 403
  // (Appwrite has no 410 and tRPC no code for it); a wrong secret is 401 like `team_invalid_secret`.
  join_link_not_found: { status: 404, message: 'Join link with the requested ID could not be found.' },
  join_link_invalid_secret: {
    status: 401,
    message: 'The join link secret is invalid. Please ask the team for a new link.',
  },
  join_link_revoked: {
    status: 403,
    message: 'The join link has been revoked. Please ask the team for a new link.',
  },
  join_link_expired: {
    status: 403,
    message: 'The join link has expired. Please ask the team for a new link.',
  },
  join_link_exhausted: {
    status: 403,
    message: 'The join link has reached its maximum number of uses. Please ask the team for a new link.',
  },
  join_link_domain_mismatch: {
    status: 403,
    message: 'The join link is restricted to email addresses of another domain.',
  },
  join_link_email_unverified: {
    status: 403,
    message: 'The join link is restricted to an email domain: verify your email address first.',
  },
  join_link_already_member: { status: 409, message: 'The current user is already a member of this team.' },
  membership_already_confirmed: { status: 409, message: 'Membership is already confirmed.' },
  membership_deletion_prohibited: { status: 400, message: 'Membership deletion is prohibited.' },
  membership_downgrade_prohibited: { status: 400, message: 'Membership role downgrade is prohibited.' },
  // Roster's own (docs/api.md#member-limit): ROSTER_TEAM_MEMBER_LIMIT is reached.
  team_member_limit_reached: {
    status: 400,
    message:
      'The team has reached its member limit. Remove a member or revoke an invitation before inviting more.',
  },
  // Roster's own (docs/api.md#ownership-transfers).
  team_ownership_transfer_not_found: {
    status: 404,
    message: 'Ownership transfer with the requested ID could not be found.',
  },
  team_ownership_transfer_already_pending: {
    status: 409,
    message: 'The team already has a pending ownership transfer. Cancel it before offering another.',
  },
  team_ownership_transfer_invalid: {
    status: 400,
    message: 'Ownership can only be offered to a confirmed member of the team who is not an owner.',
  },
  team_ownership_transfer_not_pending: {
    status: 409,
    message: 'The ownership transfer is no longer pending.',
  },
  project_key_expired: { status: 401, message: 'The project key has expired. Please generate a new key.' },
  user_unauthorized: {
    status: 401,
    message: 'The current user is not authorized to perform the requested action.',
  },
  user_not_found: { status: 404, message: 'User with the requested ID could not be found.' },
  user_already_exists: {
    status: 409,
    message: 'A user with the same id, email, or phone already exists in this project.',
  },
  user_email_already_exists: {
    status: 409,
    message: 'A user with the same email already exists in the current project.',
  },
  user_phone_already_exists: {
    status: 409,
    message: 'A user with the same phone number already exists in the current project.',
  },
  // Appwrite's answer when a messaging target (every user's email and phone has one) holds the value.
  user_target_already_exists: { status: 409, message: 'A target with the same ID already exists.' },
  user_identity_not_found: {
    status: 404,
    message: 'The identity could not be found. Please sign in with OAuth provider to create identity first.',
  },
  user_invalid_credentials: {
    status: 401,
    message: 'Invalid credentials. Please check the email and password.',
  },
  user_session_not_found: { status: 404, message: 'The current user session could not be found.' },
  user_invalid_token: { status: 401, message: 'Invalid token passed in the request.' },
  // MFA (docs/api.md#mfa); messages are Appwrite's.
  user_more_factors_required: {
    status: 401,
    message:
      'More factors are required to complete the sign in process. Please use the appropriate MFA challenge endpoint to complete the sign in process.',
  },
  user_challenge_required: {
    status: 401,
    message:
      'A recently succeessful challenge is required to complete this action. A challenge is considered recent for 5 minutes.',
  },
  user_authenticator_not_found: {
    status: 404,
    message: 'Authenticator could not be found on the current user.',
  },
  user_authenticator_already_verified: {
    status: 409,
    message: 'This authenticator is already verified on the current user.',
  },
  user_recovery_codes_not_found: {
    status: 404,
    message: 'Recovery codes could not be found on the current user.',
  },
  user_recovery_codes_already_exists: {
    status: 409,
    message:
      'The current user already generated recovery codes and they can only be read once for security reasons.',
  },
  user_email_not_verified: { status: 400, message: 'The current user has not verified their email address.' },
  user_email_not_found: { status: 400, message: 'User email not found.' },
  user_email_already_verified: { status: 409, message: 'User email is already verified' },
  user_session_already_exists: {
    status: 401,
    message: 'Creation of a session is prohibited when a session is active.',
  },
  user_jwt_invalid: {
    status: 401,
    message:
      'The JWT token is invalid. Please check the value of the X-Appwrite-JWT header to ensure the correct token is being used.',
  },
  user_jwt_and_cookie_set: {
    status: 403,
    message: 'Cannot authenticate using both a JWT and a session. Please use only one of them.',
  },
  // 401, as in Appwrite's own error table (errors.php).
  user_blocked: { status: 403, message: 'The current user has been blocked.' },
  webhook_not_found: { status: 404, message: 'Webhook with the requested ID could not be found.' },
  webhook_already_exists: {
    status: 409,
    message:
      'Webhook with the requested ID already exists. Try again with a different ID or use ID.unique() to generate a unique ID.',
  },
  // Storage (docs/storage.md); messages are Appwrite 1.9's (errors.php).
  storage_bucket_not_found: {
    status: 404,
    message: 'Storage bucket with the requested ID could not be found.',
  },
  storage_bucket_already_exists: {
    status: 409,
    message:
      'A storage bucket with the requested ID already exists. Try again with a different ID or use ID.unique() to generate a unique ID.',
  },
  storage_file_not_found: { status: 404, message: 'The requested file could not be found.' },
  storage_file_already_exists: {
    status: 409,
    message: 'A storage file with the requested ID already exists.',
  },
  storage_file_empty: { status: 400, message: 'Empty file passed to the endpoint.' },
  storage_file_type_unsupported: { status: 400, message: 'The given file extension is not supported.' },
  storage_invalid_file_size: {
    status: 400,
    message:
      'The file size is either not valid or exceeds the maximum allowed size. Please check the file or the value of the _APP_STORAGE_LIMIT environment variable.',
  },
  storage_invalid_file: {
    status: 403,
    message: 'The uploaded file is invalid. Please check the file and try again.',
  },
  storage_invalid_content_range: {
    status: 400,
    message: 'The content range is invalid. Please check the value of the Content-Range header.',
  },
  storage_invalid_appwrite_id: {
    status: 400,
    message:
      'The value for x-appwrite-id header is invalid. Please check the value of the x-appwrite-id header is a valid id and not unique().',
  },
  // 416 has no tRPC code: the byte routes that raise it answer over HTTP themselves.
  storage_invalid_range: {
    status: 416,
    message: 'The requested range is not satisfiable. Please check the value of the Range header.',
  },
  storage_bucket_transformations_disabled: {
    status: 403,
    message: 'Image transformations are disabled for the requested bucket.',
  },
  storage_device_not_found: { status: 400, message: 'The requested storage device could not be found.' },
  storage_file_not_public: { status: 403, message: 'The requested file is not publicly readable.' },
  // Roster's own (docs/appwrite-compatibility.md#webhooks): the delivery log and replay.
  webhook_delivery_not_found: {
    status: 404,
    message: 'Webhook delivery with the requested ID could not be found.',
  },
  // OAuth2 sign-in (docs/api.md#oauth2-sign-in); messages are Appwrite's.
  user_oauth2_bad_request: { status: 400, message: 'OAuth2 provider rejected the bad request.' },
  user_oauth2_unauthorized: { status: 401, message: 'OAuth2 provider rejected the unauthorized request.' },
  user_oauth2_provider_error: {
    status: 424,
    message: 'Failed to obtain access token. The OAuth2 provider returned an error.',
  },
  user_missing_id: { status: 400, message: 'Missing ID from OAuth2 provider.' },
  project_provider_disabled: {
    status: 412,
    message:
      'The chosen OAuth provider is disabled. You can enable the OAuth provider using the Appwrite console.',
  },
  project_provider_unsupported: {
    status: 400,
    message:
      'The chosen OAuth provider is unsupported. Please check the Create OAuth2 Session docs for the complete list of supported OAuth providers.',
  },
  project_invalid_success_url: { status: 400, message: 'Invalid redirect URL for OAuth success.' },
  project_invalid_failure_url: { status: 400, message: 'Invalid redirect URL for OAuth failure.' },
  user_password_mismatch: {
    status: 400,
    message: 'Passwords do not match. Please check the password and confirm password.',
  },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorType = keyof typeof ERROR_TYPES;

/** A failure the client is meant to see, identified by its Appwrite error type. */
export class AppError extends Error {
  readonly type: ErrorType;
  readonly status: number;

  constructor(type: ErrorType, message?: string) {
    super(message ?? ERROR_TYPES[type].message);
    this.name = 'AppError';
    this.type = type;
    this.status = ERROR_TYPES[type].status;
  }
}

/** tRPC codes whose HTTP status equals ours, so both transports answer with the same status. */
const TRPC_CODE_BY_STATUS = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  412: 'PRECONDITION_FAILED',
  429: 'TOO_MANY_REQUESTS',
  500: 'INTERNAL_SERVER_ERROR',
  503: 'SERVICE_UNAVAILABLE',
} as const satisfies Record<number, TRPCError['code']>;

export function toTRPCError(error: AppError): TRPCError {
  const code =
    TRPC_CODE_BY_STATUS[error.status as keyof typeof TRPC_CODE_BY_STATUS] ?? 'INTERNAL_SERVER_ERROR';
  return new TRPCError({ code, message: error.message, cause: error });
}

/** What the adapters themselves reject (unparsable, oversized or non-JSON bodies, unknown routes). */
const TYPE_BY_TRPC_CODE: Partial<Record<TRPCError['code'], ErrorType>> = {
  BAD_REQUEST: 'general_argument_invalid',
  PARSE_ERROR: 'general_argument_invalid',
  PAYLOAD_TOO_LARGE: 'general_argument_invalid',
  UNSUPPORTED_MEDIA_TYPE: 'general_argument_invalid',
  NOT_FOUND: 'general_route_not_found',
  METHOD_NOT_SUPPORTED: 'general_route_not_found',
};

/** The Appwrite error type for any error a procedure or an adapter ended with. */
export function errorTypeOf(error: TRPCError): ErrorType {
  if (error.cause instanceof AppError) return error.cause.type;
  return TYPE_BY_TRPC_CODE[error.code] ?? 'general_unknown';
}

/**
 * The Appwrite server version whose behaviour Roster follows (docs/appwrite-compatibility.md); sent in error
 * bodies.
 */
export const APPWRITE_VERSION = '1.9.6';

/**
 * Appwrite's error body (docs/appwrite-compatibility.md#error-body): every REST error, and every refusal made
 * outside tRPC, sends it.
 */
export const ErrorBody = z.object({
  message: z.string(),
  code: z.number().int().meta({ description: 'The HTTP status, as a number.' }),
  type: z.string().meta({ description: 'The Appwrite error type, e.g. `team_not_found`.' }),
  version: z.string().meta({ example: APPWRITE_VERSION }),
  requestId: z.string().optional().meta({ description: 'Only on 500s: quote it to find the logged error.' }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

/** The one builder of Appwrite's error body; `code` is the type's HTTP status. */
export function errorBody(type: ErrorType, message?: string, requestId?: string): ErrorBody {
  const { status } = ERROR_TYPES[type];
  return {
    message: message ?? ERROR_TYPES[type].message,
    code: status,
    type,
    version: APPWRITE_VERSION,
    ...(requestId ? { requestId } : {}),
  };
}
