import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { signIn } from '../../../../test/helpers/agent.ts';
import { buildPerson, buildPractice, uniqueEmail } from '../../../../test/helpers/factories.ts';
import { testWorld } from '../../../../test/helpers/test-app.ts';
import { newId } from '../../../lib/ids.ts';
import { clearanceFor, isClearedFor } from './clearance.service.ts';
import { buildApplicant, roleTemplateNamed } from '../recruitment/recruitment.fixtures.ts';
import { sendExpiryReminders } from './expiry-reminders.jobs.ts';
import { scopeOf } from '../../../../test/helpers/scope.ts';
import { londonToday } from '../../../lib/dates.ts';

const DAY = 86_400_000;
const inDays = (days: number) => londonToday(new Date(Date.now() + days * DAY));

describe('champions: clearance for a role', () => {
  test('isClearedFor needs every requirement: check level, unexpired, references and current training', async () => {
    const { app } = await testWorld();
    const practiceId = await buildPractice(app.db);
    const scope = scopeOf(practiceId);
    const championId = await buildApplicant(app.db, { organisationId: practiceId, stage: 'checks' });
    const walkLeader = await roleTemplateNamed(app.db, practiceId, 'Walk leader'); // basic, 1 reference, walk leader training
    const befriender = await roleTemplateNamed(app.db, practiceId, 'Befriender'); // enhanced + adults' barred list, 2 references
    const directory = await roleTemplateNamed(app.db, practiceId, 'Directory researcher'); // nothing needed
    assert.equal(await isClearedFor(app.db, scope, championId, directory), true);
    assert.equal(await isClearedFor(app.db, scope, championId, walkLeader), false);

    await app.db
      .insertInto('champion_checks')
      .values({
        id: newId(),
        champion_id: championId,
        level: 'enhanced',
        issued_on: inDays(-10),
        certificate_reference: '001234567890',
        expires_on: inDays(-1),
      })
      .execute();
    assert.deepEqual((await clearanceFor(app.db, scope, championId, walkLeader)).missing, [
      'A current basic DBS check',
      '1 more reference',
      'Current training: Walk leader training',
    ]);

    await app.db
      .insertInto('champion_checks')
      .values({
        id: newId(),
        champion_id: championId,
        level: 'enhanced',
        issued_on: inDays(-5),
        certificate_reference: '001234567891',
        expires_on: null,
      })
      .execute();
    await app.db
      .insertInto('champion_references')
      .values({ id: newId(), champion_id: championId, referee_name: 'A Referee', received_on: inDays(-3) })
      .execute();
    await app.db
      .insertInto('champion_training')
      .values({
        id: newId(),
        champion_id: championId,
        course: 'Walk leader training',
        completed_on: inDays(-400),
        expires_on: inDays(-2),
      })
      .execute();
    assert.deepEqual((await clearanceFor(app.db, scope, championId, walkLeader)).missing, [
      'Current training: Walk leader training',
    ]);
    await app.db
      .insertInto('champion_training')
      .values({
        id: newId(),
        champion_id: championId,
        course: 'walk leader training',
        completed_on: inDays(-1),
        expires_on: inDays(300),
      })
      .execute();
    assert.equal(await isClearedFor(app.db, scope, championId, walkLeader), true);

    // An enhanced check without the adults' barred list does not clear a befriender.
    const befrienderGaps = (await clearanceFor(app.db, scope, championId, befriender)).missing;
    assert.ok(befrienderGaps.includes('A current enhanced with adults’ barred list DBS check'));
    assert.ok(befrienderGaps.includes('1 more reference'));

    // Out of scope: another practice's view of this champion.
    const other = await buildPractice(app.db);
    assert.equal(await isClearedFor(app.db, scopeOf(other), championId, walkLeader), false);
    assert.equal(await isClearedFor(app.db, scope, championId, 'not-a-uuid'), false);
  });

  test('a coordinator cannot give a role the champion is not cleared for; once cleared they can', async () => {
    const { app } = await testWorld();
    const practiceId = await buildPractice(app.db);
    const championId = await buildApplicant(app.db, { organisationId: practiceId, stage: 'checks' });
    const walkLeader = await roleTemplateNamed(app.db, practiceId, 'Walk leader');
    const coordinator = await buildPerson(app.db, {
      roles: [[practiceId, 'coordinator']],
      displayName: 'Clara Clearer',
    });
    const agent = await signIn(app, coordinator);
    const refused = await agent.postForm(`/organisations/${practiceId}/champions/${championId}/roles`, {
      roleTemplateId: walkLeader,
    });
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, /not cleared for this role yet/);

    const base = `/organisations/${practiceId}/champions/${championId}`;
    const badCheck = await agent.postForm(`${base}/checks`, {
      level: 'basic',
      'issuedOn[day]': '31',
      'issuedOn[month]': '2',
      'issuedOn[year]': '2026',
      certificateReference: '12345',
      updateService: '',
    });
    assert.equal(badCheck.statusCode, 400);
    assert.match(badCheck.body, /Enter a real date/);
    assert.match(badCheck.body, /Enter the 12-digit certificate number/);
    assert.match(badCheck.body, /value="12345"/);
    assert.equal(
      (
        await agent.postForm(`${base}/checks`, {
          level: 'standard',
          'issuedOn[day]': '1',
          'issuedOn[month]': '2',
          'issuedOn[year]': '2026',
          certificateReference: '001122334455',
          updateService: 'yes',
        })
      ).statusCode,
      303,
    );
    assert.equal(
      (
        await agent.postForm(`${base}/references`, {
          refereeName: 'Pat Referee',
          'receivedOn[day]': '2',
          'receivedOn[month]': '2',
          'receivedOn[year]': '2026',
        })
      ).statusCode,
      303,
    );
    assert.equal(
      (
        await agent.postForm(`${base}/training`, {
          course: 'Walk leader training',
          'completedOn[day]': '3',
          'completedOn[month]': '2',
          'completedOn[year]': '2026',
        })
      ).statusCode,
      303,
    );
    const given = await agent.postForm(`${base}/roles`, { roleTemplateId: walkLeader });
    assert.equal(given.statusCode, 303);
    const again = await agent.postForm(`${base}/roles`, { roleTemplateId: walkLeader });
    assert.equal(again.statusCode, 409);
    const record = await agent.get(base);
    assert.match(record.body, /Never record conviction details/);
    const check = await app.db
      .selectFrom('champion_checks')
      .select('cleared_by')
      .where('champion_id', '=', championId)
      .executeTakeFirstOrThrow();
    assert.equal(check.cleared_by, coordinator.id, 'who cleared the check is recorded');
    assert.match(record.body, /001122334455(?:(?!<\/tr>)[\s\S])*Clara Clearer/, 'and shown in the row of the decision');
    const holders = await agent.get(`/organisations/${practiceId}/champions/talent?role=walk+leader`);
    assert.match(holders.body, /Showing 1 to 1 of 1 people/);
  });
});

