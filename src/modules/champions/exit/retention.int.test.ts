import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Agent, signIn } from '../../../../test/helpers/agent.ts';
import { buildPerson, buildPractice, uniqueEmail } from '../../../../test/helpers/factories.ts';
import { testWorld } from '../../../../test/helpers/test-app.ts';
import { newId } from '../../../lib/ids.ts';
import { ensureChampionDefaults } from '../settings/champion-defaults.service.ts';
import {
  FORMER_APPLICANT,
  FORMER_CHAMPION,
  minimiseFormerChampions,
  minimiseStalledApplicants,
} from './retention.jobs.ts';
import { buildApplicant } from '../recruitment/recruitment.fixtures.ts';
import { buildChampionPerson } from '../self-service/self-service.fixtures.ts';

const DAY = 86_400_000;
/** A date a little over 24 months ago. */
const longAgo = () => new Date(Date.now() - 25 * 31 * DAY);

async function recordExit(
  app: Awaited<ReturnType<typeof testWorld>>['app'],
  organisationId: string,
  championId: string,
  userId: string | null,
) {
  await app.db.updateTable('champions').set({ stage: 'left' }).where('id', '=', championId).execute();
  await app.db
    .insertInto('champion_departures')
    .values({
      id: newId(),
      organisation_id: organisationId,
      champion_id: championId,
      kind: 'exit',
      left_on: longAgo().toISOString().slice(0, 10),
    })
    .execute();
  if (userId) {
    await app.db
      .deleteFrom('memberships')
      .where('user_id', '=', userId)
      .where('organisation_id', '=', organisationId)
      .execute();
  }
}

describe('retention: minimising former champions’ log-ins', () => {
  test('a former champion with no role left anywhere has their log-in minimised: name, undeliverable email, no password or two-factor, disabled, signed out', async () => {
    const { app } = await testWorld();
    const practiceId = await buildPractice(app.db);
    const alice = await buildChampionPerson(app.db, practiceId, 'Alice Leaver');
    const session = await signIn(app, alice);
    await app.db
      .updateTable('users')
      .set({ totp_secret_enc: 'secret', totp_enabled_at: new Date() })
      .where('id', '=', alice.id)
      .execute();
    await recordExit(app, practiceId, alice.championId, alice.id);

    assert.ok((await minimiseFormerChampions(app.db, 24)) >= 1);
    const user = await app.db
      .selectFrom('users')
      .select(['display_name', 'email', 'password_hash', 'totp_secret_enc', 'totp_enabled_at', 'disabled_at'])
      .where('id', '=', alice.id)
      .executeTakeFirstOrThrow();
    assert.equal(user.display_name, FORMER_CHAMPION);
    assert.match(user.email, new RegExp(`^former-champion-${alice.id}@minimised\\.invalid$`));
    assert.equal(user.password_hash, null);
    assert.equal(user.totp_secret_enc, null);
    assert.equal(user.totp_enabled_at, null);
    assert.ok(user.disabled_at);
    assert.equal(
      (await app.db.selectFrom('sessions').select('id').where('user_id', '=', alice.id).execute()).length,
      0,
    );
    assert.equal((await session.get('/account')).statusCode, 303, 'their session has ended');
    const again = await new Agent(app).postForm('/sign-in', { email: alice.email, password: alice.password });
    assert.notEqual(again.headers.location, '/', 'the old email and password no longer sign in');
    const record = await app.db
      .selectFrom('champions')
      .select(['display_name', 'email', 'user_id'])
      .where('id', '=', alice.championId)
      .executeTakeFirstOrThrow();
    assert.deepEqual(record, { display_name: FORMER_CHAMPION, email: null, user_id: null });
  });

  test('a log-in that still holds a role elsewhere is left alone', async () => {
    const { app } = await testWorld();
    const practiceA = await buildPractice(app.db);
    const practiceB = await buildPractice(app.db);
    const person = await buildPerson(app.db, {
      roles: [
        [practiceA, 'champion'],
        [practiceB, 'champion'],
      ],
      displayName: 'Bea Twopractices',
    });
    const championA = newId();
    await app.db
      .insertInto('champions')
      .values({
        id: championA,
        organisation_id: practiceA,
        user_id: person.id,
        display_name: 'Bea Twopractices',
        email: person.email,
        stage: 'active',
      })
      .execute();
    await recordExit(app, practiceA, championA, person.id);
    await minimiseFormerChampions(app.db, 24);
    const user = await app.db
      .selectFrom('users')
      .select(['display_name', 'email', 'password_hash', 'disabled_at'])
      .where('id', '=', person.id)
      .executeTakeFirstOrThrow();
    assert.equal(user.display_name, 'Bea Twopractices');
    assert.equal(user.email, person.email.toLowerCase());
    assert.ok(user.password_hash);
    assert.equal(user.disabled_at, null);
    assert.equal(
      (
        await app.db
          .selectFrom('champions')
          .select('display_name')
          .where('id', '=', championA)
          .executeTakeFirstOrThrow()
      ).display_name,
      FORMER_CHAMPION,
      'the record itself is minimised',
    );
  });
});

