import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { isKnownToken, templateTokens } from './fill-template.ts';
import { invitationTemplate } from './kinds/invitation.ts';
import { type AnyMailTemplate, type PartialStrings } from './template.ts';

/** Owners' replacements for one kind's built-in strings, by lower-case locale code (`en`, `pt-br`, …). */
export type TemplateOverrides = Readonly<Record<string, PartialStrings>>;

export class TemplateConfigError extends Error {
  override name = 'TemplateConfigError';
}

const LOCALE_FILE = /^([a-z]{2,3}(?:[-_][a-z0-9]{2,8})*)\.json$/i;

function overrideFile(template: AnyMailTemplate): z.ZodType<PartialStrings> {
  const known = template.variables.map((name) => `{{${name}}}`).join(', ');
  const value = z
    .string()
    .min(1)
    .max(10_000)
    .superRefine((text, context) => {
      const tokens = templateTokens(text);
      const unknown = tokens.filter((token) => !isKnownToken(token, template.variables));
      if (unknown.length > 0) {
        context.addIssue({
          code: 'custom',
          message: `unknown variable ${unknown.map((token) => `{{${token}}}`).join(', ')} (known: ${known}, {{b}}…{{/b}})`,
        });
      }
      if (
        tokens.filter((token) => token === 'b').length !== tokens.filter((token) => token === '/b').length
      ) {
        context.addIssue({ code: 'custom', message: 'every {{b}} needs a matching {{/b}}' });
      }
    });
  return z.strictObject({
    ...Object.fromEntries(template.keys.map((key) => [key, value.optional()])),
    direction: z.enum(['ltr', 'rtl']).optional(),
  });
}

/**
 * Reads `<locale>.json` files (e.g. `en.json`, `pt-BR.json`) from `dir`, each an object with any of
 * `template`'s string keys (`subject`, `body`, …) and `direction`; the invitation's by default.
 * Everything is validated at start-up: a bad file stops the worker with a message naming the file
 * and the key, not a broken email later.
 */
export async function loadTemplateOverrides(
  dir: string,
  template: AnyMailTemplate = invitationTemplate,
): Promise<TemplateOverrides> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    throw new TemplateConfigError(`cannot read mail templates folder ${dir}: ${(error as Error).message}`);
  }
  const schema = overrideFile(template);
  const overrides: Record<string, PartialStrings> = {};
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
    const result = schema.safeParse(content);
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

/**
 * Every kind's overrides from `ROSTER_MAIL_TEMPLATES_DIR`: the invitation's `<locale>.json` files
 * at its top (where they always were), every other kind's in a sub-folder named after the kind
 * (`verification/de.json`). A missing sub-folder means no overrides for that kind.
 */
export async function loadMailOverrides(
  dir: string,
  templates: Readonly<Record<string, AnyMailTemplate>>,
): Promise<Record<string, TemplateOverrides>> {
  const all: Record<string, TemplateOverrides> = {};
  for (const [kind, template] of Object.entries(templates)) {
    if (kind === 'invitation') {
      all[kind] = await loadTemplateOverrides(dir, template);
      continue;
    }
    const folder = join(dir, kind);
    const exists = await stat(folder).then(
      (entry) => entry.isDirectory(),
      () => false,
    );
    if (exists) all[kind] = await loadTemplateOverrides(folder, template);
  }
  return all;
}
