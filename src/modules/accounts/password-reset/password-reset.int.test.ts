import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { Agent, signIn } from '../../../../test/helpers/agent.ts';
import { type TestPerson, buildPerson, buildPractice, uniqueEmail } from '../../../../test/helpers/factories.ts';
import { type TestWorld, testWorld } from '../../../../test/helpers/test-app.ts';

const NEW_PASSWORD = 'marmalade orbit lighthouse';

async function member(app: FastifyInstance): Promise<TestPerson> {
  const practice = await buildPractice(app.db);
  return buildPerson(app.db, { roles: [[practice, 'receptionist']] });
}

/** The page's main content, with the person's email and per-request tokens taken out. */
function mainContent(body: string, email: string): string {
  const main = /<main[\s\S]*<\/main>/.exec(body)?.[0] ?? '';
  return main.replaceAll(email, '<email>').replace(/value="[^"]*"/g, 'value=""');
}

/** Asks for a reset link and returns the path it points to. */
async function resetLinkFor(world: TestWorld, person: TestPerson): Promise<string> {
  const response = await new Agent(world.app).postForm('/password-reset', { email: person.email });
  assert.equal(response.statusCode, 200);
  await world.runJobs();
  const email = world.email.lastTo(person.email);
  assert.ok(email, 'an email was sent');
  const link = new RegExp(`${world.config.baseUrl}(/password-reset/[\\w-]{40,})`).exec(email.body)?.[1];
  assert.ok(link, 'the email contains a reset link');
  return link;
}

describe('resetting a forgotten password', () => {
  test('asking for a link shows the same page whether or not the email has an account', async () => {
    const world = await testWorld();
    const person = await member(world.app);
    const stranger = uniqueEmail('stranger');
    const known = await new Agent(world.app).postForm('/password-reset', { email: person.email });
    const unknown = await new Agent(world.app).postForm('/password-reset', { email: stranger });

    assert.equal(known.statusCode, 200);
    assert.equal(unknown.statusCode, 200);
    assert.match(mainContent(known.body, person.email), /Check your email/);
    assert.equal(mainContent(unknown.body, stranger), mainContent(known.body, person.email));

    await world.runJobs();
    assert.ok(world.email.lastTo(person.email));
    assert.equal(world.email.lastTo(stranger), undefined, 'nothing is sent to an address with no account');
  });

  test('an email address that is not in the right format is asked for again', async () => {
    const { app } = await testWorld();
    const response = await new Agent(app).postForm('/password-reset', { email: 'not an email' });
    assert.equal(response.statusCode, 400);
    assert.match(response.body, /Enter an email address in the correct format/);
    assert.match(response.body, /value="not an email"/);
  });

  test('the emailed link lets you choose a new password once, then it has been used', async () => {
    const world = await testWorld();
    const person = await member(world.app);
    const link = await resetLinkFor(world, person);
    const email = world.email.lastTo(person.email);
    assert.equal(email?.subject, 'Reset your Thirdspace password');

    const agent = new Agent(world.app);
    const choose = await agent.get(link);
    assert.equal(choose.statusCode, 200);
    assert.match(choose.body, /Choose a new password/);

    const saved = await agent.postForm(link, { password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD });
    assert.equal(saved.statusCode, 303);
    assert.equal(saved.headers.location, '/sign-in?notice=password-reset');
    assert.match(
      (await agent.get(saved.headers.location ?? '')).body,
      /Your password has been changed. Sign in with your new password/,
    );

    const again = await agent.get(link);
    assert.equal(again.statusCode, 404);
    assert.match(again.body, /This link has expired or has already been used/);
    const reuse = await agent.postForm(link, {
      password: 'another fine passphrase',
      confirmPassword: 'another fine passphrase',
    });
    assert.equal(reuse.statusCode, 404);
    assert.ok(await signIn(world.app, { ...person, password: NEW_PASSWORD }), 'the first new password stands');
  });

  test('an expired link shows the expired page with a 404 and cannot be used', async () => {
    const world = await testWorld();
    const person = await member(world.app);
    const link = await resetLinkFor(world, person);
    await world.app.db
      .updateTable('password_reset_tokens')
      .set({ expires_at: new Date(Date.now() - 60_000) })
      .where('user_id', '=', person.id)
      .execute();

    const agent = new Agent(world.app);
    const page = await agent.get(link);
    assert.equal(page.statusCode, 404);
    assert.match(page.body, /This link has expired or has already been used/);
    assert.match(page.body, /href="\/password-reset"/);
    const post = await agent.postForm(link, { password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD });
    assert.equal(post.statusCode, 404);
    assert.ok(await signIn(world.app, person), 'the old password still works');
  });

  test('a made-up link shows the expired page', async () => {
    const { app } = await testWorld();
    const response = await new Agent(app).get('/password-reset/made-up-token-that-was-never-sent-to-anyone-at-all');
    assert.equal(response.statusCode, 404);
    assert.match(response.body, /This link has expired/);
  });

  test('a weak or mismatched new password is refused with a message, and the link still works', async () => {
    const world = await testWorld();
    const person = await member(world.app);
    const link = await resetLinkFor(world, person);
    const agent = new Agent(world.app);
    const cases: [Record<string, string>, RegExp][] = [
      [{ password: 'short', confirmPassword: 'short' }, /Password must be 10 characters or more/],
      [{ password: 'password123', confirmPassword: 'password123' }, /This password is too easy to guess/],
      [
        { password: `${person.email.split('@')[0]}!!`, confirmPassword: `${person.email.split('@')[0]}!!` },
        /Password must not contain your email address/,
      ],
      [{ password: NEW_PASSWORD, confirmPassword: 'marmalade orbit lighthouses' }, /The passwords do not match/],
      [{ password: '', confirmPassword: '' }, /Enter a new password/],
    ];
    for (const [fields, message] of cases) {
      const response = await agent.postForm(link, fields);
      assert.equal(response.statusCode, 400, String(message));
      assert.match(response.body, /nhsuk-error-summary/);
      assert.match(response.body, message);
      if (fields.password) {
        assert.doesNotMatch(response.body, new RegExp(`value="${fields.password}"`), 'passwords are not echoed');
      }
    }
    assert.equal(
      (await agent.postForm(link, { password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD })).statusCode,
      303,
    );
  });

  test('after a reset, every old session is ended, the old password fails and the new one signs in', async () => {
    const world = await testWorld();
    const person = await member(world.app);
    const laptop = await signIn(world.app, person);
    const phone = await signIn(world.app, person);
    assert.equal((await laptop.get('/account')).statusCode, 200);

    const link = await resetLinkFor(world, person);
    assert.equal(
      (await new Agent(world.app).postForm(link, { password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD })).statusCode,
      303,
    );

    for (const agent of [laptop, phone]) {
      const response = await agent.get('/account');
      assert.equal(response.statusCode, 303);
      assert.equal(response.headers.location, '/sign-in?returnTo=%2Faccount');
    }
    assert.equal(
      (await new Agent(world.app).postForm('/sign-in', { email: person.email, password: person.password })).statusCode,
      401,
    );
    const fresh = await signIn(world.app, { ...person, password: NEW_PASSWORD });
    assert.equal((await fresh.get('/account')).statusCode, 200);

    const actions = await world.app.db
      .selectFrom('audit_events')
      .select('action')
      .where('actor_user_id', '=', person.id)
      .orderBy('id')
      .execute();
    assert.deepEqual(
      actions.map((row) => row.action).filter((action) => action.startsWith('password.')),
      ['password.reset-requested', 'password.reset'],
    );
  });

  test('a reset clears a lockout, so a locked-out person can get back in', async () => {
    const world = await testWorld();
    const person = await member(world.app);
    const agent = new Agent(world.app);
    for (let attempt = 0; attempt < world.config.security.loginMaxAttempts; attempt += 1) {
      await agent.postForm('/sign-in', { email: person.email, password: 'wrong wrong wrong' });
    }
    assert.equal(
      (await new Agent(world.app).postForm('/sign-in', { email: person.email, password: person.password })).statusCode,
      429,
    );
    const link = await resetLinkFor(world, person);
    await new Agent(world.app).postForm(link, { password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD });
    assert.ok(await signIn(world.app, { ...person, password: NEW_PASSWORD }));
  });
});

