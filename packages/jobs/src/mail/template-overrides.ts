import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { isKnownToken, templateTokens } from './fill-template.ts';
import { INVITATION_STRING_KEYS, type InvitationStrings } from './invitation-strings.ts';

/** Owners' replacements for built-in strings, by lower-case locale code (`en`, `pt-br`, …). */
export type TemplateOverrides = Readonly<Record<string, Partial<InvitationStrings>>>;

export class TemplateConfigError extends Error {
  override name = 'TemplateConfigError';
}

const LOCALE_FILE = /^([a-z]{2,3}(?:[-_][a-z0-9]{2,8})*)\.json$/i;

const template = z
  .string()
  .min(1)
  .max(10_000)
  .superRefine((value, context) => {
    const tokens = templateTokens(value);
    const unknown = tokens.filter((token) => !isKnownToken(token));
    if (unknown.length > 0) {
      context.addIssue({
        code: 'custom',
        message: `unknown variable ${unknown.map((token) => `{{${token}}}`).join(', ')} (known: {{owner}}, {{user}}, {{team}}, {{project}}, {{redirect}}, {{b}}…{{/b}})`,
      });
    }
    if (tokens.filter((token) => token === 'b').length !== tokens.filter((token) => token === '/b').length) {
      context.addIssue({ code: 'custom', message: 'every {{b}} needs a matching {{/b}}' });
    }
  });

const OverrideFile = z.strictObject({
  ...Object.fromEntries(INVITATION_STRING_KEYS.map((key) => [key, template.optional()])),
  direction: z.enum(['ltr', 'rtl']).optional(),
}) as unknown as z.ZodType<Partial<InvitationStrings>>;

/**
 * Reads `<locale>.json` files (e.g. `en.json`, `pt-BR.json`) from `dir`, each an object with any of
 * the string keys (`subject`, `body`, …) and `direction`. Everything is validated at start-up: a
 * bad file stops the worker with a message naming the file and the key, not a broken email later.
 */
export async function loadTemplateOverrides(dir: string): Promise<TemplateOverrides> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    throw new TemplateConfigError(`cannot read mail templates folder ${dir}: ${(error as Error).message}`);
  }
  const overrides: Record<string, Partial<InvitationStrings>> = {};
  for (const name of names.sort()) {
    if (!name.endsWith('.json')) continue;
    const locale = LOCALE_FILE.exec(name)?.[1];
    if (!locale) {
      throw new TemplateConfigError(
        `${join(dir, name)}: the file name must be a locale code, e.g. en.json or pt-BR.json`,
      );
    }
    let content: unknown;
    try {
      content = JSON.parse(await readFile(join(dir, name), 'utf8'));
    } catch (error) {
      throw new TemplateConfigError(`${join(dir, name)}: ${(error as Error).message}`);
    }
    const result = OverrideFile.safeParse(content);
    if (!result.success) {
      const problems = result.error.issues.map((issue) =>
        issue.path.length > 0 ? `"${issue.path.join('.')}" ${issue.message}` : issue.message,
      );
      throw new TemplateConfigError(`${join(dir, name)}: ${problems.join('; ')}`);
    }
    overrides[locale.toLowerCase().replace(/_/g, '-')] = result.data;
  }
  return overrides;
}
