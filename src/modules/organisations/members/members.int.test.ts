import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Agent, signIn } from '../../../../test/helpers/agent.ts';
import { buildPerson, buildPractice, uniqueEmail } from '../../../../test/helpers/factories.ts';
import { type TestWorld, testWorld } from '../../../../test/helpers/test-app.ts';

const NEW_PASSWORD = 'plum kettle orbit lantern';

/** Delivers the outbox and returns the invitation path from the last email to `email`. */
async function invitationLink(world: TestWorld, email: string): Promise<string> {
  await world.runJobs();
  const message = world.email.lastTo(email);
  assert.ok(message, `an email went to ${email}`);
  const link = /http:\/\/thirdspace\.test(\/invitations\/[\w-]+)/.exec(message.body)?.[1];
  assert.ok(link, 'the email has a full link to the invitation');
  return link;
}

/** A practice with a signed-in practice manager. */
async function practiceWithManager(world: TestWorld) {
  const practiceId = await buildPractice(world.app.db, {
    name: `Riverside Surgery ${Math.random().toString(36).slice(2, 7)}`,
  });
  const manager = await buildPerson(world.app.db, { roles: [[practiceId, 'practice_manager']] });
  return { practiceId, manager, agent: await signIn(world.app, manager) };
}

describe('members: inviting people to a practice', () => {
  test('a practice manager invites by the form; the new person follows the emailed link, sets up an account and is signed in', async () => {
    const world = await testWorld();
    const { practiceId, manager, agent } = await practiceWithManager(world);
    const email = uniqueEmail('champion');

    const form = await agent.get(`/organisations/${practiceId}/members/invite`);
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /Practice health champion/);
    const sent = await agent.postForm(`/organisations/${practiceId}/members/invite`, { email, role: 'champion' });
    assert.equal(sent.statusCode, 303);
    assert.equal(sent.headers.location, `/organisations/${practiceId}/members?done=invited`);
    const members = await agent.get(sent.headers.location);
    assert.match(members.body, /Invitation sent/);
    assert.match(members.body, new RegExp(email.replace(/[.]/g, '\\.')));

    const link = await invitationLink(world, email);
    assert.match(world.email.lastTo(email)?.subject ?? '', /You have been invited to join Riverside Surgery/);
    const newcomer = new Agent(world.app);
    const page = await newcomer.get(link);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Set up your account/);
    const accepted = await newcomer.postForm(link, {
      displayName: 'Nia Newcomer',
      password: NEW_PASSWORD,
      confirmPassword: NEW_PASSWORD,
    });
    assert.equal(accepted.statusCode, 303);
    assert.equal(accepted.headers.location, `/organisations/${practiceId}`);

    const me = JSON.parse((await newcomer.get('/api/me')).body);
    assert.equal(me.email, email);
    assert.equal(me.displayName, 'Nia Newcomer');
    assert.equal(me.activeOrganisationId, practiceId);
    assert.deepEqual(
      me.organisations.map((o: { id: string; roles: string[] }) => [o.id, o.roles]),
      [[practiceId, ['champion']]],
    );
    const membership = await world.app.db
      .selectFrom('memberships')
      .selectAll()
      .where('user_id', '=', me.id)
      .executeTakeFirstOrThrow();
    assert.equal(membership.granted_by, manager.id);

    // The link works once: afterwards it shows the expired page, to anyone.
    for (const who of [newcomer, new Agent(world.app)]) {
      const again = await who.get(link);
      assert.equal(again.statusCode, 404);
      assert.match(again.body, /expired or has already been used/);
    }
    const replay = await new Agent(world.app).postForm(link, {
      displayName: 'Someone Else',
      password: NEW_PASSWORD,
      confirmPassword: NEW_PASSWORD,
    });
    assert.equal(replay.statusCode, 404);
    assert.match(replay.body, /expired or has already been used/);
  });

  test('a practice manager invites through the API with the CSRF header; without it the request is refused', async () => {
    const world = await testWorld();
    const { practiceId, agent } = await practiceWithManager(world);
    const email = uniqueEmail('clinician');
    const refused = await agent.sendJson(
      'POST',
      `/api/organisations/${practiceId}/invitations`,
      { email, role: 'clinician' },
      { withCsrf: false },
    );
    assert.equal(refused.statusCode, 403);
    assert.equal(JSON.parse(refused.body).code, 'csrf_failed');

    const created = await agent.sendJson('POST', `/api/organisations/${practiceId}/invitations`, {
      email,
      role: 'clinician',
    });
    assert.equal(created.statusCode, 201);
    const { id } = JSON.parse(created.body);
    const row = await world.app.db.selectFrom('invitations').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal(row.role, 'clinician');
    assert.equal(row.organisation_id, practiceId);
    assert.match(await invitationLink(world, email), /^\/invitations\//);
  });

  test('a withdrawn invitation cannot be used', async () => {
    const world = await testWorld();
    const { practiceId, agent } = await practiceWithManager(world);
    const email = uniqueEmail('withdrawn');
    const created = await agent.sendJson('POST', `/api/organisations/${practiceId}/invitations`, {
      email,
      role: 'receptionist',
    });
    const link = await invitationLink(world, email);
    const withdrawn = await agent.postForm(
      `/organisations/${practiceId}/invitations/${JSON.parse(created.body).id}/withdraw`,
      {},
    );
    assert.equal(withdrawn.statusCode, 303);
    assert.match((await agent.get(withdrawn.headers.location ?? '')).body, /Invitation withdrawn/);

    const visitor = new Agent(world.app);
    assert.equal((await visitor.get(link)).statusCode, 404);
    const attempt = await visitor.postForm(link, {
      displayName: 'Too Late',
      password: NEW_PASSWORD,
      confirmPassword: NEW_PASSWORD,
    });
    assert.equal(attempt.statusCode, 404);
    assert.equal(
      await world.app.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst(),
      undefined,
    );
  });

  test('someone who already has an account signs in to accept; a different signed-in person is refused', async () => {
    const world = await testWorld();
    const { practiceId, agent } = await practiceWithManager(world);
    const existing = await buildPerson(world.app.db);
    await agent.postForm(`/organisations/${practiceId}/members/invite`, {
      email: existing.email.toUpperCase(),
      role: 'coordinator',
    });
    const link = await invitationLink(world, existing.email);

    const anonymous = new Agent(world.app);
    const page = await anonymous.get(link);
    assert.match(page.body, /Sign in to accept/);
    assert.doesNotMatch(page.body, /Choose a password/);
    const tryNew = await anonymous.postForm(link, {
      displayName: 'Impostor',
      password: NEW_PASSWORD,
      confirmPassword: NEW_PASSWORD,
    });
    assert.equal(tryNew.statusCode, 303);
    assert.equal(tryNew.headers.location, `/sign-in?returnTo=${encodeURIComponent(link)}`);

    const stranger = await signIn(world.app, await buildPerson(world.app.db));
    assert.match((await stranger.get(link)).body, /This invitation is for someone else/);
    const refused = await stranger.postForm(link, {});
    assert.equal(refused.statusCode, 403);

    const owner = new Agent(world.app);
    const signedIn = await owner.postForm('/sign-in', {
      email: existing.email,
      password: existing.password,
      returnTo: link,
    });
    assert.equal(signedIn.headers.location, link);
    const accepted = await owner.postForm(link, {});
    assert.equal(accepted.statusCode, 303);
    assert.equal(accepted.headers.location, `/organisations/${practiceId}`);
    const me = JSON.parse((await owner.get('/api/me')).body);
    assert.equal(me.activeOrganisationId, practiceId);
    assert.deepEqual(me.organisations.find((o: { id: string }) => o.id === practiceId)?.roles, ['coordinator']);
  });
});

