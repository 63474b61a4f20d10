/**
 * Direct tRPC calls for test set-up that is not what a test is about (an account, a team, an
 * invitation), so each browser test only clicks through what it checks.
 */
export class ApiClient {
  private cookie = '';

  constructor(private readonly baseUrl: string) {}

  async call<T = unknown>(
    procedure: string,
    input: unknown,
    kind: 'mutation' | 'query' = 'mutation',
  ): Promise<T> {
    const headers: Record<string, string> = { 'content-type': 'application/json', origin: this.baseUrl };
    if (this.cookie) headers.cookie = this.cookie;
    const response =
      kind === 'mutation'
        ? await fetch(`${this.baseUrl}/trpc/${procedure}`, {
            method: 'POST',
            headers,
            body: JSON.stringify(input),
          })
        : await fetch(
            `${this.baseUrl}/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify(input))}`,
            {
              headers,
            },
          );
    const setCookies = response.headers.getSetCookie();
    if (setCookies.length > 0) this.cookie = setCookies.map((cookie) => cookie.split(';')[0]).join('; ');
    const body = (await response.json()) as { result?: { data: T }; error?: { data?: { type?: string } } };
    if (!body.result) throw new Error(`${procedure} failed: ${JSON.stringify(body.error)}`);
    return body.result.data;
  }

  /** Signs up and signs in (the client keeps the session cookie). */
  async signUp(user: { name: string; email: string; password: string }): Promise<{ $id: string }> {
    const created = await this.call<{ $id: string }>('account.create', { userId: 'unique()', ...user });
    await this.call('account.createEmailPasswordSession', { email: user.email, password: user.password });
    return created;
  }
}
