import { randomBytes } from 'node:crypto';
import { generateEvents, type RosterEvent } from '@roster/db';

/** A committed event as the dispatcher hands it to consumers (names from generateEvents). */
export function rosterEvent(
  template: string,
  params: Record<string, string>,
  payload: Record<string, unknown>,
  overrides: Partial<RosterEvent> = {},
): RosterEvent {
  return {
    id: `ev${randomBytes(8).toString('hex')}`,
    template,
    params,
    names: generateEvents(template, params),
    payload,
    resource: params.teamId ? `team/${params.teamId}` : `user/${params.userId ?? ''}`,
    sequence: 1,
    actor: {
      type: 'user',
      userId: 'actor1',
      userName: 'Ada',
      userEmail: 'ada@example.com',
      ip: '127.0.0.1',
      userAgent: 'test',
    },
    createdAt: new Date(),
    ...overrides,
  };
}
