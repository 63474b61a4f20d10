import { type MailTemplate } from '../template.ts';

const KEYS = ['subject', 'preview', 'hello', 'description', 'clientInfo', 'thanks', 'signature'] as const;
const VARIABLES = ['user', 'project', 'otp', 'agentClient', 'agentDevice', 'agentOs'] as const;

/**
 * The MFA email challenge (Appwrite's `emails.mfaChallenge.*`, template id `mfa-challenge`): the
 * code that completes a two-step sign-in, and the client that asked for it. English word for word
 * as Appwrite; the other five locales are Roster's translations.
 */
export const mfaChallengeTemplate: MailTemplate<(typeof KEYS)[number], (typeof VARIABLES)[number]> = {
  keys: KEYS,
  variables: VARIABLES,
  body: [
    { paragraph: 'hello' },
    { paragraph: 'description' },
    { code: 'otp' },
    { paragraph: 'clientInfo' },
    { closing: ['thanks', 'signature'] },
  ],
  locales: {
    en: {
      subject: 'Verification Code for {{project}}',
      preview: 'Use code {{otp}} for two-step verification in {{project}}. Expires in 15 minutes.',
      hello: 'Hello {{user}},',
      description:
        'Enter the following code to confirm your two-step verification in {{b}}{{project}}{{/b}}. This code will expire in 15 minutes.',
      clientInfo:
        "This verification code was requested using {{b}}{{agentClient}}{{/b}} on {{b}}{{agentDevice}}{{/b}} {{b}}{{agentOs}}{{/b}}. If you didn't request the verification code, you can safely ignore this email.",
      thanks: 'Thanks,',
      signature: '{{project}} team',
      direction: 'ltr',
    },
    de: {
      subject: 'Bestätigungscode für {{project}}',
      preview:
        'Nutze den Code {{otp}} für die Zwei-Faktor-Bestätigung bei {{project}}. Gültig für 15 Minuten.',
      hello: 'Hallo {{user}},',
      description:
        'Gib den folgenden Code ein, um deine Zwei-Faktor-Bestätigung bei {{b}}{{project}}{{/b}} abzuschließen. Der Code ist 15 Minuten gültig.',
      clientInfo:
        'Dieser Bestätigungscode wurde mit {{b}}{{agentClient}}{{/b}} auf {{b}}{{agentDevice}}{{/b}} {{b}}{{agentOs}}{{/b}} angefordert. Falls du ihn nicht angefordert hast, kannst du diese E-Mail ignorieren.',
      thanks: 'Viele Grüße',
      signature: 'Dein {{project}}-Team',
    },
    fr: {
      subject: 'Code de vérification pour {{project}}',
      preview:
        'Utilisez le code {{otp}} pour la vérification en deux étapes sur {{project}}. Il expire dans 15 minutes.',
      hello: 'Bonjour {{user}},',
      description:
        'Saisissez le code suivant pour confirmer votre vérification en deux étapes sur {{b}}{{project}}{{/b}}. Ce code expire dans 15 minutes.',
      clientInfo:
        'Ce code de vérification a été demandé depuis {{b}}{{agentClient}}{{/b}} sur {{b}}{{agentDevice}}{{/b}} {{b}}{{agentOs}}{{/b}}. Si vous ne l’avez pas demandé, vous pouvez ignorer cet e-mail.',
      thanks: 'Merci,',
      signature: 'L’équipe {{project}}',
    },
    es: {
      subject: 'Código de verificación de {{project}}',
      preview:
        'Usa el código {{otp}} para la verificación en dos pasos de {{project}}. Caduca en 15 minutos.',
      hello: 'Hola {{user}}:',
      description:
        'Introduce el siguiente código para confirmar tu verificación en dos pasos en {{b}}{{project}}{{/b}}. Este código caduca en 15 minutos.',
      clientInfo:
        'Este código de verificación se solicitó con {{b}}{{agentClient}}{{/b}} en {{b}}{{agentDevice}}{{/b}} {{b}}{{agentOs}}{{/b}}. Si no lo solicitaste, puedes ignorar este correo.',
      thanks: 'Gracias,',
      signature: 'El equipo de {{project}}',
    },
    'pt-br': {
      subject: 'Código de verificação do {{project}}',
      preview: 'Use o código {{otp}} para a verificação em duas etapas no {{project}}. Expira em 15 minutos.',
      hello: 'Olá, {{user}},',
      description:
        'Digite o código a seguir para confirmar sua verificação em duas etapas no {{b}}{{project}}{{/b}}. Este código expira em 15 minutos.',
      clientInfo:
        'Este código de verificação foi solicitado usando {{b}}{{agentClient}}{{/b}} em {{b}}{{agentDevice}}{{/b}} {{b}}{{agentOs}}{{/b}}. Se você não o solicitou, pode ignorar este e-mail.',
      thanks: 'Obrigado,',
      signature: 'Equipe {{project}}',
    },
    it: {
      subject: 'Codice di verifica per {{project}}',
      preview: 'Usa il codice {{otp}} per la verifica in due passaggi su {{project}}. Scade tra 15 minuti.',
      hello: 'Ciao {{user}},',
      description:
        'Inserisci il seguente codice per confermare la verifica in due passaggi su {{b}}{{project}}{{/b}}. Questo codice scade tra 15 minuti.',
      clientInfo:
        'Questo codice di verifica è stato richiesto con {{b}}{{agentClient}}{{/b}} su {{b}}{{agentDevice}}{{/b}} {{b}}{{agentOs}}{{/b}}. Se non l’hai richiesto, puoi ignorare questa email.',
      thanks: 'Grazie,',
      signature: 'Il team di {{project}}',
    },
  },
};
