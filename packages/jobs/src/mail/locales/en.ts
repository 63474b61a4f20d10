import { type InvitationStrings } from '../invitation-strings.ts';

/** Appwrite's English strings (1.9.x `en.json`), word for word. */
export const en: InvitationStrings = {
  subject: 'Invitation to {{team}} Team at {{project}}',
  preview: '{{owner}} invited you to join {{team}} at {{project}}',
  hello: 'Hello {{user}},',
  body: 'This mail was sent to you because {{b}}{{owner}}{{/b}} invited you to become a member of the {{b}}{{team}}{{/b}} team at {{b}}{{project}}{{/b}}.',
  buttonText: 'Accept invite to {{team}}',
  footer: 'If you are not interested, you can ignore this message.',
  thanks: 'Thanks,',
  signature: '{{project}} team',
  direction: 'ltr',
};
