import { type InvitationStrings, type InvitationVariables } from './invitation-strings.ts';
import { invitationTemplate } from './kinds/invitation.ts';
import { renderEmail, resolveTemplateStrings, type RenderedEmail } from './render-email.ts';
import { type TemplateOverrides } from './template-overrides.ts';

export { type RenderedEmail } from './render-email.ts';

/** The invitation's strings for a locale, key by key (render-email.ts's fallback chain). */
export function resolveStrings(
  locale: string,
  overrides: TemplateOverrides = {},
): { strings: InvitationStrings; locale: string } {
  const resolved = resolveTemplateStrings(invitationTemplate, locale, overrides);
  return { strings: resolved.strings as InvitationStrings, locale: resolved.locale };
}

/**
 * The invitation email in the membership's locale (Appwrite's layout: greeting, body, button,
 * footer, signature), rendered by the one renderer every kind uses.
 */
export function renderInvitationEmail(input: {
  locale: string;
  variables: InvitationVariables;
  overrides?: TemplateOverrides;
}): RenderedEmail {
  return renderEmail(invitationTemplate, input);
}