describe('champions: the talent register’s role filter', () => {
  test('finds only holders cleared for the role today: a lapsed check or course leaves them out until renewed', async () => {
    const { app } = await testWorld();
    const practiceId = await buildPractice(app.db);
    const walkLeader = await roleTemplateNamed(app.db, practiceId, 'Walk leader'); // basic, 1 reference, walk leader training
    const championId = await buildApplicant(app.db, {
      organisationId: practiceId,
      stage: 'active',
      name: 'Lapsed Walker',
    });
    const steadyId = await buildApplicant(app.db, {
      organisationId: practiceId,
      stage: 'active',
      name: 'Steady Walker',
    });
    for (const id of [championId, steadyId]) {
      await app.db
        .insertInto('champion_references')
        .values({ id: newId(), champion_id: id, referee_name: 'A Referee', received_on: inDays(-300) })
        .execute();
      await app.db
        .insertInto('champion_training')
        .values({
          id: newId(),
          champion_id: id,
          course: 'Walk leader training',
          completed_on: inDays(-300),
          expires_on: inDays(60),
        })
        .execute();
      await app.db
        .insertInto('champion_role_assignments')
        .values({ id: newId(), champion_id: id, role_template_id: walkLeader })
        .execute();
    }
    const lapsedCheck = newId();
    await app.db
      .insertInto('champion_checks')
      .values({
        id: lapsedCheck,
        champion_id: championId,
        level: 'basic',
        issued_on: inDays(-400),
        certificate_reference: '001234567890',
        expires_on: inDays(-1),
      })
      .execute();
    await app.db
      .insertInto('champion_checks')
      .values({
        id: newId(),
        champion_id: steadyId,
        level: 'basic',
        issued_on: inDays(-400),
        certificate_reference: '001234567891',
        expires_on: null,
      })
      .execute();
    const agent = await signIn(app, await buildPerson(app.db, { roles: [[practiceId, 'coordinator']] }));
    const search = () => agent.get(`/organisations/${practiceId}/champions/talent?role=Walk+leader`);

    const lapsed = await search();
    assert.match(lapsed.body, /Showing 1 to 1 of 1 people/);
    assert.match(lapsed.body, /Steady Walker/);
    assert.doesNotMatch(lapsed.body, /Lapsed Walker/, 'their check expired yesterday');
    assert.doesNotMatch(
      (await agent.get(`/organisations/${practiceId}/champions?role=Walk+leader`)).body,
      /Lapsed Walker/,
      'the pipeline filter agrees',
    );

    await app.db
      .updateTable('champion_checks')
      .set({ expires_on: inDays(365) })
      .where('id', '=', lapsedCheck)
      .execute();
    assert.match((await search()).body, /Lapsed Walker/, 'renewed, they are found again');
    await app.db
      .updateTable('champion_training')
      .set({ expires_on: inDays(-2) })
      .where('champion_id', '=', championId)
      .execute();
    assert.doesNotMatch((await search()).body, /Lapsed Walker/, 'their walk leader training has lapsed');
    await app.db
      .updateTable('champion_role_assignments')
      .set({ ended_at: new Date() })
      .where('champion_id', '=', steadyId)
      .execute();
    assert.match((await search()).body, /No one matches these filters/, 'a role that has ended is not held');
  });
});