describe('retention: what is left of a former champion’s record', () => {
  test('training records, checks and references go; notes on stage changes and signatures are blanked; hour totals stay, anonymous', async () => {
    const { app } = await testWorld();
    const practiceId = await buildPractice(app.db);
    const carol = await buildChampionPerson(app.db, practiceId, 'Carol Leaver');
    const id = carol.championId;
    await ensureChampionDefaults(app.db, practiceId);
    const agreement = await app.db
      .selectFrom('champion_agreement_templates')
      .select('id')
      .where('organisation_id', '=', practiceId)
      .executeTakeFirstOrThrow();
    await app.db
      .insertInto('champion_training')
      .values([
        {
          id: newId(),
          champion_id: id,
          course: 'Dementia Friends (after her mother’s diagnosis)',
          completed_on: '2024-02-01',
          expires_on: null,
        },
        {
          id: newId(),
          champion_id: id,
          course: 'Walk leader training',
          completed_on: '2024-03-01',
          expires_on: '2027-03-01',
        },
      ])
      .execute();
    await app.db
      .insertInto('champion_checks')
      .values({
        id: newId(),
        champion_id: id,
        level: 'basic',
        issued_on: '2024-01-01',
        certificate_reference: '001234567890',
      })
      .execute();
    await app.db
      .insertInto('champion_stage_history')
      .values([
        {
          id: newId(),
          champion_id: id,
          from_stage: null,
          to_stage: 'interested',
          changed_by: null,
          note: 'Met her at the carers’ group',
        },
        {
          id: newId(),
          champion_id: id,
          from_stage: 'interested',
          to_stage: 'active',
          changed_by: null,
          note: 'Prefers mornings because of her dialysis',
        },
      ])
      .execute();
    await app.db
      .insertInto('champion_agreement_signatures')
      .values({
        id: newId(),
        champion_id: id,
        agreement_template_id: agreement.id,
        signed_by: null,
        on_behalf: true,
        note: 'Signed at home; her son witnessed it',
      })
      .execute();
    await app.db
      .insertInto('champion_hours')
      .values([
        {
          id: newId(),
          organisation_id: practiceId,
          champion_id: id,
          worked_on: '2024-04-01',
          minutes: 90,
          category: 'preparation',
          description: 'Visited Mr Jones at home',
        },
        {
          id: newId(),
          organisation_id: practiceId,
          champion_id: id,
          worked_on: '2024-04-08',
          minutes: 30,
          category: 'travel',
          description: 'Bus to Mr Jones',
        },
      ])
      .execute();
    await recordExit(app, practiceId, id, carol.id);

    assert.ok((await minimiseFormerChampions(app.db, 24)) >= 1);
    assert.deepEqual(
      await app.db.selectFrom('champion_training').select('course').where('champion_id', '=', id).execute(),
      [],
      'no course names or dates',
    );
    assert.deepEqual(
      await app.db.selectFrom('champion_checks').select('id').where('champion_id', '=', id).execute(),
      [],
    );
    const history = await app.db
      .selectFrom('champion_stage_history')
      .select(['to_stage', 'note'])
      .where('champion_id', '=', id)
      .execute();
    assert.ok(history.length >= 2, 'the stage moves stay, for pipeline figures');
    assert.ok(
      history.every((row) => row.note === ''),
      'without their notes',
    );
    const signatures = await app.db
      .selectFrom('champion_agreement_signatures')
      .select('note')
      .where('champion_id', '=', id)
      .execute();
    assert.deepEqual(signatures, [{ note: '' }]);
    const hours = await app.db
      .selectFrom('champion_hours')
      .select(['minutes', 'description'])
      .where('champion_id', '=', id)
      .orderBy('worked_on')
      .execute();
    assert.deepEqual(
      hours,
      [
        { minutes: 90, description: '' },
        { minutes: 30, description: '' },
      ],
      'the time stays, with nothing about whom it was for',
    );
    assert.equal(
      (await app.db.selectFrom('champions').select('display_name').where('id', '=', id).executeTakeFirstOrThrow())
        .display_name,
      FORMER_CHAMPION,
    );
  });
});

