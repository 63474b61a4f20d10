import { type InvitationStrings } from '../invitation-strings.ts';

export const de: InvitationStrings = {
  subject: 'Einladung zum {{team}}-Team auf {{project}}',
  preview: '{{owner}} hat dich eingeladen, {{team}} auf {{project}} beizutreten',
  hello: 'Hallo {{user}},',
  body: 'Du erhältst diese E-Mail, weil {{b}}{{owner}}{{/b}} dich eingeladen hat, Mitglied des Teams {{b}}{{team}}{{/b}} auf {{b}}{{project}}{{/b}} zu werden.',
  buttonText: 'Einladung zu {{team}} annehmen',
  footer: 'Falls du kein Interesse hast, kannst du diese Nachricht einfach ignorieren.',
  thanks: 'Viele Grüße',
  signature: 'Dein {{project}}-Team',
  direction: 'ltr',
};
