/** What a failed SMTP send means for the next step. */
export interface SmtpFailure {
  /** The server refused this message for good (5xx but 503, or a bad envelope): do not retry. */
  permanent: boolean;
  /** For `lastError`: the server's reply when there is one, else the client-side reason. */
  reason: string;
}

interface SmtpErrorFields {
  code?: unknown;
  responseCode?: unknown;
  response?: unknown;
  permanent?: unknown;
  message?: unknown;
}

/**
 * Classifies a nodemailer error. A reply code decides (RFC 5321: 4yz transient, 5yz permanent,
 * 503 aside, which nodemailer 10 also reports as `permanent`); errors without a reply (connection
 * refused, reset, timeouts, TLS, authentication) are transient: the server or its settings may
 * come back, and the retries are bounded by the job's attempts.
 */
export function classifySmtpError(error: unknown): SmtpFailure {
  const fields: SmtpErrorFields = typeof error === 'object' && error !== null ? error : {};
  const responseCode = typeof fields.responseCode === 'number' ? fields.responseCode : undefined;
  const response = typeof fields.response === 'string' ? fields.response.trim() : '';
  const code = typeof fields.code === 'string' ? fields.code : '';
  const message = typeof fields.message === 'string' ? fields.message : String(error);
  const permanent =
    typeof fields.permanent === 'boolean'
      ? fields.permanent
      : responseCode !== undefined
        ? responseCode >= 500 && responseCode < 600 && responseCode !== 503
        : code === 'EENVELOPE';
  const reason = (response || (code ? `${code}: ${message}` : message)).slice(0, 1000);
  return { permanent, reason };
}