describe('changing your password while signed in', () => {
  test('a wrong current password is refused, and nothing changes', async () => {
    const { app } = await testWorld();
    const person = await member(app);
    const agent = await signIn(app, person);
    const response = await agent.postForm('/account/password', {
      currentPassword: 'not my password',
      password: NEW_PASSWORD,
      confirmPassword: NEW_PASSWORD,
    });
    assert.equal(response.statusCode, 400);
    assert.match(response.body, /Your current password is not correct/);
    assert.doesNotMatch(response.body, /not my password|marmalade/);
    assert.ok(await signIn(app, person), 'the old password still works');
  });

  test('weak or mismatched new passwords get the same messages as a reset', async () => {
    const { app } = await testWorld();
    const person = await member(app);
    const agent = await signIn(app, person);
    const weak = await agent.postForm('/account/password', {
      currentPassword: person.password,
      password: 'password123',
      confirmPassword: 'password123',
    });
    assert.equal(weak.statusCode, 400);
    assert.match(weak.body, /This password is too easy to guess/);
    const mismatch = await agent.postForm('/account/password', {
      currentPassword: person.password,
      password: NEW_PASSWORD,
      confirmPassword: 'something else entirely',
    });
    assert.equal(mismatch.statusCode, 400);
    assert.match(mismatch.body, /The passwords do not match/);
  });

  test('the right current password and a good new one change it: this device stays signed in, others are signed out', async () => {
    const { app } = await testWorld();
    const person = await member(app);
    const agent = await signIn(app, person);
    const otherDevice = await signIn(app, person);

    const response = await agent.postForm('/account/password', {
      currentPassword: person.password,
      password: NEW_PASSWORD,
      confirmPassword: NEW_PASSWORD,
    });
    assert.equal(response.statusCode, 303);
    assert.equal(response.headers.location, '/account?done=password-changed');
    const account = await agent.get(response.headers.location ?? '');
    assert.equal(account.statusCode, 200);
    assert.match(account.body, /Your password has been changed/);

    assert.equal((await otherDevice.get('/account')).statusCode, 303, 'the other device is signed out');
    assert.equal(
      (await new Agent(app).postForm('/sign-in', { email: person.email, password: person.password })).statusCode,
      401,
    );
    assert.ok(await signIn(app, { ...person, password: NEW_PASSWORD }));
    const audit = await app.db
      .selectFrom('audit_events')
      .select('action')
      .where('actor_user_id', '=', person.id)
      .where('action', '=', 'password.changed')
      .execute();
    assert.equal(audit.length, 1);
  });
});
