import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../../app.ts';
import { Agent } from '../../../../test/helpers/agent.ts';
import { buildPerson, buildPractice } from '../../../../test/helpers/factories.ts';
import {
  signInThroughIssuer,
  ssoSettings,
  startTestProvider,
  TEST_REDIRECT_URL,
  type TestProvider,
} from '../../../../test/helpers/oidc-provider.ts';
import { loadTestConfig, testAppWith, testWorld } from '../../../../test/helpers/test-app.ts';

/** The refusals audited from one agent's address, as their reasons. */
async function refusalsFrom(app: FastifyInstance, agent: Agent): Promise<unknown[]> {
  const rows = await app.db
    .selectFrom('audit_events')
    .select(['details', 'actor_user_id'])
    .where('ip', '=', agent.ip)
    .where('action', '=', 'sso.refused')
    .orderBy('id')
    .execute();
  assert.ok(
    rows.every((row) => row.actor_user_id === null),
    'nobody is the actor of a refused sign-in',
  );
  return rows.map((row) => (row.details as { reason: string }).reason);
}

/** The refusal page: its status, with a way back to the sign-in page and no session. */
function assertRefusalPage(response: LightMyRequestResponse, status: number, heading: RegExp): void {
  assert.equal(response.statusCode, status);
  assert.match(response.body, heading);
  assert.match(response.body, /href="\/sign-in"/);
  assert.doesNotMatch(String(response.headers['set-cookie'] ?? ''), /ts_session=[\w-]/);
}

