/**
 * Every page that shows named people writes an audit row when it is read (README: "every read
 * or change of personal data is written to audit_events"), and every role a champion loses is
 * findable as role.removed, like any other role change.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { DateTime } from 'luxon';
import { signIn } from '../helpers/agent.ts';
import { buildDirectoryResearcher, buildService } from '../helpers/directory.ts';
import { buildPerson, buildPractice, uniqueEmail } from '../helpers/factories.ts';
import { testWorld } from '../helpers/test-app.ts';
import { newId } from '../../src/lib/ids.ts';
import { minimiseStalledApplicants } from '../../src/modules/champions/exit/retention.jobs.ts';
import { ensureChampionDefaults } from '../../src/modules/champions/settings/champion-defaults.service.ts';
import { buildApplicant } from '../../src/modules/champions/recruitment/recruitment.fixtures.ts';
import { RISK_FIELDS } from '../../src/modules/activities/shared/activities.fixtures.ts';
import { buildSessionWorld } from '../../src/modules/activities/session-record/session-record.fixtures.ts';

/** A practice whose coordinator can open every page that names people: activities, sessions, reviews, tasks, agreements. */
async function buildReadWorld() {
  const { app } = await testWorld();
  const world = await buildSessionWorld(app.db);
  const { practiceId, activityId } = world;
  await app.db
    .updateTable('activities')
    .set({ staff_sponsor_user_id: world.coordinator.id, created_by: world.coordinator.id })
    .where('id', '=', activityId)
    .execute();
  await app.db
    .insertInto('activity_leads')
    .values({ activity_id: activityId, champion_id: world.alice.championId, organisation_id: practiceId })
    .execute();

  const serviceId = await buildService(app.db, { ownerId: practiceId, name: 'Knit and Natter' });
  const proposalId = newId();
  await app.db
    .insertInto('dir_change_proposals')
    .values({
      id: proposalId,
      service_id: serviceId,
      owner_organisation_id: practiceId,
      source: 'public',
      proposer_name: 'Pat Public',
      proposer_email: uniqueEmail('pat.public'),
      changes: JSON.stringify({ name: { from: 'Knit and Natter', to: 'Knit, Natter and Tea' } }),
    })
    .execute();
  const researcher = await buildDirectoryResearcher(app.db, practiceId, { displayName: 'Rhona Researcher' });
  const taskId = newId();
  await app.db
    .insertInto('dir_verification_tasks')
    .values({
      id: taskId,
      service_id: serviceId,
      owner_organisation_id: practiceId,
      status: 'claimed',
      claimed_by: researcher.id,
      claimed_at: new Date(),
    })
    .execute();

  await ensureChampionDefaults(app.db, practiceId);
  const agreement = await app.db
    .selectFrom('champion_agreement_templates')
    .select('id')
    .where('organisation_id', '=', practiceId)
    .executeTakeFirstOrThrow();
  const agent = await signIn(app, world.coordinator);
  const assessed = await agent.postForm(`/activities/${activityId}/risk-assessment`, RISK_FIELDS);
  assert.equal(assessed.statusCode, 303, 'a risk assessment on file, with its assessor');
  return { ...world, proposalId, taskId, agreementId: agreement.id, researcher, agent };
}

type ReadWorld = Awaited<ReturnType<typeof buildReadWorld>>;

/** Each page of named people, what it shows, and the audit row its read must leave. */
const PAGES: {
  page: string;
  url: (world: ReadWorld) => string;
  shows: (world: ReadWorld) => RegExp;
  action: string;
  subject: (world: ReadWorld) => [type: string, id: string];
}[] = [
  {
    page: 'an activity (leads, sponsor, proposer, history)',
    url: (world) => `/activities/${world.activityId}`,
    shows: () => /Alice Champion/,
    action: 'activity.viewed',
    subject: (world) => ['activity', world.activityId],
  },
  {
    page: "an activity's edit form (every staff member and champion)",
    url: (world) => `/activities/${world.activityId}/edit`,
    shows: () => /Bob Champion/,
    action: 'activity.edit-form-viewed',
    subject: (world) => ['activity', world.activityId],
  },
  {
    page: "an activity's risk assessments (assessor and approver)",
    url: (world) => `/activities/${world.activityId}/risk-assessment`,
    shows: (world) => new RegExp(world.coordinator.displayName),
    action: 'activity.risk-assessment-viewed',
    subject: (world) => ['activity', world.activityId],
  },
  {
    page: "a session's record screen (every active champion)",
    url: (world) => `/sessions/${world.sessionId}/record`,
    shows: () => /Bob Champion/,
    action: 'activity.session-record-viewed',
    subject: (world) => ['activity_session', world.sessionId],
  },
  {
    page: 'the directory review queue (a member of the public by name)',
    url: () => '/directory/reviews',
    shows: () => /Pat Public/,
    action: 'directory.reviews-viewed',
    subject: (world) => ['organisation', world.practiceId],
  },
  {
    page: 'a proposed directory change (the proposer’s name and email)',
    url: (world) => `/directory/reviews/${world.proposalId}`,
    shows: () => /Pat Public/,
    action: 'directory.proposal-viewed',
    subject: (world) => ['dir_change_proposal', world.proposalId],
  },
  {
    page: 'a directory checking task (who claimed it)',
    url: (world) => `/directory/tasks/${world.taskId}`,
    shows: () => /claimed by Rhona Researcher/,
    action: 'directory.task-viewed',
    subject: (world) => ['dir_verification_task', world.taskId],
  },
  {
    page: "the page for signing an agreement on a champion's behalf (the champion's name)",
    url: (world) =>
      `/organisations/${world.practiceId}/champions/${world.alice.championId}/agreements/${world.agreementId}`,
    shows: () => /Alice Champion/,
    action: 'champion.agreement-viewed',
    subject: (world) => ['champion', world.alice.championId],
  },
];

