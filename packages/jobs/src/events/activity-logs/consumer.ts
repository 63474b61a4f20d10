import { type ActivityLogs, type EventActor, type NewActivityLog, type RosterEvent } from '@roster/db';
import { type EventConsumer } from '../consumer.ts';
import { noCountry, type CountryResolver } from './geoip.ts';
import { auditLabel } from './labels.ts';
import { parseUserAgent, type UserAgentParser } from './user-agent.ts';

export interface ActivityLogConsumerOptions {
  activityLogs: ActivityLogs;
  /** Defaults to node-device-detector (user-agent.ts). */
  parseUserAgent?: UserAgentParser;
  /** Defaults to `--` for every address (no GeoIP database configured). */
  country?: CountryResolver;
}

/**
 * The activity log (audit) consumer of the event stream (docs/events.md#activity-logs): each
 * event with an Appwrite audit label becomes one entry, keyed by the event's id, so a batch
 * delivered again writes nothing twice; a batch is one unordered insert. Events of one resource
 * arrive in order, so a team's deletion is seen after everything the team's log holds, and
 * detaches it from the team's id.
 */
export function createActivityLogConsumer(options: ActivityLogConsumerOptions): EventConsumer {
  const { activityLogs } = options;
  const parse = options.parseUserAgent ?? parseUserAgent;
  const country = options.country ?? noCountry;
  return {
    name: 'activity-logs',
    async consume(events) {
      const entries = events.flatMap((event) => toEntry(event, parse, country) ?? []);
      await activityLogs.recordMany(entries);
      // In delivery order: a deletion detaches what its team (user) recorded before it, entries
      // of this batch included; a team created again later keeps its own.
      for (const entry of entries) {
        if (entry.event === 'team.delete' && entry.teamId) {
          await activityLogs.detachTeam(entry.teamId, entry.time);
        } else if (entry.event === 'user.delete') {
          await activityLogs.detachUser(entry.resource.slice('user/'.length), entry.time);
        }
      }
      // An action on another resource (a team) is not ordered with its actor's deletion: when
      // it arrives after that deletion was recorded, it is detached the same way.
      const late = entries.filter(
        (entry) => entry.actorUserId && entry.resource !== `user/${entry.actorUserId}`,
      );
      if (late.length > 0) {
        const actors = [...new Set(late.map((entry) => entry.actorUserId!))];
        const since = new Date(Math.min(...late.map((entry) => entry.time.getTime())));
        for (const [userId, deletedAt] of await activityLogs.usersDeletedSince(actors, since)) {
          await activityLogs.detachUser(userId, deletedAt);
        }
      }
    },
  };
}

/** The entry an event records, or null when Appwrite would audit nothing for it. */
export function toEntry(
  event: RosterEvent,
  parse: UserAgentParser,
  country: CountryResolver,
): NewActivityLog | null {
  const label = auditLabel(event.template);
  if (!label) return null;
  const target = {
    team: event.params.teamId,
    user: event.params.userId,
    bucket: event.params.bucketId,
  }[label.scope];
  if (!target) return null;
  const actor = actingAs(event);
  return {
    _id: event.id,
    event: label.event,
    template: event.template,
    resource: `${label.scope}/${target}`,
    ...(label.scope === 'team' ? { teamId: target } : {}),
    ...(actor.type === 'user' && actor.userId ? { actorUserId: actor.userId } : {}),
    userId: actor.userId,
    userName: actor.userName,
    userEmail: actor.userEmail,
    userType: actor.type,
    mode: 'default',
    ip: actor.ip,
    userAgent: actor.userAgent,
    time: event.createdAt,
    sequence: event.sequence,
    ...parse(actor.userAgent),
    countryCode: actor.ip ? country(actor.ip) : '--',
  };
}

const text = (value: unknown) => (typeof value === 'string' ? value : '');

/**
 * The actor an entry names. A guest who signs up, signs in or accepts an invitation becomes that
 * user by doing so (the secret or password proves it), and the entry names them, as Appwrite's
 * session routes do: otherwise nobody's log would hold their first action.
 */
function actingAs(event: RosterEvent): EventActor {
  const { actor, payload, template } = event;
  if (actor.type !== 'guest') return actor;
  let user: Pick<EventActor, 'userId' | 'userName' | 'userEmail'> | null = null;
  if (template === 'users.[userId].create') {
    user = {
      userId: event.params.userId ?? '',
      userName: text(payload.name),
      userEmail: text(payload.email),
    };
  } else if (template === 'users.[userId].sessions.[sessionId].create') {
    user = { userId: event.params.userId ?? '', userName: '', userEmail: '' };
  } else if (template === 'teams.[teamId].memberships.[membershipId].update.status') {
    user = {
      userId: text(payload.userId),
      userName: text(payload.userName),
      userEmail: text(payload.userEmail),
    };
  }
  return user?.userId ? { ...actor, ...user, type: 'user' } : actor;
}
