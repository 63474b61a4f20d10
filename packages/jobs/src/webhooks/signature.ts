import { createHmac } from 'node:crypto';

/**
 * PHP's `rawurldecode` on bytes: `%XX` becomes that byte, `+` stays, a malformed `%` is kept.
 * Appwrite 1.9.6 signs the decoded URL (docs/events.md#signature).
 */
export function rawUrlDecode(url: string): Buffer {
  const bytes: Buffer[] = [];
  let plain = '';
  for (let index = 0; index < url.length; index++) {
    const hex = url.slice(index + 1, index + 3);
    if (url[index] === '%' && /^[0-9a-fA-F]{2}$/.test(hex)) {
      bytes.push(Buffer.from(plain, 'utf8'), Buffer.from([parseInt(hex, 16)]));
      plain = '';
      index += 2;
    } else {
      plain += url[index];
    }
  }
  bytes.push(Buffer.from(plain, 'utf8'));
  return Buffer.concat(bytes);
}

/**
 * `X-Appwrite-Webhook-Signature`: base64(HMAC-SHA1(secret, URL + body)) with the URL
 * percent-decoded, as Appwrite 1.9.6 (the version Roster follows), so its receivers verify
 * Roster's deliveries unchanged.
 */
export function appwriteSignature(secret: string, url: string, body: string): string {
  return createHmac('sha1', secret).update(rawUrlDecode(url)).update(body, 'utf8').digest('base64');
}

/**
 * `X-Roster-Signature`: an HMAC-SHA256 that also covers the timestamp and the event id, so a
 * receiver can refuse a captured request replayed later (Appwrite's signature covers neither).
 * `v1=<hex>` of HMAC-SHA256(secret, `${timestamp}.${eventId}.${body}`).
 */
export function rosterSignature(secret: string, timestamp: number, eventId: string, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${eventId}.`).update(body, 'utf8').digest('hex')}`;
}
