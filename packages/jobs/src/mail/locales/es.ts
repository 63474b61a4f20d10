import { type InvitationStrings } from '../invitation-strings.ts';

export const es: InvitationStrings = {
  subject: 'Invitación al equipo {{team}} en {{project}}',
  preview: '{{owner}} te ha invitado a unirte a {{team}} en {{project}}',
  hello: 'Hola, {{user}}:',
  body: 'Recibes este correo porque {{b}}{{owner}}{{/b}} te ha invitado a formar parte del equipo {{b}}{{team}}{{/b}} en {{b}}{{project}}{{/b}}.',
  buttonText: 'Aceptar la invitación a {{team}}',
  footer: 'Si no te interesa, puedes ignorar este mensaje.',
  thanks: 'Gracias,',
  signature: 'El equipo de {{project}}',
  direction: 'ltr',
};
