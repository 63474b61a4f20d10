import { type InvitationStrings } from '../invitation-strings.ts';

export const fr: InvitationStrings = {
  subject: 'Invitation à rejoindre l’équipe {{team}} sur {{project}}',
  preview: '{{owner}} vous invite à rejoindre {{team}} sur {{project}}',
  hello: 'Bonjour {{user}},',
  body: 'Vous recevez ce message parce que {{b}}{{owner}}{{/b}} vous a invité à devenir membre de l’équipe {{b}}{{team}}{{/b}} sur {{b}}{{project}}{{/b}}.',
  buttonText: 'Rejoindre {{team}}',
  footer: 'Si cette invitation ne vous intéresse pas, vous pouvez ignorer ce message.',
  thanks: 'Merci,',
  signature: 'L’équipe {{project}}',
  direction: 'ltr',
};
