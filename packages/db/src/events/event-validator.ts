/**
 * Which event patterns a webhook may subscribe to (docs/events.md#webhooks): a port of the
 * structural check of Appwrite's event validator. It checks the shape only: an id segment may be
 * `*` or any concrete id. The table follows Appwrite's newest list, which also has the user
 * updates Roster emits (`phone`, `mfa`, `labels`, `verification`, `impersonator`); 1.9.6 refuses
 * those five (docs/appwrite-compatibility.md#webhooks).
 */
interface EventNode {
  /** The segment after this one is an id (`teams.[teamId]`, `memberships.[membershipId]`). */
  resource?: true;
  children: Record<string, EventNode>;
}

const leaf = (...names: string[]): EventNode => ({
  children: Object.fromEntries(names.map((name) => [name, { children: {} }])),
});

const EVENTS: Record<string, EventNode> = {
  users: {
    resource: true,
    children: {
      sessions: { resource: true, children: leaf('create', 'delete').children },
      recovery: { resource: true, children: leaf('create', 'update').children },
      verification: { resource: true, children: leaf('create', 'update').children },
      targets: { resource: true, children: leaf('create', 'update', 'delete').children },
      tokens: { resource: true, children: leaf('create').children },
      create: leaf(),
      delete: leaf(),
      update: leaf(
        'email',
        'name',
        'password',
        'status',
        'prefs',
        'phone',
        'mfa',
        'labels',
        'verification',
        'impersonator',
      ),
    },
  },
  teams: {
    resource: true,
    children: {
      memberships: {
        resource: true,
        children: { create: leaf(), delete: leaf(), update: leaf('status') },
      },
      // Roster's own (docs/api.md#ownership-transfers).
      ownershipTransfers: {
        resource: true,
        children: { create: leaf(), update: leaf('accept', 'decline', 'cancel', 'expire', 'void') },
      },
      // Roster's team roles (docs/events.md#what-is-recorded).
      roles: { resource: true, children: leaf('create', 'update', 'delete').children },
      create: leaf(),
      delete: leaf(),
      update: leaf('prefs'),
    },
  },
  // Storage (docs/storage.md): a bucket's events, and its files' (the files service's).
  buckets: {
    resource: true,
    children: {
      files: { resource: true, children: leaf('create', 'update', 'delete').children },
      create: leaf(),
      delete: leaf(),
      update: leaf(),
    },
  },
};

/** Most patterns a webhook may list, as Appwrite. */
export const MAX_WEBHOOK_EVENTS = 100;

function child(node: EventNode | undefined, name: string | undefined): EventNode | undefined {
  if (!node || name === undefined || !Object.hasOwn(node.children, name)) return undefined;
  return node.children[name];
}

/** True when `pattern` is an event name or pattern Appwrite's validator accepts. */
export function isValidEventPattern(pattern: string): boolean {
  const parts = pattern.split('.');
  const count = parts.length;
  // Empty segments are refused too (Appwrite lets `teams..create` through; it can never match).
  if (count < 2 || count > 7 || parts.some((part) => part === '')) return false;
  const [typeName, , second] = parts;
  const type = EVENTS[typeName!];
  if (!type) return false;

  const hasSub = count > 3 && type.resource === true && child(type, second)?.resource === true;
  if (hasSub) {
    const subType = child(type, second)!;
    const attribute = count === 6 ? parts[5] : undefined;
    const action = count > 4 ? parts[4] : undefined;
    if (action !== undefined && !child(subType, action)) return false;
    if (attribute !== undefined && !child(child(subType, action), attribute)) return false;
    return true;
  }
  const action = count > 2 ? parts[2] : undefined;
  const attribute = count === 4 ? parts[3] : undefined;
  // As Appwrite: segments past the attribute of a 5+ segment pattern are not looked at.
  if (action !== undefined && !child(type, action)) return false;
  if (attribute !== undefined && !child(child(type, action), attribute)) return false;
  return true;
}
