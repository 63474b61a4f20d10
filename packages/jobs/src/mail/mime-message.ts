import * as base64 from 'nodemailer/lib/base64';
import MailComposer from 'nodemailer/lib/mail-composer';
import type MimeNode from 'nodemailer/lib/mime-node';
import * as qp from 'nodemailer/lib/qp';

/** One email as the processor hands it over (processors/send-mail.ts `OutgoingMail`). */
export interface MimeInput {
  from: string;
  to: { name: string; address: string };
  subject: string;
  html: string;
  text: string;
  messageId: string;
  headers: Record<string, string>;
}

/** What nodemailer sends as `{ envelope, raw }`: the SMTP envelope and the finished message. */
export interface MimeMessage {
  envelope: { from: string | false; to: string[] };
  raw: Buffer;
  messageId: string;
}

/**
 * The message nodemailer would send for `mail`, built in one synchronous pass. nodemailer's own
 * `MailComposer` builds the MIME tree (headers, boundaries, the transfer encoding of each part),
 * and its own quoted-printable and base64 encoders encode the parts; only the walk over the tree
 * is ours. nodemailer's `build()` walks it with a stream pipeline per part, which, with the socket
 * write of every chunk that follows, was a fifth of the mail worker's CPU (docs/benchmarks.md):
 * sent as `raw`, the message leaves in one buffer. The bytes are nodemailer's, to the byte
 * (mime-message.test.ts compares them with `build()` and parses them with mailparser).
 */
export function buildMimeMessage(mail: MimeInput): MimeMessage {
  const root = mimeTree(mail);
  return {
    envelope: root.getEnvelope(),
    raw: Buffer.from(serializeMime(root), 'utf8'),
    messageId: root.messageId(),
  };
}

/** nodemailer's MIME tree of the message, exactly as its `sendMail` composes it. */
export function mimeTree(mail: MimeInput): MimeNode {
  return new MailComposer({
    from: mail.from,
    to: mail.to,
    subject: mail.subject,
    html: mail.html,
    text: mail.text,
    messageId: mail.messageId,
    headers: mail.headers,
  }).compile();
}

/** A MIME tree whose contents are strings, as `root.build()` would write it. */
export function serializeMime(root: MimeNode): string {
  const out: string[] = [];
  writeNode(root, out);
  const message = out.join('');
  // As nodemailer's last stage (LastNewline): the message ends with a line break.
  if (message.endsWith('\n')) return message;
  return message + (message.endsWith('\r') ? '\n' : '\r\n');
}

/** `MimeNode.stream` for a tree whose contents are strings, in one pass. */
function writeNode(node: MimeNode, out: string[]): void {
  const encoding = node.getTransferEncoding();
  out.push(`${node.buildHeaders()}\r\n\r\n`);
  const { content } = node;
  if (content !== undefined && content !== '') {
    if (typeof content !== 'string') throw new Error('buildMimeMessage: only text contents');
    if (encoding === 'quoted-printable') out.push(qp.wrap(qp.encode(content), 76));
    else if (encoding === 'base64') out.push(base64.wrap(base64.encode(content), 76));
    else out.push(content);
  }
  if (!node.multipart) return;
  node.childNodes.forEach((child, index) => {
    out.push(`${index > 0 ? '\r\n' : ''}--${String(node.boundary)}\r\n`);
    writeNode(child, out);
  });
  out.push(`\r\n--${String(node.boundary)}--\r\n`);
}
