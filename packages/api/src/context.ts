import { type HealthChecks } from './services/health.ts';

/** What the API needs from its host process; `apps/server` builds it once at start-up. */
export interface ApiDeps {
  health: HealthChecks;
}

export interface Context {
  deps: ApiDeps;
  /** Correlates logs and error responses of one request. */
  requestId: string;
}

/** Builds the per-request context; the tRPC and REST adapters both go through here. */
export function createContextInner(deps: ApiDeps, requestId: string): Context {
  return { deps, requestId };
}
