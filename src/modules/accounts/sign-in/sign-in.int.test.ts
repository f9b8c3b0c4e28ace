import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../../app.ts';
import { Agent, signIn } from '../../../../test/helpers/agent.ts';
import { buildPerson, buildPractice, uniqueEmail } from '../../../../test/helpers/factories.ts';
import { loadTestConfig, testWorld } from '../../../../test/helpers/test-app.ts';

/**
 * An agent at a random IPv6 address. Tests that count attempts or audit rows by address use it:
 * `freshIp()` restarts its sequence in every run, and a PostgreSQL test database keeps earlier runs' rows.
 */
class AgentAtNewAddress extends Agent {
  override readonly ip = `fd00:${randomBytes(6).toString('hex').match(/..../g)?.join(':')}::1`;
}

/** The session token a response set, as the browser would keep it. */
function sessionTokenFrom(response: LightMyRequestResponse): string {
  const cookie = (response.cookies as { name: string; value: string }[]).find((each) => each.name === 'ts_session');
  assert.ok(cookie?.value, 'a session cookie is set');
  return cookie.value;
}

/** Audit actions recorded for a person, oldest first. */
/** Audit events the person did, or that were about their account (a failed sign-in has no actor). */
async function auditActions(app: FastifyInstance, userId: string): Promise<{ action: string; details: unknown }[]> {
  return app.db
    .selectFrom('audit_events')
    .select(['action', 'details'])
    .where((eb) =>
      eb.or([
        eb('actor_user_id', '=', userId),
        eb.and([eb('subject_type', '=', 'user'), eb('subject_id', '=', userId)]),
      ]),
    )
    .orderBy('id')
    .execute();
}

async function practiceMember(app: FastifyInstance, options: { displayName?: string } = {}) {
  const practice = await buildPractice(app.db);
  return buildPerson(app.db, { roles: [[practice, 'champion']], ...options });
}

