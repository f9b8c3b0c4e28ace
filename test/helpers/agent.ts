import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { currentTotpCode } from '../../src/modules/accounts/index.ts';
import type { TestPerson } from './factories.ts';

// A random start, so a PostgreSQL test database reused across runs never sees an address
// (and its sign-in attempts or rate-limit hits) from an earlier run.
let addressCounter = Math.floor(Math.random() * 2 ** 30);

/** A fresh client address, so throttling in one test never touches another. */
export function freshIp(): string {
  addressCounter += 1;
  return `fd00::${((addressCounter >>> 16) & 0xffff).toString(16)}:${(addressCounter & 0xffff).toString(16)}`;
}

/**
 * A browser-like client for `app.inject`: keeps cookies between requests and fills in the
 * CSRF token the way a page's form would.
 */
export class Agent {
  private readonly cookies = new Map<string, string>();
  readonly ip = freshIp();

  constructor(private readonly app: FastifyInstance) {}

  /** Sends a request with this agent's cookies and address; remembers cookies it sets. */
  async request(options: InjectOptions): Promise<LightMyRequestResponse> {
    const cookieHeader = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    const response = await this.app.inject({
      remoteAddress: this.ip,
      ...options,
      headers: { ...(cookieHeader ? { cookie: cookieHeader } : {}), ...(options.headers ?? {}) },
    });
    for (const cookie of response.cookies as { name: string; value: string; maxAge?: number; expires?: Date }[]) {
      const expired =
        cookie.maxAge === 0 ||
        (cookie.expires !== undefined && cookie.expires.getTime() < Date.now()) ||
        cookie.value === '';
      if (expired) {
        this.cookies.delete(cookie.name);
      } else {
        this.cookies.set(cookie.name, cookie.value);
      }
    }
    return response;
  }

  /** GET a page or API path. */
  get(url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    return this.request({ method: 'GET', url, headers });
  }

  /** A CSRF token valid for this agent's cookie (as found in any page's form). */
  async csrfToken(): Promise<string> {
    const page = await this.get('/password-reset');
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
    if (!token) {
      throw new Error('No CSRF token on the page');
    }
    return token;
  }

  /** Submits a form as a browser would, with the CSRF token unless `withCsrf` is false. */
  async postForm(
    url: string,
    fields: Record<string, string>,
    options: { withCsrf?: boolean } = {},
  ): Promise<LightMyRequestResponse> {
    const body = new URLSearchParams(fields);
    if (options.withCsrf !== false) {
      body.set('_csrf', await this.csrfToken());
    }
    return this.request({
      method: 'POST',
      url,
      payload: body.toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
  }

  /** Sends JSON to the API with the CSRF header unless `withCsrf` is false. */
  async sendJson(
    method: 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    payload: unknown,
    options: { withCsrf?: boolean } = {},
  ): Promise<LightMyRequestResponse> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (options.withCsrf !== false) {
      headers['x-csrf-token'] = await this.csrfToken();
    }
    return this.request({ method, url, payload: JSON.stringify(payload), headers });
  }
}

/** Signs a person in (with their TOTP code when they have one) and returns their agent. */
export async function signIn(app: FastifyInstance, person: TestPerson): Promise<Agent> {
  const agent = new Agent(app);
  const response = await agent.postForm('/sign-in', { email: person.email, password: person.password });
  if (response.statusCode !== 303) {
    throw new Error(`Sign-in failed for ${person.email}: ${response.statusCode}`);
  }
  if (response.headers.location?.startsWith('/sign-in/two-factor')) {
    if (!person.totpSecret) {
      throw new Error('Two-factor needed but the person has no secret');
    }
    const second = await agent.postForm('/sign-in/two-factor', { code: currentTotpCode(person.totpSecret) });
    if (second.statusCode !== 303) {
      throw new Error(`Second factor failed for ${person.email}: ${second.statusCode}`);
    }
  }
  return agent;
}
