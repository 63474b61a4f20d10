import { type MailTemplate } from '../template.ts';

const KEYS = ['subject', 'preview', 'hello', 'body', 'buttonText', 'footer', 'thanks', 'signature'] as const;
const VARIABLES = ['user', 'project', 'redirect'] as const;

/**
 * The email verification email (Appwrite's `emails.verification.*`, template id `verification`):
 * a link that confirms the account's address. English word for word as Appwrite; the other five
 * locales are Roster's translations.
 */
export const verificationTemplate: MailTemplate<(typeof KEYS)[number], (typeof VARIABLES)[number]> = {
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
      subject: 'Account Verification for {{project}}',
      preview: 'Verify your email to activate your {{project}} account.',
      hello: 'Hello {{user}},',
      body: 'Follow this link to verify your email address to your {{b}}{{project}}{{/b}} account.',
      buttonText: 'Confirm email address',
      footer: 'If you didn’t ask to verify this address, you can ignore this message.',
      thanks: 'Thanks,',
      signature: '{{project}} team',
      direction: 'ltr',
    },
    de: {
      subject: 'Kontobestätigung für {{project}}',
      preview: 'Bestätige deine E-Mail-Adresse, um dein {{project}}-Konto zu aktivieren.',
      hello: 'Hallo {{user}},',
      body: 'Folge diesem Link, um deine E-Mail-Adresse für dein {{b}}{{project}}{{/b}}-Konto zu bestätigen.',
      buttonText: 'E-Mail-Adresse bestätigen',
      footer: 'Falls du diese Bestätigung nicht angefordert hast, kannst du diese Nachricht ignorieren.',
      thanks: 'Viele Grüße',
      signature: 'Dein {{project}}-Team',
    },
    fr: {
      subject: 'Vérification du compte {{project}}',
      preview: 'Vérifiez votre adresse e-mail pour activer votre compte {{project}}.',
      hello: 'Bonjour {{user}},',
      body: 'Suivez ce lien pour vérifier l’adresse e-mail de votre compte {{b}}{{project}}{{/b}}.',
      buttonText: 'Confirmer l’adresse e-mail',
      footer: 'Si vous n’avez pas demandé à vérifier cette adresse, vous pouvez ignorer ce message.',
      thanks: 'Merci,',
      signature: 'L’équipe {{project}}',
    },
    es: {
      subject: 'Verificación de la cuenta de {{project}}',
      preview: 'Verifica tu correo electrónico para activar tu cuenta de {{project}}.',
      hello: 'Hola {{user}}:',
      body: 'Sigue este enlace para verificar la dirección de correo electrónico de tu cuenta de {{b}}{{project}}{{/b}}.',
      buttonText: 'Confirmar correo electrónico',
      footer: 'Si no pediste verificar esta dirección, puedes ignorar este mensaje.',
      thanks: 'Gracias,',
      signature: 'El equipo de {{project}}',
    },
    'pt-br': {
      subject: 'Verificação da conta do {{project}}',
      preview: 'Verifique seu e-mail para ativar sua conta do {{project}}.',
      hello: 'Olá, {{user}},',
      body: 'Siga este link para verificar o endereço de e-mail da sua conta do {{b}}{{project}}{{/b}}.',
      buttonText: 'Confirmar endereço de e-mail',
      footer: 'Se você não pediu para verificar este endereço, pode ignorar esta mensagem.',
      thanks: 'Obrigado,',
      signature: 'Equipe {{project}}',
    },
    it: {
      subject: 'Verifica dell’account {{project}}',
      preview: 'Verifica la tua email per attivare il tuo account {{project}}.',
      hello: 'Ciao {{user}},',
      body: 'Segui questo link per verificare l’indirizzo email del tuo account {{b}}{{project}}{{/b}}.',
      buttonText: 'Conferma indirizzo email',
      footer: 'Se non hai chiesto di verificare questo indirizzo, puoi ignorare questo messaggio.',
      thanks: 'Grazie,',
      signature: 'Il team di {{project}}',
    },
  },
};
