import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { newTotpSecret } from './totp.rules.ts';
import { currentTotpCode } from '../index.ts';
import { Agent, signIn } from '../../../../test/helpers/agent.ts';
import { buildPerson, buildPractice } from '../../../../test/helpers/factories.ts';
import { testWorld } from '../../../../test/helpers/test-app.ts';

const STEP = 30_000;

/** A six-digit code that no authenticator for `secret` would show around now. */
function wrongCodeFor(secret: string): string {
  const near = new Set([-2, -1, 0, 1, 2].map((offset) => currentTotpCode(secret, Date.now() + offset * STEP)));
  let candidate = 0;
  while (near.has(String(candidate).padStart(6, '0'))) {
    candidate += 1;
  }
  return String(candidate).padStart(6, '0');
}

/** The key shown on the set-up page, as someone would type it into their app. */
function secretOnPage(body: string): string {
  const secret = /id="totp-secret">([A-Z2-7]+)</.exec(body)?.[1];
  assert.ok(secret, 'the page shows the key');
  return secret;
}

async function audited(app: FastifyInstance, userId: string): Promise<string[]> {
  const rows = await app.db
    .selectFrom('audit_events')
    .select('action')
    .where('actor_user_id', '=', userId)
    .orderBy('id')
    .execute();
  return rows.map((row) => row.action);
}

