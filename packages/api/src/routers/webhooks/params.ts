import { isValidEventPattern, MAX_WEBHOOK_EVENTS } from '@roster/db';
import { z } from 'zod';
import { zLooseBoolean, zText, zUrl } from '../../validation/params.ts';

const EVENTS_TEXT = `Value must a valid array no longer than ${MAX_WEBHOOK_EVENTS} items and Event is not valid.`;

/** `events`: at most 100 patterns, each accepted by Appwrite's event validator. */
export const zEvents = () =>
  z
    .array(z.string({ error: EVENTS_TEXT }), { error: EVENTS_TEXT })
    .max(MAX_WEBHOOK_EVENTS, { error: EVENTS_TEXT })
    .refine((events) => events.every(isValidEventPattern), { error: EVENTS_TEXT });

/** `url`: http or https, at most 2048 characters (the SSRF rule is checked by the service). */
export const zWebhookUrl = () =>
  zUrl().refine(
    (value) => {
      if (value.length > 2048) return false;
      try {
        const url = new URL(value);
        return url.protocol === 'http:' || url.protocol === 'https:';
      } catch {
        return false;
      }
    },
    { error: 'Value must be a valid URL' },
  );

const secretText = 'Value must be a valid string and at least 8 chars and no longer than 256 chars';
/** A signing secret chosen by the caller: 8 to 256 characters. */
export const zWebhookSecret = () =>
  z.string({ error: secretText }).min(8, { error: secretText }).max(256, { error: secretText });

const optionalText = (max: number) =>
  z.string().max(max, { error: `Value must be a valid string and no longer than ${max} chars` });

/** The settings create and update share (Appwrite's parameters). */
export const webhookSettings = () => ({
  name: zText(128),
  url: zWebhookUrl(),
  events: zEvents(),
  enabled: zLooseBoolean().optional(),
  tls: zLooseBoolean().optional(),
  authUsername: optionalText(256).optional(),
  authPassword: optionalText(256).optional(),
});
