import { type InvitationStrings } from '../invitation-strings.ts';

export const ptBr: InvitationStrings = {
  subject: 'Convite para a equipe {{team}} em {{project}}',
  preview: '{{owner}} convidou você para participar de {{team}} em {{project}}',
  hello: 'Olá, {{user}},',
  body: 'Você está recebendo este e-mail porque {{b}}{{owner}}{{/b}} convidou você para fazer parte da equipe {{b}}{{team}}{{/b}} em {{b}}{{project}}{{/b}}.',
  buttonText: 'Aceitar o convite para {{team}}',
  footer: 'Se não tiver interesse, é só ignorar esta mensagem.',
  thanks: 'Obrigado,',
  signature: 'Equipe {{project}}',
  direction: 'ltr',
};
