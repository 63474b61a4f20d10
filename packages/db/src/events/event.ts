/**
 * One change that happened, as every consumer of the event stream sees it (docs/events.md):
 * activity logs, webhooks and realtime read this shape and nothing else.
 *
 * `id` is unique and stable across re-deliveries: consumers use it to stay idempotent.
 * `sequence` orders the events of one `resource` (a team and its memberships share the team's
 * resource key, a user and their sessions the user's), so a consumer that applies them in
 * sequence order never sees a membership's delete before its create.
 */
export interface RosterEvent {
  id: string;
  /** Appwrite's event template, e.g. `teams.[teamId].memberships.[membershipId].update.status`. */
  template: string;
  /** The template's parameters, in Appwrite's `setParam` order (it decides the order of `names`). */
  params: Record<string, string>;
  /** `generateEvents(template, params)`: what webhooks send in `X-Appwrite-Webhook-Events`. */
  names: string[];
  /** The resource as the REST API returns it (Appwrite's response model), secrets removed. */
  payload: Record<string, unknown>;
  /** Ordering key: `team/{teamId}` or `user/{userId}`. */
  resource: string;
  /** Position of this event among the events of its `resource`. */
  sequence: number;
  /** Whom the change concerns, for access checks by consumers (realtime roles, logs). */
  teamId?: string;
  userId?: string;
  actor: EventActor;
  requestId?: string;
  createdAt: Date;
  /**
   * Committed by the sweeper after the process that made the change died: `payload` is what was
   * known before the change (docs/events.md#the-outbox).
   */
  recovered?: boolean;
}

/** Who made the change: Appwrite's log `userType` and the fields an activity log shows. */
export interface EventActor {
  type: 'user' | 'keyProject' | 'guest' | 'system';
  userId: string;
  userName: string;
  userEmail: string;
  ip: string;
  userAgent: string;
}
