import { type MailTemplate } from '../template.ts';

const KEYS = [
  'subject',
  'preview',
  'hello',
  'optionButton',
  'buttonText',
  'optionUrl',
  'clientInfo',
  'securityPhrase',
  'thanks',
  'signature',
] as const;
const VARIABLES = ['user', 'project', 'redirect', 'agentClient', 'agentDevice', 'agentOs', 'phrase'] as const;

/**
 * The magic URL sign-in email (Appwrite's `emails.magicSession.*`, template id `magic-url`): a
 * link that signs the user in, the client that asked for it, and the security phrase when the
 * request had one (`phrase` empty: the paragraph is left out). English word for word as Appwrite;
 * the other five locales are Roster's translations.
 */
export const magicUrlTemplate: MailTemplate<(typeof KEYS)[number], (typeof VARIABLES)[number]> = {
  keys: KEYS,
  variables: VARIABLES,
  body: [
    { paragraph: 'hello' },
    { paragraph: 'optionButton' },
    { button: 'buttonText', href: 'redirect' },
    // The text part already spells the link out under the button's label.
    { paragraph: 'optionUrl', htmlOnly: true },
    { url: 'redirect', htmlOnly: true },
    { paragraph: 'clientInfo' },
    { paragraph: 'securityPhrase', when: 'phrase' },
    { closing: ['thanks', 'signature'] },
  ],
  locales: {
    en: {
      subject: '{{project}} Login',
      preview: 'Sign in to {{project}} with your secure link. Expires in 1 hour.',
      hello: 'Hello {{user}},',
      optionButton:
        'Click the button below to securely sign in to your {{b}}{{project}}{{/b}} account. This link will expire in 1 hour.',
      buttonText: 'Sign in to {{project}}',
      optionUrl: 'If you are unable to sign in using the button above, please visit the following link:',
      clientInfo:
        "This sign in was requested using {{b}}{{agentClient}}{{/b}} on {{b}}{{agentDevice}}{{/b}} {{b}}{{agentOs}}{{/b}}. If you didn't request the sign in, you can safely ignore this email.",
      securityPhrase:
        'Security phrase for this email is {{b}}{{phrase}}{{/b}}. You can trust this email if this phrase matches the phrase shown during sign in.',
      thanks: 'Thanks,',
      signature: '{{project}} team',
      direction: 'ltr',
    },
    de: {
      subject: 'Anmeldung bei {{project}}',
      preview: 'Melde dich mit deinem sicheren Link bei {{project}} an. Gültig für 1 Stunde.',
      hello: 'Hallo {{user}},',
      optionButton:
        'Klicke auf die Schaltfläche unten, um dich sicher bei deinem {{b}}{{project}}{{/b}}-Konto anzumelden. Dieser Link ist 1 Stunde gültig.',
      buttonText: 'Bei {{project}} anmelden',
      optionUrl: 'Falls die Schaltfläche nicht funktioniert, öffne bitte diesen Link:',
      clientInfo:
        'Diese Anmeldung wurde mit {{b}}{{agentClient}}{{/b}} auf {{b}}{{agentDevice}}{{/b}} {{b}}{{agentOs}}{{/b}} angefordert. Falls du sie nicht angefordert hast, kannst du diese E-Mail ignorieren.',
      securityPhrase:
        'Die Sicherheitsphrase dieser E-Mail lautet {{b}}{{phrase}}{{/b}}. Du kannst der E-Mail vertrauen, wenn sie mit der bei der Anmeldung angezeigten Phrase übereinstimmt.',
      thanks: 'Viele Grüße',
      signature: 'Dein {{project}}-Team',
    },
    fr: {
      subject: 'Connexion à {{project}}',
      preview: 'Connectez-vous à {{project}} avec votre lien sécurisé. Il expire dans 1 heure.',
      hello: 'Bonjour {{user}},',
      optionButton:
        'Cliquez sur le bouton ci-dessous pour vous connecter en toute sécurité à votre compte {{b}}{{project}}{{/b}}. Ce lien expire dans 1 heure.',
      buttonText: 'Se connecter à {{project}}',
      optionUrl: 'Si le bouton ci-dessus ne fonctionne pas, ouvrez le lien suivant :',
      clientInfo:
        'Cette connexion a été demandée depuis {{b}}{{agentClient}}{{/b}} sur {{b}}{{agentDevice}}{{/b}} {{b}}{{agentOs}}{{/b}}. Si vous ne l’avez pas demandée, vous pouvez ignorer cet e-mail.',
      securityPhrase:
        'La phrase de sécurité de cet e-mail est {{b}}{{phrase}}{{/b}}. Vous pouvez vous fier à cet e-mail si elle correspond à celle affichée lors de la connexion.',
      thanks: 'Merci,',
      signature: 'L’équipe {{project}}',
    },
    es: {
      subject: 'Inicio de sesión en {{project}}',
      preview: 'Inicia sesión en {{project}} con tu enlace seguro. Caduca en 1 hora.',
      hello: 'Hola {{user}}:',
      optionButton:
        'Haz clic en el botón de abajo para iniciar sesión de forma segura en tu cuenta de {{b}}{{project}}{{/b}}. Este enlace caduca en 1 hora.',
      buttonText: 'Iniciar sesión en {{project}}',
      optionUrl: 'Si no puedes iniciar sesión con el botón de arriba, abre el siguiente enlace:',
      clientInfo:
        'Este inicio de sesión se solicitó con {{b}}{{agentClient}}{{/b}} en {{b}}{{agentDevice}}{{/b}} {{b}}{{agentOs}}{{/b}}. Si no lo solicitaste, puedes ignorar este correo.',
      securityPhrase:
        'La frase de seguridad de este correo es {{b}}{{phrase}}{{/b}}. Puedes confiar en este correo si coincide con la frase mostrada al iniciar sesión.',
      thanks: 'Gracias,',
      signature: 'El equipo de {{project}}',
    },
    'pt-br': {
      subject: 'Login no {{project}}',
      preview: 'Entre no {{project}} com seu link seguro. Expira em 1 hora.',
      hello: 'Olá, {{user}},',
      optionButton:
        'Clique no botão abaixo para entrar com segurança na sua conta do {{b}}{{project}}{{/b}}. Este link expira em 1 hora.',
      buttonText: 'Entrar no {{project}}',
      optionUrl: 'Se não conseguir entrar pelo botão acima, acesse o link a seguir:',
      clientInfo:
        'Este login foi solicitado usando {{b}}{{agentClient}}{{/b}} em {{b}}{{agentDevice}}{{/b}} {{b}}{{agentOs}}{{/b}}. Se você não o solicitou, pode ignorar este e-mail.',
      securityPhrase:
        'A frase de segurança deste e-mail é {{b}}{{phrase}}{{/b}}. Você pode confiar neste e-mail se ela corresponder à frase exibida no login.',
      thanks: 'Obrigado,',
      signature: 'Equipe {{project}}',
    },
    it: {
      subject: 'Accesso a {{project}}',
      preview: 'Accedi a {{project}} con il tuo link sicuro. Scade tra 1 ora.',
      hello: 'Ciao {{user}},',
      optionButton:
        'Fai clic sul pulsante qui sotto per accedere in modo sicuro al tuo account {{b}}{{project}}{{/b}}. Questo link scade tra 1 ora.',
      buttonText: 'Accedi a {{project}}',
      optionUrl: 'Se non riesci ad accedere con il pulsante qui sopra, apri il seguente link:',
      clientInfo:
        'Questo accesso è stato richiesto con {{b}}{{agentClient}}{{/b}} su {{b}}{{agentDevice}}{{/b}} {{b}}{{agentOs}}{{/b}}. Se non l’hai richiesto, puoi ignorare questa email.',
      securityPhrase:
        'La frase di sicurezza di questa email è {{b}}{{phrase}}{{/b}}. Puoi fidarti di questa email se corrisponde alla frase mostrata durante l’accesso.',
      thanks: 'Grazie,',
      signature: 'Il team di {{project}}',
    },
  },
};
