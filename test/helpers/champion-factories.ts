/** The champions journeys' own world: a network, two practices, their people, champions and a walk. */
import type { Kysely } from 'kysely';
import type { Database } from '../../src/platform/db/schema.ts';
import { newId } from '../../src/lib/ids.ts';
import { addDays, isoWeekday, londonToday } from '../../src/lib/dates.ts';
import { generateSessions } from '../../src/modules/activities/schedules/session-generation.jobs.ts';
import { buildApplicant, roleTemplateNamed } from '../../src/modules/champions/recruitment/recruitment.fixtures.ts';
import { buildActivity, buildSchedule } from './activity-factories.ts';
import { buildNetwork, buildPerson, buildPractice, type TestPerson } from './factories.ts';

/** A network of its own with two practices, their people and champions, and a weekly walk needing a leader. */
export interface ChampionsWorld {
  canal: string;
  canalName: string;
  canalOds: string;
  millbrookName: string;
  coordinator: TestPerson;
  manager: TestPerson;
  networkLead: TestPerson;
  walkName: string;
}

/** Builds the network, Canal Street (coordinator, Joan Walker, a paused champion, the walk) and Millbrook (manager, a champion). */
export async function buildChampionsWorld(db: Kysely<Database>): Promise<ChampionsWorld> {
  const suffix = newId().slice(-5);
  const network = await buildNetwork(db, { name: `Riverside Primary Care Network ${suffix}` });
  const canalName = `Canal Street Surgery ${suffix}`;
  const millbrookName = `Millbrook Medical Centre ${suffix}`;
  const canal = await buildPractice(db, { networkId: network, name: canalName });
  const millbrook = await buildPractice(db, { networkId: network, name: millbrookName });
  const { ods_code: canalOds } = await db
    .selectFrom('organisations')
    .select('ods_code')
    .where('id', '=', canal)
    .executeTakeFirstOrThrow();
  const walkLeader = await roleTemplateNamed(db, canal, 'Walk leader');
  await roleTemplateNamed(db, millbrook, 'Walk leader');
  const coordinator = await buildPerson(db, { roles: [[canal, 'coordinator']], displayName: 'Dawn Mitchell' });
  const manager = await buildPerson(db, { roles: [[millbrook, 'practice_manager']] });
  const networkLead = await buildPerson(db, { roles: [[network, 'network_lead']] });
  const joan = await buildApplicant(db, {
    organisationId: canal,
    name: 'Joan Walker',
    stage: 'active',
    availability: ['tue_morning'],
    languages: ['Urdu'],
  });
  await db
    .insertInto('champion_role_assignments')
    .values({ id: newId(), champion_id: joan, role_template_id: walkLeader, assigned_by: null })
    .execute();
  // Cleared for walk leader: a basic check, a reference and the walk leader training.
  const today = londonToday();
  await db
    .insertInto('champion_checks')
    .values({
      id: newId(),
      champion_id: joan,
      level: 'basic',
      issued_on: addDays(today, -100),
      certificate_reference: '001234567890',
      expires_on: addDays(today, 700),
    })
    .execute();
  await db
    .insertInto('champion_references')
    .values({ id: newId(), champion_id: joan, referee_name: 'Pat Neighbour', received_on: addDays(today, -90) })
    .execute();
  await db
    .insertInto('champion_training')
    .values({ id: newId(), champion_id: joan, course: 'Walk leader training', completed_on: addDays(today, -80) })
    .execute();
  await buildApplicant(db, { organisationId: canal, name: 'Pat Paused', stage: 'paused' });
  await buildApplicant(db, {
    organisationId: millbrook,
    name: 'Nasreen Akhtar',
    stage: 'active',
    availability: ['mon_morning'],
    languages: ['Urdu'],
  });
  await db
    .insertInto('champion_campaigns')
    .values({
      id: newId(),
      organisation_id: millbrook,
      code: `poster-${suffix}`,
      name: 'Waiting room poster',
      channel: 'poster',
      starts_on: addDays(today, -60),
      ends_on: addDays(today, 30),
      created_by: null,
    })
    .execute();
  // A weekly walk from today with one walk leader place a session, four weeks of sessions.
  const walkName = `Canal towpath health walk ${suffix}`;
  const walk = await buildActivity(db, canal, { name: walkName, status: 'active' });
  await db
    .insertInto('activity_roles')
    .values({ activity_id: walk, role_template_id: walkLeader, organisation_id: canal, places: 1 })
    .execute();
  const scheduleId = await buildSchedule(db, walk, {
    weekday: isoWeekday(today),
    startsOn: today,
    startTime: '10:00',
    endTime: '11:00',
  });
  const schedule = await db
    .selectFrom('activity_schedules')
    .selectAll()
    .where('id', '=', scheduleId)
    .executeTakeFirstOrThrow();
  await generateSessions(db, schedule, today, addDays(today, 28));
  return { canal, canalName, canalOds: canalOds ?? '', millbrookName, coordinator, manager, networkLead, walkName };
}
