import { type HttpRequestSpec } from './load.ts';

/** Sends one request and reads the whole body; the status, or 0 when the connection failed. */
export async function send(
  baseUrl: string,
  request: HttpRequestSpec,
): Promise<{ status: number; body: string }> {
  try {
    const response = await fetch(`${baseUrl}${request.path}`, {
      method: request.method,
      headers: { ...request.headers, ...(request.body ? { 'content-type': 'application/json' } : {}) },
      ...(request.body ? { body: request.body } : {}),
    });
    return { status: response.status, body: await response.text() };
  } catch (error) {
    return { status: 0, body: error instanceof Error ? error.message : String(error) };
  }
}
