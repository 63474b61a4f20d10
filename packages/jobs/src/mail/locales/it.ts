import { type InvitationStrings } from '../invitation-strings.ts';

export const it: InvitationStrings = {
  subject: 'Invito al team {{team}} su {{project}}',
  preview: '{{owner}} ti ha invitato a unirti a {{team}} su {{project}}',
  hello: 'Ciao {{user}},',
  body: 'Ricevi questa e-mail perché {{b}}{{owner}}{{/b}} ti ha invitato a diventare membro del team {{b}}{{team}}{{/b}} su {{b}}{{project}}{{/b}}.',
  buttonText: 'Accetta l’invito a {{team}}',
  footer: 'Se non ti interessa, puoi ignorare questo messaggio.',
  thanks: 'Grazie,',
  signature: 'Il team di {{project}}',
  direction: 'ltr',
};