/** A free loopback port with nothing listening on it: an issuer that is down. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('single sign-on refusals', () => {
  let idp: TestProvider;
  let app: FastifyInstance;

  before(async () => {
    idp = await startTestProvider(TEST_REDIRECT_URL);
    app = await testAppWith(ssoSettings(idp));
  });

  after(async () => {
    await idp?.close();
  });

  async function personAtIssuer(claims: { email_verified?: boolean; tid?: string } = { email_verified: true }) {
    const practice = await buildPractice(app.db);
    const person = await buildPerson(app.db, { roles: [[practice, 'champion']] });
    return { person, subject: idp.addAccount({ email: person.email, ...claims }) };
  }

  test('an email no account has is refused with a 403, and nothing is linked', async () => {
    const subject = idp.addAccount({ email: `stranger.${Date.now()}@example.test`, email_verified: true });
    const agent = new Agent(app);
    const response = await signInThroughIssuer(agent, idp, { accountId: subject });
    assertRefusalPage(response, 403, /There is no Thirdspace account for you yet/);
    assert.deepEqual(await refusalsFrom(app, agent), ['unknown-email']);
    const links = await app.db.selectFrom('oidc_identities').select('id').where('subject', '=', subject).execute();
    assert.deepEqual(links, []);
  });

  test('an unverified email is refused, even when an account has it', async () => {
    const { subject } = await personAtIssuer({ email_verified: false });
    const agent = new Agent(app);
    const response = await signInThroughIssuer(agent, idp, { accountId: subject });
    assertRefusalPage(response, 403, /Your email address has not been confirmed/);
    assert.deepEqual(await refusalsFrom(app, agent), ['email-not-verified']);
  });

  test('issuer trust for one tenant accepts its unverified addresses and refuses other tenants', async () => {
    const trusting = await testAppWith(
      ssoSettings(idp, { OIDC_EMAIL_TRUST: 'issuer', OIDC_TENANT_ID: 'nhsmail-tenant' }),
    );
    const { subject } = await personAtIssuer({ tid: 'nhsmail-tenant' });
    assert.equal((await signInThroughIssuer(new Agent(trusting), idp, { accountId: subject })).statusCode, 303);
    const other = await personAtIssuer({ email_verified: true, tid: 'another-tenant' });
    const agent = new Agent(trusting);
    assertRefusalPage(await signInThroughIssuer(agent, idp, { accountId: other.subject }), 403, /cannot sign in/);
    assert.deepEqual(await refusalsFrom(trusting, agent), ['wrong-tenant']);
  });

  test('a tampered state is refused with a 400, and the code is not redeemed for anyone', async () => {
    const { person, subject } = await personAtIssuer();
    const agent = new Agent(app);
    const response = await signInThroughIssuer(
      agent,
      idp,
      { accountId: subject },
      {
        alter: (callback) => callback.searchParams.set('state', 'forged-state'),
      },
    );
    assertRefusalPage(response, 400, /Your sign-in could not be completed/);
    assert.deepEqual(await refusalsFrom(app, agent), ['invalid-response']);
    const links = await app.db.selectFrom('oidc_identities').select('id').where('user_id', '=', person.id).execute();
    assert.deepEqual(links, []);
  });

  test('a callback in another browser, or replayed, finds no sign-in in progress', async () => {
    const { subject } = await personAtIssuer();
    const agent = new Agent(app);
    let callbackPath = '';
    const first = await signInThroughIssuer(
      agent,
      idp,
      { accountId: subject },
      {
        alter: (callback) => {
          callbackPath = `${callback.pathname}${callback.search}`;
        },
      },
    );
    assert.equal(first.statusCode, 303);
    const elsewhere = new Agent(app);
    assertRefusalPage(await elsewhere.get(callbackPath), 400, /Your sign-in has timed out/);
    assert.deepEqual(await refusalsFrom(app, elsewhere), ['no-sign-in']);
    assertRefusalPage(await agent.get(callbackPath), 400, /Your sign-in has timed out/);
  });

  test('a sign-in that takes more than ten minutes is refused', async () => {
    const world = await testWorld();
    let offset = 0;
    const slowApp = await buildApp(loadTestConfig(ssoSettings(idp)), {
      database: world.database,
      logger: false,
      startJobs: false,
      clock: { now: () => new Date(Date.now() + offset) },
    });
    try {
      const { subject } = await personAtIssuer();
      const agent = new Agent(slowApp);
      const response = await signInThroughIssuer(
        agent,
        idp,
        { accountId: subject },
        {
          beforeCallback: () => {
            offset = 11 * 60_000;
          },
        },
      );
      assertRefusalPage(response, 400, /Your sign-in has timed out/);
    } finally {
      await slowApp.close();
    }
  });

  test('a disabled account is refused, whether already linked or not', async () => {
    const { person, subject } = await personAtIssuer();
    assert.equal((await signInThroughIssuer(new Agent(app), idp, { accountId: subject })).statusCode, 303);
    await app.db.updateTable('users').set({ disabled_at: new Date() }).where('id', '=', person.id).execute();
    const agent = new Agent(app);
    assertRefusalPage(await signInThroughIssuer(agent, idp, { accountId: subject }), 403, /turned off/);

    const unlinked = await personAtIssuer();
    await app.db.updateTable('users').set({ disabled_at: new Date() }).where('id', '=', unlinked.person.id).execute();
    assertRefusalPage(await signInThroughIssuer(agent, idp, { accountId: unlinked.subject }), 403, /turned off/);
    assert.deepEqual(await refusalsFrom(app, agent), ['disabled', 'disabled']);
  });

  test('a second identity with the same email cannot take over a linked account', async () => {
    const { person, subject } = await personAtIssuer();
    assert.equal((await signInThroughIssuer(new Agent(app), idp, { accountId: subject })).statusCode, 303);
    const impostor = idp.addAccount({ email: person.email, email_verified: true });
    const agent = new Agent(app);
    assertRefusalPage(await signInThroughIssuer(agent, idp, { accountId: impostor }), 409, /linked to a different/);
    assert.deepEqual(await refusalsFrom(app, agent), ['linked-elsewhere']);
  });

  test('cancelling at the issuer shows a way back', async () => {
    const agent = new Agent(app);
    assertRefusalPage(await signInThroughIssuer(agent, idp, null), 400, /You did not finish signing in/);
    assert.deepEqual(await refusalsFrom(app, agent), ['issuer-refused']);
  });

  test('an issuer that is down gets a 503 page with a way back, never a 500', async () => {
    const down = await testAppWith(
      ssoSettings(idp, { OIDC_ISSUER: `http://127.0.0.1:${await closedPort()}`, OIDC_BUTTON_LABEL: 'Down' }),
    );
    const agent = new Agent(down);
    const response = await agent.get('/sign-in/sso');
    assertRefusalPage(response, 503, /Single sign-on is not working at the moment/);
    assert.equal(response.headers['retry-after'], '60');
    assert.deepEqual(await refusalsFrom(down, agent), ['issuer-unavailable']);
  });
});