describe('retention: applicants who never became active', () => {
  test('an applicant whose record has not moved for the retention period is minimised and closed; recent ones and former actives are not', async () => {
    const { app } = await testWorld();
    const practiceId = await buildPractice(app.db);
    const stalled = await buildApplicant(app.db, {
      organisationId: practiceId,
      name: 'Stella Stalled',
      email: uniqueEmail('stalled'),
      stage: 'checks',
      interests: ['walking'],
      availability: ['tue_morning'],
      languages: ['Urdu'],
    });
    const recent = await buildApplicant(app.db, {
      organisationId: practiceId,
      name: 'Rita Recent',
      stage: 'interested',
    });
    const wasActive = await buildApplicant(app.db, {
      organisationId: practiceId,
      name: 'Ada Wasactive',
      stage: 'induction',
    });
    await app.db
      .insertInto('champion_stage_history')
      .values({
        id: newId(),
        champion_id: wasActive,
        from_stage: 'induction',
        to_stage: 'active',
        changed_by: null,
        changed_at: longAgo(),
      })
      .execute();
    await app.db
      .updateTable('champions')
      .set({ stage_changed_at: longAgo(), updated_at: longAgo() })
      .where('id', 'in', [stalled, wasActive])
      .execute();
    await app.db
      .insertInto('champion_references')
      .values({ id: newId(), champion_id: stalled, referee_name: 'Mary Referee', received_on: '2024-01-01' })
      .execute();

    assert.ok((await minimiseStalledApplicants(app.db, 24)) >= 1);
    const rows = await app.db
      .selectFrom('champions')
      .select(['id', 'display_name', 'email', 'stage'])
      .where('id', 'in', [stalled, recent, wasActive])
      .execute();
    const byId = new Map(rows.map((row) => [row.id, row]));
    assert.deepEqual(byId.get(stalled), { id: stalled, display_name: FORMER_APPLICANT, email: null, stage: 'left' });
    assert.equal(byId.get(recent)?.display_name, 'Rita Recent');
    assert.equal(byId.get(wasActive)?.display_name, 'Ada Wasactive', 'someone who was once active is not an applicant');
    assert.equal(
      (await app.db.selectFrom('champion_tags').select('value').where('champion_id', '=', stalled).execute()).length,
      0,
    );
    assert.equal(
      (await app.db.selectFrom('champion_references').select('id').where('champion_id', '=', stalled).execute()).length,
      0,
    );
    const departure = await app.db
      .selectFrom('champion_departures')
      .select(['kind', 'minimised_at'])
      .where('champion_id', '=', stalled)
      .executeTakeFirstOrThrow();
    assert.equal(departure.kind, 'exit');
    assert.ok(departure.minimised_at);
    assert.equal(await minimiseStalledApplicants(app.db, 24), 0, 'done once');
  });

  test('a stalled applicant who already had a log-in (from the agreements stage) loses the role and the log-in is minimised', async () => {
    const { app } = await testWorld();
    const practiceId = await buildPractice(app.db);
    const person = await buildPerson(app.db, { roles: [[practiceId, 'champion']], displayName: 'Gita Waiting' });
    const championId = await buildApplicant(app.db, {
      organisationId: practiceId,
      name: 'Gita Waiting',
      email: person.email,
      stage: 'agreements',
      userId: person.id,
    });
    await app.db
      .updateTable('champions')
      .set({ stage_changed_at: longAgo(), updated_at: longAgo() })
      .where('id', '=', championId)
      .execute();
    await app.db
      .insertInto('invitations')
      .values({
        id: newId(),
        token_hash: `stale-${newId()}`,
        email: person.email,
        organisation_id: practiceId,
        role: 'champion',
        invited_by: null,
        expires_at: new Date(Date.now() + DAY),
      })
      .execute();

    await minimiseStalledApplicants(app.db, 24);
    assert.equal(
      (await app.db.selectFrom('memberships').select('id').where('user_id', '=', person.id).execute()).length,
      0,
    );
    const user = await app.db
      .selectFrom('users')
      .select(['display_name', 'disabled_at', 'password_hash'])
      .where('id', '=', person.id)
      .executeTakeFirstOrThrow();
    assert.equal(user.display_name, FORMER_CHAMPION);
    assert.ok(user.disabled_at);
    assert.equal(user.password_hash, null);
    const open = await app.db
      .selectFrom('invitations')
      .select('id')
      .where('organisation_id', '=', practiceId)
      .where('revoked_at', 'is', null)
      .where('accepted_at', 'is', null)
      .execute();
    assert.equal(open.length, 0, 'their pending invitation is withdrawn');
  });
});
