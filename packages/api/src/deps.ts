import { type InvitationQueue, type Repositories } from '@roster/db';
import {
  type MailKind,
  type NetworkPolicy,
  type Resolver,
  type WebhookEventSource,
  type WebhookQueue,
} from '@roster/jobs';
import { type MembershipPrivacy } from './dto/membership-privacy.ts';
import { type OidcClient } from './oauth2/oidc-client.ts';
import { type OAuth2Config } from './oauth2/providers.ts';
import { type HealthChecks } from './services/health.ts';
import { type RateLimits } from './services/rate-limit.ts';
import { type RoleCatalog } from './services/role-catalog.ts';

/** Settings the API needs from the configuration contract (docs/configuration.md). */
export interface ApiConfig {
  projectId: string;
  projectName: string;
  /** Hostnames allowed in invitation `url`s; `*.example.com` wildcards, `*` for any. */
  redirectHosts: readonly string[];
  /** Server secret from which invitation secrets are derived (`ROSTER_SECRET_KEY`, ≥ 32 chars). */
  secretKey: string;
  /**
   * `ROSTER_JWT_SECRET`: the secret JWT signing keys are derived from instead of `secretKey`, so
   * they can be rotated alone (docs/security.md#jwts).
   */
  jwtSecret?: string | undefined;
  /** The bootstrap key (`ROSTER_API_KEY`), with every scope. */
  bootstrapApiKey?: string | undefined;
  /**
   * Invitations older than this are refused on accept; unset or 0 = no expiry (as Appwrite). The
   * server defaults it to 7 days (`ROSTER_INVITE_TTL`).
   */
  inviteTtlSeconds?: number | undefined;
  /**
   * `ROSTER_TEAM_MEMBER_LIMIT`: most memberships (confirmed and pending) a team may hold; unset or 0 =
   * no limit, the default (services/member-limit.ts).
   */
  teamMemberLimit?: number | undefined;
  /**
   * `ROSTER_STORAGE_LIMIT`: the largest file a bucket may accept, in bytes (Appwrite's
   * `_APP_STORAGE_LIMIT`); 30,000,000 when unset (docs/storage.md#buckets).
   */
  storageLimit?: number | undefined;
  /** `ROSTER_OWNERSHIP_TRANSFER_TTL`: seconds an ownership offer stays open; 3 days when unset. */
  ownershipTransferTtlSeconds?: number | undefined;
  /** Lifetime of a new session (Appwrite's default: one year). */
  sessionDurationSeconds: number;
  /** `ROSTER_SESSION_ALERTS`: email the user on each new session but their first (Appwrite's `auths.sessionAlerts`). */
  sessionAlerts?: boolean | undefined;
  /** `ROSTER_PUBLIC_URL`: when https, session cookies are always `Secure`. */
  publicUrl?: string | undefined;
  /** `ROSTER_CORS_ORIGINS`: exact origins whose pages may call the API with the user's cookies. */
  corsOrigins?: readonly string[] | undefined;
  /** `ROSTER_COOKIE_DOMAIN`: the session cookies' Domain; unset, they are host-only. */
  cookieDomain?: string | undefined;
  /** `ROSTER_OAUTH2_PROVIDERS` and co: sign-in with OpenID Providers (docs/configuration.md#oauth2-sign-in). */
  oauth2?: OAuth2Config | undefined;
  /**
   * `ROSTER_MEMBERSHIP_PRIVACY`: the membership fields members see of each other
   * (docs/appwrite-compatibility.md#membership-privacy); unset, none (Appwrite's new projects).
   */
  membershipPrivacy?: MembershipPrivacy | undefined;
  /**
   * `ROSTER_ROLE_CATALOG`: the project's roles with their descriptions and permissions
   * (docs/api.md#roles-and-permissions); set, invitations and role changes may only name these, `owner`
   * and the team's own roles.
   */
  roleCatalog?: RoleCatalog | undefined;
}

/** What webhook management needs besides the repositories (docs/events.md#webhooks). */
export interface WebhookDeps {
  /** The SSRF rule checked on create and update (`ROSTER_WEBHOOK_ALLOW_PRIVATE`, `…_ALLOWED_HOSTS`). */
  policy: NetworkPolicy;
  /** Name resolution for that check; the system resolver when absent. */
  resolve?: Resolver | undefined;
  /** Where replays queue their deliveries; replays answer 503 without it. */
  queue?: WebhookQueue | undefined;
  /**
   * The event stream's events, for `replay since`; without it a replay since a time re-sends the
   * events found in the webhook's own delivery log.
   */
  events?: WebhookEventSource | undefined;
}

/** Where the API logs what no caller sees (pino in apps/server); errors go in `err`, with their stack. */
export interface Logger {
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

/** Adds a kind's job to the `mail` queue (@roster/jobs `createMailQueue`); may fail when Redis is down. */
export interface MailQueue {
  add<Key>(kind: MailKind<Key>, key: Key): Promise<void>;
}

/** What the API needs from its host process; `apps/server` builds it once at start-up. */
export interface ApiDeps {
  /** The data access (@roster/db): one repository per collection, claims, the invitation outbox. */
  repos: Repositories;
  config: ApiConfig;
  health: HealthChecks;
  /** Every rate limit, grouped by what it protects (services/rate-limit.ts). */
  rateLimits: RateLimits;
  /** Where invitation emails are handed once written to the outbox (BullMQ, from @roster/jobs). */
  invitations: InvitationQueue;
  /**
   * The `mail` queue for the other kinds (the sign-in emails, docs/mail.md). Absent, or when Redis
   * is down, the emails wait in the mail outbox and the worker's sweeper queues them.
   */
  mail?: { add<Key>(kind: MailKind<Key>, key: Key): Promise<void> } | undefined;
  /**
   * Wakes the event dispatcher after a change (docs/events.md#dispatch); unset, the worker's poll
   * finds the events.
   */
  events?: { nudge(): Promise<void> } | undefined;
  logger: Logger;
  /** Webhook management; absent, URLs are checked with the default SSRF rule and replays answer 503. */
  webhooks?: WebhookDeps | undefined;
  /** The OpenID Connect client of OAuth2 sign-in; made from `config.oauth2` when absent. */
  oidc?: OidcClient | undefined;
}