describe('champions: lapse reminders', () => {
  test('the daily job emails the coordinator and the champion once, 30 days before a check or course lapses', async () => {
    const world = await testWorld();
    const { app } = world;
    const practiceId = await buildPractice(app.db);
    const coordinator = await buildPerson(app.db, { roles: [[practiceId, 'coordinator']] });
    const email = uniqueEmail('lapsing');
    const championId = await buildApplicant(app.db, {
      organisationId: practiceId,
      stage: 'active',
      email,
      name: 'Lapsing Champion',
    });
    await app.db
      .insertInto('champion_checks')
      .values({
        id: newId(),
        champion_id: championId,
        level: 'basic',
        issued_on: inDays(-1000),
        certificate_reference: '009988776655',
        expires_on: inDays(20),
      })
      .execute();
    await app.db
      .insertInto('champion_training')
      .values({
        id: newId(),
        champion_id: championId,
        course: 'Fire safety',
        completed_on: inDays(-300),
        expires_on: inDays(90),
      })
      .execute();
    await sendExpiryReminders(app.db, app.services.notifier, app.services.config);
    await sendExpiryReminders(app.db, app.services.notifier, app.services.config);
    await world.runJobs();
    const toCoordinator = world.email.sent.filter((message) => message.to === coordinator.email.toLowerCase());
    const toChampion = world.email.sent.filter((message) => message.to === email.toLowerCase());
    assert.equal(toCoordinator.length, 1);
    assert.match(toCoordinator[0]?.body ?? '', /Lapsing Champion's DBS check/);
    assert.equal(toChampion.length, 1);
    assert.match(toChampion[0]?.subject ?? '', /needs renewing/);
  });
});
