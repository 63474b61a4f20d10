import { z } from 'zod';

/**
 * The query parameters of `GET /v1/storage/buckets/{bucketId}/files/{fileId}/preview`, with
 * Appwrite's ranges and defaults. Query strings are coerced; every failure carries Appwrite's
 * validator description, and `previewParamsMessage` words it as Appwrite does.
 */

export const GRAVITIES = [
  'center',
  'top-left',
  'top',
  'top-right',
  'left',
  'right',
  'bottom-left',
  'bottom',
  'bottom-right',
] as const;
export type Gravity = (typeof GRAVITIES)[number];

/** Output keys and the Content-Type each is served with. */
export const OUTPUT_MIME_TYPES = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  heic: 'image/heic',
  avif: 'image/avif',
  gif: 'image/gif',
} as const;
export type OutputFormat = keyof typeof OUTPUT_MIME_TYPES;
export const OUTPUT_FORMATS = Object.keys(OUTPUT_MIME_TYPES) as OutputFormat[];

const rangeText = (min: number, max: number) =>
  `Value must be a valid range between ${min.toLocaleString('en-US')} and ${max.toLocaleString('en-US')}`;
const HEX_TEXT = 'Value must be a valid Hex color code';
const TOKEN_TEXT = 'Value must be a valid string and at least 1 chars and no longer than 512 chars';

const described = (description: string) => ({ error: () => description });

/** A number, or a query string holding one (integers only unless `float`). */
function zNumberIn(min: number, max: number, fallback: number, float = false) {
  const description = rangeText(min, max);
  const pattern = float ? /^-?(\d+(\.\d*)?|\.\d+)$/ : /^-?\d+$/;
  return z
    .union(
      [
        z.number(described(description)),
        z.string(described(description)).regex(pattern, described(description)),
      ],
      described(description),
    )
    .transform(Number)
    .refine(
      (value) => (float || Number.isInteger(value)) && value >= min && value <= max,
      described(description),
    )
    .default(fallback);
}

/** `RGB` or `RRGGBB` without `#`, stored lower-case and six digits long; `""` means none. */
const zHexColor = () =>
  z
    .string(described(HEX_TEXT))
    .regex(/^([0-9a-fA-F]{3}|[0-9a-fA-F]{6})?$/, described(HEX_TEXT))
    .transform((value) =>
      (value.length === 3 ? [...value].map((digit) => digit + digit).join('') : value).toLowerCase(),
    )
    .default('');

export const ZPreviewParams = z.object({
  width: zNumberIn(0, 4000, 0),
  height: zNumberIn(0, 4000, 0),
  gravity: z
    .string(described(`Value must be one of (${GRAVITIES.join(', ')})`))
    .transform((value) => value.toLowerCase())
    .pipe(z.enum(GRAVITIES, described(`Value must be one of (${GRAVITIES.join(', ')})`)))
    .default('center'),
  quality: zNumberIn(-1, 100, -1),
  borderWidth: zNumberIn(0, 100, 0),
  borderColor: zHexColor(),
  borderRadius: zNumberIn(0, 4000, 0),
  opacity: zNumberIn(0, 1, 1, true),
  rotation: zNumberIn(-360, 360, 0),
  background: zHexColor(),
  // Case-sensitive, as Appwrite's WhiteList here; `""` asks for the default output.
  output: z
    .union(
      [z.literal(''), z.enum(OUTPUT_FORMATS)],
      described(`Value must be one of (${OUTPUT_FORMATS.join(', ')})`),
    )
    .default(''),
  token: z
    .string(described(TOKEN_TEXT))
    .min(1, described(TOKEN_TEXT))
    .max(512, described(TOKEN_TEXT))
    .optional(),
});

/** Parsed parameters: every field present, colours normalised, `output: ''` = default. */
export type PreviewParams = z.output<typeof ZPreviewParams>;

/** Appwrite's message for the first failing parameter: ``Invalid `width` param: …``. */
export function previewParamsMessage(error: z.ZodError): string {
  const issue = error.issues[0];
  const param = issue?.path[0];
  return param === undefined ? 'Invalid argument.' : `Invalid \`${String(param)}\` param: ${issue?.message}`;
}