describe('two-factor authentication', () => {
  test('someone with an authenticator app must enter its code: wrong code refused, right code signs in, the same code cannot be replayed', async () => {
    const { app, config } = await testWorld();
    const practice = await buildPractice(app.db);
    const secret = newTotpSecret();
    const person = await buildPerson(app.db, {
      roles: [[practice, 'practice_manager']],
      totpSecret: secret,
      config,
      displayName: 'Grace Mensah',
    });
    const agent = new Agent(app);

    const password = await agent.postForm('/sign-in', {
      email: person.email,
      password: person.password,
      returnTo: '/account',
    });
    assert.equal(password.statusCode, 303);
    assert.equal(password.headers.location, '/sign-in/two-factor?returnTo=%2Faccount');
    const halfway = await agent.get('/account');
    assert.equal(halfway.statusCode, 303, 'the password alone does not open any page');
    assert.match(halfway.headers.location ?? '', /^\/sign-in/);
    assert.equal((await agent.get('/api/me')).statusCode, 401);
    assert.match((await agent.get(password.headers.location ?? '')).body, /Enter your security code/);

    const wrong = await agent.postForm('/sign-in/two-factor?returnTo=%2Faccount', { code: wrongCodeFor(secret) });
    assert.equal(wrong.statusCode, 401);
    assert.match(wrong.body, /The code is not correct/);

    const code = currentTotpCode(secret);
    const right = await agent.postForm('/sign-in/two-factor?returnTo=%2Faccount', { code });
    assert.equal(right.statusCode, 303);
    assert.equal(right.headers.location, '/account');
    const account = await agent.get('/account');
    assert.equal(account.statusCode, 200);
    assert.match(account.body, /Grace Mensah/);

    const again = new Agent(app);
    await again.postForm('/sign-in', { email: person.email, password: person.password });
    const replay = await again.postForm('/sign-in/two-factor', { code });
    assert.equal(replay.statusCode, 401, 'a code already used is refused');
    assert.equal((await again.get('/api/me')).statusCode, 401);

    assert.deepEqual(await audited(app, person.id), [
      'sign-in.password-accepted',
      'sign-in.failed',
      'sign-in.succeeded',
      'sign-in.password-accepted',
      'sign-in.failed',
    ]);
  });

  test('the pending sign-in is replaced by a new session once the code is accepted', async () => {
    const { app, config } = await testWorld();
    const secret = newTotpSecret();
    const person = await buildPerson(app.db, { totpSecret: secret, config });
    const agent = new Agent(app);
    const first = await agent.postForm('/sign-in', { email: person.email, password: person.password });
    const pendingToken = (first.cookies as { name: string; value: string }[]).find(
      (cookie) => cookie.name === 'ts_session',
    )?.value;
    await agent.postForm('/sign-in/two-factor', { code: currentTotpCode(secret) });

    const old = await app.inject({
      method: 'GET',
      url: '/sign-in/two-factor',
      cookies: { ts_session: pendingToken ?? '' },
    });
    assert.equal(old.headers.location, '/sign-in', 'the half-signed-in cookie is dead');
    const sessions = await app.db
      .selectFrom('sessions')
      .select('second_factor_pending')
      .where('user_id', '=', person.id)
      .execute();
    assert.deepEqual(sessions, [{ second_factor_pending: false }]);
  });

  test('a system administrator without two-factor is sent to set it up from every page, and the API refuses them', async () => {
    const { app } = await testWorld();
    const admin = await buildPerson(app.db, { admin: true });
    const practice = await buildPractice(app.db);
    const agent = await signIn(app, admin);

    for (const url of [
      '/',
      '/account',
      '/account/password',
      '/organisations',
      `/organisations/${practice}`,
      '/admin',
      '/admin/organisations',
      '/admin/organisations/new',
      '/admin/outbox',
    ]) {
      const response = await agent.get(url);
      assert.equal(response.statusCode, 303, url);
      assert.equal(response.headers.location, '/account/two-factor', url);
    }
    for (const url of ['/api/me', '/api/organisations', `/api/organisations/${practice}`]) {
      const response = await agent.get(url);
      assert.equal(response.statusCode, 403, url);
      assert.equal(response.json().code, 'forbidden', url);
      assert.match(response.json().message, /Set up two-factor authentication/, url);
    }
    const created = await agent.postForm('/admin/organisations/new', {
      kind: 'area',
      subtype: 'icb',
      name: 'Should Not Exist ICB',
    });
    assert.equal(created.statusCode, 303);
    assert.equal(created.headers.location, '/account/two-factor');
    assert.equal(
      await app.db
        .selectFrom('organisations')
        .select('id')
        .where('name', '=', 'Should Not Exist ICB')
        .executeTakeFirst(),
      undefined,
    );

    const setup = await agent.get('/account/two-factor');
    assert.equal(setup.statusCode, 200);
    assert.match(setup.body, /You need to set this up/);
  });

  test('a system administrator can set up two-factor from the key on the page, and then use admin pages', async () => {
    const { app } = await testWorld();
    const admin = await buildPerson(app.db, { admin: true });
    const agent = await signIn(app, admin);

    const page = await agent.get('/account/two-factor');
    const secret = secretOnPage(page.body);
    assert.match(page.body, /<img class="app-qr-code" src="data:image\/png;base64,/);
    assert.equal(secretOnPage((await agent.get('/account/two-factor')).body), secret, 'reloading keeps the same key');
    const stored = await app.db
      .selectFrom('users')
      .select(['totp_secret_enc', 'totp_enabled_at'])
      .where('id', '=', admin.id)
      .executeTakeFirstOrThrow();
    assert.ok(stored.totp_secret_enc && !stored.totp_secret_enc.includes(secret), 'the key is stored encrypted');
    assert.equal(stored.totp_enabled_at, null);

    const wrong = await agent.postForm('/account/two-factor', { code: wrongCodeFor(secret) });
    assert.equal(wrong.statusCode, 400);
    assert.match(wrong.body, /The code is not correct/);
    assert.equal((await agent.get('/admin/organisations')).statusCode, 303);

    const enrolled = await agent.postForm('/account/two-factor', { code: currentTotpCode(secret) });
    assert.equal(enrolled.statusCode, 303);
    assert.equal(enrolled.headers.location, '/account?done=two-factor-on');
    assert.match((await agent.get('/account?done=two-factor-on')).body, /Two-factor authentication is now on/);

    assert.equal((await agent.get('/admin/organisations')).statusCode, 200);
    assert.equal((await agent.get('/')).statusCode, 200);
    const me = await agent.get('/api/me');
    assert.equal(me.statusCode, 200);
    assert.equal(me.json().twoFactorEnabled, true);
    assert.deepEqual(await audited(app, admin.id), ['sign-in.succeeded', 'two-factor.enabled']);

    const next = new Agent(app);
    const signedIn = await next.postForm('/sign-in', { email: admin.email, password: admin.password });
    assert.match(signedIn.headers.location ?? '', /^\/sign-in\/two-factor/, 'the next sign-in asks for a code');
  });

  test('a system administrator cannot turn two-factor off, even with a valid code', async () => {
    const { app, config } = await testWorld();
    const secret = newTotpSecret();
    const admin = await buildPerson(app.db, { admin: true, totpSecret: secret, config });
    const agent = await signIn(app, admin);

    const page = await agent.get('/account/two-factor');
    assert.match(page.body, /System administrators must keep two-factor authentication on/);
    assert.doesNotMatch(page.body, /Turn off/);

    const refused = await agent.postForm('/account/two-factor/turn-off', {
      code: currentTotpCode(secret, Date.now() + STEP),
    });
    assert.equal(refused.statusCode, 403);
    assert.match(refused.body, /System administrators must keep two-factor authentication turned on/);
    const user = await app.db
      .selectFrom('users')
      .select('totp_enabled_at')
      .where('id', '=', admin.id)
      .executeTakeFirstOrThrow();
    assert.notEqual(user.totp_enabled_at, null);
  });

  test('someone else can turn two-factor off with a valid code, and then signs in with a password alone', async () => {
    const { app, config } = await testWorld();
    const practice = await buildPractice(app.db);
    const secret = newTotpSecret();
    const person = await buildPerson(app.db, { roles: [[practice, 'champion']], totpSecret: secret, config });
    const agent = await signIn(app, person);

    const page = await agent.get('/account/two-factor');
    assert.match(page.body, /Turn off two-factor authentication/);

    const wrong = await agent.postForm('/account/two-factor/turn-off', { code: wrongCodeFor(secret) });
    assert.equal(wrong.statusCode, 400);
    assert.match(wrong.body, /The code is not correct/);
    const empty = await agent.postForm('/account/two-factor/turn-off', { code: '' });
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, /Enter the 6-digit code/);

    // The code used to sign in cannot be used again; the next one from the app can.
    const off = await agent.postForm('/account/two-factor/turn-off', {
      code: currentTotpCode(secret, Date.now() + STEP),
    });
    assert.equal(off.statusCode, 303);
    assert.equal(off.headers.location, '/account?done=two-factor-off');
    const user = await app.db
      .selectFrom('users')
      .select(['totp_secret_enc', 'totp_enabled_at'])
      .where('id', '=', person.id)
      .executeTakeFirstOrThrow();
    assert.deepEqual(user, { totp_secret_enc: null, totp_enabled_at: null });
    assert.ok((await audited(app, person.id)).includes('two-factor.disabled'));

    const next = await new Agent(app).postForm('/sign-in', { email: person.email, password: person.password });
    assert.equal(next.headers.location, '/');
  });

  test('repeated wrong codes lock the account like wrong passwords do', async () => {
    const { app, config } = await testWorld();
    const secret = newTotpSecret();
    const person = await buildPerson(app.db, { totpSecret: secret, config });
    const agent = new Agent(app);
    await agent.postForm('/sign-in', { email: person.email, password: person.password });
    const wrong = wrongCodeFor(secret);
    for (let attempt = 1; attempt < config.security.loginMaxAttempts; attempt += 1) {
      assert.equal(
        (await agent.postForm('/sign-in/two-factor', { code: wrong })).statusCode,
        401,
        `attempt ${attempt}`,
      );
    }
    const locked = await agent.postForm('/sign-in/two-factor', { code: wrong });
    assert.equal(locked.statusCode, 429);
    assert.match(locked.body, /too many failed attempts/);
    const late = await agent.postForm('/sign-in/two-factor', { code: currentTotpCode(secret) });
    assert.equal(late.statusCode, 303);
    assert.equal(late.headers.location, '/sign-in?notice=session-ended', 'the pending sign-in was ended');
    assert.ok((await audited(app, person.id)).includes('sign-in.locked'));
  });
});