describe('members: who may invite whom', () => {
  test('a coordinator may invite champions but not practice managers', async () => {
    const world = await testWorld();
    const practiceId = await buildPractice(world.app.db);
    const coordinator = await signIn(
      world.app,
      await buildPerson(world.app.db, { roles: [[practiceId, 'coordinator']] }),
    );
    const form = await coordinator.get(`/organisations/${practiceId}/members/invite`);
    assert.match(form.body, /value="champion"/);
    assert.doesNotMatch(form.body, /value="practice_manager"/);

    const email = uniqueEmail('hopeful');
    const viaForm = await coordinator.postForm(`/organisations/${practiceId}/members/invite`, {
      email,
      role: 'practice_manager',
    });
    assert.equal(viaForm.statusCode, 403);
    assert.match(viaForm.body, /You cannot invite people as practice manager/);
    assert.match(viaForm.body, new RegExp(`value="${email.replace(/[.]/g, '\\.')}"`));
    const viaApi = await coordinator.sendJson('POST', `/api/organisations/${practiceId}/invitations`, {
      email,
      role: 'practice_manager',
    });
    assert.equal(viaApi.statusCode, 403);

    const champion = await coordinator.postForm(`/organisations/${practiceId}/members/invite`, {
      email,
      role: 'champion',
    });
    assert.equal(champion.statusCode, 303);
    const invitations = await world.app.db
      .selectFrom('invitations')
      .select('role')
      .where('email', '=', email)
      .execute();
    assert.deepEqual(invitations, [{ role: 'champion' }]);
  });

  test('a receptionist cannot invite anyone', async () => {
    const world = await testWorld();
    const practiceId = await buildPractice(world.app.db);
    const receptionist = await signIn(
      world.app,
      await buildPerson(world.app.db, { roles: [[practiceId, 'receptionist']] }),
    );
    assert.equal((await receptionist.get(`/organisations/${practiceId}/members/invite`)).statusCode, 403);
    assert.equal(
      (
        await receptionist.postForm(`/organisations/${practiceId}/members/invite`, {
          email: uniqueEmail(),
          role: 'champion',
        })
      ).statusCode,
      403,
    );
    assert.equal(
      (
        await receptionist.sendJson('POST', `/api/organisations/${practiceId}/invitations`, {
          email: uniqueEmail(),
          role: 'champion',
        })
      ).statusCode,
      403,
    );
  });

  test('a role that does not fit the organisation is refused: no commissioners in a practice', async () => {
    const world = await testWorld();
    const { practiceId, agent } = await practiceWithManager(world);
    const viaApi = await agent.sendJson('POST', `/api/organisations/${practiceId}/invitations`, {
      email: uniqueEmail(),
      role: 'commissioner',
    });
    assert.equal(viaApi.statusCode, 400);
    assert.match(JSON.parse(viaApi.body).errors.role, /commissioner or funder cannot be given a role/);
    const viaForm = await agent.postForm(`/organisations/${practiceId}/members/invite`, {
      email: uniqueEmail(),
      role: 'network_lead',
    });
    assert.equal(viaForm.statusCode, 400);
    assert.match(viaForm.body, /There is a problem/);
  });

  test('inviting someone who already holds the role is refused', async () => {
    const world = await testWorld();
    const { practiceId, agent } = await practiceWithManager(world);
    const champion = await buildPerson(world.app.db, { roles: [[practiceId, 'champion']] });
    const viaApi = await agent.sendJson('POST', `/api/organisations/${practiceId}/invitations`, {
      email: champion.email,
      role: 'champion',
    });
    assert.equal(viaApi.statusCode, 409);
    const viaForm = await agent.postForm(`/organisations/${practiceId}/members/invite`, {
      email: champion.email,
      role: 'champion',
    });
    assert.equal(viaForm.statusCode, 409);
    assert.match(viaForm.body, /already a practice health champion here/);
    // Another role for the same person is fine.
    assert.equal(
      (
        await agent.sendJson('POST', `/api/organisations/${practiceId}/invitations`, {
          email: champion.email,
          role: 'clinician',
        })
      ).statusCode,
      201,
    );
  });

  test('a mistyped invitation comes back with the problems listed and the email kept', async () => {
    const world = await testWorld();
    const { practiceId, agent } = await practiceWithManager(world);
    const url = `/organisations/${practiceId}/members/invite`;
    const noEmail = await agent.postForm(url, { email: '', role: 'champion' });
    assert.equal(noEmail.statusCode, 400);
    assert.match(noEmail.body, /Enter their email address/);
    assert.match(noEmail.body, /<title>Error: /);

    const badEmail = await agent.postForm(url, { email: 'sam at example', role: 'champion' });
    assert.equal(badEmail.statusCode, 400);
    assert.match(badEmail.body, /Enter an email address in the correct format/);
    assert.match(badEmail.body, /value="sam at example"/);
    assert.match(badEmail.body, /value="champion" checked/);

    const noRole = await agent.postForm(url, { email: 'sam@example.test' });
    assert.equal(noRole.statusCode, 400);
    assert.match(noRole.body, /Select a role/);
    assert.match(noRole.body, /value="sam@example\.test"/);
    assert.equal(
      await world.app.db
        .selectFrom('invitations')
        .select('id')
        .where('email', '=', 'sam@example.test')
        .where('organisation_id', '=', practiceId)
        .executeTakeFirst(),
      undefined,
    );
  });
});

