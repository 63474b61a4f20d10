/** What the API reads of an HTTP request and may write on its response; both adapters provide them. */

export interface CookieOptions {
  expires: Date;
  httpOnly: boolean;
  secure: boolean;
  sameSite?: 'none' | 'lax';
  domain?: string;
  path: string;
}

/** The parts of an HTTP request the API reads; both adapters (and tests) provide them. */
export interface HttpRequest {
  headers: Readonly<Record<string, string | string[] | undefined>>;
  ip: string;
  hostname: string;
  secure: boolean;
}

/** What the API may write on the response besides the body. */
export interface HttpResponse {
  setHeader(name: string, value: string): void;
  setCookie(name: string, value: string, options: CookieOptions): void;
}

/** A single header value (the first when repeated), lower-cased name. */
export function header(req: HttpRequest, name: string): string | undefined {
  const value = req.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}
