import { INVITATION_STRING_KEYS, INVITATION_VARIABLES } from '../invitation-strings.ts';
import { BUILT_IN_LOCALES, ENGLISH } from '../locales/index.ts';
import { type MailTemplate } from '../template.ts';

/** The invitation email (Appwrite's `emails.invitation.*`; its translations are in `../locales`). */
export const invitationTemplate: MailTemplate<
  (typeof INVITATION_STRING_KEYS)[number],
  (typeof INVITATION_VARIABLES)[number]
> = {
  keys: INVITATION_STRING_KEYS,
  variables: INVITATION_VARIABLES,
  locales: { ...BUILT_IN_LOCALES, en: ENGLISH },
  body: [
    { paragraph: 'hello' },
    { paragraph: 'body' },
    { button: 'buttonText', href: 'redirect' },
    { paragraph: 'footer' },
    { closing: ['thanks', 'signature'] },
  ],
};
