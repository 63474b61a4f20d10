import { type MailTemplate } from '../template.ts';

const KEYS = [
  'subject',
  'preview',
  'hello',
  'description',
  'clientInfo',
  'securityPhrase',
  'thanks',
  'signature',
] as const;
const VARIABLES = ['user', 'project', 'otp', 'agentClient', 'agentDevice', 'agentOs', 'phrase'] as const;

/**
 * The email OTP sign-in email (Appwrite's `emails.otpSession.*`, template id `otp`): a six-digit
 * code, the client that asked for it, and the security phrase when the request had one. English
 * word for word as Appwrite; the other five locales are Roster's translations.
 */
export const emailOtpTemplate: MailTemplate<(typeof KEYS)[number], (typeof VARIABLES)[number]> = {
  keys: KEYS,
  variables: VARIABLES,
  body: [
    { paragraph: 'hello' },
    { paragraph: 'description' },
    { code: 'otp' },
    { paragraph: 'clientInfo' },
    { paragraph: 'securityPhrase', when: 'phrase' },
    { closing: ['thanks', 'signature'] },
  ],
  locales: {
    en: {
      subject: 'OTP for {{project}} Login',
      preview: 'Use OTP {{otp}} to sign in to {{project}}. Expires in 15 minutes.',
      hello: 'Hello {{user}},',
      description:
        'Enter the following verification code when prompted to securely sign in to your {{b}}{{project}}{{/b}} account. This code will expire in 15 minutes.',
      clientInfo:
        "This sign in was requested using {{b}}{{agentClient}}{{/b}} on {{b}}{{agentDevice}}{{/b}} {{b}}{{agentOs}}{{/b}}. If you didn't request the sign in, you can safely ignore this email.",
      securityPhrase:
        'Security phrase for this email is {{b}}{{phrase}}{{/b}}. You can trust this email if this phrase matches the phrase shown during sign in.',
      thanks: 'Thanks,',
      signature: '{{project}} team',
      direction: 'ltr',
    },
    de: {
      subject: 'Einmalcode für die Anmeldung bei {{project}}',
      preview: 'Melde dich mit dem Code {{otp}} bei {{project}} an. Gültig für 15 Minuten.',
      hello: 'Hallo {{user}},',
      description:
        'Gib den folgenden Bestätigungscode ein, wenn du dazu aufgefordert wirst, um dich sicher bei deinem {{b}}{{project}}{{/b}}-Konto anzumelden. Der Code ist 15 Minuten gültig.',
      clientInfo:
        'Diese Anmeldung wurde mit {{b}}{{agentClient}}{{/b}} auf {{b}}{{agentDevice}}{{/b}} {{b}}{{agentOs}}{{/b}} angefordert. Falls du sie nicht angefordert hast, kannst du diese E-Mail ignorieren.',
      securityPhrase:
        'Die Sicherheitsphrase dieser E-Mail lautet {{b}}{{phrase}}{{/b}}. Du kannst der E-Mail vertrauen, wenn sie mit der bei der Anmeldung angezeigten Phrase übereinstimmt.',
      thanks: 'Viele Grüße',
      signature: 'Dein {{project}}-Team',
    },
    fr: {
      subject: 'Code de connexion à {{project}}',
      preview: 'Utilisez le code {{otp}} pour vous connecter à {{project}}. Il expire dans 15 minutes.',
      hello: 'Bonjour {{user}},',
      description:
        'Saisissez le code de vérification suivant lorsqu’il vous est demandé pour vous connecter en toute sécurité à votre compte {{b}}{{project}}{{/b}}. Ce code expire dans 15 minutes.',
      clientInfo:
        'Cette connexion a été demandée depuis {{b}}{{agentClient}}{{/b}} sur {{b}}{{agentDevice}}{{/b}} {{b}}{{agentOs}}{{/b}}. Si vous ne l’avez pas demandée, vous pouvez ignorer cet e-mail.',
      securityPhrase:
        'La phrase de sécurité de cet e-mail est {{b}}{{phrase}}{{/b}}. Vous pouvez vous fier à cet e-mail si elle correspond à celle affichée lors de la connexion.',
      thanks: 'Merci,',
      signature: 'L’équipe {{project}}',
    },
    es: {
      subject: 'Código para iniciar sesión en {{project}}',
      preview: 'Usa el código {{otp}} para iniciar sesión en {{project}}. Caduca en 15 minutos.',
      hello: 'Hola {{user}}:',
      description:
        'Introduce el siguiente código de verificación cuando se te pida para iniciar sesión de forma segura en tu cuenta de {{b}}{{project}}{{/b}}. Este código caduca en 15 minutos.',
      clientInfo:
        'Este inicio de sesión se solicitó con {{b}}{{agentClient}}{{/b}} en {{b}}{{agentDevice}}{{/b}} {{b}}{{agentOs}}{{/b}}. Si no lo solicitaste, puedes ignorar este correo.',
      securityPhrase:
        'La frase de seguridad de este correo es {{b}}{{phrase}}{{/b}}. Puedes confiar en este correo si coincide con la frase mostrada al iniciar sesión.',
      thanks: 'Gracias,',
      signature: 'El equipo de {{project}}',
    },
    'pt-br': {
      subject: 'Código de login no {{project}}',
      preview: 'Use o código {{otp}} para entrar no {{project}}. Expira em 15 minutos.',
      hello: 'Olá, {{user}},',
      description:
        'Digite o código de verificação a seguir quando solicitado para entrar com segurança na sua conta do {{b}}{{project}}{{/b}}. Este código expira em 15 minutos.',
      clientInfo:
        'Este login foi solicitado usando {{b}}{{agentClient}}{{/b}} em {{b}}{{agentDevice}}{{/b}} {{b}}{{agentOs}}{{/b}}. Se você não o solicitou, pode ignorar este e-mail.',
      securityPhrase:
        'A frase de segurança deste e-mail é {{b}}{{phrase}}{{/b}}. Você pode confiar neste e-mail se ela corresponder à frase exibida no login.',
      thanks: 'Obrigado,',
      signature: 'Equipe {{project}}',
    },
    it: {
      subject: 'Codice di accesso a {{project}}',
      preview: 'Usa il codice {{otp}} per accedere a {{project}}. Scade tra 15 minuti.',
      hello: 'Ciao {{user}},',
      description:
        'Inserisci il seguente codice di verifica quando richiesto per accedere in modo sicuro al tuo account {{b}}{{project}}{{/b}}. Questo codice scade tra 15 minuti.',
      clientInfo:
        'Questo accesso è stato richiesto con {{b}}{{agentClient}}{{/b}} su {{b}}{{agentDevice}}{{/b}} {{b}}{{agentOs}}{{/b}}. Se non l’hai richiesto, puoi ignorare questa email.',
      securityPhrase:
        'La frase di sicurezza di questa email è {{b}}{{phrase}}{{/b}}. Puoi fidarti di questa email se corrisponde alla frase mostrata durante l’accesso.',
      thanks: 'Grazie,',
      signature: 'Il team di {{project}}',
    },
  },
};
