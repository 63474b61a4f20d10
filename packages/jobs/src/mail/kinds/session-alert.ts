import { type MailTemplate } from '../template.ts';

const KEYS = [
  'subject',
  'preview',
  'hello',
  'body',
  'listDevice',
  'listIpAddress',
  'listCountry',
  'footer',
  'thanks',
  'signature',
] as const;
const VARIABLES = ['user', 'project', 'date', 'year', 'time', 'device', 'ipAddress', 'country'] as const;

/**
 * The new-session alert (Appwrite's `emails.sessionAlert.*`, template id `session-alert`): when,
 * from which device and address a session of the account was opened. English word for word as
 * Appwrite; the other five locales are Roster's translations.
 */
export const sessionAlertTemplate: MailTemplate<(typeof KEYS)[number], (typeof VARIABLES)[number]> = {
  keys: KEYS,
  variables: VARIABLES,
  body: [
    { paragraph: 'hello' },
    { paragraph: 'body' },
    { paragraph: 'listDevice' },
    { paragraph: 'listIpAddress' },
    { paragraph: 'listCountry' },
    { paragraph: 'footer' },
    { closing: ['thanks', 'signature'] },
  ],
  locales: {
    en: {
      subject: 'Security alert: new session on your {{project}} account',
      preview: 'New login detected on {{project}} at {{time}} UTC.',
      hello: 'Hello {{user}},',
      body: 'A new session has been created on your {{b}}{{project}}{{/b}} account, {{b}}on {{date}}, {{year}} at {{time}} UTC{{/b}}.\nHere are the details of the new session: ',
      listDevice: 'Device: {{b}}{{device}}{{/b}}',
      listIpAddress: 'IP Address: {{b}}{{ipAddress}}{{/b}}',
      listCountry: 'Country: {{b}}{{country}}{{/b}}',
      footer:
        "If this was you, there's nothing more you need to do.\nIf you didn't initiate this session or suspect any unauthorized activity, please secure your account.",
      thanks: 'Thanks,',
      signature: '{{project}} team',
      direction: 'ltr',
    },
    de: {
      subject: 'Sicherheitshinweis: neue Sitzung in deinem {{project}}-Konto',
      preview: 'Neue Anmeldung bei {{project}} um {{time}} UTC erkannt.',
      hello: 'Hallo {{user}},',
      body: 'In deinem {{b}}{{project}}{{/b}}-Konto wurde eine neue Sitzung erstellt, {{b}}am {{date}} {{year}} um {{time}} UTC{{/b}}.\nDie Details der neuen Sitzung: ',
      listDevice: 'Gerät: {{b}}{{device}}{{/b}}',
      listIpAddress: 'IP-Adresse: {{b}}{{ipAddress}}{{/b}}',
      listCountry: 'Land: {{b}}{{country}}{{/b}}',
      footer:
        'Wenn du das warst, musst du nichts weiter tun.\nWenn du diese Sitzung nicht gestartet hast oder unbefugte Aktivitäten vermutest, sichere bitte dein Konto.',
      thanks: 'Viele Grüße',
      signature: 'Dein {{project}}-Team',
    },
    fr: {
      subject: 'Alerte de sécurité : nouvelle session sur votre compte {{project}}',
      preview: 'Nouvelle connexion détectée sur {{project}} à {{time}} UTC.',
      hello: 'Bonjour {{user}},',
      body: 'Une nouvelle session a été ouverte sur votre compte {{b}}{{project}}{{/b}}, {{b}}le {{date}} {{year}} à {{time}} UTC{{/b}}.\nVoici les détails de cette session : ',
      listDevice: 'Appareil : {{b}}{{device}}{{/b}}',
      listIpAddress: 'Adresse IP : {{b}}{{ipAddress}}{{/b}}',
      listCountry: 'Pays : {{b}}{{country}}{{/b}}',
      footer:
        'Si c’était vous, vous n’avez rien d’autre à faire.\nSi vous n’êtes pas à l’origine de cette session ou soupçonnez une activité non autorisée, sécurisez votre compte.',
      thanks: 'Merci,',
      signature: 'L’équipe {{project}}',
    },
    es: {
      subject: 'Alerta de seguridad: nueva sesión en tu cuenta de {{project}}',
      preview: 'Nuevo inicio de sesión detectado en {{project}} a las {{time}} UTC.',
      hello: 'Hola {{user}}:',
      body: 'Se ha creado una nueva sesión en tu cuenta de {{b}}{{project}}{{/b}}, {{b}}el {{date}} de {{year}} a las {{time}} UTC{{/b}}.\nEstos son los detalles de la nueva sesión: ',
      listDevice: 'Dispositivo: {{b}}{{device}}{{/b}}',
      listIpAddress: 'Dirección IP: {{b}}{{ipAddress}}{{/b}}',
      listCountry: 'País: {{b}}{{country}}{{/b}}',
      footer:
        'Si fuiste tú, no tienes que hacer nada más.\nSi no iniciaste esta sesión o sospechas de alguna actividad no autorizada, protege tu cuenta.',
      thanks: 'Gracias,',
      signature: 'El equipo de {{project}}',
    },
    'pt-br': {
      subject: 'Alerta de segurança: nova sessão na sua conta do {{project}}',
      preview: 'Novo login detectado no {{project}} às {{time}} UTC.',
      hello: 'Olá, {{user}},',
      body: 'Uma nova sessão foi criada na sua conta do {{b}}{{project}}{{/b}}, {{b}}em {{date}} de {{year}} às {{time}} UTC{{/b}}.\nEstes são os detalhes da nova sessão: ',
      listDevice: 'Dispositivo: {{b}}{{device}}{{/b}}',
      listIpAddress: 'Endereço IP: {{b}}{{ipAddress}}{{/b}}',
      listCountry: 'País: {{b}}{{country}}{{/b}}',
      footer:
        'Se foi você, não precisa fazer mais nada.\nSe você não iniciou esta sessão ou suspeita de atividade não autorizada, proteja sua conta.',
      thanks: 'Obrigado,',
      signature: 'Equipe {{project}}',
    },
    it: {
      subject: 'Avviso di sicurezza: nuova sessione sul tuo account {{project}}',
      preview: 'Nuovo accesso rilevato su {{project}} alle {{time}} UTC.',
      hello: 'Ciao {{user}},',
      body: 'È stata creata una nuova sessione sul tuo account {{b}}{{project}}{{/b}}, {{b}}il {{date}} {{year}} alle {{time}} UTC{{/b}}.\nEcco i dettagli della nuova sessione: ',
      listDevice: 'Dispositivo: {{b}}{{device}}{{/b}}',
      listIpAddress: 'Indirizzo IP: {{b}}{{ipAddress}}{{/b}}',
      listCountry: 'Paese: {{b}}{{country}}{{/b}}',
      footer:
        'Se sei stato tu, non devi fare altro.\nSe non hai avviato tu questa sessione o sospetti attività non autorizzate, proteggi il tuo account.',
      thanks: 'Grazie,',
      signature: 'Il team di {{project}}',
    },
  },
};
