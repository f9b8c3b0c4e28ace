import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { Agent } from '../../../../test/helpers/agent.ts';
import { buildPerson, buildPractice } from '../../../../test/helpers/factories.ts';
import {
  signInThroughIssuer,
  ssoSettings,
  startTestProvider,
  TEST_REDIRECT_URL,
  type TestProvider,
} from '../../../../test/helpers/oidc-provider.ts';
import { testAppWith, testWorld } from '../../../../test/helpers/test-app.ts';
import { currentTotpCode } from '../index.ts';

/** The audit actions recorded from one agent's address, oldest first. */
async function auditFrom(app: FastifyInstance, agent: Agent): Promise<{ action: string; details: unknown }[]> {
  return app.db
    .selectFrom('audit_events')
    .select(['action', 'details'])
    .where('ip', '=', agent.ip)
    .orderBy('id')
    .execute();
}

/** The identities linked to an account. */
async function linksOf(app: FastifyInstance, userId: string) {
  return app.db.selectFrom('oidc_identities').selectAll().where('user_id', '=', userId).execute();
}

describe('single sign-on with OpenID Connect', () => {
  let idp: TestProvider;
  let app: FastifyInstance;

  before(async () => {
    idp = await startTestProvider(TEST_REDIRECT_URL);
    app = await testAppWith(ssoSettings(idp));
  });

  after(async () => {
    await idp?.close();
  });

  /** A practice member with a Thirdspace account, and the same person at the issuer (email verified). */
  async function linkedPerson(options: { totpSecret?: string } = {}) {
    const practice = await buildPractice(app.db, { name: 'Riverside Surgery' });
    const person = await buildPerson(app.db, {
      roles: [[practice, 'coordinator']],
      displayName: 'Grace Adeyemi',
      ...(options.totpSecret ? { totpSecret: options.totpSecret, config: app.services.config } : {}),
    });
    const subject = idp.addAccount({ email: person.email.toUpperCase(), email_verified: true, name: 'G Adeyemi' });
    return { person, subject };
  }

  test('the sign-in page offers the button only when an issuer is configured', async () => {
    const { app: plain } = await testWorld();
    assert.doesNotMatch((await new Agent(plain).get('/sign-in')).body, /Sign in with NHS Care Identity/);
    const page = await new Agent(app).get('/sign-in?returnTo=%2Faccount');
    assert.match(page.body, /href="\/sign-in\/sso\?returnTo=%2Faccount"[^>]*>\s*Sign in with NHS Care Identity/);
    assert.equal((await new Agent(plain).get('/sign-in/sso')).statusCode, 404);
  });

  test('the first sign-in links the account by verified email and starts an ordinary session', async () => {
    const { person, subject } = await linkedPerson();
    const agent = new Agent(app);

    const start = await agent.get('/sign-in/sso?returnTo=%2Faccount');
    const authorisation = new URL(String(start.headers.location));
    assert.equal(authorisation.origin, idp.issuer);
    assert.equal(authorisation.searchParams.get('code_challenge_method'), 'S256');
    assert.ok(authorisation.searchParams.get('state'));
    assert.ok(authorisation.searchParams.get('nonce'));
    assert.equal(authorisation.searchParams.get('redirect_uri'), TEST_REDIRECT_URL);

    const callback = await signInThroughIssuer(agent, idp, { accountId: subject }, { returnTo: '/account' });
    assert.equal(callback.statusCode, 303);
    assert.equal(callback.headers.location, '/account');
    assert.match(
      String(callback.headers['set-cookie']),
      /ts_session=[\w-]{40,}; Max-Age=\d+; Path=\/; HttpOnly; SameSite=Lax/,
    );

    const home = await agent.get('/');
    assert.equal(home.statusCode, 200);
    assert.match(home.body, /Grace Adeyemi/, 'the Thirdspace name, not the issuer’s');
    assert.match(home.body, /Riverside Surgery/, 'roles and organisations stay in Thirdspace');

    const links = await linksOf(app, person.id);
    assert.deepEqual(
      links.map((link) => [link.issuer, link.subject]),
      [[idp.issuer, subject]],
    );
    const actions = (await auditFrom(app, agent)).map((event) => event.action);
    assert.deepEqual(actions.slice(-2), ['sso.linked', 'sign-in.succeeded']);

    const signOut = await agent.postForm('/sign-out', {});
    assert.equal(signOut.headers.location, '/sign-in?notice=signed-out');
    assert.equal((await agent.get('/account')).statusCode, 303, 'signed out as after a password sign-in');
  });

  test('a later sign-in matches on the subject, even when the issuer’s email has changed', async () => {
    const { person, subject } = await linkedPerson();
    assert.equal((await signInThroughIssuer(new Agent(app), idp, { accountId: subject })).statusCode, 303);
    idp.updateAccount(subject, { email: 'grace.renamed@example.test', email_verified: true });

    const agent = new Agent(app);
    const again = await signInThroughIssuer(agent, idp, { accountId: subject });
    assert.equal(again.statusCode, 303);
    assert.match((await agent.get('/')).body, /Grace Adeyemi/);
    assert.equal((await linksOf(app, person.id)).length, 1);
    const events = await auditFrom(app, agent);
    assert.deepEqual(
      events.map((event) => event.action),
      ['sign-in.succeeded'],
    );
    assert.deepEqual(events[0]?.details, { method: 'sso', issuer: idp.issuer });
  });

  test('a person with two-factor authentication still gives their code, unless the issuer’s MFA is trusted', async () => {
    const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
    const { subject } = await linkedPerson({ totpSecret: secret });
    const agent = new Agent(app);
    const callback = await signInThroughIssuer(agent, idp, { accountId: subject, amr: ['pwd', 'mfa'] });
    assert.equal(callback.headers.location, '/sign-in/two-factor?returnTo=%2F');
    assert.equal((await agent.get('/account')).statusCode, 303, 'not signed in until the code is given');
    const code = await agent.postForm('/sign-in/two-factor', { code: currentTotpCode(secret) });
    assert.equal(code.statusCode, 303);
    assert.equal((await agent.get('/account')).statusCode, 200);
    assert.deepEqual((await auditFrom(app, agent)).map((event) => event.action).slice(-3), [
      'sso.linked',
      'sso.identity-accepted',
      'sign-in.succeeded',
    ]);

    const trusting = await testAppWith(ssoSettings(idp, { OIDC_MFA_SKIPS_TOTP: 'true' }));
    const withMfa = new Agent(trusting);
    const skipped = await signInThroughIssuer(withMfa, idp, { accountId: subject, amr: ['pwd', 'mfa'] });
    assert.equal(skipped.headers.location, '/');
    const withoutMfa = await signInThroughIssuer(new Agent(trusting), idp, { accountId: subject, amr: ['pwd'] });
    assert.equal(withoutMfa.headers.location, '/sign-in/two-factor?returnTo=%2F');
    assert.deepEqual((await auditFrom(trusting, withMfa)).at(-1)?.details, {
      method: 'sso',
      issuer: idp.issuer,
      secondFactor: 'issuer-mfa',
    });
  });

  test('with OIDC_CREATE_ACCOUNTS a verified stranger gets an account with no roles; without it, none', async () => {
    const subject = idp.addAccount({
      email: `new.${Date.now()}@example.test`,
      email_verified: true,
      name: 'New Starter',
    });
    const refused = await signInThroughIssuer(new Agent(app), idp, { accountId: subject });
    assert.equal(refused.statusCode, 403);

    const creating = await testAppWith(ssoSettings(idp, { OIDC_CREATE_ACCOUNTS: 'true' }));
    const agent = new Agent(creating);
    assert.equal((await signInThroughIssuer(agent, idp, { accountId: subject })).statusCode, 303);
    const created = await creating.db
      .selectFrom('oidc_identities')
      .innerJoin('users', 'users.id', 'oidc_identities.user_id')
      .leftJoin('memberships', 'memberships.user_id', 'users.id')
      .select(['users.display_name', 'users.password_hash', 'memberships.id as membership'])
      .where('oidc_identities.subject', '=', subject)
      .executeTakeFirstOrThrow();
    assert.deepEqual(created, { display_name: 'New Starter', password_hash: null, membership: null });
    assert.deepEqual(
      (await auditFrom(creating, agent)).map((event) => event.action),
      ['sso.account-created', 'sso.linked', 'sign-in.succeeded'],
    );
  });

  test('with OIDC_SIGN_OUT_AT_ISSUER, signing out of a linked account also goes to the issuer’s sign-out', async () => {
    const leaving = await testAppWith(ssoSettings(idp, { OIDC_SIGN_OUT_AT_ISSUER: 'true' }));
    const { subject } = await linkedPerson();
    const agent = new Agent(leaving);
    assert.equal((await signInThroughIssuer(agent, idp, { accountId: subject })).statusCode, 303);
    const signOut = await agent.postForm('/sign-out', {});
    const issuerSignOut = new URL(String(signOut.headers.location));
    assert.equal(issuerSignOut.origin, idp.issuer);
    assert.equal(issuerSignOut.searchParams.get('client_id'), idp.clientId);
    assert.equal(
      issuerSignOut.searchParams.get('post_logout_redirect_uri'),
      'http://thirdspace.test/sign-in?notice=signed-out',
    );
    assert.equal((await agent.get('/account')).statusCode, 303, 'the Thirdspace session has ended');

    const practice = await buildPractice(leaving.db);
    const passwordOnly = await buildPerson(leaving.db, { roles: [[practice, 'champion']] });
    const other = new Agent(leaving);
    await other.postForm('/sign-in', { email: passwordOnly.email, password: passwordOnly.password });
    assert.equal((await other.postForm('/sign-out', {})).headers.location, '/sign-in?notice=signed-out');
  });
});