/** The audit rows written while answering this response. */
async function auditOf(response: LightMyRequestResponse) {
  const { app } = await testWorld();
  return app.db
    .selectFrom('audit_events')
    .select(['action', 'actor_user_id', 'subject_type', 'subject_id', 'organisation_id'])
    .where('request_id', '=', String(response.headers['x-request-id']))
    .execute();
}

describe('audit: reading pages that name people', () => {
  let shared: Promise<ReadWorld> | null = null;
  for (const expected of PAGES) {
    test(`opening ${expected.page} is audited as ${expected.action}`, async () => {
      shared ??= buildReadWorld();
      const world = await shared;
      const response = await world.agent.get(expected.url(world));
      assert.equal(response.statusCode, 200, `${expected.url(world)}: ${response.body.slice(0, 300)}`);
      assert.match(response.body, expected.shows(world), 'the page does show personal data');
      const [subjectType, subjectId] = expected.subject(world);
      assert.deepEqual(await auditOf(response), [
        {
          action: expected.action,
          actor_user_id: world.coordinator.id,
          subject_type: subjectType,
          subject_id: subjectId,
          organisation_id: world.practiceId,
        },
      ]);
    });
  }
});

describe('audit: a champion losing the champion role is a role change like any other', () => {
  test('when a coordinator records that a champion has left, their champion role is recorded as removed', async () => {
    const { app } = await testWorld();
    const world = await buildSessionWorld(app.db);
    const coordinator = await signIn(app, world.coordinator);
    const today = DateTime.now().setZone('Europe/London');
    const left = await coordinator.postForm(
      `/organisations/${world.practiceId}/champions/${world.alice.championId}/leave`,
      { 'leftOn[day]': String(today.day), 'leftOn[month]': String(today.month), 'leftOn[year]': String(today.year) },
    );
    assert.equal(left.statusCode, 303, left.body.slice(0, 300));
    const removed = await app.db
      .selectFrom('audit_events')
      .select(['actor_user_id', 'organisation_id', 'details'])
      .where('action', '=', 'role.removed')
      .where('subject_type', '=', 'user')
      .where('subject_id', '=', world.alice.id)
      .execute();
    assert.deepEqual(removed, [
      {
        actor_user_id: world.coordinator.id,
        organisation_id: world.practiceId,
        details: { role: 'champion', via: 'champion-left' },
      },
    ]);
    assert.equal(
      (await app.db.selectFrom('memberships').select('id').where('user_id', '=', world.alice.id).execute()).length,
      0,
    );
  });

  test('when retention closes a stalled applicant who had a log-in, the role removal is recorded; without a log-in there is no role to remove', async () => {
    const { app } = await testWorld();
    const practiceId = await buildPractice(app.db);
    const longAgo = new Date(Date.now() - 25 * 31 * 86_400_000);
    const person = await buildPerson(app.db, { roles: [[practiceId, 'champion']], displayName: 'Gita Waiting' });
    const withLogIn = await buildApplicant(app.db, {
      organisationId: practiceId,
      email: person.email,
      stage: 'agreements',
      userId: person.id,
    });
    const withoutLogIn = await buildApplicant(app.db, { organisationId: practiceId, stage: 'checks' });
    await app.db
      .updateTable('champions')
      .set({ stage_changed_at: longAgo, updated_at: longAgo })
      .where('id', 'in', [withLogIn, withoutLogIn])
      .execute();

    await minimiseStalledApplicants(app.db, 24);
    const removed = await app.db
      .selectFrom('audit_events')
      .select(['actor_user_id', 'subject_id', 'details'])
      .where('action', '=', 'role.removed')
      .where('organisation_id', '=', practiceId)
      .execute();
    assert.deepEqual(removed, [
      { actor_user_id: null, subject_id: person.id, details: { role: 'champion', via: 'retention' } },
    ]);
  });
});
