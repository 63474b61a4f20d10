import { type MailTemplate } from '../template.ts';

const KEYS = ['subject', 'preview', 'hello', 'body', 'buttonText', 'footer', 'thanks', 'signature'] as const;
const VARIABLES = ['user', 'project', 'redirect'] as const;

/**
 * The password recovery email (Appwrite's `emails.recovery.*`, template id `recovery`): a link
 * to set a new password. English word for word as Appwrite; the other five locales are Roster's.
 */
export const recoveryTemplate: MailTemplate<(typeof KEYS)[number], (typeof VARIABLES)[number]> = {
  keys: KEYS,
  variables: VARIABLES,
  body: [
    { paragraph: 'hello' },
    { paragraph: 'body' },
    { button: 'buttonText', href: 'redirect' },
    { paragraph: 'footer' },
    { closing: ['thanks', 'signature'] },
  ],
  locales: {
    en: {
      subject: 'Password Reset for {{project}}',
      preview: 'Reset your {{project}} password using the link.',
      hello: 'Hello {{user}},',
      body: 'Follow this link to reset your {{b}}{{project}}{{/b}} password.',
      buttonText: 'Reset password',
      footer: "If you didn't ask to reset your password, you can ignore this message.",
      thanks: 'Thanks,',
      signature: '{{project}} team',
      direction: 'ltr',
    },
    de: {
      subject: 'Passwort zurücksetzen für {{project}}',
      preview: 'Setze dein {{project}}-Passwort über den Link zurück.',
      hello: 'Hallo {{user}},',
      body: 'Folge diesem Link, um dein {{b}}{{project}}{{/b}}-Passwort zurückzusetzen.',
      buttonText: 'Passwort zurücksetzen',
      footer: 'Falls du das Zurücksetzen nicht angefordert hast, kannst du diese Nachricht ignorieren.',
      thanks: 'Viele Grüße',
      signature: 'Dein {{project}}-Team',
    },
    fr: {
      subject: 'Réinitialisation du mot de passe {{project}}',
      preview: 'Réinitialisez votre mot de passe {{project}} avec ce lien.',
      hello: 'Bonjour {{user}},',
      body: 'Suivez ce lien pour réinitialiser le mot de passe de votre compte {{b}}{{project}}{{/b}}.',
      buttonText: 'Réinitialiser le mot de passe',
      footer:
        'Si vous n’avez pas demandé à réinitialiser votre mot de passe, vous pouvez ignorer ce message.',
      thanks: 'Merci,',
      signature: 'L’équipe {{project}}',
    },
    es: {
      subject: 'Restablecimiento de contraseña de {{project}}',
      preview: 'Restablece tu contraseña de {{project}} con el enlace.',
      hello: 'Hola {{user}}:',
      body: 'Sigue este enlace para restablecer tu contraseña de {{b}}{{project}}{{/b}}.',
      buttonText: 'Restablecer contraseña',
      footer: 'Si no pediste restablecer tu contraseña, puedes ignorar este mensaje.',
      thanks: 'Gracias,',
      signature: 'El equipo de {{project}}',
    },
    'pt-br': {
      subject: 'Redefinição de senha do {{project}}',
      preview: 'Redefina sua senha do {{project}} pelo link.',
      hello: 'Olá, {{user}},',
      body: 'Siga este link para redefinir sua senha do {{b}}{{project}}{{/b}}.',
      buttonText: 'Redefinir senha',
      footer: 'Se você não pediu para redefinir sua senha, pode ignorar esta mensagem.',
      thanks: 'Obrigado,',
      signature: 'Equipe {{project}}',
    },
    it: {
      subject: 'Reimpostazione della password di {{project}}',
      preview: 'Reimposta la tua password di {{project}} con il link.',
      hello: 'Ciao {{user}},',
      body: 'Segui questo link per reimpostare la tua password di {{b}}{{project}}{{/b}}.',
      buttonText: 'Reimposta password',
      footer: 'Se non hai chiesto di reimpostare la password, puoi ignorare questo messaggio.',
      thanks: 'Grazie,',
      signature: 'Il team di {{project}}',
    },
  },
};
