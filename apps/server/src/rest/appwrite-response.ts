import { type ServerResponse } from 'node:http';
import { APPWRITE_VERSION, ERROR_TYPES, type ErrorBody, type ErrorType } from '@roster/api';

/** The part of trpc-to-openapi's error JSON we read: our error formatter's `data`. */
interface AdapterErrorBody {
  message?: string;
  data?: { type?: ErrorType; requestId?: string };
}

/** Appwrite's `{ message, code, type, version }` from the adapter's `{ ...shape, code: 'NOT_FOUND' }`. */
export function toAppwriteErrorBody(adapterBody: AdapterErrorBody, status: number): ErrorBody {
  const type = adapterBody.data?.type ?? 'general_unknown';
  const requestId = adapterBody.data?.requestId;
  return {
    message: adapterBody.message ?? ERROR_TYPES[type].message,
    code: status,
    type,
    version: APPWRITE_VERSION,
    ...(requestId ? { requestId } : {}),
  };
}

/**
 * trpc-to-openapi writes its own error body and sends `Content-Type: application/json` even on
 * an empty 204, and offers no hook for either (`responseMeta` sets only status and headers).
 * This fixes both as the adapter sends its response: Appwrite's error body, and a bare 204 that
 * the SDKs do not try to parse as JSON. Returns the function that undoes it, for requests the
 * adapter passes on.
 */
export function sendAppwriteResponses(res: ServerResponse): () => void {
  const end = res.end.bind(res) as (chunk?: unknown) => ServerResponse;
  res.end = ((chunk?: unknown) => {
    if (res.statusCode === 204) {
      res.removeHeader('Content-Type');
      return end();
    }
    if (res.statusCode < 400 || typeof chunk !== 'string') return end(chunk);
    const body = toAppwriteErrorBody(JSON.parse(chunk) as AdapterErrorBody, res.statusCode);
    return end(JSON.stringify(body));
  }) as ServerResponse['end'];
  return () => {
    res.end = end as ServerResponse['end'];
  };
}
