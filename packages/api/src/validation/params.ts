import { z } from 'zod';

/**
 * Zod schemas for Appwrite's parameter validators (docs/appwrite-compatibility.md#parameters-and-validation).
 * Every failure of one validator carries that validator's description; `appwrite-message.ts` turns it into
 * Appwrite's
 * ``Invalid `<param>` param: <description>`` or `Param "<name>" is not optional.`.
 */

/** Marks a missing value so the message can become `Param "<name>" is not optional.`. */
export const MISSING = '\u0000missing';

type Issue = { input?: unknown };
const described = (description: string) => ({
  error: (issue: Issue) => (issue.input === undefined ? MISSING : description),
});

const keyText = (max: number) =>
  `Parameter must contain at most ${max} chars. Valid chars are a-z, A-Z, 0-9, period, hyphen, and underscore. Can't start with a special char`;
const keyPattern = (max: number) => new RegExp(`^[a-zA-Z0-9][a-zA-Z0-9._-]{0,${max - 1}}$`);

export const UID_TEXT =
  "UID must contain at most 36 chars. Valid chars are a-z, A-Z, 0-9, and underscore. Can't start with a leading underscore";

/** Ids in paths and `userId`: 1–36 of `a-zA-Z0-9._-`, not starting with `._-`. */
export const zUid = () => z.string(described(UID_TEXT)).regex(keyPattern(36), described(UID_TEXT));

/** An id the caller chooses, or `unique()` for a generated one. */
export const zCustomId = () =>
  z
    .string(described(keyText(36)))
    .refine((value) => value === 'unique()' || keyPattern(36).test(value), described(keyText(36)));

export const zKey = (max: number, description = keyText(max)) =>
  z.string(described(description)).regex(keyPattern(max), described(description));

const textText = (max: number) =>
  `Value must be a valid string and at least 1 chars and no longer than ${max} chars`;

/** A string of 1..max characters, counted as code points like PHP's mb_strlen. */
export const zText = (max: number) =>
  z.string(described(textText(max))).refine(
    (value) => {
      const length = [...value].length;
      return length >= 1 && length <= max;
    },
    described(textText(max)),
  );

const arrayText = (inner: string) => `Value must a valid array no longer than 100 items and ${inner}`;

/** Role strings: at most 100 of Key(81), e.g. `project-<projectId>-<role>`. */
export const zRoles = (max = 81) => {
  const description = arrayText(keyText(max));
  return z.array(zKey(max, description), described(description)).max(100, described(description));
};

/** Team-creation roles: Key(36), as the validator (not the description) allows. */
export const zTeamRoles = () => zRoles(36);

export const EMAIL_TEXT = 'Value must be a valid email address';
export const zEmail = () => z.string(described(EMAIL_TEXT)).pipe(z.email(described(EMAIL_TEXT)));

export const PHONE_TEXT = "Phone number must start with a '+' can have a maximum of fifteen digits.";
export const zPhone = () => z.string(described(PHONE_TEXT)).regex(/^\+[1-9]\d{6,14}$/, described(PHONE_TEXT));

/** The Users API's `number`: E.164, or `""` (Appwrite's `Phone(allowEmpty: true)`) to remove it. */
export const zPhoneOrEmpty = () =>
  z.string(described(PHONE_TEXT)).regex(/^(\+[1-9]\d{6,14})?$/, described(PHONE_TEXT));

export const PASSWORD_TEXT = 'Password must be between 8 and 256 characters long.';
export const zPassword = () =>
  z
    .string(described(PASSWORD_TEXT))
    .refine((value) => value.length >= 8 && value.length <= 256, described(PASSWORD_TEXT));

/**
 * The size Appwrite measures for prefs: PHP's json_encode escapes `/` and every non-ASCII code
 * unit (`\uXXXX`), so the 65,535-byte limit applies to that form.
 */
export function phpJsonLength(value: unknown): number {
  const json = JSON.stringify(value);
  let length = 0;
  for (let i = 0; i < json.length; i++) {
    const code = json.charCodeAt(i);
    length += code > 0x7f ? 6 : json[i] === '/' ? 2 : 1;
  }
  return length;
}

const ASSOC_TEXT = 'Value must be a valid object.';
const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Preferences: a JSON object (not a list) of at most 65,535 bytes as PHP encodes it. */
export const zPrefs = () =>
  z
    .custom<Record<string, unknown>>((value) => isPlainObject(value), described(ASSOC_TEXT))
    .meta({ override: { type: 'object', additionalProperties: true } })
    .refine((value) => phpJsonLength(value) <= 65_535, described(ASSOC_TEXT));

/** Appwrite's loose booleans: true/false, "true"/"false", "1"/"0", 1/0. */
export const zLooseBoolean = () =>
  z
    .union(
      [z.boolean(), z.literal(['true', 'false', '1', '0', 1, 0])],
      described('Value must be a valid boolean'),
    )
    .transform((value) => value === true || value === 'true' || value === '1' || value === 1);

/** Appwrite's strict `Boolean` validator: JSON `true` or `false` only. */
export const zBoolean = () => z.boolean(described('Value must be a valid boolean'));

const LABELS_TEXT =
  'Value must a valid array no longer than 1000 items and Value must be a valid string and at least 1 chars and no longer than 36 chars';

/**
 * A user's `labels`: at most 1000 (`APP_LIMIT_ARRAY_LABELS_SIZE`) of 1–36 ASCII letters and
 * digits, so a label can never carry an operator, a separator or a role of another kind.
 */
export const zLabels = () =>
  z
    .array(
      z.string(described(LABELS_TEXT)).regex(/^[A-Za-z0-9]{1,36}$/, described(LABELS_TEXT)),
      described(LABELS_TEXT),
    )
    .max(1000, described(LABELS_TEXT));

/** `queries`: an array of query strings; each is parsed and checked by the list's query parser. */
export const zQueries = () =>
  z.array(z.string(described('Queries must be an array')), described('Queries must be an array'));

export const zUrl = () =>
  z.string(described('Value must be a valid URL')).min(1, described('Value must be a valid URL'));

/** Appwrite's integer Range validator (numeric strings pass, as in PHP). */
export const zRange = (min: number, max: number) => {
  const description = `Value must be a valid range between ${min.toLocaleString('en-US')} and ${max.toLocaleString('en-US')}`;
  return z
    .union(
      [
        z.number(described(description)),
        z.string(described(description)).regex(/^-?\d+$/, described(description)),
      ],
      described(description),
    )
    .transform(Number)
    .refine((value) => Number.isInteger(value) && value >= min && value <= max, described(description));
};
