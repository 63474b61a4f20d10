import { z } from 'zod';
import {
  BUCKET_ACTIONS,
  permissionsProblem,
  type RequestedAction,
} from '../../services/storage/permissions.ts';
import { MISSING, zLooseBoolean, zText } from '../../validation/params.ts';

const PERMISSIONS_TEXT = 'Permissions must be an array of strings.';

/**
 * `permissions`: at most 100 permission strings naming `allowed` actions, each valid by Appwrite's
 * rules; the first problem is the message (docs/storage.md#permissions). Null is accepted (PUT
 * keeps the stored permissions).
 */
export const zPermissions = (allowed: readonly RequestedAction[] = BUCKET_ACTIONS) =>
  z
    .array(z.unknown(), {
      error: (issue) => (issue.input === undefined ? MISSING : PERMISSIONS_TEXT),
    })
    .superRefine((permissions, ctx) => {
      const problem = permissionsProblem(permissions, allowed);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .transform((permissions) => permissions as string[])
    .meta({ override: { type: 'array', items: { type: 'string' } } });

const EXTENSIONS_TEXT =
  'Value must a valid array no longer than 100 items and Value must be a valid string and at least 1 chars and no longer than 64 chars';

/** `allowedFileExtensions`: at most 100 of 1–64 characters. */
export const zFileExtensions = () =>
  z
    .array(
      z.string({ error: EXTENSIONS_TEXT }).refine((value) => {
        const length = [...value].length;
        return length >= 1 && length <= 64;
      }, EXTENSIONS_TEXT),
      { error: EXTENSIONS_TEXT },
    )
    .max(100, { error: EXTENSIONS_TEXT });

const INTEGER_TEXT = 'Value must be a valid integer';
/**
 * `maximumFileSize`: an integer (numeric strings pass, as in PHP). Its range, 1 to
 * `ROSTER_STORAGE_LIMIT`, is checked by the service with Appwrite's Range message.
 */
export const zFileSize = () =>
  z
    .union(
      [
        z.number({ error: INTEGER_TEXT }),
        z.string({ error: INTEGER_TEXT }).regex(/^-?\d{1,16}$/, INTEGER_TEXT),
      ],
      {
        error: (issue) => (issue.input === undefined ? MISSING : INTEGER_TEXT),
      },
    )
    .transform(Number)
    .refine((value) => Number.isSafeInteger(value), INTEGER_TEXT);

const COMPRESSION_TEXT = 'Value must be one of (none, gzip, zstd)';
export const zCompression = () => z.enum(['none', 'gzip', 'zstd'], { error: COMPRESSION_TEXT });

/**
 * The settings create and update share (Appwrite's parameters). `maximumFileSize` is bounded by
 * `ROSTER_STORAGE_LIMIT` in the service, which knows the configuration.
 */
export const bucketSettings = () => ({
  name: zText(128),
  permissions: zPermissions().nullable().optional(),
  fileSecurity: zLooseBoolean().optional(),
  enabled: zLooseBoolean().optional(),
  maximumFileSize: zFileSize().optional(),
  allowedFileExtensions: zFileExtensions().optional(),
  compression: zCompression().optional(),
  encryption: zLooseBoolean().optional(),
  antivirus: zLooseBoolean().optional(),
  transformations: zLooseBoolean().optional(),
});
