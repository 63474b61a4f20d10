import { send } from './http.ts';
import { type HttpRequestSpec } from './load.ts';
import { BENCH_PROJECT_ID } from './servers.ts';

/** Appwrite's server-side headers: project and API key. */
export const appwriteKeyHeaders = (apiKey: string) => ({
  'x-appwrite-project': BENCH_PROJECT_ID,
  'x-appwrite-key': apiKey,
});

/**
 * Whether `request` answers 2xx on this server: the REST adapter (/v1) is built alongside this
 * bench, and until it is, its rows say so instead of failing the run.
 */
export async function answers(baseUrl: string, request: HttpRequestSpec): Promise<boolean> {
  const { status } = await send(baseUrl, request);
  return status >= 200 && status < 300;
}
