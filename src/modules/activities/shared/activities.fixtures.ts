import type { Kysely } from 'kysely';
import type { Database } from '../../../platform/db/schema.ts';
import { newId } from '../../../lib/ids.ts';
import type { Agent } from '../../../../test/helpers/agent.ts';
import { buildRoleTemplate } from '../../../../test/helpers/activity-factories.ts';
import { buildNetwork, buildPerson, buildPractice, type TestPerson } from '../../../../test/helpers/factories.ts';
import { buildChampionPerson } from '../../champions/self-service/self-service.fixtures.ts';

/** A network with two practices and the people the lifecycle tests need (tests only). */
export interface LifecycleWorld {
  networkId: string;
  practiceId: string;
  neighbourId: string;
  coordinator: TestPerson;
  manager: TestPerson;
  receptionist: TestPerson;
  networkLead: TestPerson;
  champion: TestPerson & { championId: string };
  roleTemplateId: string;
}

/** Builds a fresh network, its practice (coordinator, manager, receptionist, champion, a role) and a neighbour practice (tests only). */
export async function buildLifecycleWorld(db: Kysely<Database>): Promise<LifecycleWorld> {
  const networkId = await buildNetwork(db);
  const practiceId = await buildPractice(db, { networkId });
  const neighbourId = await buildPractice(db, { networkId, name: `Neighbour Surgery ${newId().slice(-6)}` });
  return {
    networkId,
    practiceId,
    neighbourId,
    coordinator: await buildPerson(db, { roles: [[practiceId, 'coordinator']], displayName: 'Dom Coordinator' }),
    manager: await buildPerson(db, { roles: [[practiceId, 'practice_manager']], displayName: 'Priya Manager' }),
    receptionist: await buildPerson(db, { roles: [[practiceId, 'receptionist']], displayName: 'Jas Reception' }),
    networkLead: await buildPerson(db, { roles: [[networkId, 'network_lead']], displayName: 'Alison Network' }),
    champion: await buildChampionPerson(db, practiceId, 'Geoff Champion'),
    roleTemplateId: await buildRoleTemplate(db, practiceId, { name: 'Ukulele leader' }),
  };
}

/** Every field of a complete proposal, as the form sends it (repeated names for ticked boxes) (tests only). */
export function proposalFields(overrides: Record<string, string | string[]> = {}): Record<string, string | string[]> {
  return {
    intent: 'proposal',
    name: 'Ukulele for beginners',
    description: 'Learn three chords and play together.',
    category: 'creative-learning',
    fiveWays: ['keep-learning', 'connect'],
    targetGroups: 'adults, older people',
    deliveryMode: 'group',
    venueName: 'Community room',
    venueAddress: '1 Canal Street',
    venuePostcode: 'LS28 7AA',
    accessibilityNotes: 'Step-free access',
    cost: 'free',
    referralRoutes: ['self', 'reception'],
    howToJoin: 'Just turn up.',
    capacity: '15',
    public: 'yes',
    ...overrides,
  };
}

/** Posts a form with repeated fields, as a browser sends ticked checkboxes (tests only). */
export async function postFields(agent: Agent, url: string, fields: Record<string, string | string[]>) {
  const body = new URLSearchParams({ _csrf: await agent.csrfToken() });
  for (const [name, value] of Object.entries(fields)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      body.append(name, item);
    }
  }
  return agent.request({
    method: 'POST',
    url,
    payload: body.toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
}

/** The id in a redirect to an activity's page (tests only). */
export function activityIdFrom(location: string | undefined): string {
  const id = /^\/activities\/([0-9a-f-]{36})/.exec(location ?? '')?.[1];
  if (!id) {
    throw new Error(`Not a redirect to an activity: ${location}`);
  }
  return id;
}

/** A weekly schedule inserted straight into the database, as the schedules pages would (tests only). */
export async function insertWeeklySchedule(db: Kysely<Database>, activityId: string): Promise<string> {
  const activity = await db
    .selectFrom('activities')
    .select('organisation_id')
    .where('id', '=', activityId)
    .executeTakeFirstOrThrow();
  const id = newId();
  await db
    .insertInto('activity_schedules')
    .values({
      id,
      activity_id: activityId,
      organisation_id: activity.organisation_id,
      frequency: 'weekly',
      rrule: 'FREQ=WEEKLY;BYDAY=TU',
      starts_on: '2030-01-01',
      weekday: 2,
      start_time: '14:00',
      end_time: '15:00',
      venue_name: 'Community room',
    })
    .execute();
  return id;
}

/** A risk assessment form, filled in (tests only). */
export const RISK_FIELDS = {
  hazards: 'Trip hazards from cables; hot drinks.',
  controls: 'Cables taped down; drinks served seated.',
  safeguarding: 'Leads know how to raise a concern with the safeguarding lead.',
  loneWorking: 'Always two champions present.',
  insurance: "The practice's public liability insurance.",
  'assessedOn[day]': '1',
  'assessedOn[month]': '3',
  'assessedOn[year]': '2026',
  'reviewOn[day]': '1',
  'reviewOn[month]': '3',
  'reviewOn[year]': '2027',
};
