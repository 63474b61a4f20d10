import { escapeHtml } from './escape-html.ts';
import { INVITATION_VARIABLES } from './invitation-strings.ts';

const TOKEN = /\{\{\s*(\/?[a-zA-Z]+)\s*\}\}/g;

/** The `{{…}}` tokens a template uses, for validating owners' templates at start-up. */
export function templateTokens(template: string): string[] {
  return [...template.matchAll(TOKEN)].map((match) => match[1] ?? '');
}

/** Whether a token is bold or one of `variables` (the invitation's unless another kind's are given). */
export function isKnownToken(token: string, variables: readonly string[] = INVITATION_VARIABLES): boolean {
  return token === 'b' || token === '/b' || variables.includes(token);
}

/**
 * Substitutes variables in one string. In `html` mode everything is escaped, the template's own
 * text and every value including the link (Appwrite leaves the link raw;
 * docs/appwrite-compatibility.md#redirect-urls), and only
 * `{{b}}`/`{{/b}}` become markup. In `text` mode nothing is escaped and bold marks are dropped.
 * Unknown tokens stay as written (owners' templates are validated at start-up).
 */
export function fillTemplate(
  template: string,
  variables: Readonly<Record<string, string>>,
  mode: 'html' | 'text',
): string {
  const literal = (text: string) => (mode === 'html' ? escapeHtml(text) : text);
  let output = '';
  let last = 0;
  for (const match of template.matchAll(TOKEN)) {
    const token = match[1] ?? '';
    output += literal(template.slice(last, match.index));
    last = match.index + match[0].length;
    if (token === 'b' || token === '/b') {
      if (mode === 'html') output += token === 'b' ? '<strong>' : '</strong>';
    } else if (Object.hasOwn(variables, token)) {
      output += literal(variables[token] ?? '');
    } else {
      output += literal(match[0]);
    }
  }
  return output + literal(template.slice(last));
}