describe('signing in and out', () => {
  /** A second app process on the same database, allowing only 3 failures per address. */
  let otherProcess: FastifyInstance;

  before(async () => {
    const world = await testWorld();
    otherProcess = await buildApp(loadTestConfig({ LOGIN_IP_MAX_ATTEMPTS: '3' }), {
      database: world.database,
      emailTransport: world.email,
      logger: false,
      startJobs: false,
    });
    await otherProcess.ready();
  });

  after(async () => {
    await otherProcess?.close();
  });

  test('the right email and password sign you in, and the home page greets you by name', async () => {
    const { app } = await testWorld();
    const person = await practiceMember(app, { displayName: 'Aisha Okonkwo' });
    const agent = new Agent(app);

    const response = await agent.postForm('/sign-in', { email: person.email.toUpperCase(), password: person.password });
    assert.equal(response.statusCode, 303);
    assert.equal(response.headers.location, '/');
    const setCookie = String(response.headers['set-cookie']);
    assert.match(setCookie, /ts_session=[\w-]{40,}/);
    assert.match(setCookie, /HttpOnly/i);
    assert.match(setCookie, /SameSite=Lax/i);

    const home = await agent.get('/');
    assert.equal(home.statusCode, 200);
    assert.match(home.body, /Aisha Okonkwo/);
    assert.match(home.body, /Sign out/);
    assert.deepEqual(
      (await auditActions(app, person.id)).map((row) => row.action),
      ['sign-in.succeeded'],
    );
  });

  test('a wrong password shows the error summary, keeps the email and never shows the password', async () => {
    const { app } = await testWorld();
    const person = await practiceMember(app);
    const agent = new Agent(app);

    const response = await agent.postForm('/sign-in', { email: person.email, password: 'wrong horse battery staple' });
    assert.equal(response.statusCode, 401);
    assert.match(response.body, /nhsuk-error-summary/);
    assert.match(response.body, /There is a problem/);
    assert.match(response.body, /Enter a correct email address and password/);
    assert.match(response.body, new RegExp(`value="${person.email}"`));
    assert.doesNotMatch(response.body, /wrong horse battery staple/);
    assert.match(response.body, /<title>Error: Sign in/);
    assert.equal(
      response.cookies.some((cookie: { name: string }) => cookie.name === 'ts_session'),
      false,
    );

    const rows = await auditActions(app, person.id);
    assert.deepEqual(
      rows.map((row) => row.action),
      ['sign-in.failed'],
    );
    assert.deepEqual(rows[0]?.details, { reason: 'wrong password' });
  });

  test('an unknown email gets exactly the same message, so nobody can tell who has an account', async () => {
    const { app } = await testWorld();
    const person = await practiceMember(app);
    const known = await new Agent(app).postForm('/sign-in', {
      email: person.email,
      password: 'not the password at all',
    });
    const agent = new AgentAtNewAddress(app);
    const unknownEmail = uniqueEmail('nobody');
    const unknown = await agent.postForm('/sign-in', { email: unknownEmail, password: 'not the password at all' });

    assert.equal(unknown.statusCode, known.statusCode);
    const message = (body: string) => /nhsuk-error-summary__list[\s\S]*?<\/ul>/.exec(body)?.[0];
    assert.equal(message(unknown.body), message(known.body));
    assert.match(unknown.body, new RegExp(`value="${unknownEmail}"`));

    const audit = await app.db
      .selectFrom('audit_events')
      .select(['action', 'actor_user_id', 'details'])
      .where('ip', '=', agent.ip)
      .execute();
    assert.deepEqual(audit, [{ action: 'sign-in.failed', actor_user_id: null, details: { reason: 'unknown email' } }]);
  });

  test('a missing email or password is asked for, without checking any account', async () => {
    const { app } = await testWorld();
    const response = await new Agent(app).postForm('/sign-in', { email: '', password: '' });
    assert.equal(response.statusCode, 400);
    assert.match(response.body, /Enter your email address/);
    assert.match(response.body, /Enter your password/);
  });

  test('after 5 wrong passwords the account is locked for a while, even for the right password', async () => {
    const { app, config } = await testWorld();
    assert.equal(config.security.loginMaxAttempts, 5);
    const person = await practiceMember(app);
    const agent = new Agent(app);

    for (let attempt = 1; attempt <= 4; attempt += 1) {
      const response = await agent.postForm('/sign-in', { email: person.email, password: `wrong password ${attempt}` });
      assert.equal(response.statusCode, 401, `attempt ${attempt}`);
    }
    const fifth = await agent.postForm('/sign-in', { email: person.email, password: 'wrong password 5' });
    assert.equal(fifth.statusCode, 429);
    assert.match(
      fifth.body,
      /There have been too many failed attempts. Wait 15 minutes and try again, or reset your password/,
    );

    const rightPassword = await new Agent(app).postForm('/sign-in', { email: person.email, password: person.password });
    assert.equal(rightPassword.statusCode, 429);
    assert.match(rightPassword.body, /too many failed attempts/);
    assert.equal(
      rightPassword.cookies.some((cookie: { name: string }) => cookie.name === 'ts_session'),
      false,
    );

    const actions = (await auditActions(app, person.id)).map((row) => row.action);
    assert.deepEqual(actions, [
      'sign-in.failed',
      'sign-in.failed',
      'sign-in.failed',
      'sign-in.failed',
      'sign-in.locked',
      'sign-in.failed',
    ]);
  });

  test('many failures from one address, across different emails, throttle that address only', async () => {
    const { app } = await testWorld();
    const person = await practiceMember(app);
    const attacker = new AgentAtNewAddress(otherProcess);

    for (let attempt = 1; attempt <= 3; attempt += 1) {
      const response = await attacker.postForm('/sign-in', {
        email: uniqueEmail('guess'),
        password: 'guessed password',
      });
      assert.equal(response.statusCode, 401, `attempt ${attempt}`);
    }
    const throttled = await attacker.postForm('/sign-in', { email: person.email, password: person.password });
    assert.equal(throttled.statusCode, 429);
    assert.match(throttled.body, /There have been too many failed attempts from your network/);

    const elsewhere = await new AgentAtNewAddress(otherProcess).postForm('/sign-in', {
      email: person.email,
      password: person.password,
    });
    assert.equal(elsewhere.statusCode, 303, 'someone at another address is not affected');

    const audit = await app.db
      .selectFrom('audit_events')
      .select('action')
      .where('ip', '=', attacker.ip)
      .orderBy('id')
      .execute();
    assert.deepEqual(
      audit.map((row) => row.action),
      ['sign-in.failed', 'sign-in.failed', 'sign-in.failed', 'sign-in.throttled'],
    );
  });

  test('signing out ends the session on the server: the old cookie no longer works', async () => {
    const { app } = await testWorld();
    const person = await practiceMember(app);
    const agent = new Agent(app);
    const token = sessionTokenFrom(
      await agent.postForm('/sign-in', { email: person.email, password: person.password }),
    );
    assert.equal((await agent.get('/account')).statusCode, 200);

    const out = await agent.postForm('/sign-out', {});
    assert.equal(out.statusCode, 303);
    assert.equal(out.headers.location, '/sign-in?notice=signed-out');
    assert.match((await agent.get(out.headers.location)).body, /You have signed out/);

    const replayed = await app.inject({ method: 'GET', url: '/account', cookies: { ts_session: token } });
    assert.equal(replayed.statusCode, 303);
    assert.equal(replayed.headers.location, '/sign-in?returnTo=%2Faccount');
    const stored = await app.db.selectFrom('sessions').select('id').where('user_id', '=', person.id).execute();
    assert.deepEqual(stored, []);
    assert.deepEqual(
      (await auditActions(app, person.id)).map((row) => row.action),
      ['sign-in.succeeded', 'sign-out.succeeded'],
    );
  });

  test('sessions live in the database, so another app process accepts the cookie, and sign-out anywhere ends it everywhere', async () => {
    const { app } = await testWorld();
    const person = await practiceMember(app, { displayName: 'Tomasz Nowak' });
    const agent = new Agent(app);
    const token = sessionTokenFrom(
      await agent.postForm('/sign-in', { email: person.email, password: person.password }),
    );

    const there = await otherProcess.inject({ method: 'GET', url: '/account', cookies: { ts_session: token } });
    assert.equal(there.statusCode, 200);
    assert.match(there.body, /Tomasz Nowak/);
    const me = await otherProcess.inject({ method: 'GET', url: '/api/me', cookies: { ts_session: token } });
    assert.equal(me.json().email, person.email);

    await agent.postForm('/sign-out', {});
    const afterSignOut = await otherProcess.inject({ method: 'GET', url: '/api/me', cookies: { ts_session: token } });
    assert.equal(afterSignOut.statusCode, 401);
  });

  test('a session left idle past the limit asks you to sign in again; just under the limit it carries on', async () => {
    const { app, config } = await testWorld();
    const person = await practiceMember(app);
    const agent = await signIn(app, person);
    const idleFor = async (minutes: number) =>
      app.db
        .updateTable('sessions')
        .set({ last_seen_at: new Date(Date.now() - minutes * 60_000) })
        .where('user_id', '=', person.id)
        .execute();

    await idleFor(config.security.sessionIdleMinutes - 2);
    assert.equal((await agent.get('/account')).statusCode, 200);
    const touched = await app.db
      .selectFrom('sessions')
      .select('last_seen_at')
      .where('user_id', '=', person.id)
      .executeTakeFirstOrThrow();
    assert.ok(Date.now() - touched.last_seen_at.getTime() < 60_000, 'using the session resets its idle clock');

    await idleFor(config.security.sessionIdleMinutes + 1);
    const page = await agent.get('/account');
    assert.equal(page.statusCode, 303);
    assert.equal(page.headers.location, '/sign-in?returnTo=%2Faccount');
    const home = await agent.get('/');
    assert.doesNotMatch(home.body, /Sign out/);
    assert.equal((await agent.get('/api/me')).statusCode, 401);
  });

  test('a session past its maximum age asks you to sign in again, however busy', async () => {
    const { app } = await testWorld();
    const person = await practiceMember(app);
    const agent = await signIn(app, person);
    await app.db
      .updateTable('sessions')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('user_id', '=', person.id)
      .execute();
    assert.equal((await agent.get('/account')).headers.location, '/sign-in?returnTo=%2Faccount');
  });

  test('signing in from a page you were sent away from takes you back there, but never to another site', async () => {
    const { app } = await testWorld();
    const person = await practiceMember(app);
    const agent = new Agent(app);
    const away = await agent.get('/account/password');
    assert.equal(away.headers.location, '/sign-in?returnTo=%2Faccount%2Fpassword');
    const form = await agent.get(away.headers.location);
    assert.match(form.body, /name="returnTo" value="\/account\/password"/);

    const back = await agent.postForm('/sign-in', {
      email: person.email,
      password: person.password,
      returnTo: '/account/password',
    });
    assert.equal(back.headers.location, '/account/password');

    for (const returnTo of [
      '//evil.example/',
      'https://evil.example/',
      '/\t/evil.example',
      '/\nSet-Cookie: x=1',
      '/caf\u00e9',
    ]) {
      const response = await agent.get(`/sign-in?returnTo=${encodeURIComponent(returnTo)}`);
      assert.equal(response.statusCode, 303, JSON.stringify(returnTo));
      assert.equal(response.headers.location, '/', JSON.stringify(returnTo));
    }
  });
});
