import { type RosterEvent } from '@roster/db';

/**
 * Pure routing rules of the realtime endpoint (docs/events.md#realtime): which channels an event
 * is published on, what a subscription's channels become for a connection, and what of the
 * payload leaves the server.
 */

const ACTIONS = new Set(['create', 'update', 'upsert', 'delete']);

/** What an event is about, read from its template and parameters (not by splitting its names on dots: ids may contain dots). */
export type EventTarget =
  | { kind: 'team'; teamId: string; action: string | undefined }
  | { kind: 'membership'; teamId: string; membershipId: string; action: string | undefined }
  | { kind: 'account'; userId: string; action: string | undefined }
  | { kind: 'other' };

export function targetOf(event: Pick<RosterEvent, 'template' | 'params'>): EventTarget {
  const parts = event.template.split('.');
  const param = (index: number) => {
    const segment = parts[index];
    const key = segment?.startsWith('[') ? segment.slice(1, -1) : undefined;
    return key === undefined ? segment : event.params[key];
  };
  const [type] = parts;
  if (type === 'teams' && parts[2] === 'memberships') {
    const teamId = param(1);
    const membershipId = param(3);
    if (!teamId || !membershipId) return { kind: 'other' };
    return { kind: 'membership', teamId, membershipId, action: parts[4] };
  }
  if (type === 'teams') {
    const teamId = param(1);
    return teamId ? { kind: 'team', teamId, action: parts[2] } : { kind: 'other' };
  }
  if (type === 'users') {
    const userId = param(1);
    return userId ? { kind: 'account', userId, action: parts[2] } : { kind: 'other' };
  }
  return { kind: 'other' };
}

/**
 * Appwrite's channels of an event, computed from its most specific name: `teams`, `teams.T`
 * (+ `teams.<action>`, `teams.T.<action>`); `memberships`, `memberships.M` (+ action forms);
 * `account`, `account.U` (+ action forms only when the action is the event's own, not a
 * session's or a token's).
 */
export function channelsOf(target: EventTarget): string[] {
  const withAction = (base: string, id: string, action: string | undefined) => {
    const channels = [base, `${base}.${id}`];
    if (action && ACTIONS.has(action)) channels.push(`${base}.${action}`, `${base}.${id}.${action}`);
    return channels;
  };
  switch (target.kind) {
    case 'team':
      return withAction('teams', target.teamId, target.action);
    case 'membership':
      return withAction('memberships', target.membershipId, target.action);
    case 'account':
      return withAction('account', target.userId, target.action);
    case 'other':
      return [];
  }
}

/**
 * The channels a connection listens on for the channels a client asked for: `account` is also
 * `account.U` for signed-in user U, `account.<action>` becomes `account.U.<action>`; any other
 * `account.X` is dropped (a client cannot name another user's account). Other channels are kept
 * as given: a channel of a team the user cannot read is accepted and simply never delivers.
 */
export function connectionChannels(requested: readonly string[], userId: string | undefined): string[] {
  const out = new Set<string>();
  for (const channel of requested) {
    if (channel === 'account') {
      out.add('account');
      if (userId) out.add(`account.${userId}`);
    } else if (channel.startsWith('account.')) {
      const action = channel.slice('account.'.length);
      if (ACTIONS.has(action)) out.add(userId ? `account.${userId}.${action}` : channel);
    } else {
      out.add(channel);
    }
  }
  return [...out];
}

/** Keys never sent over realtime, whatever the payload (Appwrite strips token secrets; Roster also hashes and provider tokens). */
const SENSITIVE = new Set([
  'secret',
  'password',
  'hash',
  'hashOptions',
  'mfaRecoveryCodes',
  'providerAccessToken',
  'providerRefreshToken',
  'providerAccessTokenExpiry',
]);

export function publicPayload(payload: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(payload).filter(([key]) => !SENSITIVE.has(key)));
}

/**
 * A membership payload as a non-owner member may see it (docs/events.md#membership-privacy): the
 * fields `hidden` by the membership privacy become `""` / `false`, as on the REST routes.
 */
export function memberPayload(
  payload: Record<string, unknown>,
  hidden: ReadonlySet<string>,
): Record<string, unknown> {
  const shown = { ...payload };
  for (const field of hidden) if (field in shown) shown[field] = field === 'mfa' ? false : '';
  return shown;
}

/** Appwrite's realtime timestamp: `2026-08-21T10:15:30.123+00:00`. */
export const realtimeTimestamp = (date: Date) => date.toISOString().replace(/Z$/, '+00:00');
