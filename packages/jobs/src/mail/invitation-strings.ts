/**
 * The strings of the invitation email (Appwrite's `emails.invitation.*` keys,
 * docs/appwrite-compatibility.md#the-invitation-email, plus
 * `settings.direction` as `direction`). Values are templates: `{{owner}}`, `{{user}}`, `{{team}}`,
 * `{{project}}` and `{{redirect}}` (the accept link) are variables; `{{b}}…{{/b}}` marks bold text.
 */
export const INVITATION_STRING_KEYS = [
  'subject',
  'preview',
  'hello',
  'body',
  'buttonText',
  'footer',
  'thanks',
  'signature',
] as const;
export type InvitationStringKey = (typeof INVITATION_STRING_KEYS)[number];

export type InvitationStrings = Record<InvitationStringKey, string> & { direction: 'ltr' | 'rtl' };

export const INVITATION_VARIABLES = ['owner', 'user', 'team', 'project', 'redirect'] as const;
export type InvitationVariable = (typeof INVITATION_VARIABLES)[number];
export type InvitationVariables = Record<InvitationVariable, string>;
