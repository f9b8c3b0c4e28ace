/**
 * A real OpenID Connect provider (oidc-provider) on a free loopback port, for the single sign-on
 * tests. Its login and consent pages are replaced by one step that signs in whoever the test
 * names next (`idp.nextLogin`), so a test drives the whole authorisation code flow over HTTP.
 */
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LightMyRequestResponse } from 'fastify';
import Provider from 'oidc-provider';
import type { Agent } from './agent.ts';

/** What the provider knows about one of its people: the claims it asserts for them. */
export interface ProviderAccount {
  email?: string;
  email_verified?: boolean;
  name?: string;
  tid?: string;
}

/** The next login's authentication facts, as the ID token will carry them. */
export interface NextLogin {
  accountId: string;
  amr?: string[];
  acr?: string;
}

/** A running provider. */
export interface TestProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Adds a person and returns their subject. */
  addAccount(account: ProviderAccount): string;
  /** Changes what the provider asserts about a person. */
  updateAccount(subject: string, account: ProviderAccount): void;
  /** Who signs in at the next authorisation request. */
  nextLogin: NextLogin | null;
  close(): Promise<void>;
}

/** The provider's artefacts (sessions, codes, grants) in memory, for one test run. */
class MemoryAdapter {
  private static readonly rows = new Map<string, { payload: Record<string, unknown>; expiresAt: number }>();
  constructor(private readonly model: string) {}
  private key(id: string): string {
    return `${this.model}:${id}`;
  }
  async upsert(id: string, payload: Record<string, unknown>, expiresIn: number): Promise<void> {
    MemoryAdapter.rows.set(this.key(id), { payload, expiresAt: Date.now() + expiresIn * 1000 });
  }
  async find(id: string): Promise<Record<string, unknown> | undefined> {
    const row = MemoryAdapter.rows.get(this.key(id));
    return row && row.expiresAt > Date.now() ? row.payload : undefined;
  }
  async findByUserCode(): Promise<undefined> {
    return undefined;
  }
  async findByUid(uid: string): Promise<Record<string, unknown> | undefined> {
    for (const [key, row] of MemoryAdapter.rows) {
      if (key.startsWith(`${this.model}:`) && row.payload.uid === uid) {
        return row.payload;
      }
    }
    return undefined;
  }
  async consume(id: string): Promise<void> {
    const row = MemoryAdapter.rows.get(this.key(id));
    if (row) {
      row.payload.consumed = Math.floor(Date.now() / 1000);
    }
  }
  async destroy(id: string): Promise<void> {
    MemoryAdapter.rows.delete(this.key(id));
  }
  async revokeByGrantId(grantId: string): Promise<void> {
    for (const [key, row] of MemoryAdapter.rows) {
      if (row.payload.grantId === grantId) {
        MemoryAdapter.rows.delete(key);
      }
    }
  }
}

/** Starts a provider with one confidential client whose redirect address is `redirectUrl`. */
export async function startTestProvider(redirectUrl: string): Promise<TestProvider> {
  const accounts = new Map<string, ProviderAccount>();
  const server: Server = createServer();
  // The provider never closes an idle connection itself (the app's fetch does), so a busy
  // machine's late timers cannot make the app reuse one the provider has just closed.
  server.keepAliveTimeout = 0;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientId = `thirdspace-${randomUUID().slice(0, 8)}`;
  const clientSecret = randomUUID();
  const signingKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [redirectUrl],
        post_logout_redirect_uris: [new URL('/sign-in?notice=signed-out', redirectUrl).href],
        response_types: ['code'],
        grant_types: ['authorization_code'],
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    jwks: { keys: [{ ...signingKey, kid: 'test-signing-key', use: 'sig', alg: 'RS256' }] },
    cookies: { keys: [randomUUID()] },
    adapter: MemoryAdapter,
    ttl: { AccessToken: 600, AuthorizationCode: 60, Grant: 600, IdToken: 600, Interaction: 600, Session: 600 },
    // Like CIS2 and Entra ID, every ID token says how the person authenticated (acr, amr).
    claims: {
      sid: null,
      auth_time: null,
      iss: null,
      openid: ['sub', 'acr', 'amr'],
      email: ['email', 'email_verified'],
      profile: ['name', 'tid'],
    },
    features: { devInteractions: { enabled: false }, rpInitiatedLogout: { enabled: true } },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    async findAccount(_ctx: unknown, sub: string) {
      const account = accounts.get(sub);
      return account ? { accountId: sub, claims: async () => ({ sub, ...account }) } : undefined;
    },
  });

  const test: TestProvider = {
    issuer,
    clientId,
    clientSecret,
    nextLogin: null,
    addAccount(account) {
      const subject = randomUUID();
      accounts.set(subject, account);
      return subject;
    },
    updateAccount(subject, account) {
      accounts.set(subject, account);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };

  const handle = provider.callback();
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (!req.url?.startsWith('/interaction/')) {
      handle(req, res);
      return;
    }
    void finishInteraction(provider, test, req, res).catch((error: unknown) => {
      res.statusCode = 500;
      res.end(String(error));
    });
  });
  return test;
}

