import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { signIn } from '../../../../test/helpers/agent.ts';
import { buildDirectoryResearcher, buildService } from '../../../../test/helpers/directory.ts';
import { buildPerson, buildPractice } from '../../../../test/helpers/factories.ts';
import { testWorld } from '../../../../test/helpers/test-app.ts';
import { runFreshnessSweep } from './freshness.jobs.ts';

const DAY = 86_400_000;

/** A practice with one overdue entry and its open checking task. */
async function practiceWithTask(name: string) {
  const { app } = await testWorld();
  const practice = await buildPractice(app.db);
  const serviceId = await buildService(app.db, {
    ownerId: practice,
    name,
    reviewDueAt: new Date(Date.now() - DAY),
    lastVerifiedAt: new Date(Date.now() - 120 * DAY),
  });
  await runFreshnessSweep(app.db);
  const task = await app.db
    .selectFrom('dir_verification_tasks')
    .select('id')
    .where('service_id', '=', serviceId)
    .where('status', '=', 'open')
    .executeTakeFirstOrThrow();
  return { practice, serviceId, taskId: task.id };
}

describe('directory checking tasks are for directory researchers and staff', () => {
  test('a champion without a directory research role may not see, claim or complete tasks', async () => {
    const { app } = await testWorld();
    const { practice, taskId } = await practiceWithTask('Seated exercise');
    const walkLeader = await signIn(app, await buildDirectoryResearcher(app.db, practice, { grants: false }));
    assert.equal((await walkLeader.get('/directory/tasks')).statusCode, 403);
    assert.equal((await walkLeader.get(`/directory/tasks?organisation=${practice}`)).statusCode, 403);
    assert.equal((await walkLeader.get(`/directory/tasks/${taskId}`)).statusCode, 403);
    assert.equal((await walkLeader.postForm(`/directory/tasks/${taskId}/claim`, {})).statusCode, 403);
    assert.equal(
      (await walkLeader.postForm(`/directory/tasks/${taskId}`, { method: 'phone', outcome: 'confirmed' })).statusCode,
      403,
    );
    assert.doesNotMatch((await walkLeader.get('/directory')).body, /Checking tasks/);
    const task = await app.db
      .selectFrom('dir_verification_tasks')
      .select(['status', 'claimed_by'])
      .where('id', '=', taskId)
      .executeTakeFirstOrThrow();
    assert.deepEqual(task, { status: 'open', claimed_by: null });
  });

  test('a directory researcher claims and completes a task; ending the role takes the tasks away', async () => {
    const { app } = await testWorld();
    const { practice, serviceId, taskId } = await practiceWithTask('Knit and natter');
    const person = await buildDirectoryResearcher(app.db, practice);
    const researcher = await signIn(app, person);
    assert.match((await researcher.get('/directory')).body, /Checking tasks \(\d+ open\)/);
    assert.match((await researcher.get('/directory/tasks')).body, /Knit and natter/);
    assert.equal((await researcher.postForm(`/directory/tasks/${taskId}/claim`, {})).statusCode, 303);
    assert.equal(
      (await researcher.postForm(`/directory/tasks/${taskId}`, { method: 'phone', outcome: 'confirmed' })).headers
        .location,
      '/directory/tasks?done=verified',
    );
    const service = await app.db
      .selectFrom('dir_services')
      .select(['stale', 'last_verified_by'])
      .where('id', '=', serviceId)
      .executeTakeFirstOrThrow();
    assert.deepEqual(service, { stale: false, last_verified_by: person.id });

    await app.db
      .updateTable('champion_role_assignments')
      .set({ ended_at: new Date() })
      .where('champion_id', 'in', (eb) => eb.selectFrom('champions').select('id').where('user_id', '=', person.id))
      .execute();
    assert.equal((await researcher.get('/directory/tasks')).statusCode, 403, 'no role, no tasks');
  });

  test('the role is not enough in another practice, and a template grants it only while it says so', async () => {
    const { app } = await testWorld();
    const { taskId } = await practiceWithTask('Practice A bingo');
    const practiceB = await buildPractice(app.db);
    const researcherB = await signIn(app, await buildDirectoryResearcher(app.db, practiceB));
    assert.equal((await researcherB.get(`/directory/tasks/${taskId}`)).statusCode, 404);
    assert.equal((await researcherB.postForm(`/directory/tasks/${taskId}/claim`, {})).statusCode, 404);
    assert.equal((await researcherB.get('/directory/tasks')).statusCode, 200);
    await app.db
      .updateTable('champion_role_templates')
      .set({ grants_directory_research: false })
      .where('organisation_id', '=', practiceB)
      .execute();
    assert.equal((await researcherB.get('/directory/tasks')).statusCode, 403);
  });

  test('staff who may verify keep their access without any champion role', async () => {
    const { app } = await testWorld();
    const { practice, taskId } = await practiceWithTask('Men’s shed');
    for (const role of ['receptionist', 'coordinator', 'practice_manager', 'link_worker']) {
      const staff = await signIn(app, await buildPerson(app.db, { roles: [[practice, role]] }));
      assert.equal((await staff.get(`/directory/tasks/${taskId}`)).statusCode, 200, role);
    }
    const receptionist = await signIn(app, await buildPerson(app.db, { roles: [[practice, 'receptionist']] }));
    assert.equal((await receptionist.postForm(`/directory/tasks/${taskId}/claim`, {})).statusCode, 303);
  });

  test('the role templates page marks which roles check directory entries, and a coordinator can change it', async () => {
    const { app } = await testWorld();
    const { practice, taskId } = await practiceWithTask('Coffee morning');
    const coordinator = await signIn(app, await buildPerson(app.db, { roles: [[practice, 'coordinator']] }));
    const page = await coordinator.get(`/organisations/${practice}/champions/roles`);
    assert.equal(page.statusCode, 200);
    const row = (name: string, body: string) => new RegExp(`${name}[\\s\\S]*?</tr>`).exec(body)?.[0] ?? '';
    assert.match(
      row('Directory researcher', page.body),
      /Stop<span class="nhsuk-u-visually-hidden"> Directory researcher<\/span> directory checks/,
    );
    assert.match(
      row('Walk leader', page.body),
      /Allow<span class="nhsuk-u-visually-hidden"> Walk leader<\/span> directory checks/,
    );

    // A champion whose only role is Walk leader gains tasks when the coordinator allows it.
    const walker = await buildDirectoryResearcher(app.db, practice, { grants: false });
    const walkerAgent = await signIn(app, walker);
    assert.equal((await walkerAgent.get(`/directory/tasks/${taskId}`)).statusCode, 403);
    const template = await app.db
      .selectFrom('champion_role_templates')
      .select('id')
      .where('organisation_id', '=', practice)
      .where('name', '=', 'Walk leader')
      .executeTakeFirstOrThrow();
    const bad = await coordinator.postForm(
      `/organisations/${practice}/champions/roles/${template.id}/directory-research`,
      { grants: 'maybe' },
    );
    assert.equal(bad.statusCode, 400);
    const allowed = await coordinator.postForm(
      `/organisations/${practice}/champions/roles/${template.id}/directory-research`,
      { grants: 'yes' },
    );
    assert.equal(allowed.headers.location, `/organisations/${practice}/champions/roles?done=research`);
    assert.equal((await walkerAgent.get(`/directory/tasks/${taskId}`)).statusCode, 200);
    assert.ok(
      await app.db
        .selectFrom('audit_events')
        .select('id')
        .where('action', '=', 'role-template.directory-research-changed')
        .where('subject_id', '=', template.id)
        .executeTakeFirst(),
    );

    const added = await coordinator.postForm(`/organisations/${practice}/champions/roles`, {
      name: 'Service finder',
      checkLevel: 'none',
      referencesRequired: '0',
      directoryResearch: 'yes',
    });
    assert.equal(added.statusCode, 303);
    const finder = await app.db
      .selectFrom('champion_role_templates')
      .select('grants_directory_research')
      .where('organisation_id', '=', practice)
      .where('name', '=', 'Service finder')
      .executeTakeFirstOrThrow();
    assert.equal(finder.grants_directory_research, true);

    const otherPractice = await buildPractice(app.db);
    assert.equal(
      (
        await coordinator.postForm(
          `/organisations/${otherPractice}/champions/roles/${template.id}/directory-research`,
          { grants: 'no' },
        )
      ).statusCode,
      404,
    );
    const champion = await signIn(app, walker);
    assert.equal(
      (
        await champion.postForm(`/organisations/${practice}/champions/roles/${template.id}/directory-research`, {
          grants: 'no',
        })
      ).statusCode,
      403,
    );
  });
});
