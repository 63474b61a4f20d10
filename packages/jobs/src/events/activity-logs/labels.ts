/**
 * Appwrite's audit label of an event template, and whether the entry belongs to a team's log
 * (`team/{teamId}`) or a user's (`user/{userId}`) (docs/events.md#activity-logs). Templates
 * without a label are not recorded, as Appwrite audits only the routes that carry one.
 */
export interface AuditLabel {
  event: string;
  scope: 'team' | 'user' | 'bucket';
}

const TEAM = '[teamId]';
const MEMBERSHIP = `teams.${TEAM}.memberships.[membershipId]`;
const TRANSFER = `teams.${TEAM}.ownershipTransfers.[transferId]`;
const USER = 'users.[userId]';

const team = (event: string): AuditLabel => ({ event, scope: 'team' });
const user = (event: string): AuditLabel => ({ event, scope: 'user' });
const bucket = (event: string): AuditLabel => ({ event, scope: 'bucket' });

const LABELS: ReadonlyMap<string, AuditLabel> = new Map([
  [`teams.${TEAM}.create`, team('team.create')],
  [`teams.${TEAM}.update`, team('team.update')],
  // Appwrite labels the prefs route `team.update` but its resource never resolves, so it writes
  // nothing; an audit that misses changes is a gap, so Roster records it.
  [`teams.${TEAM}.update.prefs`, team('team.update')],
  [`teams.${TEAM}.delete`, team('team.delete')],
  [`${MEMBERSHIP}.create`, team('membership.create')],
  [`${MEMBERSHIP}.update`, team('membership.update')],
  [`${MEMBERSHIP}.update.status`, team('membership.update')],
  [`${MEMBERSHIP}.delete`, team('membership.delete')],
  // Roster's join links (docs/api.md#join-links): made and revoked; a join is a `membership.create`.
  [`teams.${TEAM}.joinLinks.[linkId].create`, team('joinLink.create')],
  [`teams.${TEAM}.joinLinks.[linkId].delete`, team('joinLink.delete')],
  // Roster's closings of an invitation (docs/invitations.md#states); Appwrite has no such labels.
  [`${MEMBERSHIP}.delete.decline`, team('membership.decline')],
  [`${MEMBERSHIP}.delete.revoke`, team('membership.revoke')],
  // Roster's ownership transfers (docs/api.md#ownership-transfers); Appwrite has none.
  [`${TRANSFER}.create`, team('ownershipTransfer.create')],
  [`${TRANSFER}.update.accept`, team('ownershipTransfer.accept')],
  [`${TRANSFER}.update.decline`, team('ownershipTransfer.decline')],
  [`${TRANSFER}.update.cancel`, team('ownershipTransfer.cancel')],
  [`${TRANSFER}.update.expire`, team('ownershipTransfer.expire')],
  [`${TRANSFER}.update.void`, team('ownershipTransfer.void')],
  // Roster's team roles (docs/api.md#roles-and-permissions).
  [`teams.${TEAM}.roles.[roleId].create`, team('role.create')],
  [`teams.${TEAM}.roles.[roleId].update`, team('role.update')],
  [`teams.${TEAM}.roles.[roleId].delete`, team('role.delete')],
  [`${USER}.create`, user('user.create')],
  [`${USER}.delete`, user('user.delete')],
  [`${USER}.update`, user('user.update')],
  [`${USER}.update.name`, user('user.update')],
  [`${USER}.update.email`, user('user.update')],
  [`${USER}.update.password`, user('user.update')],
  [`${USER}.update.phone`, user('user.update')],
  [`${USER}.update.status`, user('user.update')],
  [`${USER}.update.labels`, user('user.update')],
  [`${USER}.update.mfa`, user('user.update')],
  // The Users API's PATCH …/verification and …/verification/phone.
  [`${USER}.update.verification`, user('verification.update')],
  // Appwrite audits the account's prefs but not the Users API's (no label); one template serves
  // both here, and Roster records both.
  [`${USER}.update.prefs`, user('user.update')],
  [`${USER}.identities.[identityId].delete`, user('identity.delete')],
  [`${USER}.sessions.[sessionId].create`, user('session.create')],
  [`${USER}.sessions.[sessionId].update`, user('session.update')],
  [`${USER}.sessions.[sessionId].delete`, user('session.delete')],
  [`${USER}.recovery.[tokenId].create`, user('recovery.create')],
  [`${USER}.recovery.[tokenId].update`, user('recovery.update')],
  [`${USER}.verification.[tokenId].create`, user('verification.create')],
  [`${USER}.verification.[tokenId].update`, user('verification.update')],
  // Storage (docs/storage.md#buckets): Appwrite's `bucket.*` labels, resource `bucket/{bucketId}`.
  ['buckets.[bucketId].create', bucket('bucket.create')],
  ['buckets.[bucketId].update', bucket('bucket.update')],
  ['buckets.[bucketId].delete', bucket('bucket.delete')],
]);

export function auditLabel(template: string): AuditLabel | null {
  return LABELS.get(template) ?? null;
}

/** Every template that is recorded (documentation and tests). */
export const AUDITED_TEMPLATES: readonly string[] = [...LABELS.keys()];