describe('members: adding and removing roles', () => {
  test('a practice manager adds and removes roles; the last practice manager cannot be removed', async () => {
    const world = await testWorld();
    const { practiceId, manager, agent } = await practiceWithManager(world);
    const colleague = await buildPerson(world.app.db, {
      roles: [[practiceId, 'receptionist']],
      displayName: 'Cal Colleague',
    });
    const rolesOf = async (userId: string) =>
      (
        await world.app.db
          .selectFrom('memberships')
          .select('role')
          .where('user_id', '=', userId)
          .where('organisation_id', '=', practiceId)
          .orderBy('role')
          .execute()
      ).map((row) => row.role);

    const granted = await agent.postForm(`/organisations/${practiceId}/members/${colleague.id}/roles`, {
      role: 'practice_manager',
    });
    assert.equal(granted.statusCode, 303);
    assert.match((await agent.get(granted.headers.location ?? '')).body, /Role added/);
    assert.deepEqual(await rolesOf(colleague.id), ['practice_manager', 'receptionist']);

    const removed = await agent.postForm(`/organisations/${practiceId}/members/${colleague.id}/roles/remove`, {
      role: 'receptionist',
    });
    assert.equal(removed.statusCode, 303);
    assert.deepEqual(await rolesOf(colleague.id), ['practice_manager']);

    // Two managers: one may step down. Then the other is the last, and stays.
    assert.equal(
      (
        await agent.postForm(`/organisations/${practiceId}/members/${manager.id}/roles/remove`, {
          role: 'practice_manager',
        })
      ).statusCode,
      303,
    );
    const colleagueAgent = await signIn(world.app, colleague);
    const last = await colleagueAgent.postForm(`/organisations/${practiceId}/members/${colleague.id}/roles/remove`, {
      role: 'practice_manager',
    });
    assert.equal(last.statusCode, 409);
    assert.match(last.body, /must keep at least one practice manager/);
    assert.deepEqual(await rolesOf(colleague.id), ['practice_manager']);
  });

  test('two practice managers stepping down at the same moment leave one of them in place', async () => {
    const world = await testWorld();
    for (let round = 0; round < 3; round += 1) {
      const practiceId = await buildPractice(world.app.db);
      const managers = [
        await buildPerson(world.app.db, { roles: [[practiceId, 'practice_manager']] }),
        await buildPerson(world.app.db, { roles: [[practiceId, 'practice_manager']] }),
      ];
      const agents = await Promise.all(managers.map((manager) => signIn(world.app, manager)));
      const tokens = await Promise.all(agents.map((agent) => agent.csrfToken()));
      const responses = await Promise.all(
        agents.map((agent, index) =>
          agent.request({
            method: 'POST',
            url: `/organisations/${practiceId}/members/${managers[index]!.id}/roles/remove`,
            payload: new URLSearchParams({ role: 'practice_manager', _csrf: tokens[index]! }).toString(),
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
          }),
        ),
      );
      assert.deepEqual(responses.map((response) => response.statusCode).sort(), [303, 409]);
      const left = await world.app.db
        .selectFrom('memberships')
        .select('id')
        .where('organisation_id', '=', practiceId)
        .where('role', '=', 'practice_manager')
        .execute();
      assert.equal(left.length, 1);
    }
  });

  test('a role that does not exist or does not fit is refused with 400, not a server error', async () => {
    const world = await testWorld();
    const { practiceId, agent } = await practiceWithManager(world);
    const colleague = await buildPerson(world.app.db, { roles: [[practiceId, 'clinician']] });
    for (const role of ['commissioner', 'wizard', 'constructor', '__proto__']) {
      const response = await agent.postForm(`/organisations/${practiceId}/members/${colleague.id}/roles`, { role });
      assert.equal(response.statusCode, 400, role);
    }
  });

  test('only people who manage members can change roles', async () => {
    const world = await testWorld();
    const practiceId = await buildPractice(world.app.db);
    const manager = await buildPerson(world.app.db, { roles: [[practiceId, 'practice_manager']] });
    const coordinator = await signIn(
      world.app,
      await buildPerson(world.app.db, { roles: [[practiceId, 'coordinator']] }),
    );
    assert.equal(
      (
        await coordinator.postForm(`/organisations/${practiceId}/members/${manager.id}/roles/remove`, {
          role: 'practice_manager',
        })
      ).statusCode,
      403,
    );
    assert.equal(
      (await coordinator.postForm(`/organisations/${practiceId}/members/${manager.id}/roles`, { role: 'champion' }))
        .statusCode,
      403,
    );
    const outsider = await signIn(
      world.app,
      await buildPerson(world.app.db, { roles: [[await buildPractice(world.app.db), 'practice_manager']] }),
    );
    assert.equal(
      (await outsider.postForm(`/organisations/${practiceId}/members/${manager.id}/roles`, { role: 'champion' }))
        .statusCode,
      404,
    );
  });

  test('a coordinator cannot withdraw an invitation to be a practice manager, but can withdraw a champion one', async () => {
    const world = await testWorld();
    const practiceId = await buildPractice(world.app.db);
    const manager = await signIn(
      world.app,
      await buildPerson(world.app.db, { roles: [[practiceId, 'practice_manager']] }),
    );
    const coordinator = await signIn(
      world.app,
      await buildPerson(world.app.db, { roles: [[practiceId, 'coordinator']] }),
    );
    const managerInvite = await manager.sendJson('POST', `/api/organisations/${practiceId}/invitations`, {
      email: uniqueEmail('deputy'),
      role: 'practice_manager',
    });
    const championInvite = await coordinator.sendJson('POST', `/api/organisations/${practiceId}/invitations`, {
      email: uniqueEmail('walker'),
      role: 'champion',
    });
    const refused = await coordinator.postForm(
      `/organisations/${practiceId}/invitations/${managerInvite.json().id}/withdraw`,
      {},
    );
    assert.equal(refused.statusCode, 403);
    const withdrawn = await coordinator.postForm(
      `/organisations/${practiceId}/invitations/${championInvite.json().id}/withdraw`,
      {},
    );
    assert.equal(withdrawn.statusCode, 303);
  });

  test('posting to an invitation for someone who already has an account sends them to sign in', async () => {
    const world = await testWorld();
    const practiceId = await buildPractice(world.app.db);
    const existing = await buildPerson(world.app.db);
    const manager = await signIn(
      world.app,
      await buildPerson(world.app.db, { roles: [[practiceId, 'practice_manager']] }),
    );
    await manager.sendJson('POST', `/api/organisations/${practiceId}/invitations`, {
      email: existing.email,
      role: 'clinician',
    });
    await world.runJobs();
    const link = /\/invitations\/[\w-]+/.exec(world.email.lastTo(existing.email)?.body ?? '')?.[0] ?? '';
    const response = await new Agent(world.app).postForm(link, {});
    assert.equal(response.statusCode, 303);
    assert.match(String(response.headers.location), /^\/sign-in\?returnTo=/);
  });
});
