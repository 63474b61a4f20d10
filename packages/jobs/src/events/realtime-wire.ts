import { type RosterEvent } from '@roster/db';
import { z } from 'zod';

/**
 * How an event travels from the worker to the API processes over Redis pub/sub
 * (docs/events.md#realtime): one JSON message per event on one channel. Encoding and decoding
 * live together so the two sides cannot drift apart.
 */
export const realtimeChannel = (prefix: string) => `${prefix}:events`;

const ZWireEvent = z.object({
  id: z.string().min(1),
  template: z.string(),
  params: z.record(z.string(), z.string()),
  names: z.array(z.string()).min(1),
  payload: z.record(z.string(), z.unknown()),
  resource: z.string(),
  sequence: z.number(),
  teamId: z.string().optional(),
  userId: z.string().optional(),
  actor: z.object({
    type: z.enum(['user', 'keyProject', 'guest', 'system']),
    userId: z.string(),
    userName: z.string(),
    userEmail: z.string(),
    ip: z.string(),
    userAgent: z.string(),
  }),
  requestId: z.string().optional(),
  createdAt: z.iso.datetime({ offset: true }),
  recovered: z.boolean().optional(),
});

export function encodeRealtimeEvent(event: RosterEvent): string {
  return JSON.stringify({ ...event, createdAt: event.createdAt.toISOString() });
}

/** The event in `message`, or undefined when it is not one (a foreign publisher, a bad version). */
export function decodeRealtimeEvent(message: string): RosterEvent | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(message);
  } catch {
    return undefined;
  }
  const parsed = ZWireEvent.safeParse(raw);
  if (!parsed.success) return undefined;
  const { teamId, userId, requestId, createdAt, recovered, ...rest } = parsed.data;
  return {
    ...rest,
    ...(teamId !== undefined ? { teamId } : {}),
    ...(userId !== undefined ? { userId } : {}),
    ...(requestId !== undefined ? { requestId } : {}),
    ...(recovered !== undefined ? { recovered } : {}),
    createdAt: new Date(createdAt),
  };
}
