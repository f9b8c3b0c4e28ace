import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Agent, signIn } from '../../../../test/helpers/agent.ts';
import { buildDirectoryResearcher, buildService } from '../../../../test/helpers/directory.ts';
import { buildNetwork, buildPerson, buildPractice } from '../../../../test/helpers/factories.ts';
import { testWorld } from '../../../../test/helpers/test-app.ts';
import { enqueueJob } from '../../../platform/jobs/queue.ts';
import { FRESHNESS_JOB, runFreshnessSweep } from './freshness.jobs.ts';
import { assertInputKept } from '../services/service-form.fixtures.ts';
import { FIVE_WAYS_TAXONOMY, NEEDS_TAXONOMY } from '../shared/taxonomies.rules.ts';

const DAY = 86_400_000;

async function liveTasks(serviceId: string) {
  const { app } = await testWorld();
  return app.db
    .selectFrom('dir_verification_tasks')
    .select(['id', 'status', 'claimed_by'])
    .where('service_id', '=', serviceId)
    .where('status', 'in', ['open', 'claimed'])
    .execute();
}

describe('directory freshness: the nightly sweep, verification tasks, the dashboard and provider links', () => {
  test('the sweep schedules reviews by taxonomy, marks overdue entries stale once, and opens one task each', async () => {
    const { app, runJobs } = await testWorld();
    const practice = await buildPractice(app.db);
    const now = new Date();
    const checkedFourMonthsAgo = new Date(now.getTime() - 122 * DAY);
    const needsOnly = await buildService(app.db, {
      ownerId: practice,
      name: 'Three-monthly',
      lastVerifiedAt: checkedFourMonthsAgo,
      reviewDueAt: null,
      needs: [NEEDS_TAXONOMY.terms[0]?.id as string],
    });
    const fiveWaysOnly = await buildService(app.db, {
      ownerId: practice,
      name: 'Six-monthly',
      lastVerifiedAt: checkedFourMonthsAgo,
      reviewDueAt: null,
      needs: [FIVE_WAYS_TAXONOMY.terms[0]?.id as string],
    });
    const closed = await buildService(app.db, {
      ownerId: practice,
      name: 'Closed',
      status: 'defunct',
      reviewDueAt: new Date(now.getTime() - DAY),
    });

    await runFreshnessSweep(app.db, now);
    const rows = await app.db
      .selectFrom('dir_services')
      .select(['id', 'stale', 'review_due_at'])
      .where('id', 'in', [needsOnly, fiveWaysOnly, closed])
      .execute();
    const byId = new Map(rows.map((row) => [row.id, row]));
    assert.equal(byId.get(needsOnly)?.stale, true, 'due after 3 months');
    assert.equal(byId.get(fiveWaysOnly)?.stale, false, 'due after 6 months');
    assert.equal(byId.get(closed)?.stale, false, 'closed services are not checked');
    assert.equal((await liveTasks(needsOnly)).length, 1);
    assert.equal((await liveTasks(fiveWaysOnly)).length, 0);

    await runFreshnessSweep(app.db, now);
    assert.equal((await liveTasks(needsOnly)).length, 1, 'still one live task after a second night');
    const history = await app.db
      .selectFrom('dir_service_history')
      .select('source')
      .where('service_id', '=', needsOnly)
      .execute();
    assert.deepEqual(
      history.map((row) => row.source),
      ['system'],
    );

    await app.db.updateTable('dir_services').set({ status: 'inactive' }).where('id', '=', needsOnly).execute();
    await runFreshnessSweep(app.db, now);
    assert.equal((await liveTasks(needsOnly)).length, 0, 'the task is cancelled when the service stops');
    // The nightly job is registered with the queue: queued by hand, the worker runs the sweep.
    await enqueueJob(app.db, FRESHNESS_JOB, {}, { singletonKey: `test:${needsOnly}` });
    assert.ok((await runJobs()) >= 1);
  });

  test('a champion claims a task and confirms the details: verified, due again, not stale, with history and audit', async () => {
    const { app } = await testWorld();
    const practice = await buildPractice(app.db);
    const serviceId = await buildService(app.db, {
      ownerId: practice,
      name: 'Chair yoga',
      reviewDueAt: new Date(Date.now() - DAY),
      lastVerifiedAt: new Date(Date.now() - 100 * DAY),
    });
    await runFreshnessSweep(app.db);
    const [task] = await liveTasks(serviceId);
    assert.ok(task);
    const champion = await buildDirectoryResearcher(app.db, practice);
    const agent = await signIn(app, champion);
    const list = await agent.get('/directory/tasks');
    assert.match(list.body, /Chair yoga/);
    assert.match(list.body, /Claim<span class="nhsuk-u-visually-hidden"> the check of Chair yoga/);
    assert.equal((await agent.postForm(`/directory/tasks/${task.id}/claim`, {})).statusCode, 303);
    const other = await signIn(app, await buildDirectoryResearcher(app.db, practice));
    const clash = await other.postForm(`/directory/tasks/${task.id}/claim`, {});
    assert.equal(clash.statusCode, 409);
    assert.match(clash.body, /Someone else has already claimed this task/);

    const missing = await agent.postForm(`/directory/tasks/${task.id}`, { method: 'fax' });
    assert.equal(missing.statusCode, 400);
    assert.match(missing.body, /Select how you checked the details/);
    const done = await agent.postForm(`/directory/tasks/${task.id}`, { method: 'visit', outcome: 'confirmed' });
    assert.equal(done.headers.location, '/directory/tasks?done=verified');

    const service = await app.db
      .selectFrom('dir_services')
      .selectAll()
      .where('id', '=', serviceId)
      .executeTakeFirstOrThrow();
    assert.equal(service.stale, false);
    assert.equal(service.verification_method, 'visit');
    assert.equal(service.last_verified_by, champion.id);
    assert.equal(service.assurer_email, champion.email);
    assert.ok(service.review_due_at && service.review_due_at.getTime() > Date.now() + 80 * DAY);
    const finished = await app.db
      .selectFrom('dir_verification_tasks')
      .select(['status', 'outcome'])
      .where('id', '=', task.id)
      .executeTakeFirstOrThrow();
    assert.deepEqual(finished, { status: 'done', outcome: 'Details confirmed' });
    const history = await app.db
      .selectFrom('dir_service_history')
      .select('source')
      .where('service_id', '=', serviceId)
      .orderBy('changed_at')
      .execute();
    assert.deepEqual(
      history.map((row) => row.source),
      ['system', 'verification'],
    );
    assert.ok(
      await app.db
        .selectFrom('audit_events')
        .select('id')
        .where('action', '=', 'directory.service-verified')
        .where('subject_id', '=', serviceId)
        .where('organisation_id', '=', practice)
        .executeTakeFirst(),
    );
  });

  test('"something has changed" leads a champion to propose the change; approval verifies the entry', async () => {
    const { app } = await testWorld();
    const practice = await buildPractice(app.db);
    const serviceId = await buildService(app.db, {
      ownerId: practice,
      name: 'Men in Sheds',
      reviewDueAt: new Date(Date.now() - DAY),
      phone: '0113 496 0100',
    });
    await runFreshnessSweep(app.db);
    const [task] = await liveTasks(serviceId);
    const champion = await buildDirectoryResearcher(app.db, practice);
    const agent = await signIn(app, champion);
    const next = await agent.postForm(`/directory/tasks/${task?.id}`, { method: 'phone', outcome: 'changed' });
    assert.equal(next.headers.location, `/directory/services/${serviceId}/propose?task=${task?.id}`);
    const form = await agent.get(next.headers.location as string);
    assert.match(form.body, new RegExp(`name="task" value="${task?.id}"`));
    const proposed = await agent.postForm(`/directory/services/${serviceId}/propose`, {
      task: task?.id ?? '',
      name: 'Men in Sheds',
      status: 'active',
      cost: 'unknown',
      phone: '0113 496 0200',
    });
    assert.equal(proposed.headers.location, '/directory/tasks?done=proposed');
    assert.equal((await liveTasks(serviceId)).length, 0, 'the task is done');
    assert.equal(
      (await app.db.selectFrom('dir_services').select('stale').where('id', '=', serviceId).executeTakeFirstOrThrow())
        .stale,
      true,
      'still stale until the change is approved',
    );

    const proposal = await app.db
      .selectFrom('dir_change_proposals')
      .select(['id', 'verification_task_id'])
      .where('service_id', '=', serviceId)
      .executeTakeFirstOrThrow();
    assert.equal(proposal.verification_task_id, task?.id);
    const manager = await signIn(app, await buildPerson(app.db, { roles: [[practice, 'practice_manager']] }));
    assert.equal(
      (await manager.postForm(`/directory/reviews/${proposal.id}`, { decision: 'approve', accept: 'phone' }))
        .statusCode,
      303,
    );
    const service = await app.db
      .selectFrom('dir_services')
      .select(['stale', 'last_verified_by', 'verification_method'])
      .where('id', '=', serviceId)
      .executeTakeFirstOrThrow();
    assert.deepEqual(service, { stale: false, last_verified_by: champion.id, verification_method: 'phone' });
  });

  test('tenancy: staff of another practice get 404 for its tasks, task pages, claims and dashboard', async () => {
    const { app } = await testWorld();
    const practiceA = await buildPractice(app.db);
    const practiceB = await buildPractice(app.db);
    const serviceId = await buildService(app.db, {
      ownerId: practiceA,
      name: 'Practice A lunch club',
      reviewDueAt: new Date(Date.now() - DAY),
    });
    await runFreshnessSweep(app.db);
    const [task] = await liveTasks(serviceId);
    const championB = await signIn(
      app,
      await buildPerson(app.db, {
        roles: [
          [practiceB, 'champion'],
          [practiceB, 'coordinator'],
        ],
      }),
    );
    assert.equal((await championB.get(`/directory/tasks?organisation=${practiceA}`)).statusCode, 404);
    assert.equal((await championB.get(`/directory/tasks/${task?.id}`)).statusCode, 404);
    assert.equal((await championB.postForm(`/directory/tasks/${task?.id}/claim`, {})).statusCode, 404);
    assert.equal(
      (await championB.postForm(`/directory/tasks/${task?.id}`, { method: 'phone', outcome: 'confirmed' })).statusCode,
      404,
    );
    assert.equal((await championB.get(`/directory/freshness?organisation=${practiceA}`)).statusCode, 404);
    assert.doesNotMatch((await championB.get('/directory/tasks')).body, /Practice A lunch club/);
    assert.equal((await liveTasks(serviceId))[0]?.status, 'open');
    const clinicianA = await signIn(app, await buildPerson(app.db, { roles: [[practiceA, 'clinician']] }));
    assert.equal(
      (await clinicianA.get(`/directory/tasks/${task?.id}`)).statusCode,
      403,
      'a member without the verify permission',
    );
  });

  test('the dashboard shows the share of fresh entries per practice and per network', async () => {
    const { app } = await testWorld();
    const network = await buildNetwork(app.db, { name: 'Dashboard Network' });
    const practiceA = await buildPractice(app.db, { networkId: network, name: 'Dashboard Surgery A' });
    const practiceB = await buildPractice(app.db, { networkId: network, name: 'Dashboard Surgery B' });
    await buildService(app.db, { ownerId: practiceA, name: 'Fresh one' });
    await buildService(app.db, { ownerId: practiceA, name: 'Stale one', stale: true });
    await buildService(app.db, { ownerId: practiceA, name: 'Never checked', lastVerifiedAt: null, reviewDueAt: null });
    await buildService(app.db, { ownerId: practiceB, name: 'Fresh two' });
    const lead = await signIn(app, await buildPerson(app.db, { roles: [[network, 'network_lead']] }));
    const page = await lead.get('/directory/freshness');
    assert.equal(page.statusCode, 200);
    const main = page.body.slice(page.body.indexOf('<main'));
    const row = (name: string) =>
      new RegExp(`${name}[\\s\\S]*?</tr>`).exec(main)?.[0].replace(/<[^>]+>|\s+/g, ' ') ?? '';
    assert.match(row('Dashboard Surgery A'), / 3 .* 1 .* 33% .* 1 /);
    assert.match(row('Dashboard Surgery B'), / 1 .* 1 .* 100% /);
    assert.match(row('Dashboard Network'), / 4 .* 2 .* 50% /);
    const managerA = await signIn(app, await buildPerson(app.db, { roles: [[practiceA, 'practice_manager']] }));
    const own = await managerA.get('/directory/freshness');
    assert.match(own.body, /Dashboard Surgery A/);
    assert.doesNotMatch(own.body, /Dashboard Surgery B/);
  });

  test('a provider link: emailed once, works without an account, sends changes to review, then stops working', async () => {
    const { app, email, runJobs } = await testWorld();
    const practice = await buildPractice(app.db);
    const serviceId = await buildService(app.db, { ownerId: practice, name: 'Wellbeing Café', stale: true });
    const manager = await signIn(app, await buildPerson(app.db, { roles: [[practice, 'practice_manager']] }));
    const bad = await manager.postForm(`/directory/services/${serviceId}/provider-link`, { email: 'not an email' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /Enter an email address in the correct format/);
    assertInputKept(bad.body, { email: 'not an email' });
    assert.equal(
      (await manager.postForm(`/directory/services/${serviceId}/provider-link`, { email: 'cafe@example.org' }))
        .statusCode,
      303,
    );
    await runJobs();
    const link = /http:\/\/thirdspace\.test(\/directory\/provider\/[\w-]+)/.exec(
      email.lastTo('cafe@example.org')?.body ?? '',
    )?.[1];
    assert.ok(link, 'the email carries the link');
    const stored = await app.db
      .selectFrom('dir_provider_links')
      .select(['token_hash', 'sent_to'])
      .where('service_id', '=', serviceId)
      .executeTakeFirstOrThrow();
    assert.ok(!link.includes(stored.token_hash), 'only the hash is stored');

    const provider = new Agent(app);
    const page = await provider.get(link);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Check your entry: Wellbeing Café/);
    // A bad field shows the form again with its error, and everything else the provider typed.
    const typed = {
      name: '',
      description: 'Tea, cake & a chat on Thursdays',
      status: 'temporarily closed',
      organisation: 'Calverley Friends',
      phone: '0113 496 0777',
      email: 'not-an-email',
      url: 'https://cafe.example.org',
      address1: '2 Chapel Lane',
      town: 'Calverley',
      postcode: 'LS28 5QQ',
      day0: 'thursday',
      opens0: '14:00',
      closes0: '16:00',
      cost: 'paid',
      costAmount: '2.50',
      minimumAge: '18',
      languages: 'English, Urdu',
      accessibility: 'Step-free "side" entrance',
      needs: NEEDS_TAXONOMY.terms[1]?.id as string,
      comment: 'We moved in the spring',
    };
    const invalid = await provider.postForm(link, typed);
    assert.equal(invalid.statusCode, 400);
    assert.match(invalid.body, /Enter the name of the service/);
    assert.match(invalid.body, /Enter an email address in the correct format/);
    assertInputKept(invalid.body, typed);
    assert.equal((await provider.get(link)).statusCode, 200, 'bad input does not spend the link');
    const sent = await provider.postForm(link, {
      name: 'Wellbeing Café',
      status: 'active',
      cost: 'free',
      comment: 'We are free now',
    });
    assert.equal(sent.headers.location, '/directory/provider-thanks?sent=changes');
    assert.equal((await provider.get(link)).statusCode, 404, 'the link works once');
    assert.equal(
      (await provider.postForm(`${link}/confirm`, {})).headers.location,
      '/directory/provider-thanks?sent=expired',
    );

    const proposal = await app.db
      .selectFrom('dir_change_proposals')
      .select(['id', 'source', 'proposer_email'])
      .where('service_id', '=', serviceId)
      .executeTakeFirstOrThrow();
    assert.deepEqual(
      { source: proposal.source, email: proposal.proposer_email },
      { source: 'provider', email: 'cafe@example.org' },
    );
    assert.equal(
      (await manager.postForm(`/directory/reviews/${proposal.id}`, { decision: 'approve', accept: 'cost' })).statusCode,
      303,
    );
    const service = await app.db
      .selectFrom('dir_services')
      .select(['stale', 'verification_method', 'assurer_email'])
      .where('id', '=', serviceId)
      .executeTakeFirstOrThrow();
    assert.deepEqual(service, { stale: false, verification_method: 'provider', assurer_email: 'cafe@example.org' });
    assert.equal((await provider.get('/directory/provider/not-a-real-token-at-all-000')).statusCode, 404);
  });
});
