import { type inferRouterInputs, type inferRouterOutputs } from '@trpc/server';
import { appRouter, type AppRouter } from './root.ts';
import { createCallerFactory } from './trpc.ts';

export { appRouter, type AppRouter } from './root.ts';
export {
  createContextInner,
  type ApiConfig,
  type ApiDeps,
  type Context,
  type CookieOptions,
  type HttpRequest,
  type HttpResponse,
  type Logger,
} from './context.ts';
export {
  createRateLimits,
  DEFAULT_RATE_LIMIT_SETTINGS,
  type RateLimitDecision,
  type RateLimiter,
  type RateLimits,
  type RateLimitSettings,
} from './services/rate-limit.ts';
export {
  OIDC_PROVIDER_IDS,
  type OAuth2Config,
  type OAuth2ProviderConfig,
  type OidcProviderId,
} from './oauth2/providers.ts';
export { createOidcClient, type OidcClient } from './oauth2/oidc-client.ts';
export { isAllowedProviderUrl, providerFetch } from './oauth2/provider-fetch.ts';
export { DEFAULT_PASSWORD_WORK_LIMITS, limitPasswordWork, type PasswordWorkLimits } from './lib/passwords.ts';
export {
  AppError,
  APPWRITE_VERSION,
  ERROR_TYPES,
  ErrorBody,
  errorBody,
  errorTypeOf,
  toTRPCError,
  type ErrorType,
} from './errors.ts';
export { refusalShape } from './trpc.ts';
export { checkHealth, healthFor, type HealthChecks } from './services/health.ts';
export { hasValidApiKey } from './auth/resolve-principal.ts';
export {
  type HealthReport,
  type HealthStatus,
  type PublicHealthReport,
  type QueueHealth,
} from './dto/health.ts';
export { createApiKey, deleteApiKey, listApiKeys } from './services/api-keys.ts';
export { isAllowedHost } from './services/redirect-url.ts';
export { createOpenApiDocument } from './openapi/document.ts';
export { restSuccessStatus } from './openapi/status.ts';
export { type OpenAPIObject } from 'trpc-to-openapi';

export const createCaller = createCallerFactory(appRouter);
export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;
export { type WebhookDeps } from './deps.ts';
export { type WebhookDto } from './dto/webhook.ts';
export {
  createWebhook,
  deleteWebhook,
  getWebhook,
  listWebhooks,
  rotateWebhookSecret,
  setWebhookEnabled,
  updateWebhook,
  type WebhookContext,
} from './services/webhooks.ts';
export { sessionTokenOf } from './auth/resolve-principal.ts';
export { sessionCookieName } from './auth/session-token.ts';
export { resolveRealtimeSession, sessionStillValid, type RealtimeSession } from './auth/realtime-session.ts';
export { clientAddressKey } from './lib/client-address.ts';
export { importUser, parseImportLine, type ParsedImportLine } from './services/password-imports.ts';
export {
  membershipView,
  parseMembershipPrivacy,
  viewMembership,
  type MembershipPrivacy,
} from './dto/membership-privacy.ts';
export { parseRoleCatalog, type RoleCatalog } from './services/role-catalog.ts';