/** Signs in the person the test named and grants what the client asked for: no pages to fill in. */
async function finishInteraction(
  provider: Provider,
  test: TestProvider,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const details = await provider.interactionDetails(req, res);
  const login = test.nextLogin;
  if (!login) {
    await provider.interactionFinished(req, res, { error: 'access_denied', error_description: 'cancelled' });
    return;
  }
  const grant = new provider.Grant({ accountId: login.accountId, clientId: String(details.params.client_id) });
  grant.addOIDCScope(String(details.params.scope));
  const grantId = await grant.save();
  await provider.interactionFinished(
    req,
    res,
    { login: { accountId: login.accountId, amr: login.amr, acr: login.acr }, consent: { grantId } },
    { mergeWithLastSubmission: false },
  );
}

/**
 * Follows the provider's redirects from an authorisation address, as a browser would (keeping
 * its cookies), until it sends the person back to `redirectUrl`; returns that address.
 */
export async function followToCallback(authorisationUrl: string, redirectUrl: string): Promise<URL> {
  const cookies = new Map<string, string>();
  let url = new URL(authorisationUrl);
  for (let hop = 0; hop < 10; hop += 1) {
    if (url.href.startsWith(redirectUrl)) {
      return url;
    }
    const response = await fetch(url, {
      redirect: 'manual',
      headers: { cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join('; ') },
    });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair = ''] = cookie.split(';');
      const [name = '', value = ''] = pair.split('=');
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(cookie)) {
        cookies.delete(name.trim());
      } else {
        cookies.set(name.trim(), value);
      }
    }
    const location = response.headers.get('location');
    if (!location) {
      throw new Error(`The provider stopped at ${url.pathname} with ${response.status}: ${await response.text()}`);
    }
    url = new URL(location, url);
  }
  throw new Error('Too many redirects at the provider');
}

/** Where the test provider's client is sent back to: the test app's callback. */
export const TEST_REDIRECT_URL = 'http://thirdspace.test/sign-in/sso/callback';

/** The configuration that points an app at the test provider. */
export function ssoSettings(idp: TestProvider, extra: Record<string, string> = {}): Record<string, string> {
  return {
    OIDC_ISSUER: idp.issuer,
    OIDC_CLIENT_ID: idp.clientId,
    OIDC_CLIENT_SECRET: idp.clientSecret,
    OIDC_BUTTON_LABEL: 'Sign in with NHS Care Identity',
    // The provider shares the test process (and a busy machine): allow it time.
    OIDC_TIMEOUT_SECONDS: '60',
    ...extra,
  };
}

/**
 * A whole single sign-on through the app and the provider: the start link, the provider's
 * redirects (`login` signs in there; null cancels), and the callback, which `alter` may tamper
 * with first. Returns the app's answer to the callback.
 */
export async function signInThroughIssuer(
  agent: Agent,
  idp: TestProvider,
  login: NextLogin | null,
  options: { returnTo?: string; alter?: (callback: URL) => void; beforeCallback?: () => void } = {},
): Promise<LightMyRequestResponse> {
  idp.nextLogin = login;
  const start = await agent.get(`/sign-in/sso?returnTo=${encodeURIComponent(options.returnTo ?? '/')}`);
  if (start.statusCode !== 303 || !start.headers.location) {
    throw new Error(`Single sign-on did not start: ${start.statusCode}`);
  }
  const callback = await followToCallback(start.headers.location, TEST_REDIRECT_URL);
  options.alter?.(callback);
  options.beforeCallback?.();
  return agent.get(`${callback.pathname}${callback.search}`);
}
